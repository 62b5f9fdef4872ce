package scenarios

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// TestMMCScenarioReproducesErlangC runs the bundled mmc.toml end to end,
// file to metrics: one team of 5, λ = 4.5/h, μ = 1/h, every sociotechnical
// effect off. The first-response wait must be the M/M/5 wait in queue, and
// the CI must be tight enough to tell.
func TestMMCScenarioReproducesErlangC(t *testing.T) {
	sc, err := Load("mmc.toml")
	if err != nil {
		t.Fatal(err)
	}
	pts := sc.Points()
	cfgs, err := sc.Configs(pts[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(cfgs) != 1 {
		t.Fatalf("%d designs, want 1", len(cfgs))
	}
	out, err := sim.Replicate(context.Background(), sc.Replications, sim.ReplicateOptions{}, func(ctx context.Context, i int) (*models.Result, error) {
		return models.Run(ctx, cfgs[0], sim.NewStreams(sc.Seed, fmt.Sprintf("point=0/rep=%d", i)))
	})
	if err != nil {
		t.Fatal(err)
	}
	const c, lambda = 5, 4.5
	wq := sim.ErlangC(c, lambda) / (c - lambda)

	for _, tc := range []struct {
		metric string
		want   float64
		maxRel float64
	}{
		{"first_response_wait_h", wq, 0.08},
		{"ttr_mean_h", wq + 1, 0.05},
		{"ops_utilisation", lambda / c, 0.01},
	} {
		xs := make([]float64, len(out))
		for i, r := range out {
			xs[i] = r.Value(tc.metric)
		}
		e := analysis.MeanCI(xs, 0.95)
		mean, half := e.Mean, e.HalfWidth
		t.Logf("%s: %.4f ± %.4f, closed form %.4f", tc.metric, mean, half, tc.want)
		if math.Abs(mean-tc.want) > half {
			t.Errorf("%s: closed form %.4f outside the 95%% CI %.4f ± %.4f", tc.metric, tc.want, mean, half)
		}
		if half > tc.maxRel*tc.want {
			t.Errorf("%s: CI half-width %.4f above %.0f%% of %.4f", tc.metric, half, 100*tc.maxRel, tc.want)
		}
	}
}
