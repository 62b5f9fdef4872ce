package models

import (
	"math"
	"testing"

	"github.com/opsim/opsim/sim"
)

// Measures must mean what their names say. These tests pin each against a
// closed form, an identity, or a change that only the right definition
// survives.

// TestPagesPerShiftIsPerTwelveHours: pages per 12-hour shift do not
// depend on how long a rotation lasts, and count the 24×7 ops team too.
func TestPagesPerShiftIsPerTwelveHours(t *testing.T) {
	daily, weekly := smallOrg(), smallOrg()
	daily.ProductTeam.RotationLength = day
	weekly.ProductTeam.RotationLength = week
	cen := Design{Name: "centralized", Preset: PresetCentralized}
	a, b := runReps(t, daily, cen, 3, 91), runReps(t, weekly, cen, 3, 91)
	for i := range a {
		if x, y := a[i].Value("pages_per_shift"), b[i].Value("pages_per_shift"); x != y || !(x > 0) {
			t.Errorf("rep %d: %v pages per shift with daily rotations, %v with weekly", i, x, y)
		}
		var ops *TeamResult
		for j := range b[i].Teams {
			if b[i].Teams[j].Kind == KindOps {
				ops = &b[i].Teams[j]
			}
		}
		want := float64(ops.Pages) / (weekly.Horizon / 12)
		if ops == nil || math.Abs(ops.PagesPerShift-want) > 1e-12 || ops.PagesPerShift == 0 {
			t.Errorf("rep %d: ops pages per shift %+v, want %v", i, ops, want)
		}
	}
}

// TestWorkingSharesNeverExceedOne: a business-hours team paged at night
// books that work after hours; its shares of working time add up to 1 and
// its unplanned share is incidents, tickets and switching.
func TestWorkingSharesNeverExceedOne(t *testing.T) {
	org := smallOrg()
	org.Incident.Rate *= 6
	for i, r := range runReps(t, org, collective, 3, 92) {
		for _, tr := range r.Teams {
			sum := tr.Planned + tr.Interrupt + tr.Toil + tr.Learning + tr.Release + tr.Rework + tr.Coord + tr.Switch + tr.Idle
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("rep %d team %s: shares add up to %v", i, tr.Name, sum)
			}
			if tr.Kind == KindProduct && !(tr.AfterHoursPerEngWeek > 0) {
				t.Errorf("rep %d team %s: no after-hours work booked although paged at night", i, tr.Name)
			}
		}
		u := r.Value("product_interrupt_frac") + r.Value("product_toil_frac") + r.Value("product_switch_frac")
		if got := r.Value("product_unplanned_frac"); math.Abs(got-u) > 1e-12 {
			t.Errorf("rep %d: unplanned %v, parts add up to %v", i, got, u)
		}
	}
}

// TestSLOWindows: an outage of 10 hours on day 10 of 60 breaks the 28-day
// windows that contain it (those ending on days 28 to 37) at a 99% SLO,
// which allows 6.72 hours in a window: 23 of the 33 windows are met.
func TestSLOWindows(t *testing.T) {
	env := sim.NewEnv()
	s := &service{layer: LayerApp, slo: 0.99}
	m := &model{env: env, services: []*service{s}, cfg: &Config{Incident: IncidentConfig{Severities: []Severity{{Impact: 1}}}}}
	a := newAvailability(m)
	for d := 1; d <= 60; d++ {
		if d == 10 {
			env.RunUntil(float64(d-1)*day + 5)
			a.change(env.Now(), s, 0, +1)
			env.RunUntil(float64(d-1)*day + 15)
			a.change(env.Now(), s, 0, -1)
		}
		env.RunUntil(float64(d) * day)
		a.sample(env.Now())
	}
	if s.av.windows != 33 || s.av.metSLO != 23 {
		t.Errorf("%d of %d windows met, want 23 of 33", s.av.metSLO, s.av.windows)
	}
	if got, want := s.av.of(env.Now()), 1-10/(60*day); math.Abs(got-want) > 1e-12 {
		t.Errorf("availability %v, want %v", got, want)
	}
}

// TestFirstResponseAgainstErlangC: the share of first responses that wait
// is the Erlang C probability, and the share answered within t is
// 1 − C·e^{−(cμ−λ)t}.
func TestFirstResponseAgainstErlangC(t *testing.T) {
	org, d := mmcOrg(5, 4.5)
	org.Response.AnswerWithin = 0.25
	rs := runReps(t, org, d, 20, 93)
	c := sim.ErlangC(5, 4.5)
	ciCheck(t, rs, "first_response_pwait", c)
	ciCheck(t, rs, "first_response_within_frac", 1-c*math.Exp(-(5-4.5)*0.25))
}

// TestLittlesLawOnFeatures: work in progress is throughput times cycle
// time, and features in the system (backlog and WIP) throughput times lead
// time, per replication, on a stable team with a long horizon.
func TestLittlesLawOnFeatures(t *testing.T) {
	org := smallOrg()
	org.Horizon = 4 * 52 * week
	org.Warmup = 26 * week
	for i, r := range runReps(t, org, collective, 4, 94) {
		x := r.Value("features_per_week") / week * day // per day
		if rel := math.Abs(r.Value("wip_mean")-x*r.Value("cycle_time_mean_d")) / r.Value("wip_mean"); rel > 0.03 {
			t.Errorf("rep %d: WIP %.3f but throughput × cycle time %.3f", i, r.Value("wip_mean"), x*r.Value("cycle_time_mean_d"))
		}
		l := r.Value("wip_mean") + r.Value("backlog_mean")
		if rel := math.Abs(l-x*r.Value("lead_time_mean_d")) / l; rel > 0.03 {
			t.Errorf("rep %d: %.3f features in the system but throughput × lead time %.3f", i, l, x*r.Value("lead_time_mean_d"))
		}
	}
}

// TestMeasuresMoveTheDocumentedWay: per-severity restore times, ticket
// turnaround, the wait of teams escalated to, familiarity below 1,
// triage drawn from a distribution, and failover around a broken
// dependency.
func TestMeasuresMoveTheDocumentedWay(t *testing.T) {
	org := smallOrg()
	col := runReps(t, org, collective, mechReps, 95)
	expectAbove(t, col, "ttr_sev1_mean_h", "ttr_sev3_mean_h")

	cen := Design{Name: "centralized", Preset: PresetCentralized, OpsRunbooks: 0.3}
	c := runReps(t, org, cen, mechReps, 95)
	for i := range c {
		if !(c[i].Value("product_escalated_wait_h") >= 0) || !math.IsNaN(col[i].Value("product_escalated_wait_h")) {
			t.Errorf("rep %d: product teams' wait as escalation target %v centralized, %v collective (want a wait, and none)",
				i, c[i].Value("product_escalated_wait_h"), col[i].Value("product_escalated_wait_h"))
		}
	}
	moreTickets := org
	moreTickets.ProductTeam.ToilRate *= 6
	expect(t, c, runReps(t, moreTickets, cen, mechReps, 95), "ops_ticket_turnaround_mean_h", +1)

	specialist := cen
	specialist.OpsRunbooks, specialist.OpsFamiliarity = 1, 0.5
	generalist := specialist
	generalist.OpsFamiliarity = 1
	expect(t, runReps(t, org, generalist, mechReps, 95), runReps(t, org, specialist, mechReps, 95), "ttr_mean_h", -1)

	slowTriage := org
	slowTriage.Response.Triage = sim.DistSpec{Kind: "exponential", Mean: 3}
	expect(t, c, runReps(t, slowTriage, cen, mechReps, 95), "ttr_mean_h", +1)

	coupled := org
	coupled.Services.Coupling = 0.5
	failover := coupled
	failover.Services.Failover, failover.Services.FailoverTime = 1, 0.25
	expect(t, runReps(t, coupled, collective, mechReps, 95), runReps(t, failover, collective, mechReps, 95), "ttr_mean_h", -1)
}

// expectAbove asserts metric a exceeds metric b in the mean, by more than
// 2.5 standard errors of the paired difference.
func expectAbove(t *testing.T, rs []*Result, a, b string) {
	t.Helper()
	n := float64(len(rs))
	var s, ss float64
	for _, r := range rs {
		d := r.Value(a) - r.Value(b)
		s += d
		ss += d * d
	}
	mean := s / n
	se := math.Sqrt(math.Max(0, (ss-n*mean*mean)/(n-1)) / n)
	if !(mean > 2.5*se) {
		t.Errorf("%s should exceed %s: difference %.4f, standard error %.4f", a, b, mean, se)
	}
}

// TestSaturatedDemand: with always a next feature, a team spreading its
// interrupts is never idle at work, so every hour interrupts take is an
// hour of features lost, and four times the tickets cost features. Lead
// time and backlog mean nothing there and are not reported.
func TestSaturatedDemand(t *testing.T) {
	org := smallOrg()
	org.ProductTeam.Saturated = true
	more := org
	more.ProductTeam.ToilRate *= 4
	a, b := runReps(t, org, collective, mechReps, 96), runReps(t, more, collective, mechReps, 96)
	expect(t, a, b, "features_per_week", -1)
	for i, r := range a {
		if idle := r.Value("product_idle_frac"); math.Abs(idle) > 1e-9 {
			t.Errorf("rep %d: saturated product teams idle %v of their working time", i, idle)
		}
		if !math.IsNaN(r.Value("lead_time_mean_d")) || !math.IsNaN(r.Value("backlog_mean")) || !(r.Value("cycle_time_mean_d") > 0) {
			t.Errorf("rep %d: lead time %v, backlog %v, cycle time %v", i, r.Value("lead_time_mean_d"), r.Value("backlog_mean"), r.Value("cycle_time_mean_d"))
		}
		for _, tr := range r.Teams {
			if tr.Unstable {
				t.Errorf("rep %d: team %s flagged unstable: saturated demand is not a queue", i, tr.Name)
			}
		}
	}
}

// TestLittlesLawSamplePath: the area under each team's WIP since warm-up
// is exactly the time its features spent in progress in that window,
// finished or not (Little's law on the sample path, Stidham 1974): no
// feature is lost, counted twice or left out of WIP.
func TestLittlesLawSamplePath(t *testing.T) {
	for _, saturated := range []bool{false, true} {
		org := smallOrg()
		org.ProductTeam.Saturated = saturated
		org.Incident.Rate *= 4
		m := runModel(t, org, collective, 97)
		now := m.env.Now()
		for _, tm := range m.teams {
			in := tm.wipHours
			tm.res.Each(func(j *sim.Job) {
				if f := j.Data.(*task).feat; f != nil {
					in += now - math.Max(f.started, org.Warmup)
				}
			})
			area := tm.wipTW.Integral(now)
			if math.Abs(area-in) > 1e-9*math.Max(1, area) {
				t.Errorf("saturated %v team %s: WIP area %.9f, time in progress %.9f", saturated, tm.cfg.Name, area, in)
			}
		}
	}
}
