package scenarios

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

const week = 168.0

func mustBundled(t *testing.T, name string) *Scenario {
	t.Helper()
	src, err := Bundled(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(name, src)
	if err != nil {
		t.Fatalf("%s does not parse:\n%v", name, err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestBundledParseAndExpand(t *testing.T) {
	names := BundledNames()
	if !reflect.DeepEqual(names, []string{"blameless.toml", "coupling.toml", "default.toml", "delivery.toml", "firefighting.toml", "growth.toml", "instrument.toml", "interrupts.toml", "mmc.toml", "nosilverbullet.toml", "overbuilt.toml", "overreaction.toml", "problem.toml"}) {
		t.Fatalf("bundled = %v", names)
	}
	for _, name := range names {
		s := mustBundled(t, name)
		if s.Text == "" || s.File != name {
			t.Errorf("%s: File %q, Text %d bytes", name, s.File, len(s.Text))
		}
		for _, p := range s.Points() {
			cfgs, err := s.Configs(p)
			if err != nil {
				t.Fatalf("%s point %d: %v", name, p.Index, err)
			}
			if len(cfgs) != len(s.Designs) {
				t.Fatalf("%s: %d configs for %d designs", name, len(cfgs), len(s.Designs))
			}
			for i, cfg := range cfgs {
				if cfg.Routing.Design != s.Designs[i].Name {
					t.Errorf("%s: config %d is design %q, want %q", name, i, cfg.Routing.Design, s.Designs[i].Name)
				}
				if err := cfg.Validate(); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
	if _, err := Bundled("nope.toml"); err == nil || !strings.Contains(err.Error(), "default.toml") {
		t.Errorf("Bundled(nope) = %v", err)
	}
}

func TestDefaultScenario(t *testing.T) {
	s := mustBundled(t, "default.toml")
	if s.Name != "default" || s.Replications != 30 || s.Seed != 42 || s.Baseline != "centralized" {
		t.Errorf("name %q reps %d seed %d baseline %q", s.Name, s.Replications, s.Seed, s.Baseline)
	}
	o := s.Org
	if o.Horizon != 52*week || o.Warmup != 4*week {
		t.Errorf("horizon %v warmup %v", o.Horizon, o.Warmup)
	}
	if o.ProductTeams != 8 || o.EngineersPerTeam != 6 || o.PlatformTeamSize != 4 {
		t.Errorf("org %d x %d, platform %d", o.ProductTeams, o.EngineersPerTeam, o.PlatformTeamSize)
	}
	if !o.ProductTeam.Saturated || !near(o.Incident.Rate, 0.3/week) {
		t.Errorf("saturated %v, incident rate %v", o.ProductTeam.Saturated, o.Incident.Rate)
	}
	if o.Services.Graph != "scale-free" || o.Services.PerTeam != 3 || o.Services.InfraPerTeam != 2 || o.Services.Coupling != 0.15 {
		t.Errorf("services %+v", o.Services)
	}
	if len(s.Designs) != 3 || s.Designs[0].Name != "centralized" || s.Designs[0].OpsTeamSize != 12 || s.Designs[1].Preset != "collective" || s.Designs[2].Preset != "sre" {
		t.Errorf("designs %+v", s.Designs)
	}
	// The file spells out the defaults: it must agree with what a file
	// that leaves them out gets, or its comments would lie.
	if !reflect.DeepEqual(o.Incident.Severities, defaultOrg(t).Incident.Severities) {
		t.Errorf("default.toml severities differ from the defaults:\n%+v\n%+v", o.Incident.Severities, defaultOrg(t).Incident.Severities)
	}
	if !reflect.DeepEqual(o.Response, defaultOrg(t).Response) || !reflect.DeepEqual(o.Learning, defaultOrg(t).Learning) {
		t.Errorf("default.toml response/learning differ from the defaults")
	}
}

func TestGrowthSweep(t *testing.T) {
	s := mustBundled(t, "growth.toml")
	if s.Replications != 10 {
		t.Errorf("replications %d", s.Replications)
	}
	pts := s.Points()
	if len(pts) != 4 {
		t.Fatalf("%d points", len(pts))
	}
	for i, want := range []string{"5", "10", "20", "40"} {
		p := pts[i]
		if p.Index != i || len(p.Params) != 1 || p.Params[0] != (Param{Name: "org.product_teams", Value: want}) {
			t.Errorf("point %d = %+v", i, p)
		}
		org, designs, err := s.At(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := org.ProductTeams; want != itoa(got) {
			t.Errorf("At(%d): %d product teams, want %s", i, got, want)
		}
		if len(designs) != 2 || designs[0].OpsTeamSize != 12 || designs[1].Name != "collective" {
			t.Errorf("At(%d): designs %+v", i, designs)
		}
		cfgs, err := s.Configs(p)
		if err != nil || len(cfgs) != 2 {
			t.Fatalf("Configs(%d) = %d, %v", i, len(cfgs), err)
		}
		products := 0
		for _, tm := range cfgs[1].Teams {
			if tm.Kind == models.KindProduct {
				products++
			}
		}
		if itoa(products) != want {
			t.Errorf("Configs(%d): %d product teams", i, products)
		}
	}
	// The base organisation is untouched by At.
	if s.Org.ProductTeams != 8 {
		t.Errorf("base org changed to %d teams", s.Org.ProductTeams)
	}
}

func itoa(n int) string { return formatValue(int64(n)) }

// TestMMCExact pins every value of the queueing check: the end-to-end
// Erlang C test relies on each effect being switched off.
func TestMMCExact(t *testing.T) {
	s := mustBundled(t, "mmc.toml")
	if s.Replications != 20 || len(s.Sweep) != 0 {
		t.Errorf("replications %d, sweep %v", s.Replications, s.Sweep)
	}
	want := models.Org{
		Name: "mmc", Horizon: 20000, Warmup: 1000,
		EngineersPerTeam: 6, PlatformEngineering: 0.5,
		ProductTeam: models.TeamConfig{
			Kind: models.KindProduct, Calendar: models.BusinessHours, OnCall: true, RotationLength: week,
			Interrupts: "spread", Familiarity: 1, Runbooks: 1, Saturated: true,
		},
		Teams: []models.TeamConfig{{
			Name: "pool", Kind: models.KindOps, Engineers: 5, Calendar: models.AllHours, Crews: 1,
			OnCall: false, RotationLength: week, Interrupts: "spread", Familiarity: 2, Runbooks: 0.5,
		}},
		Services: models.ServicesConfig{
			List:    []models.ServiceConfig{{Name: "queue", Owner: "pool", Layer: models.LayerApp, IncidentRate: 4.5, SLO: 0.999}},
			PerTeam: 3, InfraPerTeam: 2, Graph: "none", CascadeDelay: 10.0 / 60, FailoverTime: 0.5, Critical: 0.2, SLO: 0.999,
		},
		Work: models.WorkConfig{
			FeatureSize:   sim.DistSpec{Kind: "lognormal", Median: 24, P90: 80},
			ToilSize:      sim.DistSpec{Kind: "exponential", Mean: 2},
			ReferenceSize: 24, BatchExponent: 1.5,
		},
		Incident: models.IncidentConfig{
			Rate: 4.5,
			Severities: []models.Severity{{
				Name: "SEV1", Share: 1, Effort: sim.DistSpec{Kind: "exponential", Mean: 1},
				EscalateAfter: 24, Postmortem: false, Impact: 1,
			}},
			Monitoring: 1, CustomerDelay: 2, SeverityWeight: true,
		},
		Response: models.ResponseConfig{Triage: sim.DistSpec{Kind: "deterministic"}, AnswerWithin: 0.25},
		Learning: models.LearningConfig{Blameless: false, Effort: 4, Reduction: 0.03, Floor: 0.5},
		Pipeline: models.PipelineConfig{Batch: 1, CanaryTime: 1, Mitigate: 10.0 / 60}, // off
	}
	if want = feedbackDefaults(want); !reflect.DeepEqual(s.Org, want) {
		t.Errorf("mmc org:\n got %+v\nwant %+v", s.Org, want)
	}
	yes := []models.Design{{Name: "pool", Preset: models.PresetCustom, Routes: []models.Route{{Chain: []string{"pool"}}}}}
	if !reflect.DeepEqual(s.Designs, yes) {
		t.Errorf("mmc designs %+v", s.Designs)
	}
	cfgs, err := s.Configs(s.Points()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(cfgs[0].Teams) != 1 || cfgs[0].Teams[0].Engineers != 5 || cfgs[0].Routing.ToilTo != "owner" {
		t.Errorf("mmc config teams %+v routing %+v", cfgs[0].Teams, cfgs[0].Routing)
	}
}

// feedbackDefaults fills in what a file that leaves out the feedback
// mechanisms' keys gets: every mechanism off, its other keys at their
// documented defaults, and one responder for every severity.
func feedbackDefaults(o models.Org) models.Org {
	o.Prevention = models.PreventionConfig{ActionEffort: 8, ActionReduction: 0.05, ProblemLife: 26 * week, Ceiling: 4,
		AutomationEffort: 16, AutomationReduction: 0.05, ToilFloor: 0.3, Reserve: 0.2}
	o.Swarm = models.SwarmConfig{ChannelCost: 0.08}
	o.Budget = models.BudgetConfig{Freeze: models.FreezeOff, ReliabilityEffort: 8, ReliabilityReduction: 0.01}
	o.Learning.OwnershipFloor = 0.5
	o.Fatigue = models.FatigueConfig{Window: week, Threshold: 2, HiringDelay: 8 * week, Onboarding: 4 * week}
	o.Incident.Severities = slices.Clone(o.Incident.Severities)
	for i := range o.Incident.Severities {
		o.Incident.Severities[i].Responders = 1
	}
	return o
}

const minimal = `horizon = "10w"
[org]
product_teams = 3
[design.collective]
`

func defaultOrg(t *testing.T) models.Org {
	t.Helper()
	s, err := Parse("minimal.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	return s.Org
}

// TestDefaults checks every documented default of a key left out.
func TestDefaults(t *testing.T) {
	s, err := Parse("dir/minimal.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "minimal" || s.Replications != 30 || s.Seed != 1 || s.Baseline != "collective" || s.MaxEvents != 0 {
		t.Errorf("top level: %q %d %d %q %d", s.Name, s.Replications, s.Seed, s.Baseline, s.MaxEvents)
	}
	o := s.Org
	m := 1.0 / 60
	want := models.Org{
		Name: "minimal", Horizon: 10 * week, Warmup: 0,
		ProductTeams: 3, EngineersPerTeam: 6, PlatformEngineering: 0.5,
		ProductTeam: models.TeamConfig{
			Kind: models.KindProduct, Calendar: "business", OnCall: true, RotationLength: week,
			Interrupts: "spread", Familiarity: 1, Runbooks: 1,
			FeatureRate: 1 / week, ToilRate: 20 / week, Saturated: true,
		},
		Services: models.ServicesConfig{
			PerTeam: 3, InfraPerTeam: 2, Graph: "scale-free", MeanDegree: 2, InfraShare: 0.3,
			Coupling: 0.1, CascadeDelay: 10 * m, FailoverTime: 0.5, Critical: 0.2, SLO: 0.999,
		},
		Work: models.WorkConfig{
			FeatureSize:   sim.DistSpec{Kind: "lognormal", Median: 24, P90: 80},
			ToilSize:      sim.DistSpec{Kind: "exponential", Mean: 2},
			ContextSwitch: 0.25, ChangeFailure: 0.05, ReferenceSize: 24, BatchExponent: 1.5,
		},
		Incident: models.IncidentConfig{
			Rate: 0.3 / week,
			Severities: []models.Severity{
				{Name: "SEV1", Share: 0.05, Effort: sim.DistSpec{Kind: "lognormal", Median: 2, P90: 8}, EscalateAfter: 1, Postmortem: true, Impact: 1},
				{Name: "SEV2", Share: 0.15, Effort: sim.DistSpec{Kind: "lognormal", Median: 1.5, P90: 6}, EscalateAfter: 4, Postmortem: true, Impact: 0.25},
				{Name: "SEV3", Share: 0.40, Effort: sim.DistSpec{Kind: "lognormal", Median: 1, P90: 4}, EscalateAfter: 24, Impact: 0.05},
				{Name: "SEV4", Share: 0.40, Effort: sim.DistSpec{Kind: "lognormal", Median: 0.5, P90: 2}, EscalateAfter: 72, Impact: 0.01},
			},
			Monitoring: 0.8, AlertDelay: 5 * m, CustomerDelay: 2, PMHours: 4, SeverityWeight: true,
		},
		Response: models.ResponseConfig{AckBusiness: 5 * m, AckAfterHours: 0.5, Handoff: 0.25, Misroute: 0.1, MisrouteCascade: 0.2,
			Triage: sim.DistSpec{Kind: "deterministic", Mean: 0.5}, AnswerWithin: 0.25},
		Learning: models.LearningConfig{Blameless: true, Effort: 4, Reduction: 0.03, Floor: 0.5},
		// The pipeline is off (a batch of one, no stage or gate); its
		// canary time and mitigation take their defaults for when a key
		// turns it on.
		Pipeline: models.PipelineConfig{Batch: 1, CanaryTime: 1, Mitigate: 10 * m},
	}
	if want = feedbackDefaults(want); !reflect.DeepEqual(o, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", o, want)
	}
	if len(s.Designs) != 1 || s.Designs[0].Preset != models.PresetCollective {
		t.Errorf("a design named after a preset takes it: %+v", s.Designs)
	}
}

// TestExplicitZero: a key written as 0 means 0, not "the default".
func TestExplicitZero(t *testing.T) {
	src := minimal + `[services]
coupling = 0
critical = 0.0
cascade_delay = "0"
[incidents]
monitoring = 0.0
alert_delay = 0
severity_weight = false
[response]
misroute = 0
ack = "0"
[learning]
blameless = false
reduction = 0
[work]
change_failure = 0
batch_exponent = 0
context_switch = "0"
`
	s, err := Parse("zero.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	o := s.Org
	for name, v := range map[string]float64{
		"coupling": o.Services.Coupling, "critical": o.Services.Critical, "cascade_delay": o.Services.CascadeDelay,
		"monitoring": o.Incident.Monitoring, "alert_delay": o.Incident.AlertDelay,
		"misroute": o.Response.Misroute, "ack": o.Response.AckBusiness, "reduction": o.Learning.Reduction,
		"change_failure": o.Work.ChangeFailure, "batch_exponent": o.Work.BatchExponent, "context_switch": o.Work.ContextSwitch,
	} {
		if v != 0 {
			t.Errorf("%s = %v, want 0", name, v)
		}
	}
	if o.Incident.SeverityWeight || o.Learning.Blameless || o.Work.Weinberg {
		t.Errorf("bools: %v %v %v", o.Incident.SeverityWeight, o.Learning.Blameless, o.Work.Weinberg)
	}
	// Keys not written keep their defaults.
	if o.Response.Handoff != 0.25 || o.Learning.Floor != 0.5 {
		t.Errorf("handoff %v floor %v", o.Response.Handoff, o.Learning.Floor)
	}
}

func TestDesignOrderIsFileOrder(t *testing.T) {
	src := `horizon = "1w"
[org]
product_teams = 1
[design.zeta]
preset = "collective"
[design.alpha]
preset = "sre"
[design.mid]
preset = "layered"
`
	s, err := Parse("order.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range s.Designs {
		names = append(names, d.Name)
	}
	if strings.Join(names, ",") != "zeta,alpha,mid" || s.Baseline != "zeta" {
		t.Errorf("designs %v baseline %q", names, s.Baseline)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.toml")
	if err := os.WriteFile(path, []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil || s.File != path || s.Name != "x" {
		t.Fatalf("Load = %+v, %v", s, err)
	}
	_, err = Load(filepath.Join(dir, "missing.toml"))
	if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, "missing.toml")+": cannot read") {
		t.Errorf("Load(missing) = %v", err)
	}
}

// TestLineOfIndexed checks the n-th-occurrence lookup that validation
// paths with array indices rely on.
func TestLineOfIndexed(t *testing.T) {
	src := []byte(`[[incidents.severity]]
share = 0.5
[[incidents.severity]]
name = "b"
[[incidents.severity]]
share = 0.2
effort = { dist = "x" }
[design.d]
[[design.d.route]]
chain = ["a"]
[[design.d.route]]
layer = "app"
chain = ["b"]
`)
	ix := indexKeys(src)
	for path, want := range map[string]int{
		"incidents.severity":               1,
		"incidents.severity.0.share":       2,
		"incidents.severity.1":             3,
		"incidents.severity.1.share":       3, // not written there: the element's header
		"incidents.severity.2.share":       6,
		"incidents.severity.2.effort":      7,
		"incidents.severity.2.effort.x":    7,
		"incidents.severity.7.share":       1,
		"design.d.route.1.chain":           13,
		"design.d.route.0.chain":           10,
		"design.d.route.1.chain.0":         13,
		"design.d":                         8,
		"nothing.here":                     0,
		"incidents.severity.2.effort.dist": 7,
	} {
		if got := ix.lineOfIndexed(splitPath(path)); got != want {
			t.Errorf("%s: line %d, want %d", path, got, want)
		}
	}
}

// TestConcurrentUse: the CLI parses and expands from several goroutines.
func TestConcurrentUse(t *testing.T) {
	src, _ := Bundled("growth.toml")
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			s, err := Parse("growth.toml", src)
			if err == nil {
				for _, p := range s.Points() {
					if _, err = s.Configs(p); err != nil {
						break
					}
				}
			}
			done <- err
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
