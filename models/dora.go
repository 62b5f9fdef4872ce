package models

import "math"

// DORA's four keys (DORA, Accelerate State of DevOps Report 2024),
// measured with DORA's definitions on the deploys the model makes:
//
//   - deployment frequency: deploys to production per product team, per
//     week (and the organisation's total, with the engineering work of
//     ops, SRE and platform teams);
//   - lead time for changes: from a change's commit (its feature done) to
//     the change running for every user; NaN when the scenario models no
//     pipeline, since a feature then reaches production the moment it is
//     done and the number would only say so;
//   - change failure rate: the share of deploys that caused an incident
//     (a canary's rolled-back failure included: it needed a rollback);
//   - failed-deployment recovery time: from a failed deploy reaching
//     production to the restore of the last incident it caused.

// deliveryMetrics are the DORA measures and the pipeline's own counts, in
// the order MetricNames lists them.
var deliveryMetrics = []string{
	"deploys_per_week", "deploys_per_team_week",
	"change_lead_time_mean_h", "change_lead_time_p50_h",
	"change_failure_frac",
	"change_recovery_mean_h", "change_recovery_p50_h",
	"defects_caught_per_week", "canary_rollbacks_per_week",
}

// deliveryValues fills the DORA measures.
func (m *model) deliveryValues(vals map[string]float64, perWeek func(float64) float64) {
	d := &m.delivery
	products := 0
	for _, t := range m.teams {
		if t.cfg.Kind == KindProduct && (t.cfg.Saturated || t.cfg.FeatureRate > 0) {
			products++
		}
	}
	vals["deploys_per_week"] = perWeek(float64(d.deploys))
	vals["deploys_per_team_week"] = perWeek(ratio(float64(d.productDeploys), float64(products)))
	vals["change_lead_time_mean_h"], vals["change_lead_time_p50_h"] = math.NaN(), math.NaN()
	if m.cfg.Pipeline.On() {
		vals["change_lead_time_mean_h"] = d.lead.Mean()
		vals["change_lead_time_p50_h"] = d.lead.Quantile(0.5)
	}
	vals["change_failure_frac"] = ratio(float64(d.failed), float64(d.deploys))
	vals["change_recovery_mean_h"] = d.recovery.Mean()
	vals["change_recovery_p50_h"] = d.recovery.Quantile(0.5)
	vals["defects_caught_per_week"] = perWeek(float64(d.caught))
	vals["canary_rollbacks_per_week"] = perWeek(float64(d.rollback))
}
