package scenarios

import "github.com/opsim/opsim/models"

// The reference of the delivery pipeline, change management, coordination
// costs and money (schema_delivery.go): every key off by default, each
// with the source of the value it suggests, or "assumption".

const (
	srcOff        = "off: the model without this mechanism"
	srcReinertsen = "Reinertsen, The Principles of Product Development Flow (2009): batch size is a U-curve of transaction cost (per deploy) and holding cost (risk and delay grow with the batch)"
	srcAccelerate = "Forsgren, Humble & Kim, Accelerate (2018), ch. 7: approval by an external body (a change advisory board) goes with longer lead times, lower deployment frequency and slower restores, and not with a lower change failure rate"
	srcSeed004    = "seed 004 (promotion through environments, feature toggles, canaries, small batches); the value is the scenario's"
	srcBrooks     = "Brooks, The Mythical Man-Month (1975): n people have n(n-1)/2 channels of communication. 0.043 reproduces QSM's comparison (Putnam, QSM 2005, 564 information-systems projects): teams of more than 20 finished 100,000-line systems barely sooner than teams of fewer than 5 (8.92 against 9.12 months), so 4·(1−3c) = 20·(1−19c); team output then peaks near 12 engineers, and QSM (Putnam 1997) found 3 to 7 most productive"
	srcTurnover   = "off; 0.13 is the tech industry's turnover in LinkedIn's 2018 talent report (13.2%, the highest of any industry)"
	srcOnboarding = "off; assumption for the value: a few person-weeks of ramp-up and mentoring per new hire"
	srcBridge     = "off; assumption for the value: each pair of teams in one incident spends a bridge call's time (half an hour each is a plain guess)"
	srcPlatform   = "off; assumption for the value: Team Topologies (Skelton & Pais 2019) describes platform demand growing with the stream-aligned teams served, without a rate"
	srcPrice      = "off: prices are the scenario's own (salaries, on-call pay and outage costs vary by company and country more than any default could cover)"
)

// deliveryReference is the reference's sections for [deploy], [change],
// [coordination] and [costs], shown after [learning].
var deliveryReference = []Section{
	{
		Title: "[deploy]",
		Intro: "How finished features reach production (seed 004). Left out, a finished feature deploys at once, alone, and breaks production with probability min(1, risk); with any key set, changes wait for a batch, and a batch carries a Poisson number of defects with mean change_failure·(S/reference_size)^batch_exponent (S its total effort): the same mean for one change, but not capped at one incident per deploy. Defects that no stage or canary catches become change incidents. DORA's four keys are reported either way (lead time for changes only with a pipeline).",
		Keys: []Key{
			{Path: "deploy", Type: TypeTable, Meaning: "The delivery pipeline."},
			{Path: "deploy.batch", Type: TypeInteger, Default: "1", Min: ptr(0), Meaning: "Finished changes that trigger a deploy. With an overhead per deploy and batch_exponent above 1, batch size has an optimum.", Source: srcReinertsen},
			{Path: "deploy.cadence", Type: TypeDuration, Default: `"0"`, Meaning: "A release train instead: every cadence (from Monday 10:00, at the next working hour) whatever is ready ships; \"0\" for none. batch must then be left at 1.", Source: srcOff},
			{Path: "deploy.overhead", Type: TypeDuration, Default: `"0"`, Unit: "effort per deploy", Meaning: "The team's fixed effort per deploy: pipeline, review, approval paperwork, release notes. Booked as release work.", Source: srcOff},
			{Path: "deploy.stage", Type: TypeArrayOfTables, Default: "none", Source: srcOff, Meaning: "Stages before production (test, staging, QA), in order; each catches a share of the defects that reach it, at a time and effort cost. A batch waits for the fix of what a stage caught."},
			{Path: "deploy.stage[].name", Type: TypeString, Default: "required", Meaning: "The stage's name."},
			{Path: "deploy.stage[].time", Type: TypeDuration, Default: `"0"`, Meaning: "Wall-clock time a batch spends in the stage.", Source: srcSeed004},
			{Path: "deploy.stage[].effort", Type: TypeDuration, Default: `"0"`, Unit: "effort per batch", Meaning: "The team's effort per batch in the stage (manual testing, review).", Source: srcSeed004},
			{Path: "deploy.stage[].catch", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance the stage catches each defect that reaches it.", Source: srcSeed004},
			{Path: "deploy.canary", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "fraction of users", Meaning: "Share of users a new batch reaches first; its failures reach only them (impact scaled by this share), do not cascade, and are rolled back automatically.", Source: srcOff},
			{Path: "deploy.canary_catch", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance the canary detects each defect before full rollout. A caught defect still counts against the change failure rate (it needed a rollback).", Source: srcOff},
			{Path: "deploy.canary_time", Type: TypeDuration, Default: `"1h"`, Meaning: "How long the canary runs before the batch reaches every user.", Source: srcAssumption},
			{Path: "deploy.toggles", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "fraction of changes", Meaning: "Share of changes behind a feature toggle: their incidents are mitigated by flipping it (mitigate) instead of a diagnosis; the fix becomes rework.", Source: srcOff},
			{Path: "deploy.rollback", Type: TypeBoolean, Default: "false", Meaning: "Automated rollback: a failed deploy that monitoring sees is rolled back mitigate later without paging anyone (one customers report is handled as usual).", Source: srcOff},
			{Path: "deploy.mitigate", Type: TypeDuration, Default: `"10m"`, Meaning: "Time a toggle flip or a rollback takes.", Source: srcAssumption},
			{Path: "deploy.rework", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "fraction of a change's size", Meaning: "Effort to fix a failed change, as a fraction of the mean size of its batch's changes: for defects caught in a stage or canary, and for incidents once restored. Booked as rework, part of unplanned work.", Source: srcOff},
		},
	},
	{
		Title: "[change]",
		Intro: "Change management: gates a batch must pass before production. An error budget's deploy freeze (issue 9) joins the same list of gates.",
		Keys: []Key{
			{Path: "change", Type: TypeTable, Meaning: "Change management."},
			{Path: "change.cab", Type: TypeDuration, Default: `"0"`, Meaning: "A change advisory board meets every cab (from Monday 10:00); a batch deploys only after the next meeting. \"0\" for none.", Source: srcAccelerate},
			{Path: "change.freeze_every", Type: TypeDuration, Default: `"0"`, Meaning: "A change freeze recurs every freeze_every ...", Source: srcOff},
			{Path: "change.freeze_length", Type: TypeDuration, Default: `"0"`, Meaning: "... for its last freeze_length (e.g. \"52w\" and \"2w\": a year-end freeze). Batches ready in a freeze wait for its end.", Source: srcOff},
		},
	},
	{
		Title: "[coordination]",
		Intro: "What working together costs, growing with the size of what people work in. Coordination is booked as its own share of working time (<kind>_coord_frac).",
		Keys: []Key{
			{Path: "coordination", Type: TypeTable, Meaning: "Coordination costs."},
			{Path: "coordination.per_peer", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "fraction of planned work per teammate", Meaning: "Share of planned work each engineer spends talking with each teammate: a team of n loses per_peer·(n−1), so output per engineer falls with every engineer added and team output peaks at (1 + 1/per_peer)/2. 0.043 is the calibrated value.", Source: srcBrooks},
			{Path: "coordination.turnover", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "fraction of engineers per year", Meaning: "Share of each team's engineers who leave a year, replaced at once by new hires who cost onboarding.", Source: srcTurnover},
			{Path: "coordination.onboarding", Type: TypeDuration, Default: `"0"`, Unit: "effort per hire", Meaning: "The team's effort per new hire: their ramp-up and their mentors' time.", Source: srcOnboarding},
			{Path: "coordination.incident", Type: TypeDuration, Default: `"0"`, Unit: "effort per pair of teams", Meaning: "Each pair of teams that work one incident's family (a cascade's cause and symptoms, an escalation, a misroute) spends this each, at the incident's priority: k teams cost k(k−1) of it.", Source: srcBridge},
			{Path: "coordination.platform_requests", Type: TypeRate, Default: `"0/week"`, Unit: "requests per product team", Meaning: "Requests (provisioning, support, migrations) each product team raises for the platform team, routed like its tickets: taken first by whoever takes the design's tickets. The platform's demand grows with the teams it serves.", Source: srcPlatform},
			{Path: "coordination.platform_blocking", Type: TypeBoolean, Default: "false", Meaning: "A product team waits for what it asked the platform for: an open request holds one of its WIP slots until done.", Source: srcPlatform},
		},
	},
	{
		Title: "[costs]",
		Intro: "Money: the rates that price a design, in the scenario's currency. With none given, cost is not reported (NaN), never invented. runs.csv gets cost_per_year and its parts, per replication; the summary their intervals and paired differences.",
		Keys: []Key{
			{Path: "costs", Type: TypeTable, Meaning: "Prices."},
			{Path: "costs.engineer_year", Type: TypeNumberTable, Default: "none", Unit: "per engineer-year", Meaning: "Fully loaded cost of an engineer for a year, per team kind (" + models.KindProduct + ", " + models.KindOps + ", " + models.KindSRE + ", " + models.KindPlatform + ", " + models.KindDesk + "); once given, every kind the design has needs one.", Source: srcPrice, Measure: true},
			{Path: "costs.on_call_hour", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per engineer-hour on call", Meaning: "Standby pay for every hour an engineer of a business-hours team is on call outside working hours (a secondary too).", Source: srcPrice, Measure: true},
			{Path: "costs.after_hours_page", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per page", Meaning: "Pay for every page taken on call outside working hours.", Source: srcPrice, Measure: true},
			{Path: "costs.outage_minute_critical", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per impact-minute", Meaning: "Cost of a minute of full impairment of a critical service (a minute at impact 0.2 costs a fifth).", Source: srcPrice, Measure: true},
			{Path: "costs.outage_minute", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per impact-minute", Meaning: "The same for every other service.", Source: srcPrice, Measure: true},
			{Path: "costs.sla", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "availability", Meaning: "Availability the SLA promises per 28-day window; 0 for each service's SLO.", Source: "convention: the SLO", Measure: true},
			{Path: "costs.sla_credit", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per service and window", Meaning: "Credit paid for every service and 28-day window (one after another from the end of warm-up) that falls short of the SLA.", Source: srcPrice, Measure: true},
			{Path: "costs.pm_hour", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per hour", Meaning: "Cost of a product-management hour spent on customer escalations (incidents.pm_hours each).", Source: srcPrice, Measure: true},
		},
	},
}

// The delivery sections go after [learning], before the designs.
func init() {
	for i, s := range Reference {
		if s.Title == "[design.NAME]" {
			Reference = append(Reference[:i:i], append(append([]Section(nil), deliveryReference...), Reference[i:]...)...)
			return
		}
	}
	Reference = append(Reference, deliveryReference...)
}
