package models

import (
	"fmt"
	"math"
	"slices"
)

// Org is an organisation before an org design is applied: its product
// teams, services, work and incidents. The same Org under several Designs
// is what a comparison runs.
type Org struct {
	Name    string
	Horizon float64
	Warmup  float64

	// ProductTeams teams of EngineersPerTeam engineers are generated from
	// the ProductTeam template, named "team-01", "team-02", ...
	ProductTeams     int
	EngineersPerTeam int
	ProductTeam      TeamConfig
	// PlatformTeamSize > 0 adds a platform team that owns the
	// infrastructure services in every design.
	PlatformTeamSize int
	// PlatformEngineering is the share of the platform team's engineers
	// who take planned platform work between interrupts (0: none).
	PlatformEngineering float64
	// Teams are explicit extra teams (kept as written).
	Teams []TeamConfig

	Services     ServicesConfig
	Work         WorkConfig
	Incident     IncidentConfig
	Response     ResponseConfig
	Learning     LearningConfig
	Pipeline     PipelineConfig
	Coordination CoordinationConfig
	Costs        CostConfig
	// Prevention, Schedule, Swarm, Budget and Fatigue: see Config.
	Prevention PreventionConfig
	Schedule   []ScheduleStep
	Swarm      SwarmConfig
	Budget     BudgetConfig
	Fatigue    FatigueConfig
}

// Presets, the org designs opsim knows by name.
const (
	PresetCentralized = "centralized" // 24×7 ops/NOC first, escalates to the owning team
	PresetCollective  = "collective"  // you build it, you run it
	PresetSRE         = "sre"         // an SRE team runs the critical services
	PresetLayered     = "layered"     // infrastructure to ops/platform, applications to dev teams
	PresetCustom      = "custom"      // only the explicit rules given
)

// Presets lists the preset names.
var Presets = []string{PresetCentralized, PresetCollective, PresetSRE, PresetLayered, PresetCustom}

// Design is an org design: a preset plus anything the scenario overrides.
// Zero values mean "the preset's default".
type Design struct {
	Name   string
	Preset string

	OpsTeamSize    int     // central ops/NOC size (centralized, layered)
	OpsCrews       int     // 24×7 crews of the ops team (default 4)
	OpsRunbooks    float64 // chance ops can mitigate an app incident alone
	OpsFamiliarity float64 // effort multiplier for ops on services it does not own
	SRETeamSize    int
	SRERunbooks    float64
	SREFamiliarity float64

	// Interrupts overrides the product teams' interrupt mode.
	Interrupts string
	// OnCall overrides whether product teams run an on-call rotation.
	OnCall *bool
	// Secondary overrides whether product teams page a secondary.
	Secondary *bool
	// OpsEngineering and SREEngineering are the shares of the ops and SRE
	// teams' engineers on duty who take planned engineering work
	// (automation, reliability work) between interrupts; nil: the preset's
	// default, 0 for none.
	OpsEngineering, SREEngineering *float64
	// SRECap is the share of its working time an SRE team spends on
	// operational work before it hands incidents back to the owning teams
	// (nil: the SRE book's 50%; 0 or 1 and above: no cap).
	SRECap *float64
	// Routes, if set, replace the preset's routes.
	Routes []Route
	// ToilTo, if set, replaces the preset's ticket routing.
	ToilTo string
	// Reserve, if set, replaces the organisation's share of product teams'
	// WIP slots reserved for improvement work (prevention.go).
	Reserve *float64
	// Swarm, if set, replaces the responders of the most severe class of
	// incident (swarm.go): e.g. a design that pages the whole team for a
	// SEV1, or an incident commander and two more.
	Swarm *int
	// Blameless, if set, replaces the organisation's culture: a design can
	// be a way of running incidents as much as a routing (culture.go).
	Blameless *bool
	// ErrorBudget, if set, replaces the organisation's error-budget freeze
	// policy (errorbudget.go); the SRE preset's default is FreezeCritical,
	// the services its SRE team runs.
	ErrorBudget string
}

// Defaults of the preset teams, chosen to be plausible, not calibrated.
const (
	defaultOpsSize        = 8
	defaultOpsCrews       = 4
	defaultOpsRunbooks    = 0.5
	defaultOpsFamiliarity = 2.0
	defaultSRESize        = 6
	defaultSRERunbooks    = 0.8
	defaultSREFamiliarity = 1.3
	// An SRE team spends at least half its time on engineering and at
	// most half on operations (SRE book, ch. 2 and 5); the same share is an
	// assumption for ops and platform teams.
	defaultEngineering    = 0.5
	defaultOpsEngineering = 0.3 // a traditional ops team engineers less than the SRE book's half (assumption)
	defaultSRECap         = 0.5
	week                  = 168.0
)

// Expand applies a design to an organisation and returns the explicit
// configuration a replication runs. Presets expand into ordinary teams and
// routes, so anything a preset does a scenario can also write by hand.
func Expand(org Org, d Design) (Config, error) {
	cfg := Config{
		Name:         org.Name + "/" + d.Name,
		Horizon:      org.Horizon,
		Warmup:       org.Warmup,
		Services:     org.Services,
		Work:         org.Work,
		Incident:     org.Incident,
		Response:     org.Response,
		Learning:     org.Learning,
		Pipeline:     org.Pipeline,
		Coordination: org.Coordination,
		Costs:        org.Costs,

		Prevention: org.Prevention,
		Schedule:   org.Schedule,
		Swarm:      org.Swarm,
		Budget:     org.Budget,
		Fatigue:    org.Fatigue,
	}
	preset := d.Preset
	if preset == "" {
		preset = PresetCustom
	}
	if !slices.Contains(Presets, preset) {
		return Config{}, fmt.Errorf("design %q: unknown preset %q (want one of %v)", d.Name, preset, Presets)
	}

	// Product teams, with the design's say over on-call and interrupts.
	pt := org.ProductTeam
	pt.Kind = KindProduct
	if pt.Calendar == "" {
		pt.Calendar = BusinessHours
	}
	if pt.RotationLength == 0 {
		pt.RotationLength = week
	}
	if pt.Interrupts == "" {
		pt.Interrupts = "spread"
	}
	if pt.Familiarity == 0 {
		pt.Familiarity = 1
	}
	pt.OnCall = true // every design escalates to the owners, who must be reachable
	if d.OnCall != nil {
		pt.OnCall = *d.OnCall
	}
	if d.Secondary != nil {
		pt.Secondary = *d.Secondary
	}
	if d.Interrupts != "" {
		pt.Interrupts = d.Interrupts
	}
	for i := 0; i < org.ProductTeams; i++ {
		t := pt
		t.Name = fmt.Sprintf("team-%02d", i+1)
		t.Engineers = org.EngineersPerTeam
		cfg.Teams = append(cfg.Teams, t)
	}
	if org.PlatformTeamSize > 0 {
		cfg.Teams = append(cfg.Teams, engineering(TeamConfig{
			Name: "platform", Kind: KindPlatform, Engineers: org.PlatformTeamSize,
			Calendar: BusinessHours, OnCall: true, RotationLength: week,
			Interrupts: "shield", Familiarity: 1.5, Runbooks: 0.6,
			ToilRate: org.ProductTeam.ToilRate,
		}, org.PlatformEngineering))
	}
	cfg.Teams = append(cfg.Teams, org.Teams...)

	ops := func() {
		size := orInt(d.OpsTeamSize, defaultOpsSize)
		cfg.Teams = append(cfg.Teams, engineering(TeamConfig{
			Name: "ops", Kind: KindOps, Engineers: size, Calendar: AllHours,
			Crews: orInt(d.OpsCrews, defaultOpsCrews), Interrupts: "spread",
			Familiarity: orFloat(d.OpsFamiliarity, defaultOpsFamiliarity),
			Runbooks:    orFloat(d.OpsRunbooks, defaultOpsRunbooks),
		}, orShare(d.OpsEngineering, defaultOpsEngineering)))
	}
	yes := true
	switch preset {
	case PresetCentralized:
		ops()
		cfg.Routing.Routes = []Route{{Chain: []string{"ops", "owner"}}}
		cfg.Routing.ToilTo = "ops"
	case PresetCollective:
		cfg.Routing.Routes = []Route{{Chain: []string{"owner"}}}
		cfg.Routing.ToilTo = "owner"
	case PresetSRE:
		size := orInt(d.SRETeamSize, defaultSRESize)
		sre := engineering(TeamConfig{
			Name: "sre", Kind: KindSRE, Engineers: size, Calendar: BusinessHours,
			OnCall: true, RotationLength: week, Interrupts: "spread",
			Familiarity: orFloat(d.SREFamiliarity, defaultSREFamiliarity),
			Runbooks:    orFloat(d.SRERunbooks, defaultSRERunbooks),
		}, orShare(d.SREEngineering, defaultEngineering))
		if c := orShare(d.SRECap, defaultSRECap); c > 0 && c < 1 {
			sre.OpsCap = c
		}
		cfg.Budget.Freeze = FreezeCritical // the SRE book's error budget policy, for the services SRE runs
		cfg.Teams = append(cfg.Teams, sre)
		cfg.Routing.Routes = []Route{{Critical: &yes, Chain: []string{"sre", "owner"}}, {Chain: []string{"owner"}}}
		cfg.Routing.ToilTo = "owner"
	case PresetLayered:
		ops()
		cfg.Routing.Routes = []Route{{Layer: LayerInfra, Chain: []string{"ops", "owner"}}, {Layer: LayerApp, Chain: []string{"owner"}}}
		cfg.Routing.ToilTo = "owner"
	case PresetCustom:
		cfg.Routing.ToilTo = "owner"
	}
	if d.Routes != nil {
		cfg.Routing.Routes = d.Routes
	}
	if d.ToilTo != "" {
		cfg.Routing.ToilTo = d.ToilTo
	}
	if d.Reserve != nil {
		cfg.Prevention.Reserve = *d.Reserve
	}
	if d.ErrorBudget != "" {
		cfg.Budget.Freeze = d.ErrorBudget
	}
	if d.Blameless != nil {
		cfg.Learning.Blameless = *d.Blameless
	}
	if d.Swarm != nil && len(cfg.Incident.Severities) > 0 {
		cfg.Incident.Severities = slices.Clone(cfg.Incident.Severities) // designs share the organisation's
		cfg.Incident.Severities[0].Responders = *d.Swarm
	}
	cfg.Routing.Design = d.Name
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("design %q: %w", d.Name, err)
	}
	return cfg, nil
}

// TeamNames lists the configuration's team names in order.
func (c *Config) TeamNames() []string {
	names := make([]string, len(c.Teams))
	for i, t := range c.Teams {
		names[i] = t.Name
	}
	return names
}

// engineering gives a team saturated planned work (automation,
// reliability work, platform features) on the given share of its engineers
// on duty: interrupts preempt it, and what they leave is engineering.
func engineering(t TeamConfig, share float64) TeamConfig {
	if share <= 0 {
		return t
	}
	onDuty := float64(t.Engineers)
	if t.Calendar == AllHours {
		onDuty /= float64(max(1, t.Crews))
	}
	t.Saturated = true
	t.WIPLimit = max(1, int(math.Round(share*onDuty)))
	return t
}

func orShare(v *float64, def float64) float64 {
	if v == nil {
		return def
	}
	return *v
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orFloat(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
