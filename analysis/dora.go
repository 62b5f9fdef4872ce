package analysis

import "math"

// DORA's software delivery performance clusters, as the Accelerate State of
// DevOps Report 2024 gives them (DORA, Google Cloud, 2024: elite 19% of
// respondents, high 22%, medium 35%, low 25%):
//
//	               deployment frequency        lead time for changes   change failure rate   failed-deployment recovery
//	elite          on demand (several a day)   less than a day         5%                    less than an hour
//	high           daily to weekly             a day to a week         20%                   less than a day
//	medium         weekly to monthly           a week to a month       10%                   less than a day
//	low            monthly to every 6 months   a month to 6 months     40%                   a week to a month
//
// The report gives each cluster's typical value, not thresholds, so opsim
// reads them as follows. Deployment frequency and lead time are ranges
// that meet, so their edges are the thresholds (a day, a week, a month of
// 30 days). Recovery time is "less than a day" for both high and medium,
// so those share a band, and the gap between a day and a week belongs to
// low. The change failure rate is not monotone across the clusters in
// 2024 (medium's 10% is below high's 20%), so a rate goes to the cluster
// whose typical value is nearest on a log scale (the four values double
// from one to the next): below 7.1% elite, below 14.1% medium, below
// 28.3% high, low above.

// DORA's bands, best first.
const (
	BandElite      = "elite"
	BandHigh       = "high"
	BandHighMedium = "high or medium"
	BandMedium     = "medium"
	BandLow        = "low"
)

// DORAKeys are the measures DORA's bands are read against, in DORA's
// order: deployment frequency (per product team), median lead time for
// changes, change failure rate, median failed-deployment recovery time.
var DORAKeys = []string{"deploys_per_team_week", "change_lead_time_p50_h", "change_failure_frac", "change_recovery_p50_h"}

// DORABand places a value of one of DORAKeys in DORA's 2024 bands, in the
// measure's stored unit (per week, hours, a fraction); "" for another
// measure or a value that is not a number.
func DORABand(metric string, x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	const (
		day   = 24.0
		week  = 7 * day
		month = 30 * day
	)
	switch metric {
	case "deploys_per_team_week":
		switch {
		case x >= 7: // once a day or more: on demand
			return BandElite
		case x >= 1:
			return BandHigh
		case x >= week/month: // once a month
			return BandMedium
		}
		return BandLow
	case "change_lead_time_p50_h":
		switch {
		case x < day:
			return BandElite
		case x < week:
			return BandHigh
		case x < month:
			return BandMedium
		}
		return BandLow
	case "change_failure_frac":
		switch {
		case x < 0.05*math.Sqrt2:
			return BandElite
		case x < 0.10*math.Sqrt2:
			return BandMedium
		case x < 0.20*math.Sqrt2:
			return BandHigh
		}
		return BandLow
	case "change_recovery_p50_h":
		switch {
		case x < 1:
			return BandElite
		case x < day:
			return BandHighMedium
		}
		return BandLow
	}
	return ""
}
