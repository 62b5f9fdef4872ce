// Package calibrate fits an opsim organisation to an incident and ticket
// export: PagerDuty, Opsgenie, Jira Service Management or ServiceNow CSV,
// or opsim's own event log (opsim run --events). It is what lets an ops
// leader simulate their organisation rather than a plausible one.
//
// Fit streams the export once, row by row, keeping running sums and a
// fixed-size reservoir sample per duration, so a million-row export fits
// in bounded memory (but for 16 bytes a row to catch duplicate ids). A
// Mapping says which column holds which Field; Presets hold the common
// tools' layouts. Every problem with the file is an *Error naming the file,
// line, column and field.
//
// The result, a Calibration, holds per-service incident rates with exact
// Poisson intervals (thin services shrunk toward the organisation's rate by
// empirical Bayes, and said so), the spread of rates across services, the
// severity mix, lognormal, gamma and Weibull fits of each duration chosen
// by AIC, acknowledgement in and outside business hours in the
// organisation's time zone, detection by monitoring versus customers, and
// ticket rates and handling times. Fragment writes it as a scenario
// fragment in opsim's own keys, commented with what each number rests on
// and stands for in the model; WriteReport writes the report with QQ and
// ECDF plots beside it.
package calibrate
