package models

import (
	"fmt"
	"regexp"
	"strings"
)

// Measure documents one metric a replication reports: the one place the
// CLI, the report and docs/measures.md take its meaning from.
type Measure struct {
	// Name is the column name. In the registry, <sev> stands for a
	// severity's name and <kind> for a team kind.
	Name string
	// Label is lower-case words for sentences and axis titles.
	Label string
	// Unit is what the displayed value is measured in ("h", "per week",
	// "%"), "" for a plain count or ratio.
	Unit string
	// Scale multiplies stored values for display: 100 for a share shown as
	// a percentage. Stored values keep the model's units.
	Scale float64
	// HigherIsBetter says which way is an improvement, unless Neutral: no
	// direction is better in itself (slack, work in progress, utilisation).
	HigherIsBetter, Neutral bool
	// Definition says exactly what is counted, over what, and when.
	Definition string
}

// measure is a registry entry in its usual units.
func measure(name, label, unit, def string) Measure {
	scale := 1.0
	if unit == "%" || unit == "% of working time" {
		scale = 100
	}
	return Measure{Name: name, Label: label, Unit: unit, Scale: scale, Definition: def}
}

func better(x Measure) Measure { x.HigherIsBetter = true; return x }

// money is a cost measure: stored per year in the scenario's currency,
// shown in thousands so that a design's cost reads as 15,730 rather than
// 15729917.
func money(name, label, def string) Measure {
	return Measure{Name: name, Label: label, Unit: "thousands a year", Scale: 0.001, Definition: def + " Stored per year; shown in thousands."}
}

// measures is the registry, in the order MetricNames lists them.
var measures = []Measure{
	measure("incidents_per_week", "incidents", "per week", "Incidents that began after warm-up, of every cause, per week of the horizon."),
	measure("incidents_base_per_week", "base incidents", "per week", "Incidents from the services' own failure rates (lowered by postmortems done), per week."),
	measure("incidents_change_per_week", "change incidents", "per week", "Incidents caused by a deploy (a finished feature), per week."),
	measure("incidents_cascade_per_week", "cascade incidents", "per week", "Incidents carried from a failed dependency by coupling, per week."),
	measure("incidents_<sev>_per_week", "<sev> incidents", "per week", "Incidents of the severity, per week."),
	measure("ttd_mean_h", "mean time to detect", "h", "From the start of customer impact to detection, by an alert or a customer report; incidents restored after warm-up."),
	measure("ttd_p50_h", "median time to detect", "h", "Median of the times to detect."),
	measure("ttd_p90_h", "p90 time to detect", "h", "90th percentile of the times to detect."),
	measure("ttd_p99_h", "p99 time to detect", "h", "99th percentile of the times to detect."),
	measure("tta_mean_h", "mean time to acknowledge", "h", "From detection to the first acknowledgement of a page."),
	measure("tta_p50_h", "median time to acknowledge", "h", "Median of the times to acknowledge."),
	measure("tta_p90_h", "p90 time to acknowledge", "h", "90th percentile of the times to acknowledge."),
	measure("tta_p99_h", "p99 time to acknowledge", "h", "99th percentile of the times to acknowledge."),
	measure("ttr_mean_h", "mean time to restore", "h", "From the start of customer impact to restore, over the incidents that began after warm-up and were restored within the horizon. A symptom of a failed dependency is restored with its cause, unless its team can fail over."),
	measure("ttr_p50_h", "median time to restore", "h", "Median of the times to restore."),
	measure("ttr_p90_h", "p90 time to restore", "h", "90th percentile of the times to restore."),
	measure("ttr_p99_h", "p99 time to restore", "h", "99th percentile of the times to restore."),
	measure("ttr_<sev>_mean_h", "mean <sev> time to restore", "h", "Mean time to restore of the incidents of the severity."),
	measure("ttr_<sev>_p90_h", "p90 <sev> time to restore", "h", "90th percentile of the times to restore of the incidents of the severity."),
	measure("handoffs_per_incident", "handoffs", "per incident", "Handoffs between teams (escalations and misroutes) per restored incident."),
	measure("misroutes_per_incident", "misroutes", "per incident", "Handoffs that went to the wrong team, per restored incident."),
	measure("cross_team_incidents_per_week", "cross-team incidents", "per week", "Incidents whose family (the incident and the symptoms it cascaded into) was worked by more than one team, per week: escalations, misroutes and cascades across team boundaries. Each pair of teams in one costs both coordination.incident of effort."),
	measure("incident_share_top", "share of incidents on the most-hit service", "%", "Incidents on the service with the most, over all incidents: how much one problematic component dominates."),
	better(measure("availability", "availability", "%", "Mean over services of 1 minus the time-average impairment, where a service's impairment is the largest impact among its open incidents (never above 1): within [0, 1]; a service with two incidents open counts each minute once.")),
	better(measure("availability_min", "availability of the worst service", "%", "The lowest service availability.")),
	better(measure("slo_attainment", "service windows meeting their SLO", "%", "Share of (service, rolling 28-day window) pairs, one window ending each day from day 28 of the horizon, whose impaired time stayed within the SLO's allowance; NaN for horizons under 28 days.")),
	better(measure("customer_availability", "customer availability", "%", "1 minus the time-average of the worst impairment among customer-facing (application) services: an outage of a hub that takes N of them down counts once, not N times.")),
	measure("customer_impact_h_per_week", "customer impact", "h per week", "Impact-weighted hours per week in which customers met an impaired application service (the integral behind customer_availability)."),
	measure("customer_escalations_per_week", "customer escalations", "per week", "Incidents customers reported, or that outlived their severity's escalation threshold, per week."),
	measure("pm_hours_per_week", "product-management hours", "per week", "Product-management hours spent on customer escalations (weighted by severity when the scenario says so)."),
	measure("postmortems_per_week", "postmortems written", "per week", "Blameless postmortems finished per week; each lowers its service's incident rate when it is done."),
	better(measure("features_per_week", "feature throughput", "per week", "Features finished per week by product teams (other teams' planned work is engineering: automation, reliability work, platform features).")),
	better(measure("features_per_eng_week", "feature throughput per engineer", "per engineer-week", "Features finished per week by product teams, per product engineer: what each engineer delivers as the organisation grows (Brooks: it falls with coordination).")),
	measure("lead_time_mean_d", "mean lead time", "days", "From a product team's feature arriving in its backlog to done; NaN when every product team's demand is saturated (lead time would only grow with the horizon)."),
	measure("lead_time_p85_d", "p85 lead time", "days", "85th percentile of the lead times."),
	measure("cycle_time_mean_d", "mean cycle time", "days", "From a product team's feature start (pulled into work in progress) to done. With WIP it obeys Little's law: WIP = throughput × cycle time."),
	measure("cycle_time_p85_d", "p85 cycle time", "days", "85th percentile of the cycle times."),
	measure("wip_mean", "work in progress", "features", "Time-average of the features in progress, summed over product teams. No direction is better in itself."),
	measure("backlog_mean", "feature backlog", "features", "Time-average of the features waiting to start, summed over product teams with arrival-driven demand; NaN when all are saturated."),
	measure("interruptions_per_week", "interruptions", "per week", "Times urgent work displaced a product team's feature in progress, per week."),
	measure("pages_per_shift", "pages", "per shift", "Pages per 12-hour on-call shift (the SRE book's unit: at most 2), pooled over every team that takes pages, 24×7 crews included."),
	measure("pages_per_shift_max", "pages of the most-paged team", "per shift", "Pages per 12-hour shift of the team paged most."),
	measure("after_hours_pages_per_eng_week", "after-hours pages", "per engineer-week", "Pages to an on-call engineer outside working hours, per engineer of the teams with an on-call rotation, per week."),
	measure("after_hours_pages_max_eng_week", "after-hours pages of the busiest engineer", "per week", "After-hours pages per week of the engineer paged most."),
	measure("after_hours_h_per_eng_week", "after-hours work", "h per engineer-week", "Hours worked on call outside working hours, per engineer of the teams with an on-call rotation, per week; never part of a share of working time."),
	measure("first_response_wait_h", "first-response wait", "h", "How long an incident waits in its first responder's queue before work starts (after acknowledgement); M/M/c's Wq when every effect is off."),
	measure("first_response_wait_p90_h", "p90 first-response wait", "h", "90th percentile of the first-response waits."),
	measure("first_response_pwait", "first responses that waited", "%", "Share of first responses that had to wait at all: Erlang C's P(wait) when every effect is off."),
	better(measure("first_response_within_frac", "first responses within target", "%", "Share of first responses that started within response.answer_within (a service desk's \"80% within 15 minutes\").")),
	measure("queue_mean", "queue length", "tasks", "Time-average of the tasks waiting, summed over teams."),
	measure("ticket_turnaround_mean_h", "mean ticket turnaround", "h", "From a ticket's arrival at the team that works it to done."),
	measure("ticket_turnaround_p90_h", "p90 ticket turnaround", "h", "90th percentile of the ticket turnarounds."),
	measure("unstable", "teams whose queue grows", "", "1 when some team's unfinished work kept growing through the horizon at a load of 0.9 or more (see the teams table for which), else 0."),
	better(measure("deploys_per_week", "deploys", "per week", "Deploys to production after warm-up, all teams (ops, SRE and platform teams' engineering work included), per week: every finished feature when the scenario models no pipeline, else every batch that passed the pipeline's stages and gates.")),
	better(measure("deploys_per_team_week", "deployment frequency", "per team-week", "DORA's deployment frequency: product teams' deploys to production per product team, per week. DORA 2024 bands (per application or service): elite on demand, several a day; high daily to weekly; medium weekly to monthly; low monthly or less.")),
	measure("change_lead_time_mean_h", "mean lead time for changes", "h", "DORA's lead time for changes: from a change's commit (its feature done) to the change running for every user, through batching, pre-production stages, fixes of caught defects, approval, freezes and the canary; NaN when the scenario models no pipeline ([deploy] and [change] at their defaults), where a feature reaches production the moment it is done."),
	measure("change_lead_time_p50_h", "median lead time for changes", "h", "Median of the lead times for changes, the value DORA's bands are read against (2024: elite under a day, high a day to a week, medium a week to a month, low a month to six months)."),
	measure("change_failure_frac", "change failure rate", "%", "DORA's change failure rate: deploys that caused an incident in production (a canary's failure, rolled back, included) over deploys. A deploy's risk is change_failure·(size/reference_size)^batch_exponent: a chance, at most 1, without a pipeline; the mean number of defects it carries with one."),
	measure("change_recovery_mean_h", "mean failed-deployment recovery time", "h", "DORA's failed-deployment recovery time: from a failed deploy reaching production to the restore of the last incident it caused, over the failed deploys after warm-up."),
	measure("change_recovery_p50_h", "median failed-deployment recovery time", "h", "Median of the failed-deployment recovery times, the value DORA's bands are read against (2024: elite under an hour, high and medium under a day, low a week to a month)."),
	measure("defects_caught_per_week", "defects caught before production", "per week", "Defects pre-production stages caught (and sent back for rework) per week."),
	measure("canary_rollbacks_per_week", "canary rollbacks", "per week", "Deploys whose canary caught a defect and rolled it back before it reached every user, per week."),
	money("cost_per_year", "cost", "What the design costs a year, in the scenario's currency: headcount, on-call pay, outages, SLA credits and product-management time on escalations ([costs]); NaN when the scenario gives no rate."),
	money("cost_headcount_per_year", "headcount cost", "Engineers of every team times the cost of an engineer-year of their kind (costs.engineer_year)."),
	money("cost_on_call_per_year", "on-call pay", "Standby pay for every hour an engineer of a business-hours team is on call outside working hours (a secondary counts too), plus pay per after-hours page."),
	money("cost_outage_per_year", "outage cost", "Impact-minutes of every service (a minute at impact 0.2 counts a fifth) times the cost of a minute of a critical or other service; a hub's outage that takes dependents down costs in each of them."),
	money("cost_sla_per_year", "SLA credits", "Credits for every service and 28-day window (one after another from the end of warm-up) whose availability fell short of the SLA (costs.sla, or the service's SLO)."),
	money("cost_pm_per_year", "escalation cost", "Product-management hours on customer escalations times the cost of an hour."),
	measure("headcount", "headcount", "engineers", "Engineers in every team of the design, the ops, SRE and platform teams included."),
	measure("open_problems_mean", "open problems", "problems", "Time-average of the known problems left open in the organisation: root causes of incidents with a postmortem severity, recurring until their postmortem and action items are done or they go away by themselves; NaN unless prevention.recurrence is set."),
	better(measure("action_items_per_week", "action items done", "per week", "Postmortem action items finished per week; each lowers its service's incident rate when it is done; NaN unless prevention.action_items is set.")),
	better(measure("automations_per_week", "toil automated", "per week", "Automation items finished per week; each lowers the ticket rate of the team whose tickets it automates; NaN unless prevention.automate_every is set.")),
	measure("toil_remaining_frac", "toil left after automation", "%", "Mean over teams whose services raise tickets of their ticket rate at the end over the scenario's, by automation alone (the schedule's multiplier left out); NaN unless prevention.automate_every is set."),
	measure("recurrence_ratio", "incident rate over what learning gives", "", "The organisation's incident rate over the last quarter of the horizon over the rate its services' learning alone would give: how much open problems raise it (1: not at all); NaN unless prevention.recurrence is set."),
	measure("tipped", "tipped into firefighting", "", "1 when recurrence_ratio is above 1.5: open problems have raised the organisation's incident rate by more than half, the firefighting trap (Repenning 2001); else 0; NaN unless prevention.recurrence is set. Reports say \"k of n replications tip\" rather than average a design whose replications split."),
	measure("post_load_rate_ratio", "incident rate after the load, over before", "", "The organisation's mean incident rate from the end of the schedule's last change to the end of the horizon, over its mean in the 4 weeks before the first change: above 1, the organisation stays worse after the load has gone (hysteresis); NaN without a schedule."),
	measure("rate_recovery_d", "recovery after the load", "days", "Days from the end of the schedule's last change until the organisation's incident rate is back within 10% of its level in the 4 weeks before the first (the rest of the horizon, a lower bound, when it never is); NaN without a schedule."),
	measure("budget_burn_mean", "error budget burned", "", "Mean over services and days after warm-up of the share of the 28-day error budget ((1 − SLO) × 28 days of impaired time) the trailing 28 days used (the days so far, early in a run): 1 is exactly the budget; above 1 the SLO was missed."),
	measure("freeze_days_per_year", "days frozen by the error budget", "days per year", "Days per year a team owning a service under the design's error-budget policy was frozen (no feature deploys, reliability work instead) because one of those services had burned its budget, averaged over those teams; NaN without a freeze policy."),
	measure("change_risk_frac", "change-failure chance left by ownership", "%", "Product teams' mean change-failure chance at the end of the horizon as a share of the scenario's: what restoring their own services' incidents taught them (learning.ownership); NaN when ownership teaches nothing."),
	measure("fatigue_h_per_eng_week", "fatigued hours", "h per engineer-week", "Hours an engineer of a business-hours team on call spent fatigued (paged at home more than fatigue.threshold times in the last fatigue.window), per engineer of those teams, per week; NaN unless fatigue.penalty is set."),
	measure("fatigued_pages_frac", "after-hours pages answered fatigued", "%", "Share of after-hours pages whose primary was fatigued when paged, and so slower to acknowledge and to mitigate; NaN unless fatigue.penalty is set."),
	measure("departures_per_year", "departures", "per year", "Engineers who left the organisation per year, their chance of leaving rising with the after-hours pages of their last quarter; NaN unless fatigue.attrition is set."),
	measure("capacity_lost_frac", "working time lost to fatigue and turnover", "%", "Engineer-hours at work lost to seats left empty until a replacement is hired and onboarded, plus the extra effort fatigue added, over the working time of the whole organisation; NaN with [fatigue] off."),
	measure("<kind>_planned_frac", "<kind> teams' planned work", "% of working time", "Share of the kind's engineer-hours at work spent on planned work (features)."),
	measure("<kind>_interrupt_frac", "<kind> teams' incident work", "% of working time", "Share of working time spent on incidents: triage, diagnosis, mitigation, handoffs."),
	measure("<kind>_toil_frac", "<kind> teams' tickets", "% of working time", "Share of working time spent on tickets (toil)."),
	measure("<kind>_learning_frac", "<kind> teams' postmortems", "% of working time", "Share of working time spent writing postmortems."),
	measure("<kind>_release_frac", "<kind> teams' release work", "% of working time", "Share of working time spent on deploys: each deploy's fixed overhead (pipeline, review, release) and the effort of pre-production stages; zero unless the scenario models a delivery pipeline ([deploy])."),
	measure("<kind>_rework_frac", "<kind> teams' rework", "% of working time", "Share of working time spent fixing failed changes: defects caught before production, in a canary, or that caused an incident; zero unless [deploy] rework is set."),
	measure("<kind>_coord_frac", "<kind> teams' coordination", "% of working time", "Share of working time spent coordinating: communication within the team (Brooks), onboarding new hires, and the bridge calls of incidents that involve several teams; zero unless [coordination] is set."),
	measure("<kind>_improve_frac", "<kind> teams' improvement work", "% of working time", "Share of working time spent on improvement work: postmortem action items, toil automation and reliability work under an error-budget freeze (prevention.go); zero unless [prevention] or [error_budget] asks for it."),
	measure("<kind>_switch_frac", "<kind> teams' context switching", "% of working time", "Share of working time spent getting back into interrupted work (the refocus actually spent, or the share lost juggling under Weinberg's table)."),
	measure("<kind>_idle_frac", "<kind> teams' idle time", "% of working time", "Share of working time with nothing to do: slack, which keeps queues short; no direction is better in itself. The ten shares add up to 1."),
	measure("<kind>_unplanned_frac", "<kind> teams' unplanned work", "% of working time", "Incidents, tickets, rework of failed changes and context switching as a share of working time: what interrupts cost the teams (DORA 2016 puts unplanned work and rework at 21-32%)."),
	measure("<kind>_utilisation", "<kind> teams' utilisation", "%", "Busy engineer-hours at work over engineer-hours at work."),
	measure("<kind>_after_hours_h_per_eng_week", "<kind> teams' after-hours work", "h per engineer-week", "Hours worked on call outside working hours per engineer of the kind, per week."),
	measure("<kind>_queue_mean", "<kind> teams' queue length", "tasks", "Time-average of the tasks waiting at the kind's teams."),
	measure("<kind>_first_response_wait_h", "<kind> teams' first-response wait", "h", "Queue wait of incidents whose first responder is a team of the kind."),
	measure("<kind>_escalated_wait_h", "<kind> teams' wait as escalation target", "h", "Queue wait of incidents handed to a team of the kind by another team (a later tier of the escalation chain, or a misroute)."),
	measure("<kind>_ticket_turnaround_mean_h", "<kind> teams' mean ticket turnaround", "h", "From a ticket's arrival at a team of the kind to done."),
	measure("<kind>_ticket_turnaround_p90_h", "<kind> teams' p90 ticket turnaround", "h", "90th percentile of the kind's ticket turnarounds."),
	measure("<kind>_ticket_queue_mean", "<kind> teams' ticket queue", "tickets", "Time-average of the tickets waiting at the kind's teams."),
	measure("<kind>_handback_frac", "<kind> teams' days over their operational cap", "%", "Share of days on which the kind's teams, over their cap on operational work for the trailing week (the SRE book's 50%), handed incidents back to the owning teams; NaN for teams without a cap."),
}

func init() {
	for i := range measures {
		switch measures[i].Name {
		case "<kind>_planned_frac", "<kind>_learning_frac", "<kind>_improve_frac":
			measures[i].HigherIsBetter = true
		case "wip_mean", "backlog_mean", "<kind>_idle_frac", "<kind>_utilisation", "headcount":
			measures[i].Neutral = true
		}
	}
}

// Measures lists the registry: every metric a replication reports, with
// <sev> and <kind> standing for severity names and team kinds.
func Measures() []Measure { return append([]Measure(nil), measures...) }

var patterns = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(measures))
	kinds := strings.Join(Kinds, "|")
	for i, ms := range measures {
		p := regexp.QuoteMeta(ms.Name)
		p = strings.ReplaceAll(p, "<sev>", `(?P<sev>[^_]+)`)
		p = strings.ReplaceAll(p, "<kind>", `(?P<kind>`+kinds+`)`)
		out[i] = regexp.MustCompile("^" + p + "$")
	}
	return out
}()

// LookupMeasure finds the registry entry of a metric name, with the
// severity or team kind filled in, and reports whether there is one.
func LookupMeasure(name string) (Measure, bool) {
	for i, re := range patterns {
		sub := re.FindStringSubmatch(name)
		if sub == nil {
			continue
		}
		ms := measures[i]
		ms.Name = name
		for j, g := range re.SubexpNames() {
			if g != "" {
				ms.Label = strings.ReplaceAll(ms.Label, "<"+g+">", sub[j])
			}
		}
		return ms, true
	}
	return Measure{}, false
}

// MeasuresMarkdown renders the registry as the page docs/measures.md.
func MeasuresMarkdown() string {
	var b strings.Builder
	b.WriteString("# Measures\n\n")
	b.WriteString("Every metric a replication reports, as `runs.csv` names it. `<sev>` stands for a severity's name (`SEV1`, ...) and `<kind>` for a team kind (" +
		strings.Join(Kinds, ", ") + "; NaN where a design has no team of the kind). Times are after the warm-up; \"per week\" is per week of the horizon; shares are stored as fractions and shown as percentages.\n\n")
	b.WriteString("Generated from `models/measures.go` by `go test ./models -run TestMeasuresDoc -update`; the report and the CLI take their labels and units from the same place.\n\n")
	b.WriteString("| name | label | unit | better | definition |\n|---|---|---|---|---|\n")
	for _, ms := range measures {
		dir := "lower"
		switch {
		case ms.Neutral:
			dir = "neither"
		case ms.HigherIsBetter:
			dir = "higher"
		}
		cell := strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;")
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", ms.Name, cell.Replace(ms.Label), ms.Unit, dir, cell.Replace(ms.Definition))
	}
	return b.String()
}
