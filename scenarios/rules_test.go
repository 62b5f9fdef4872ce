package scenarios

import (
	"math"
	"testing"

	"github.com/opsim/opsim/models"
)

// Each bundled scenario that shows a rule of seed 003 (Fred Wilson's eight
// rules for managing computer and people systems) promises an effect in
// its comments; these tests check that the effect is there, paired on
// common random numbers where designs are compared and distinguishable
// from noise, with few replications and short runs so that make test
// stays quick.

// paired is the mean of b−a over replications and its standard error.
func paired(a, b []*models.Result, metric string) (diff, se float64) {
	n := float64(len(a))
	var s, ss float64
	for i := range a {
		d := b[i].Value(metric) - a[i].Value(metric)
		s += d
		ss += d * d
	}
	diff = s / n
	return diff, math.Sqrt(math.Max(0, ss/n-diff*diff) / (n - 1))
}

// expectChange asserts that going from a to b moves metric in direction
// dir (+1 up, −1 down) by more than 2.5 standard errors.
func expectChange(t *testing.T, what string, a, b []*models.Result, metric string, dir float64) {
	t.Helper()
	d, se := paired(a, b, metric)
	t.Logf("%s: %s %.4f -> %.4f (paired change %+.4f, se %.4f)", what, metric, avg(values(a, metric)), avg(values(b, metric)), d, se)
	if math.IsNaN(d) || d*dir <= 2.5*se || d == 0 {
		t.Errorf("%s: %s should go %s: paired change %+.4f, se %.4f", what, metric, map[bool]string{true: "up", false: "down"}[dir > 0], d, se)
	}
}

// count is how many replications have metric equal to 1.
func count(rs []*models.Result, metric string) int {
	n := 0
	for _, r := range rs {
		if r.Value(metric) == 1 {
			n++
		}
	}
	return n
}

// TestFirefightingTipsAndStays: firefighting.toml's comments promise that
// without a load change nothing tips; at a x3 peak the 20%-reserve design
// splits into regimes (some replications tip, some do not: the report's
// "k of n tip") and keeping a third of the slots tips less; the
// replications that tipped stay worse after the load has gone (their
// incident rate after it, over before, is above that of every one that
// did not, and they take months to recover); and at x4 nearly all tip.
func TestFirefightingTipsAndStays(t *testing.T) {
	const reps = 12
	res := runBundled(t, "firefighting.toml", nil, []int{0, 3, 4}, reps)
	none, peak3, peak4 := res[0], res[1], res[2]
	for d, rs := range none {
		if n := count(rs, "tipped"); n != 0 {
			t.Errorf("design %d: %d of %d replications tip without any load change", d, n, reps)
		}
	}
	fifth, third := peak3[0], peak3[1]
	k := count(fifth, "tipped")
	t.Logf("x3: %d of %d tip with a fifth reserved, %d with a third", k, reps, count(third, "tipped"))
	if k == 0 || k == reps {
		t.Errorf("x3, a fifth reserved: %d of %d replications tip; want a split into regimes", k, reps)
	}
	expectChange(t, "x3, a third reserved instead of a fifth", fifth, third, "recurrence_ratio", -1)
	var tippedMin, calmMax, slowest float64 = math.Inf(1), 0, math.Inf(1)
	for _, r := range fifth {
		x := r.Value("post_load_rate_ratio")
		if r.Value("tipped") == 1 {
			tippedMin = math.Min(tippedMin, x)
			slowest = math.Min(slowest, r.Value("rate_recovery_d"))
		} else {
			calmMax = math.Max(calmMax, x)
		}
	}
	t.Logf("after the load: rate ratio >= %.2f where it tipped, <= %.2f where not; recovery >= %.0f days where it tipped", tippedMin, calmMax, slowest)
	if !(tippedMin > calmMax) || !(slowest >= 60) {
		t.Errorf("hysteresis: tipped replications' post-load rate ratio from %.2f, the others' up to %.2f; tipped recover after %.0f days or more", tippedMin, calmMax, slowest)
	}
	if n := count(peak4[0], "tipped"); n < reps*2/3 {
		t.Errorf("x4, a fifth reserved: only %d of %d replications tip", n, reps)
	}
}

// TestOverreactionIsUShaped: overreaction.toml's comments promise that a
// SEV1 worked alone restores slowest, three to five responders fastest,
// and the whole shift slower again; and that the whole shift makes the
// other incidents wait and costs the team working time.
func TestOverreactionIsUShaped(t *testing.T) {
	res := runBundled(t, "overreaction.toml", []string{"horizon=13w"}, []int{0}, 10)[0]
	one, three, five, all := res[0], res[1], res[2], res[3]
	expectChange(t, "one -> three", one, three, "ttr_SEV1_mean_h", -1)
	expectChange(t, "one -> five", one, five, "ttr_SEV1_mean_h", -1)
	expectChange(t, "five -> all", five, all, "ttr_SEV1_mean_h", +1)
	expectChange(t, "five -> all", five, all, "first_response_wait_h", +1)
	expectChange(t, "one -> all", one, all, "ops_interrupt_frac", +1)
}
