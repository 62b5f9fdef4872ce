// Package scenarios reads opsim scenario files: strict TOML with human units
// (durations like "3d", rates like "4/day"), validated with errors that name
// the file, line and field, and expanded into the designs and sweep points to
// run.
//
// All times are float64 hours, the simulator's clock unit: Duration and Rate
// convert once, at parse time, so no other package deals in units.
package scenarios
