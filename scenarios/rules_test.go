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

// TestInstrumentWarnsBeforeTheBreak: instrument.toml's comments promise
// that ticket turnaround stays near its first value until the load is
// close to the break and then shoots up, while the ops team's utilisation
// and queue, the instruments, have already climbed two steps before it.
func TestInstrumentWarnsBeforeTheBreak(t *testing.T) {
	res := runBundled(t, "instrument.toml", nil, []int{0, 2, 5}, 8)
	low, early, broken := res[0][0], res[1][0], res[2][0]
	turn := func(rs []*models.Result) float64 { return avg(values(rs, "ticket_turnaround_mean_h")) }
	t.Logf("ticket turnaround %.1f -> %.1f -> %.1f h; ops utilisation %.2f -> %.2f; ops queue %.2f -> %.2f",
		turn(low), turn(early), turn(broken), avg(values(low, "ops_utilisation")), avg(values(early, "ops_utilisation")),
		avg(values(low, "ops_queue_mean")), avg(values(early, "ops_queue_mean")))
	if turn(early) > 1.25*turn(low) {
		t.Errorf("turnaround already %.1f h at 30 tickets a week against %.1f at 10: no quiet before the break", turn(early), turn(low))
	}
	if u := avg(values(early, "ops_utilisation")); u < 0.85 {
		t.Errorf("ops utilisation %.2f at 30 tickets a week: the instrument shows nothing yet", u)
	}
	if q0, q := avg(values(low, "ops_queue_mean")), avg(values(early, "ops_queue_mean")); q < 10*q0 {
		t.Errorf("ops queue %.2f at 30 tickets a week against %.2f at 10: the instrument shows nothing yet", q, q0)
	}
	if turn(broken) < 3*turn(low) {
		t.Errorf("turnaround %.1f h at 42 tickets a week against %.1f at 10: no break", turn(broken), turn(low))
	}
}

// TestProblemComponentDominates: problem.toml's comments promise that
// concentrating the same total incident rate on a few services makes the
// most-hit one take several times its share, lowers the worst service's
// availability and pages its owners at night more, while the
// organisation's total barely moves.
func TestProblemComponentDominates(t *testing.T) {
	res := runBundled(t, "problem.toml", nil, []int{0, 2}, 10)
	even, spread := res[0][0], res[1][0]
	m := func(rs []*models.Result, metric string) float64 { return avg(values(rs, metric)) }
	for _, c := range []struct {
		metric string
		ratio  float64 // spread over even must be beyond this (above 1: at least; below: at most)
	}{{"incident_share_top", 2.5}, {"after_hours_pages_max_eng_week", 1.5}} {
		if r := m(spread, c.metric) / m(even, c.metric); r < c.ratio {
			t.Errorf("%s: %.3f spread, %.3f even (ratio %.2f, want %v or more)", c.metric, m(spread, c.metric), m(even, c.metric), r, c.ratio)
		}
	}
	if m(spread, "availability_min") >= m(even, "availability_min") {
		t.Errorf("worst availability %.5f spread, %.5f even", m(spread, "availability_min"), m(even, "availability_min"))
	}
	if r := m(spread, "incidents_per_week") / m(even, "incidents_per_week"); math.Abs(r-1) > 0.15 {
		t.Errorf("total incidents moved by %.0f%% when only their spread changed", 100*(r-1))
	}
}

// TestNoSilverBullet: nosilverbullet.toml's comments promise that every
// design is beaten by another on at least one of restore time, features,
// night pages and headcount, by more than noise (paired).
func TestNoSilverBullet(t *testing.T) {
	res := runBundled(t, "nosilverbullet.toml", []string{"horizon=13w"}, []int{0}, 8)[0]
	sc := mustBundled(t, "nosilverbullet.toml")
	better := map[string]float64{"ttr_mean_h": -1, "features_per_week": +1, "after_hours_pages_per_eng_week": -1, "headcount": -1}
	for d := range res {
		var beaten []string
		for e := range res {
			for metric, dir := range better {
				diff, se := paired(res[d], res[e], metric) // e − d
				if diff*dir > 2.5*se && diff != 0 {
					beaten = append(beaten, sc.Designs[e].Name+" on "+metric)
				}
			}
		}
		t.Logf("%s is beaten by: %v", sc.Designs[d].Name, beaten)
		if len(beaten) == 0 {
			t.Errorf("%s beats or ties every other design on every measure: a silver bullet", sc.Designs[d].Name)
		}
	}
}

// TestBlamelessLearns: blameless.toml's comments promise that the blaming
// culture ends with about three times the incidents and open problems it
// never fixes, detects later, restores slower, escalates to customers more,
// and still ships about as many features (paired).
func TestBlamelessLearns(t *testing.T) {
	res := runBundled(t, "blameless.toml", []string{"horizon=26w"}, []int{0}, 8)[0]
	open, fear := res[0], res[1]
	for _, metric := range []string{"incidents_per_week", "open_problems_mean", "ttd_mean_h", "ttr_mean_h", "customer_escalations_per_week"} {
		expectChange(t, "blameless -> blaming", open, fear, metric, +1)
	}
	if r := avg(values(fear, "incidents_per_week")) / avg(values(open, "incidents_per_week")); r < 2 {
		t.Errorf("blaming culture has %.1f times the incidents; the comment says about three", r)
	}
	if f0, f1 := avg(values(open, "features_per_week")), avg(values(fear, "features_per_week")); f1 < 0.97*f0 {
		t.Errorf("features %.1f blaming against %.1f blameless: not about as many", f1, f0)
	}
}

// TestOverbuiltCostsBeforeItPays: overbuilt.toml's comments promise that
// at 3 teams the ops team built for 24 nearly doubles headcount, restores
// slower with more handoffs and sits mostly outside incident work, and
// that at 24 teams it is busy.
func TestOverbuiltCostsBeforeItPays(t *testing.T) {
	res := runBundled(t, "overbuilt.toml", []string{"horizon=13w"}, []int{0, 3}, 8)
	lean, ahead := res[0][0], res[0][1]
	if r := avg(values(ahead, "headcount")) / avg(values(lean, "headcount")); r < 1.8 {
		t.Errorf("headcount ratio %.2f at 3 teams, want nearly 2", r)
	}
	expectChange(t, "lean -> built ahead at 3 teams", lean, ahead, "ttr_mean_h", +1)
	expectChange(t, "lean -> built ahead at 3 teams", lean, ahead, "handoffs_per_incident", +1)
	if small, big := avg(values(ahead, "ops_utilisation")), avg(values(res[1][1], "ops_utilisation")); !(big > 0.85 && big > small+0.2) {
		t.Errorf("ops utilisation %.2f at 3 teams, %.2f at 24: want busy only at 24", small, big)
	}
}

// TestCouplingCosts: coupling.toml's comments promise that tight coupling
// costs cascade incidents, customer escalations and availability.
func TestCouplingCosts(t *testing.T) {
	res := runBundled(t, "coupling.toml", []string{"horizon=13w"}, []int{0, 3}, 8)
	for d := range res[0] {
		loose, tight := res[0][d], res[1][d]
		m := func(rs []*models.Result, metric string) float64 { return avg(values(rs, metric)) }
		t.Logf("design %d: cascades %.2f -> %.2f a week, escalations %.2f -> %.2f, availability %.5f -> %.5f", d,
			m(loose, "incidents_cascade_per_week"), m(tight, "incidents_cascade_per_week"),
			m(loose, "customer_escalations_per_week"), m(tight, "customer_escalations_per_week"), m(loose, "availability"), m(tight, "availability"))
		if !(m(tight, "incidents_cascade_per_week") > 5*m(loose, "incidents_cascade_per_week")) ||
			!(m(tight, "customer_escalations_per_week") > m(loose, "customer_escalations_per_week")) ||
			!(m(tight, "availability") < m(loose, "availability")) {
			t.Errorf("design %d: tight coupling does not cost what the comment says", d)
		}
	}
}
