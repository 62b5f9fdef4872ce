package models

import (
	"math"
	"testing"

	"github.com/opsim/opsim/sim"
)

// mmcOrg is one team of c engineers answering incidents and nothing else:
// every sociotechnical effect off. The model must reduce to M/M/c.
func mmcOrg(c int, lambda float64) (Org, Design) {
	org := Org{
		Name: "mmc", Horizon: 20_000, Warmup: 1_000,
		Teams: []TeamConfig{{Name: "pool", Kind: KindOps, Engineers: c, Calendar: AllHours, Crews: 1, Interrupts: "spread", Familiarity: 1, Runbooks: 1}},
		Services: ServicesConfig{
			List:  []ServiceConfig{{Name: "svc", Owner: "pool", Layer: LayerApp, IncidentRate: lambda}},
			Graph: "none", SLO: 0.5,
		},
		Incident: IncidentConfig{Rate: lambda, Monitoring: 1, Severities: []Severity{{Name: "sev", Share: 1, Effort: sim.DistSpec{Kind: "exponential", Mean: 1}, Impact: 1}}},
	}
	return org, Design{Name: "pool", Preset: PresetCustom, Routes: []Route{{Chain: []string{"pool"}}}}
}

// TestReducesToErlangC: with detection, acknowledgement, handoffs and
// switching off, the first-response wait is the M/M/c wait in queue and
// time to restore is Wq + 1/μ.
func TestReducesToErlangC(t *testing.T) {
	org, d := mmcOrg(5, 4.5)
	rs := runReps(t, org, d, 20, 3)
	wq := sim.ErlangC(5, 4.5) / (5 - 4.5)
	check := func(name string, want, maxRel float64) {
		xs := make([]float64, len(rs))
		for i, r := range rs {
			xs[i] = r.Value(name)
		}
		e := meanCI(xs)
		m, h := e.Mean, e.HalfWidth
		t.Logf("%s: %.4f ± %.4f (closed form %.4f)", name, m, h, want)
		if math.Abs(m-want) > h {
			t.Errorf("%s: closed form %.4f outside 95%% CI %.4f ± %.4f", name, want, m, h)
		}
		if h > maxRel*want {
			t.Errorf("%s: CI half-width %.4f above %.0f%% of %.4f", name, h, 100*maxRel, want)
		}
	}
	check("first_response_wait_h", wq, 0.08)
	check("ttr_mean_h", wq+1, 0.05)
	check("ops_interrupt_frac", 4.5/5, 0.01) // utilisation ρ
}
