package models

import (
	"math"
	"testing"
)

// TestTimeSplitAddsUp: for a team that is always at work (24×7, one crew,
// so no work at home at night), every engineer-hour is planned, interrupt,
// toil, learning, improvement, switching or idle, and the shares add up to
// exactly 1, with every feedback mechanism on too.
func TestTimeSplitAddsUp(t *testing.T) {
	org := smallOrg()
	org.ProductTeam.Calendar, org.ProductTeam.Crews = AllHours, 1
	org.ProductTeam.FeatureRate = 6.0 / week
	org.PlatformTeamSize = 0
	org.Services.InfraPerTeam = 0
	for _, d := range []Design{collective, {Name: "weinberg", Preset: PresetCollective}, {Name: "feedback", Preset: PresetCollective}} {
		o := org
		o.Work.Weinberg = d.Name == "weinberg"
		if d.Name == "feedback" {
			o = withFeedback(o)
		}
		for i, r := range runReps(t, o, d, 3, 31) {
			for _, tr := range r.Teams {
				sum := shareSum(tr)
				if math.Abs(sum-1) > 1e-9 || tr.Idle < 0 {
					t.Errorf("%s rep %d team %s: shares %+v add up to %v", d.Name, i, tr.Name, tr, sum)
				}
			}
		}
	}
}

// TestLittlesLawOnTheModel: the model's own time-average queue and mean
// wait obey L = λW, with λ the incidents that reached the queue.
func TestLittlesLawOnTheModel(t *testing.T) {
	org, d := mmcOrg(3, 2.4)
	org.Horizon = 5_000
	for i, r := range runReps(t, org, d, 6, 41) {
		lambda := r.Value("incidents_per_week") / week
		l, w := r.Value("queue_mean"), r.Value("first_response_wait_h")
		if rel := math.Abs(l-lambda*w) / l; rel > 0.02 {
			t.Errorf("rep %d: queue %.4f but λW = %.4f (%.1f%% apart)", i, l, lambda*w, 100*rel)
		}
	}
}
