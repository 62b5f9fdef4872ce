package models

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/opsim/opsim/sim"
)

// The tests of this file pin what the model must get right before any of
// its numbers are worth printing: availability that is a probability, time
// accounting that adds up exactly, learning only from work done, symptoms
// that cannot outlive... nor beat their cause, and rates that spread
// without changing the total.

// ciCheck asserts a closed form lies in the 95% CI of a metric over rs.
func ciCheck(t *testing.T, rs []*Result, metric string, want float64) {
	t.Helper()
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = r.Value(metric)
	}
	e := meanCI(xs)
	t.Logf("%s: %.4f ± %.4f (closed form %.4f)", metric, e.Mean, e.HalfWidth, want)
	if math.Abs(e.Mean-want) > e.HalfWidth {
		t.Errorf("%s: closed form %.4f outside the 95%% CI %.4f ± %.4f", metric, want, e.Mean, e.HalfWidth)
	}
}

// TestAvailabilityIsPNoIncidentOpen: one service, Poisson incidents, one
// responder, exponential effort, impact 1 and every other effect off is an
// M/M/1 queue, and the service is available exactly when nobody is in it:
// availability = 1 − ρ.
func TestAvailabilityIsPNoIncidentOpen(t *testing.T) {
	for _, rho := range []float64{0.3, 0.7} {
		org, d := mmcOrg(1, rho)
		rs := runReps(t, org, d, 16, 51)
		ciCheck(t, rs, "availability", 1-rho)
		ciCheck(t, rs, "customer_availability", 1-rho) // the one service is customer-facing
	}
}

// TestSharesAndAvailabilityStayInRange: overlapping incidents on one
// service, a heavy-tailed spread of rates and a badly overloaded team must
// still give availabilities and shares within [0, 1].
func TestSharesAndAvailabilityStayInRange(t *testing.T) {
	spread := smallOrg()
	spread.Services.RateSpread = 3
	busy := smallOrg()
	busy.Incident.Rate *= 12
	busy.ProductTeam.FeatureRate *= 3
	for name, org := range map[string]Org{"spread": spread, "busy": busy} {
		for _, d := range []Design{collective, {Name: "centralized", Preset: PresetCentralized}} {
			for _, r := range runReps(t, org, d, 3, 52) {
				for _, m := range r.Metrics {
					if isShare(m.Name) && !math.IsNaN(m.Value) && (m.Value < 0 || m.Value > 1) {
						t.Errorf("%s/%s: %s = %v outside [0, 1]", name, d.Name, m.Name, m.Value)
					}
				}
				for _, s := range r.Services {
					if s.Availability < 0 || s.Availability > 1 {
						t.Errorf("%s/%s: service %s availability %v", name, d.Name, s.Name, s.Availability)
					}
				}
				for _, tr := range r.Teams {
					sum := shareSum(tr)
					if math.Abs(sum-1) > 1e-9 || tr.Utilisation > 1+1e-9 {
						t.Errorf("%s/%s: team %s shares add up to %v, utilisation %v", name, d.Name, tr.Name, sum, tr.Utilisation)
					}
				}
			}
		}
	}
}

func isShare(name string) bool {
	for _, suffix := range []string{"_frac", "availability", "slo_attainment", "_utilisation", "_pwait", "incident_share_top"} {
		if len(name) >= len(suffix) && name[len(name)-len(suffix):] == suffix {
			return true
		}
	}
	return name == "unstable"
}

// TestCustomerImpactCountsAHubOnce: a hub whose every outage takes its
// three customer-facing dependents down at the same instant costs
// customers its outage minutes once, while the services' own availability
// counts each dependent.
func TestCustomerImpactCountsAHubOnce(t *testing.T) {
	org, d := mmcOrg(1, 0.3)
	org.Services.List = []ServiceConfig{
		{Name: "hub", Owner: "pool", Layer: LayerInfra, IncidentRate: 0.3},
		{Name: "a", Owner: "pool", Layer: LayerApp, IncidentRate: 1e-12},
		{Name: "b", Owner: "pool", Layer: LayerApp, IncidentRate: 1e-12},
		{Name: "c", Owner: "pool", Layer: LayerApp, IncidentRate: 1e-12},
	}
	org.Services.Edges = []EdgeConfig{{From: "a", To: "hub", Coupling: 1}, {From: "b", To: "hub", Coupling: 1}, {From: "c", To: "hub", Coupling: 1}}
	for i, r := range runReps(t, org, d, 4, 53) {
		var hub, apps float64
		for _, s := range r.Services {
			down := (1 - s.Availability) * week // hours a week
			if s.Name == "hub" {
				hub = down
			} else {
				apps += down
			}
		}
		got := r.Value("customer_impact_h_per_week")
		if hub == 0 || math.Abs(got-hub) > 1e-9*hub || math.Abs(apps-3*hub) > 1e-6*hub {
			t.Errorf("rep %d: customer impact %.6f h/week, hub down %.6f, dependents %.6f (want hub once, dependents 3×)", i, got, hub, apps)
		}
	}
}

// runModel runs one replication and returns the model, for checks on its
// internal state at the end.
func runModel(t *testing.T, org Org, d Design, seed uint64) *model {
	t.Helper()
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModel(cfg, sim.NewStreams(seed, "accounting"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTimeAccountingIsExact: every busy engineer-hour the engine counts is
// work progress or switching in the ledger, the work booked equals the
// effort submitted minus the effort left, and the switching booked equals
// the setup actually spent (a setup cut short counts only for what ran),
// to 1e-9, through preemptions, shift changes, calendars, withdrawals,
// both context-switch models, and the feedback mechanisms (improvement
// work, moving rates, swarms).
func TestTimeAccountingIsExact(t *testing.T) {
	org := busyOrg()
	org.Warmup = 0
	org.Horizon = 8 * week
	org.Incident.Rate *= 6
	org.Work.ContextSwitch = 0.25
	for _, mode := range []string{"fixed", "weinberg", "feedback"} {
		for _, d := range []Design{collective, {Name: "centralized", Preset: PresetCentralized}} {
			o := org
			o.Work.Weinberg = mode == "weinberg"
			if mode == "feedback" {
				o = withFeedback(o)
			}
			checkAccounting(t, d.Name+"/"+mode, o, d, !o.Work.Weinberg)
		}
	}
}

// checkAccounting runs org under d and checks that the ledger's work is
// the effort done, its work and switching the engine's busy time, and,
// when setups are the only switching (the fixed refocus), its switching
// the setup actually spent.
func checkAccounting(t *testing.T, name string, o Org, d Design, setupsOnly bool) {
	t.Helper()
	m := runModel(t, o, d, 61)
	now := m.env.Now()
	for _, tm := range m.teams {
		tm.res.SetCapacity(0) // stop every task where it is: each job's setup is now final
	}
	var submitted, work, switching, talk, busy float64
	left, spent := m.workWithdrawn, m.setupSpent
	for _, tm := range m.teams {
		for _, h := range tm.offered {
			submitted += h
		}
		tm.res.Each(func(j *sim.Job) { left += j.Work; spent += j.Setup })
		u := tm.ledger.use(now)
		for c := 0; c < nCat; c++ {
			work += u.work[c] + u.after[c]
		}
		switching += u.work[stSwitch] + u.after[stSwitch]
		talk += u.work[stTalk] + u.after[stTalk]
		busy += tm.res.BusyServers.Integral(now)
	}
	if switching == 0 {
		t.Errorf("%s: no switching at all: the check would be vacuous", name)
	}
	if math.Abs(work-(submitted-left)) > 1e-9*submitted {
		t.Errorf("%s: %.9f engineer-hours of work booked, %.9f of effort done", name, work, submitted-left)
	}
	if math.Abs(work+switching+talk-busy) > 1e-9*busy {
		t.Errorf("%s: ledger %.9f busy engineer-hours, engine %.9f", name, work+switching+talk, busy)
	}
	if setupsOnly && math.Abs(switching-spent) > 1e-9*spent {
		t.Errorf("%s: %.9f hours of switching booked, %.9f spent", name, switching, spent)
	}
}

// TestLearningComesFromPostmortemsDone: the rate falls when a postmortem
// is written, not when its incident closes. Postmortems that cannot be
// finished within the horizon teach nothing: the base incidents are
// exactly those of a culture that writes none.
func TestLearningComesFromPostmortemsDone(t *testing.T) {
	base := smallOrg()
	base.Horizon = 52 * week
	base.Learning.Reduction = 0.05
	quick, slow, never, blame := base, base, base, base
	slow.Learning.Effort = 400 // ten person-weeks each: more than a team can write
	never.Learning.Effort = 1e6
	blame.Learning.Blameless = false
	q, s := runReps(t, quick, collective, mechReps, 71), runReps(t, slow, collective, mechReps, 71)
	expect(t, q, s, "postmortems_per_week", -1)
	expect(t, q, s, "incidents_base_per_week", +1)
	n, b := runReps(t, never, collective, mechReps, 71), runReps(t, blame, collective, mechReps, 71)
	for i := range n {
		if n[i].Value("postmortems_per_week") != 0 {
			t.Errorf("rep %d: %v postmortems a week finished at 10^6 hours each", i, n[i].Value("postmortems_per_week"))
		}
		if got, want := n[i].Value("incidents_base_per_week"), b[i].Value("incidents_base_per_week"); got != want {
			t.Errorf("rep %d: %v base incidents a week with no postmortem done, %v without postmortems", i, got, want)
		}
	}
}

// TestRateSpreadKeepsTheTotal: spreading incident rates moves them between
// services; the organisation's total base rate is exactly what it was.
func TestRateSpreadKeepsTheTotal(t *testing.T) {
	org := smallOrg()
	cfg, err := Expand(org, collective)
	if err != nil {
		t.Fatal(err)
	}
	total := func(sigma float64, seed uint64) (sum, hi, lo float64) {
		c := cfg
		c.Services.RateSpread = sigma
		m, err := newModel(c, sim.NewStreams(seed, "spread"))
		if err != nil {
			t.Fatal(err)
		}
		lo = math.Inf(1)
		for _, s := range m.services {
			sum += s.baseRate
			hi, lo = math.Max(hi, s.baseRate), math.Min(lo, s.baseRate)
		}
		return sum, hi, lo
	}
	for seed := uint64(1); seed <= 20; seed++ {
		even, _, _ := total(0, seed)
		spread, hi, lo := total(2, seed)
		if math.Abs(spread-even) > 1e-12*even {
			t.Errorf("seed %d: total rate %.9g spread, %.9g even", seed, spread, even)
		}
		if hi < 10*lo {
			t.Errorf("seed %d: rates %.3g..%.3g barely spread at sigma 2", seed, lo, hi)
		}
	}
}

// TestOverloadStopsWithAClearError: a team of one offered 4.5 times what
// it can do, or incidents at a typo's rate, stop the run with an error
// naming the team and the work, not a panic and not unbounded memory.
func TestOverloadStopsWithAClearError(t *testing.T) {
	org, d := mmcOrg(1, 4.5)
	org.Horizon = 1e6
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, rate := range []float64{4.5, 1e9} {
		cfg.Services.List[0].IncidentRate = rate
		_, err := Run(context.Background(), cfg, sim.NewStreams(1, "overload"))
		var oe *OverloadError
		if !errors.As(err, &oe) {
			t.Fatalf("rate %g: got %v, want an OverloadError", rate, err)
		}
		if oe.Team != "pool" || oe.Offered[catInterrupt].Hours < rate/2 || !strings.Contains(err.Error(), `team "pool" cannot keep up`) {
			t.Errorf("rate %g: %v", rate, err)
		}
		t.Log(err)
	}
}

// TestIncidentFloodStopsWithAClearError: incidents that pile up before
// anyone is paged (a typo's rate, detection a day late) stop the run with
// the rate that caused them.
func TestIncidentFloodStopsWithAClearError(t *testing.T) {
	org, d := mmcOrg(1, 1e9)
	org.Incident.AlertDelay = 24
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, sim.NewStreams(1, "flood"))
	var oe *OverloadError
	if !errors.As(err, &oe) || oe.Team != "" || oe.IncidentRate != 1e9 || !strings.Contains(err.Error(), "incident rates add up to 1e+09 an hour") {
		t.Errorf("got %v", err)
	}
}

// TestUnstableQueueIsFlagged: a team offered more than it can do reports
// its unfinished work growing; the same team at ρ = 0.9 does not.
func TestUnstableQueueIsFlagged(t *testing.T) {
	for _, tc := range []struct {
		rho  float64
		want bool
	}{{0.9, false}, {1.15, true}} {
		org, d := mmcOrg(5, 5*tc.rho)
		org.Horizon = 26 * week
		for i, r := range runReps(t, org, d, 6, 81) {
			tr := r.Teams[0]
			if tr.Unstable != tc.want || (r.Value("unstable") == 1) != tc.want {
				t.Errorf("ρ = %.2f rep %d: unstable %v (growth %.1f tasks a week), want %v", tc.rho, i, tr.Unstable, tr.PendingGrowthPerWeek, tc.want)
			}
		}
	}
}

// offeredLoads is OfferedLoad of org under d.
func offeredLoads(t *testing.T, org Org, d Design) []TeamLoad {
	t.Helper()
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	loads, err := OfferedLoad(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return loads
}

// TestOfferedLoad: the estimate before a run is exact where the model is
// a textbook queue, and flags the team a run would find overloaded.
func TestOfferedLoad(t *testing.T) {
	for _, tc := range []struct {
		c    int
		rate float64
	}{{5, 4.5}, {1, 4.5}} {
		org, d := mmcOrg(tc.c, tc.rate)
		cfg, err := Expand(org, d)
		if err != nil {
			t.Fatal(err)
		}
		loads, err := OfferedLoad(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := loads[0].Load(), tc.rate/float64(tc.c); math.Abs(got-want) > 1e-12 {
			t.Errorf("c=%d λ=%v: load %v, want %v (%s)", tc.c, tc.rate, got, want, loads[0])
		}
	}
	// Many tickets overload the small organisation's ops team of two on
	// duty (it does half of them alone and triages the rest); the run
	// agrees.
	org := smallOrg()
	org.ProductTeam.ToilRate = 80 / week
	cen := Design{Name: "centralized", Preset: PresetCentralized, OpsTeamSize: 8, OpsCrews: 4}
	for _, l := range offeredLoads(t, org, cen) {
		t.Log(l)
		if l.Team == "ops" && l.Load() < 1 {
			t.Errorf("ops not overloaded: %s", l)
		}
		if l.Kind == KindProduct && l.Load() > 0.9 {
			t.Errorf("product team overloaded: %s", l)
		}
	}
	org.Horizon = 12 * week
	for _, r := range runReps(t, org, cen, 2, 55) {
		for _, tr := range r.Teams {
			if tr.Unstable != (tr.Name == "ops") {
				t.Errorf("team %s: unstable %v (growth %.1f a week)", tr.Name, tr.Unstable, tr.PendingGrowthPerWeek)
			}
		}
	}
}
