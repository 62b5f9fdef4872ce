// Package analysis turns per-replication records into statistically honest
// comparisons: confidence intervals, paired differences between designs,
// bootstrap intervals for quantiles, plots and reports.
package analysis
