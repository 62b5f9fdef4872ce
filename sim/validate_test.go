package sim

import (
	"context"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// The engine must be right before it is rich: these tests check the queueing
// core against closed forms. Each asserts that the closed form lies inside
// the 95% confidence interval over independent replications AND that the
// interval is narrower than a stated bound, so a check cannot pass by being
// vague. Seeds are fixed, so the tests are repeatable.

const validationReps = 24

// meanCI is the mean and 95% Student-t half-width of xs.
func meanCI(xs []float64) (mean, half float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	return mean, t * sd / math.Sqrt(n)
}

// checkCI fails unless want is inside the CI of xs and the half-width is at
// most maxRel of want.
func checkCI(t *testing.T, name string, xs []float64, want, maxRel float64) {
	t.Helper()
	m, h := meanCI(xs)
	t.Logf("%s: %.4f ± %.4f (closed form %.4f, half-width %.2f%%)", name, m, h, want, 100*h/want)
	if math.Abs(m-want) > h {
		t.Errorf("%s: closed form %.4f outside 95%% CI %.4f ± %.4f", name, want, m, h)
	}
	if h > maxRel*want {
		t.Errorf("%s: CI half-width %.4f exceeds %.1f%% of %.4f: too few replications to validate", name, h, 100*maxRel, want)
	}
}

// replicateQueue runs validationReps replications of a queue in parallel.
func replicateQueue(t *testing.T, seed uint64, mu float64, c int, classes []qclass, preemptive bool, warmup, horizon float64) []qstats {
	t.Helper()
	out, err := Replicate(context.Background(), validationReps, ReplicateOptions{}, func(_ context.Context, i int) (qstats, error) {
		q := newQueue(seed, fmt.Sprintf("rep=%d", i), mu, c, classes, preemptive)
		return q.run(warmup, horizon)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func column(st []qstats, f func(qstats) float64) []float64 {
	xs := make([]float64, len(st))
	for i, s := range st {
		xs[i] = f(s)
	}
	return xs
}

func TestErlangCFormula(t *testing.T) {
	// Textbook values: c=2, a=1 → 1/3; c=1 reduces to ρ.
	for _, tc := range []struct {
		c    int
		a    float64
		want float64
	}{{1, 0.8, 0.8}, {2, 1, 1.0 / 3}, {5, 4.5, 0.7625}} {
		if got := ErlangC(tc.c, tc.a); math.Abs(got-tc.want) > 5e-4 {
			t.Errorf("ErlangC(%d, %v) = %v, want %v", tc.c, tc.a, got, tc.want)
		}
	}
}

func TestMM1(t *testing.T) {
	lambda, mu := 0.8, 1.0
	rho := lambda / mu
	st := replicateQueue(t, 1, mu, 1, []qclass{{lambda, 0}}, false, 2_000, 60_000)
	checkCI(t, "Wq", column(st, func(s qstats) float64 { return s.Wq[0] }), rho/(mu-lambda), 0.06)
	checkCI(t, "W", column(st, func(s qstats) float64 { return s.W[0] }), 1/(mu-lambda), 0.05)
	checkCI(t, "L", column(st, func(s qstats) float64 { return s.L }), rho/(1-rho), 0.05)
	checkCI(t, "Lq", column(st, func(s qstats) float64 { return s.Lq }), rho*rho/(1-rho), 0.06)
}

func TestMMcErlangC(t *testing.T) {
	for _, tc := range []struct {
		c              int
		lambda, mu     float64
		horizon        float64
		maxRelP, maxWq float64
	}{
		{c: 2, lambda: 1, mu: 1, horizon: 40_000, maxRelP: 0.03, maxWq: 0.05},
		{c: 5, lambda: 4.5, mu: 1, horizon: 40_000, maxRelP: 0.03, maxWq: 0.08}, // ρ = 0.9
	} {
		t.Run(fmt.Sprintf("M/M/%d rho=%.2f", tc.c, tc.lambda/(float64(tc.c)*tc.mu)), func(t *testing.T) {
			a := tc.lambda / tc.mu
			pw := ErlangC(tc.c, a)
			wq := pw / (float64(tc.c)*tc.mu - tc.lambda)
			st := replicateQueue(t, 7, tc.mu, tc.c, []qclass{{tc.lambda, 0}}, false, 1_000, tc.horizon)
			checkCI(t, "P(wait)", column(st, func(s qstats) float64 { return s.Pwait }), pw, tc.maxRelP)
			checkCI(t, "Wq", column(st, func(s qstats) float64 { return s.Wq[0] }), wq, tc.maxWq)
		})
	}
}

// Pages preempt feature work: two-class preemptive-resume M/M/1 with equal
// service rates has T1 = (1/μ)/(1−ρ1) and
// T2 = (1/μ)/(1−ρ1) + (ρ/μ)/((1−ρ1)(1−ρ)).
func TestPreemptiveResumePriority(t *testing.T) {
	l1, l2, mu := 0.3, 0.5, 1.0
	r1, r := l1/mu, (l1+l2)/mu
	t1 := (1 / mu) / (1 - r1)
	t2 := (1/mu)/(1-r1) + (r/mu)/((1-r1)*(1-r))
	st := replicateQueue(t, 3, mu, 1, []qclass{{l1, 0}, {l2, 1}}, true, 2_000, 60_000)
	checkCI(t, "T1 (high priority)", column(st, func(s qstats) float64 { return s.W[0] }), t1, 0.03)
	checkCI(t, "T2 (low priority)", column(st, func(s qstats) float64 { return s.W[1] }), t2, 0.06)
	for _, s := range st {
		if s.Preempt == 0 {
			t.Fatal("no preemptions recorded in a preemptive priority queue")
		}
	}
	// Without preemption the high class must do worse: a page waits for the
	// feature in progress (non-preemptive priority, Cobham's formula).
	np := replicateQueue(t, 3, mu, 1, []qclass{{l1, 0}, {l2, 1}}, false, 2_000, 60_000)
	w0 := r / mu // mean residual work λE[S²]/2 with exponential service
	checkCI(t, "T1 non-preemptive", column(np, func(s qstats) float64 { return s.W[0] }), w0/(1-r1)+1/mu, 0.03)
}

// Little's law L = λW must hold on the simulator's own output.
func TestLittlesLaw(t *testing.T) {
	st := replicateQueue(t, 11, 1, 3, []qclass{{1.2, 0}, {1.2, 1}}, true, 500, 30_000)
	for i, s := range st {
		lw := s.Lambda * s.Wall
		if rel := math.Abs(s.L-lw) / s.L; rel > 0.02 {
			t.Errorf("rep %d: L = %.4f but λW = %.4f (%.2f%% apart)", i, s.L, lw, 100*rel)
		}
	}
}
