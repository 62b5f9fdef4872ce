package models

import "github.com/opsim/opsim/sim"

// Time in models is float64 hours; rates are per hour. Hour 0 is Monday
// 00:00, so calendars can tell weekdays, nights and weekends apart.

// Team kinds. A kind sets defaults (calendar, whether the team builds
// features); every field can still be set per team.
const (
	KindProduct  = "product"  // builds features, owns application services
	KindOps      = "ops"      // central operations / NOC
	KindSRE      = "sre"      // site reliability engineers
	KindPlatform = "platform" // owns infrastructure services
	KindDesk     = "desk"     // service desk: first line for tickets
)

// Demand for planned work (org.demand in a scenario).
const (
	DemandArrivals  = "arrivals"  // features arrive at the feature rate
	DemandSaturated = "saturated" // there is always a next feature
)

// Calendars.
const (
	BusinessHours = "business" // Mon–Fri 09:00–17:00
	AllHours      = "24x7"     // shifts around the clock
)

// Service layers, after the application/infrastructure split of IT
// operations: applications are consumed by people who are not primarily
// concerned with IT, infrastructure by people who are.
const (
	LayerApp   = "app"
	LayerInfra = "infra"
)

// Config is one organisation under one design: everything a replication
// needs, with no file or format in sight.
type Config struct {
	Name    string
	Horizon float64 // hours simulated after warm-up
	Warmup  float64 // hours simulated and discarded first

	Teams    []TeamConfig
	Services ServicesConfig
	Work     WorkConfig
	Incident IncidentConfig
	Response ResponseConfig
	Routing  RoutingConfig
	Learning LearningConfig
	// Pipeline is how changes reach production (pipeline.go).
	Pipeline PipelineConfig
	// Coordination is what working together costs (coordination.go).
	Coordination CoordinationConfig
	// Costs are the rates that price a design (costs.go).
	Costs CostConfig
	// Prevention is improvement work and the problems it fixes
	// (prevention.go); Schedule changes the load over the run (schedule.go).
	Prevention PreventionConfig
	Schedule   []ScheduleStep
	// Swarm is what pulling several responders into an incident costs
	// (swarm.go); Budget what a burned error budget does (errorbudget.go).
	Swarm  SwarmConfig
	Budget BudgetConfig
	// Fatigue is what after-hours pages do to people (fatigue.go).
	Fatigue FatigueConfig

	// MaxEvents guards against runaway runs (0: a generous default).
	MaxEvents uint64
	// EventLog keeps a record of every incident and ticket after warm-up
	// in Result.EventLog (see EventRecord).
	EventLog bool
}

// TeamConfig describes one team.
type TeamConfig struct {
	Name      string
	Kind      string // KindProduct, KindOps, ...
	Engineers int
	Calendar  string // BusinessHours or AllHours
	// Crews splits a 24x7 team into crews that take 8-hour shifts in turn
	// (4 crews give each engineer about 42 hours a week).
	Crews int

	// OnCall: whether the team runs an on-call rotation that can be paged
	// outside its working hours.
	OnCall         bool
	RotationLength float64 // hours a primary stays on call (e.g. a week)
	Secondary      bool    // page a secondary when the primary is busy

	// Interrupts: "spread" sends interrupts to whoever is free (or least
	// loaded); "shield" gives them all to a rotating interrupt handler who
	// does no feature work during the rotation.
	Interrupts string

	// Familiarity multiplies the effort this team needs on a service it
	// does not own: a generalist takes longer than the owners (above 1), a
	// specialist first line can be faster (below 1).
	Familiarity float64
	// Runbooks is the probability that this team can mitigate an incident
	// on a service it does not own without escalating.
	Runbooks float64

	// Feature work, for teams that build features: features arrive to the
	// backlog at FeatureRate, or, with Saturated, there is always a next
	// feature to start (real product teams have more to build than they
	// can, so throughput is the outcome and lead time means nothing).
	FeatureRate float64 // features arriving to the backlog per hour
	Saturated   bool
	WIPLimit    int // features in progress at once (0: one per engineer)
	// OpsCap, when above 0, is the share of its working time the team
	// spends on operational work (incidents, tickets, switching) over a
	// week before it hands incidents back to the owning teams, until the
	// share falls again: the SRE book's 50% safety valve.
	OpsCap float64
	// ToilRate is the rate of service requests (tickets) the team's
	// services generate, per hour.
	ToilRate float64
}

// ServicesConfig describes the services and their dependency graph.
type ServicesConfig struct {
	// Explicit services; if empty, PerTeam services are generated for each
	// product team (layer app) and InfraPerTeam for each platform or ops
	// team (layer infra).
	List         []ServiceConfig
	PerTeam      int
	InfraPerTeam int

	// Explicit dependency edges; if empty the graph is generated.
	Edges []EdgeConfig
	// Graph generation: "none", "random" (Erdős–Rényi on a random order, so
	// it is acyclic) or "scale-free" (preferential attachment: a few hubs
	// many services depend on).
	Graph      string
	MeanDegree float64 // mean number of dependencies per service
	InfraShare float64 // probability that a generated dependency is on an infrastructure service

	// Coupling is the default per-edge probability that an incident in a
	// dependency causes one in its dependent; loose coupling lowers it.
	Coupling float64
	// CascadeDelay is the mean delay (exponential) before a cascade shows.
	CascadeDelay float64
	// Failover is the probability that a dependent can mitigate a symptom
	// of a failed dependency on its own (degrade gracefully, fail over,
	// serve from cache); otherwise the symptom stays open until its cause
	// is restored. FailoverTime is the effort that takes.
	Failover     float64
	FailoverTime float64

	// RateSpread is the sigma of a lognormal multiplier on each service's
	// incident rate, normalised so that the organisation's total rate is
	// kept: 0 gives every service the same rate; 1.5 lets one problematic
	// component cause most of the pain.
	RateSpread float64
	// Critical is the fraction of services, the most depended-on first,
	// that count as critical (the SRE design runs them).
	Critical float64
	// SLO is the availability target of each service (e.g. 0.999).
	SLO float64
}

// ServiceConfig is one explicitly listed service.
type ServiceConfig struct {
	Name         string
	Owner        string // team name
	Layer        string // LayerApp or LayerInfra
	IncidentRate float64
	Critical     bool
	SLO          float64 // 0: the default
}

// EdgeConfig says that From depends on To.
type EdgeConfig struct {
	From, To string
	Coupling float64 // <0: the default
}

// WorkConfig describes planned work, toil and the cost of switching.
type WorkConfig struct {
	FeatureSize sim.DistSpec // effort hours of one feature
	ToilSize    sim.DistSpec // effort hours of one ticket
	// ContextSwitch is the time an engineer needs to get back into a task
	// after urgent work interrupted it (Parnin and Rugaber 2011: 10–15
	// minutes before the first edit).
	ContextSwitch float64
	// Weinberg uses Weinberg's table instead: an engineer juggling 2, 3,
	// 4, 5 tasks (the one at hand plus those interrupted on them and not
	// yet resumed) works at 80, 60, 40, 25% speed, so a page that
	// interrupts a feature takes 25% longer. Field data find it overstates
	// the loss (Tregubov et al. 2017).
	Weinberg bool
	// ChangeFailure is the probability that deploying a feature of
	// ReferenceSize effort causes an incident; bigger batches are riskier,
	// scaling with (size/ReferenceSize)^BatchExponent.
	ChangeFailure float64
	ReferenceSize float64
	BatchExponent float64
}

// Severity is one incident severity class (SEV1 most severe first).
type Severity struct {
	Name   string
	Share  float64      // fraction of incidents at this severity
	Effort sim.DistSpec // diagnosis and mitigation effort hours, by an owner
	// EscalateAfter is the customer-escalation threshold: an incident that
	// stays unrestored longer becomes a customer escalation.
	EscalateAfter float64
	// Postmortem: whether incidents of this severity get one.
	Postmortem bool
	// Impact is the fraction of the service unavailable during the
	// incident (1 for a full outage), for availability and SLOs.
	Impact float64
	// Responders is how many engineers of the responding team its
	// mitigation pulls in (0 or 1: one; swarm.go).
	Responders int
}

// IncidentConfig describes how incidents arise and are noticed.
type IncidentConfig struct {
	Rate       float64 // base incidents per service per hour
	Severities []Severity
	// Monitoring is the probability an incident is caught by an alert;
	// otherwise customers report it, later.
	Monitoring     float64
	AlertDelay     float64 // mean detection delay by monitoring, hours
	CustomerDelay  float64 // mean delay until customers report, hours
	PMHours        float64 // product-management hours per customer escalation
	SeverityWeight bool    // scale PM hours by severity rank (SEV1 ×4 … SEV4 ×1)
}

// ResponseConfig describes how fast people respond and hand over.
type ResponseConfig struct {
	AckBusiness   float64 // mean acknowledgement time in working hours
	AckAfterHours float64 // mean acknowledgement time when paged at home
	Handoff       float64 // context-transfer time added at each handoff
	Misroute      float64 // probability a handoff goes to the wrong team
	// MisrouteCascade is added to Misroute when the symptom is in a
	// different service than the cause (a cascade through coupling).
	MisrouteCascade float64
	// Triage is the effort a responder spends before deciding to escalate
	// (zero Kind: none).
	Triage sim.DistSpec
	// AnswerWithin is the first-response target: the share of incidents
	// whose first responder starts within it is reported (a service desk's
	// "80% within 15 minutes").
	AnswerWithin float64
}

// Route says who responds to incidents on a class of services.
type Route struct {
	Layer    string   // LayerApp, LayerInfra or "" for any
	Critical *bool    // nil: any; else only (non-)critical services
	Chain    []string // escalation chain: team names, or "owner"
}

// RoutingConfig is an org design's response rules, the explicit form every
// preset expands into.
type RoutingConfig struct {
	Design string  // the design's name, for reports
	Routes []Route // first match wins; the owner alone if none matches
	// ToilTo names the team that takes tickets ("owner": the owning team).
	ToilTo string
}

// LearningConfig describes postmortems.
type LearningConfig struct {
	// Blameless postmortems turn incidents into learning: each one, once
	// its owners have written it, lowers the service's incident rate by
	// Reduction (multiplicatively, down to Floor of the original). A
	// postmortem crowded out by other work teaches nothing until it is
	// done; without blameless postmortems nothing is learned.
	Blameless bool
	Effort    float64 // owner-team hours per postmortem
	Reduction float64
	Floor     float64
	// A blaming culture also hides incidents (BlameHidden: the chance one
	// monitoring caught waits for customers) and hesitates to escalate
	// (BlameEscalation: mean extra delay per handoff); ownership teaches
	// (Ownership: each own incident a team restores lowers its change
	// failure chance by this fraction, down to OwnershipFloor). See
	// culture.go.
	BlameHidden, BlameEscalation float64
	Ownership, OwnershipFloor    float64
}
