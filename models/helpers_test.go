package models

import (
	"context"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/opsim/opsim/sim"
)

// smallOrg is a small but complete organisation for mechanism tests: every
// effect on, at rates that make each visible within a simulated half year.
func smallOrg() Org {
	sevs := []Severity{
		{Name: "sev1", Share: 0.1, Effort: sim.DistSpec{Kind: "lognormal", Median: 2, P90: 8}, EscalateAfter: 1, Postmortem: true, Impact: 1},
		{Name: "sev2", Share: 0.3, Effort: sim.DistSpec{Kind: "lognormal", Median: 1.5, P90: 6}, EscalateAfter: 4, Postmortem: true, Impact: 0.5},
		{Name: "sev3", Share: 0.6, Effort: sim.DistSpec{Kind: "lognormal", Median: 1, P90: 4}, EscalateAfter: 24, Impact: 0.2},
	}
	return Org{
		Name: "small", Horizon: 26 * week, Warmup: 2 * week,
		ProductTeams: 4, EngineersPerTeam: 5, PlatformTeamSize: 3,
		ProductTeam: TeamConfig{FeatureRate: 1.5 / week, ToilRate: 2 / week, Runbooks: 1, Familiarity: 1},
		Services: ServicesConfig{PerTeam: 3, InfraPerTeam: 2, Graph: "scale-free", MeanDegree: 1.5, InfraShare: 0.3,
			Coupling: 0.15, CascadeDelay: 1.0 / 6, Critical: 0.2, SLO: 0.999},
		Work: WorkConfig{FeatureSize: sim.DistSpec{Kind: "lognormal", Median: 24, P90: 80}, ToilSize: sim.DistSpec{Kind: "exponential", Mean: 2},
			ContextSwitch: 1.0 / 3, ChangeFailure: 0.05, ReferenceSize: 24, BatchExponent: 0.5},
		Incident: IncidentConfig{Rate: 0.5 / week, Severities: sevs, Monitoring: 0.8, AlertDelay: 5.0 / 60, CustomerDelay: 2, PMHours: 4},
		Response: ResponseConfig{AckBusiness: 5.0 / 60, AckAfterHours: 0.5, Handoff: 0.25, Misroute: 0.1, MisrouteCascade: 0.2, Triage: sim.DistSpec{Kind: "deterministic", Mean: 0.5}},
		Learning: LearningConfig{Blameless: true, Effort: 4, Reduction: 0.03, Floor: 0.5},
	}
}

// runReps runs n replications of org under design d with common random
// numbers across designs (the stream identity leaves the design out).
func runReps(t testing.TB, org Org, d Design, n int, seed uint64) []*Result {
	t.Helper()
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sim.Replicate(context.Background(), n, sim.ReplicateOptions{}, func(ctx context.Context, i int) (*Result, error) {
		return Run(ctx, cfg, sim.NewStreams(seed, fmt.Sprintf("rep=%d", i)))
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// interval is a mean and the half-width of its 95% Student-t interval.
type interval struct{ Mean, HalfWidth float64 }

// meanCI is the 95% t interval of xs. The model's tests keep their own,
// rather than import analysis: analysis reads the model's measures
// registry, and a package's tests must not import what imports it.
func meanCI(xs []float64) interval {
	n := float64(len(xs))
	var s, ss float64
	for _, x := range xs {
		s += x
	}
	mean := s / n
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	return interval{mean, tq * math.Sqrt(ss/(n-1)/n)}
}

// mean of a metric over replications.
func mean(rs []*Result, name string) float64 {
	var s float64
	for _, r := range rs {
		s += r.Value(name)
	}
	return s / float64(len(rs))
}

// shareSum is what a team's shares of working time add up to: every work
// category, switching and idle time.
func shareSum(tr TeamResult) float64 {
	return tr.Planned + tr.Interrupt + tr.Toil + tr.Learning + tr.Release + tr.Rework + tr.Coord + tr.Improve + tr.Switch + tr.Idle
}
