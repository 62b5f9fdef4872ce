package scenarios

import (
	"math"
	"testing"

	"github.com/opsim/opsim/models"
)

// TestDefaultIsCalibrated pins the bands the default organisation is
// calibrated to, so that a later change that breaks the calibration fails
// here rather than in a reader's head:
//
//   - product teams owning their services spend 15-35% of their working
//     time on unplanned work (DORA 2016: 21% for high performers, 27-32%
//     for the rest);
//   - the designs' feature throughputs differ distinguishably, by 1% or
//     more: the trade-off users come for exists (which way is the model's
//     business);
//   - in the better design at least half the services meet a 99.9% SLO over
//     28-day windows;
//   - changes fail at most one time in five (DORA 2024's high band: 20% or
//     less; counted here as change incidents per product feature shipped,
//     an upper bound, since platform deploys are left out of the
//     denominator), restores take under a day and each team deploys at
//     least weekly;
//   - nobody is paged more than twice a 12-hour shift (the SRE book);
//   - the ops, platform and SRE teams are 40-85% busy.
func TestDefaultIsCalibrated(t *testing.T) {
	res := runBundled(t, "default.toml", []string{"replications=10"}, []int{0}, 10)[0]
	sc := mustBundled(t, "default.toml")
	byName := map[string][]*models.Result{}
	for d, rs := range res {
		byName[sc.Designs[d].Name] = rs
	}
	mean := func(design, metric string) float64 { return avg(values(byName[design], metric)) }
	band := func(what string, x, lo, hi float64) {
		t.Logf("%s: %.4f (band %v..%v)", what, x, lo, hi)
		if !(x >= lo && x <= hi) {
			t.Errorf("%s = %.4f, outside the calibrated band [%v, %v]", what, x, lo, hi)
		}
	}
	band("collective: product teams' unplanned share", mean("collective", "product_unplanned_frac"), 0.15, 0.35)

	// Feature throughput, paired on common random numbers.
	cen, col := values(byName["centralized"], "features_per_week"), values(byName["collective"], "features_per_week")
	diff := make([]float64, len(cen))
	for i := range cen {
		diff[i] = col[i] - cen[i]
	}
	d, s := avg(diff), 0.0
	for _, x := range diff {
		s += (x - d) * (x - d)
	}
	hw := 2.262 * math.Sqrt(s/float64(len(diff)-1)/float64(len(diff))) // t(0.975, 9)
	t.Logf("features: collective - centralized = %.2f ± %.2f a week (%.1f%%)", d, hw, 100*d/avg(cen))
	if math.Abs(d) <= hw || math.Abs(d/avg(cen)) < 0.01 {
		t.Errorf("feature throughput differs by %.2f ± %.2f a week (%.2f%%): not a distinguishable trade-off of 1%% or more", d, hw, 100*d/avg(cen))
	}

	best := 0.0
	for name := range byName {
		best = math.Max(best, mean(name, "slo_attainment"))
	}
	band("better design: service windows meeting a 99.9% SLO", best, 0.5, 1)
	for name := range byName {
		band(name+": change incidents per feature shipped", mean(name, "incidents_change_per_week")/mean(name, "features_per_week"), 0, 0.2)
		band(name+": mean time to restore (h)", mean(name, "ttr_mean_h"), 0, 24)
		band(name+": features per product team per week", mean(name, "features_per_week")/8, 1, 35)
		band(name+": pages per 12-hour shift, most-paged team", mean(name, "pages_per_shift_max"), 0, 2)
	}
	band("ops utilisation", mean("centralized", "ops_utilisation"), 0.4, 0.85)
	band("platform utilisation", mean("collective", "platform_utilisation"), 0.4, 0.85)
	band("SRE utilisation", mean("sre", "sre_utilisation"), 0.4, 0.85)
}
