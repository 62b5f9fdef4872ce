package models

import (
	"slices"
	"testing"
)

// TestSwarmMatchesItsClosedForm: a 24×7 team of 8 answering rare
// incidents (no queue, no detection or acknowledgement delay) restores
// each in the time of one responder's part, effort·(1/n + c·(n−1)/2):
// with exponential efforts of mean 1 and c = 0.08, 1 for one responder,
// 0.36 for five and 0.405 for eight. Time to restore is U-shaped in the
// number pulled in, and every extra responder costs the team working time
// (its interrupt share grows) although it restores sooner.
func TestSwarmMatchesItsClosedForm(t *testing.T) {
	org, d := mmcOrg(8, 0.01)
	org.Swarm.ChannelCost = 0.08
	var shares []float64
	var runs [][]*Result
	for _, n := range []int{1, 5, 8} {
		o := org
		o.Incident.Severities = slices.Clone(o.Incident.Severities)
		o.Incident.Severities[0].Responders = n
		rs := runReps(t, o, d, 10, 301)
		c := 0.08
		ciCheck(t, rs, "ttr_mean_h", 1/float64(n)+c*float64(n-1)/2)
		shares = append(shares, mean(rs, "ops_interrupt_frac"))
		runs = append(runs, rs)
	}
	expect(t, runs[0], runs[1], "ttr_mean_h", -1) // five restore faster than one ...
	expect(t, runs[1], runs[2], "ttr_mean_h", +1) // ... and eight slower than five
	t.Logf("interrupt share with 1, 5, 8 responders: %.4f %.4f %.4f", shares[0], shares[1], shares[2])
	if !(shares[0] < shares[1] && shares[1] < shares[2]) {
		t.Errorf("interrupt share %v: every responder pulled in should cost working time", shares)
	}
}
