package scenarios

import (
	"reflect"
	"strings"
	"testing"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

func TestEverySettingReachesModels(t *testing.T) {
	src := `name = "full"
horizon = "2w"
warmup = "1d"
replications = 5
seed = 0
baseline = "b"
max_events = 1000

[org]
product_teams = 2
engineers_per_team = 4
platform_team = 3
calendar = "24x7"
crews = 2
feature_rate = "2/week"
wip_limit = 3
toil_rate = "1/day"
interrupts = "shield"
rotation = "3d"
secondary = true
familiarity = 1.2
runbooks = 0.7

[[org.team]]
name = "desk"
kind = "desk"
engineers = 2

[[org.team]]
name = "builders"
kind = "product"
engineers = 3
calendar = "business"
crews = 0
on_call = false
rotation = "2w"
secondary = true
interrupts = "shield"
familiarity = 1.1
runbooks = 0.9
feature_rate = "3/week"
wip_limit = 2
toil_rate = "0"

[services]
graph = { kind = "random", mean_degree = 1.5, infra_share = 0.1 }
coupling = 0.2
cascade_delay = "1h"
incident_rate = "1/week"
rate_spread = 1.5
critical = 0.3
slo = 0.99

[[services.service]]
name = "a"
owner = "builders"
layer = "infra"
incident_rate = "2/week"
critical = true
slo = 0.9

[[services.service]]
name = "b"
owner = "desk"

[[services.edge]]
from = "b"
to = "a"
coupling = 0.5

[[services.edge]]
from = "a"
to = "b2"

[work]
feature_size = { dist = "gamma", shape = 2, scale = "1pd" }
toil_size = { dist = "empirical", values = ["1h", "2h", "30m"] }
context_switch = "weinberg"
change_failure = 0.2
reference_size = "1pw"
batch_exponent = 1

[incidents]
monitoring = 0.5
alert_delay = "1m"
customer_delay = "1d"
pm_hours = "1h"
severity_weight = false

[[incidents.severity]]
name = "major"
share = 0.25
effort = { dist = "triangular", min = "1h", mode = "2h", max = "5h" }
escalate_after = "2h"
postmortem = true
impact = 0.5

[[incidents.severity]]
share = 0.75
effort = { dist = "lognormal", mean = "1h", cv = 0.5 }

[response]
ack = "1m"
ack_after_hours = "1h"
handoff = "5m"
misroute = 0.3
misroute_cascade = 0.1
triage = "10m"

[learning]
blameless = true
postmortem_effort = "2h"
reduction = 0.1
floor = 0.2

[design.a]
preset = "centralized"
ops_team_size = 6
ops_crews = 3
ops_runbooks = 0.4
ops_familiarity = 1.5
interrupts = "spread"
on_call = false
secondary = false
toil_to = "desk"

[design.b]
preset = "sre"
sre_team_size = 4
sre_runbooks = 0.6
sre_familiarity = 1.2

[design.c]
[[design.c.route]]
layer = "infra"
critical = true
chain = ["desk", "owner"]
`
	// b2 does not exist: fix that edge, then the file must be valid.
	if _, err := Parse("full.toml", []byte(src)); err == nil || !strings.Contains(err.Error(), `full.toml:73: services.edge.1.to: no service named "b2"`) {
		t.Fatalf("want the b2 error, got %v", err)
	}
	src = strings.Replace(src, `to = "b2"`, `to = "b"`, 1)
	s, err := Parse("full.toml", []byte(strings.Replace(src, "[[services.edge]]\nfrom = \"a\"\nto = \"b\"\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "full" || s.Replications != 5 || s.Seed != 0 || s.Baseline != "b" || s.MaxEvents != 1000 {
		t.Errorf("top: %+v", s)
	}
	o := s.Org
	if o.Horizon != 2*week || o.Warmup != 24 || o.PlatformTeamSize != 3 || o.EngineersPerTeam != 4 {
		t.Errorf("org sizes %+v", o)
	}
	pt := o.ProductTeam
	if pt.Calendar != "24x7" || pt.Crews != 2 || pt.WIPLimit != 3 || !near(pt.ToilRate, 1.0/24) || pt.Interrupts != "shield" ||
		pt.RotationLength != 72 || !pt.Secondary || pt.Familiarity != 1.2 || pt.Runbooks != 0.7 || !near(pt.FeatureRate, 2/week) {
		t.Errorf("product template %+v", pt)
	}
	desk, builders := o.Teams[0], o.Teams[1]
	wantDesk := models.TeamConfig{Name: "desk", Kind: "desk", Engineers: 2, Calendar: "business", OnCall: true,
		RotationLength: week, Interrupts: "spread", Familiarity: 2, Runbooks: 0.3, ToilRate: 1.0 / 24}
	if !reflect.DeepEqual(desk, wantDesk) {
		t.Errorf("desk kind defaults:\n got %+v\nwant %+v", desk, wantDesk)
	}
	wantB := models.TeamConfig{Name: "builders", Kind: "product", Engineers: 3, Calendar: "business", OnCall: false,
		RotationLength: 2 * week, Secondary: true, Interrupts: "shield", Familiarity: 1.1, Runbooks: 0.9,
		FeatureRate: 3 / week, Saturated: true, WIPLimit: 2}
	if !reflect.DeepEqual(builders, wantB) {
		t.Errorf("builders:\n got %+v\nwant %+v", builders, wantB)
	}
	sv := o.Services
	if sv.Graph != "random" || sv.MeanDegree != 1.5 || sv.InfraShare != 0.1 || sv.Coupling != 0.2 || sv.CascadeDelay != 1 ||
		!near(o.Incident.Rate, 1/week) || sv.RateSpread != 1.5 || sv.Critical != 0.3 || sv.SLO != 0.99 {
		t.Errorf("services %+v", sv)
	}
	wantList := []models.ServiceConfig{
		{Name: "a", Owner: "builders", Layer: "infra", IncidentRate: 2 / week, Critical: true, SLO: 0.9},
		{Name: "b", Owner: "desk", Layer: "app", IncidentRate: 1 / week, SLO: 0.99},
	}
	if !reflect.DeepEqual(sv.List, wantList) {
		t.Errorf("service list %+v", sv.List)
	}
	if !reflect.DeepEqual(sv.Edges, []models.EdgeConfig{{From: "b", To: "a", Coupling: 0.5}}) {
		t.Errorf("edges %+v", sv.Edges)
	}
	w := o.Work
	if !reflect.DeepEqual(w.FeatureSize, sim.DistSpec{Kind: "gamma", Shape: 2, Scale: 8}) ||
		!reflect.DeepEqual(w.ToilSize, sim.DistSpec{Kind: "empirical", Values: []float64{1, 2, 0.5}}) ||
		!w.Weinberg || w.ContextSwitch != 0 || w.ChangeFailure != 0.2 || w.ReferenceSize != 40 || w.BatchExponent != 1 {
		t.Errorf("work %+v", w)
	}
	in := o.Incident
	wantSev := []models.Severity{
		{Name: "major", Share: 0.25, Effort: sim.DistSpec{Kind: "triangular", Min: 1, Mode: 2, Max: 5}, EscalateAfter: 2, Postmortem: true, Impact: 0.5, Responders: 1},
		{Name: "SEV2", Share: 0.75, Effort: sim.DistSpec{Kind: "lognormal", Mean: 1, CV: 0.5}, EscalateAfter: 24, Impact: 1, Responders: 1},
	}
	if !reflect.DeepEqual(in.Severities, wantSev) || in.Monitoring != 0.5 || in.AlertDelay != 1.0/60 || in.CustomerDelay != 24 ||
		in.PMHours != 1 || in.SeverityWeight {
		t.Errorf("incidents %+v", in)
	}
	r := o.Response
	if !reflect.DeepEqual(r, models.ResponseConfig{AckBusiness: 1.0 / 60, AckAfterHours: 1, Handoff: 5.0 / 60, Misroute: 0.3, MisrouteCascade: 0.1,
		Triage: sim.DistSpec{Kind: "deterministic", Mean: 10.0 / 60}, AnswerWithin: 0.25}) {
		t.Errorf("response %+v", r)
	}
	if o.Learning != (models.LearningConfig{Blameless: true, Effort: 2, Reduction: 0.1, Floor: 0.2, OwnershipFloor: 0.5}) {
		t.Errorf("learning %+v", o.Learning)
	}
	no, yes := false, true
	wantDesigns := []models.Design{
		{Name: "a", Preset: "centralized", OpsTeamSize: 6, OpsCrews: 3, OpsRunbooks: 0.4, OpsFamiliarity: 1.5,
			Interrupts: "spread", OnCall: &no, Secondary: &no, ToilTo: "desk"},
		{Name: "b", Preset: "sre", SRETeamSize: 4, SRERunbooks: 0.6, SREFamiliarity: 1.2},
		{Name: "c", Preset: "custom", Routes: []models.Route{{Layer: "infra", Critical: &yes, Chain: []string{"desk", "owner"}}}},
	}
	if !reflect.DeepEqual(s.Designs, wantDesigns) {
		t.Errorf("designs:\n got %+v\nwant %+v", s.Designs, wantDesigns)
	}
	cfgs, err := s.Configs(s.Points()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cfgs {
		if c.MaxEvents != 1000 {
			t.Errorf("%s: MaxEvents %d", c.Name, c.MaxEvents)
		}
	}
}
