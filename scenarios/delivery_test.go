package scenarios

import (
	"reflect"
	"testing"

	"github.com/opsim/opsim/models"
)

// Bad values of the pipeline, coordination and cost keys, each an error
// naming file, line and field like every other key (and seeds of the fuzz
// corpus).
func init() {
	malformedCases = append(malformedCases, []malformedCase{
		{name: "negative batch", src: head + "[deploy]\nbatch = -1\n", line: 6, field: "deploy.batch", msg: "must be zero or more"},
		{name: "misspelt canary", src: head + "[deploy]\ncanry = 0.1\n", line: 6, field: "deploy.canry", msg: `did you mean "canary"?`},
		{name: "batch with a release train", src: head + "[deploy]\ncadence = \"1d\"\nbatch = 3\n", line: 7, field: "deploy.batch", msg: "has no effect with a release train"},
		{name: "stage without a name", src: head + "[[deploy.stage]]\ntime = \"1d\"\n", line: 5, field: "deploy.stage.0.name", msg: "is required"},
		{name: "stage catches more than all", src: head + "[[deploy.stage]]\nname = \"qa\"\ncatch = 1.5\n", line: 7, field: "deploy.stage.0.catch", msg: "is a probability"},
		{name: "canary catch without a canary", src: head + "[deploy]\ncanary_catch = 0.5\n", line: 6, field: "deploy.canary_catch", msg: "has no effect without a canary"},
		{name: "freeze longer than its period", src: head + "[change]\nfreeze_every = \"1w\"\nfreeze_length = \"2w\"\n", line: 7, field: "change.freeze_length", msg: "must be shorter"},
		{name: "talk takes the whole team", src: head + "[coordination]\nper_peer = 0.5\n", line: 6, field: "coordination.per_peer", msg: "would spend 250% of its planned work talking"},
		{name: "requests without a platform", src: head + "[coordination]\nplatform_requests = \"2/week\"\n", line: 6, field: "coordination.platform_requests", msg: "needs a platform team"},
		{name: "a team kind without a price", src: `horizon = "10w"
[org]
product_teams = 2
[costs]
engineer_year = { product = 150000 }
[design.centralized]
`, line: 5, field: "costs.engineer_year", msg: `has no rate for kind "ops"`},
		{name: "a price for no kind", src: head + "[costs]\nengineer_year = { product = 1, robots = 2 }\n", line: 6, field: "costs.engineer_year.robots", msg: "is not a team kind"},
		{name: "an SLA above 1", src: head + "[costs]\nsla = 99.9\n", line: 6, field: "costs.sla", msg: "between 0 and 1"},
	}...)
}

// TestDeliveryKeys: every key of [deploy], [[deploy.stage]], [change],
// [coordination] and [costs] reaches the model with its unit converted.
func TestDeliveryKeys(t *testing.T) {
	src := `horizon = "10w"
[org]
product_teams = 2
platform_team = 3
[deploy]
batch = 3
overhead = "2h"
canary = 0.05
canary_catch = 0.6
canary_time = "30m"
toggles = 0.5
rollback = true
mitigate = "5m"
rework = 0.25
[[deploy.stage]]
name = "staging"
time = "1d"
effort = "1h"
catch = 0.5
[change]
cab = "1w"
freeze_every = "52w"
freeze_length = "2w"
[coordination]
per_peer = 0.043
turnover = 0.13
onboarding = "2pw"
incident = "30m"
platform_requests = "2/week"
platform_blocking = true
[costs]
engineer_year = { product = 150000, platform = 160000 }
on_call_hour = 5
after_hours_page = 50
outage_minute_critical = 1000
outage_minute = 100
sla = 0.995
sla_credit = 2000
pm_hour = 120
[design.collective]
`
	sc, err := Parse("delivery.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := models.PipelineConfig{Batch: 3, Overhead: 2, Canary: 0.05, CanaryCatch: 0.6, CanaryTime: 0.5, Toggles: 0.5, Rollback: true,
		Mitigate: 5.0 / 60, Rework: 0.25, Stages: []models.StageConfig{{Name: "staging", Time: 24, Effort: 1, Catch: 0.5}},
		CAB: 168, FreezeEvery: 52 * 168, FreezeLength: 2 * 168}
	if got := sc.Org.Pipeline; !reflect.DeepEqual(got, want) {
		t.Errorf("pipeline\n got %+v\nwant %+v", got, want)
	}
	wantC := models.CoordinationConfig{PerPeer: 0.043, Turnover: 0.13, Onboarding: 80, Incident: 0.5, PlatformRequests: 2.0 / 168, PlatformBlocking: true}
	if got := sc.Org.Coordination; !reflect.DeepEqual(got, wantC) {
		t.Errorf("coordination\n got %+v\nwant %+v", got, wantC)
	}
	wantM := models.CostConfig{EngineerYear: map[string]float64{"product": 150000, "platform": 160000}, OnCallHour: 5, AfterHoursPage: 50,
		OutageMinuteCritical: 1000, OutageMinute: 100, SLA: 0.995, SLACredit: 2000, PMHour: 120}
	if got := sc.Org.Costs; !reflect.DeepEqual(got, wantM) {
		t.Errorf("costs\n got %+v\nwant %+v", got, wantM)
	}
	// Left out, every key leaves its mechanism off.
	plain, err := Parse("plain.toml", []byte(head))
	if err != nil {
		t.Fatal(err)
	}
	if p := plain.Org.Pipeline; p.On() || plain.Org.Costs.On() || plain.Org.Coordination != (models.CoordinationConfig{}) {
		t.Errorf("defaults turn something on: %+v %+v %+v", p, plain.Org.Coordination, plain.Org.Costs)
	}
}

// TestDeliveryScenarioShowsTheBatchTradeoff: the bundled delivery sweep
// shows what its comment says: throughput is lowest at one change per
// deploy (overhead) and falls again at thirty (defects), while lead time
// for changes and the change failure rate grow with every change added.
func TestDeliveryScenarioShowsTheBatchTradeoff(t *testing.T) {
	res := runBundled(t, "delivery.toml", nil, []int{0, 1, 2, 3}, 8) // 1, 3, 10, 30 changes a deploy
	for d, name := range []string{"centralized", "collective"} {
		var feat, lead, cfr []float64
		for p := range res {
			feat = append(feat, avg(values(res[p][d], "features_per_week")))
			lead = append(lead, avg(values(res[p][d], "change_lead_time_p50_h")))
			cfr = append(cfr, avg(values(res[p][d], "change_failure_frac")))
		}
		t.Logf("%s: features %.1f, lead time %.0f h, change failure rate %.2f, by batch 1, 3, 10, 30", name, feat, lead, cfr)
		best := max(feat[1], feat[2])
		if !(best > 1.05*feat[0] && best > 1.02*feat[3]) {
			t.Errorf("%s: throughput %.1f should peak at 3 or 10 changes a deploy, above 1 and 30", name, feat)
		}
		for p := 1; p < len(res); p++ {
			if !(lead[p] > lead[p-1] && cfr[p] > cfr[p-1]) {
				t.Errorf("%s: lead time %.0f and change failure rate %.2f should grow with the batch", name, lead, cfr)
				break
			}
		}
	}
}
