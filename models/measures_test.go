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
			sum := shareSum(tr)
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
		a.day.close(env.Now())
		s.av.closeDay(env.Now(), s.slo, &a.day)
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
	// Ops that can do every ticket alone: more tickets, a longer turnaround.
	allAlone := Design{Name: "centralized", Preset: PresetCentralized, OpsRunbooks: 1}
	moreTickets := org
	moreTickets.ProductTeam.ToilRate *= 6
	expect(t, runReps(t, org, allAlone, mechReps, 95), runReps(t, moreTickets, allAlone, mechReps, 95), "ops_ticket_turnaround_mean_h", +1)

	// Ops that can do none alone hands every ticket to the owners, who
	// then spend time on tickets they would not see with better runbooks.
	noneAlone := allAlone
	noneAlone.OpsRunbooks = 0.01
	expect(t, runReps(t, org, allAlone, mechReps, 95), runReps(t, org, noneAlone, mechReps, 95), "product_toil_frac", +1)

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
		org := withFeedback(smallOrg()) // improvement work shares the WIP slots
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

// TestEveryTeamHasItsOwnWork: ops, SRE and platform teams do engineering
// between interrupts, on the share of their engineers the design gives,
// so their utilisation is realistic and their interrupt share is an
// outcome; without it they are idle whenever nothing breaks.
func TestEveryTeamHasItsOwnWork(t *testing.T) {
	none := 0.0
	org := smallOrg()
	org.PlatformEngineering = 0.5
	idle := smallOrg()
	for _, d := range []Design{{Name: "centralized", Preset: PresetCentralized}, {Name: "sre", Preset: PresetSRE}} {
		off := d
		off.OpsEngineering, off.SREEngineering = &none, &none
		a, b := runReps(t, idle, off, mechReps, 98), runReps(t, org, d, mechReps, 98)
		kind := map[string]string{"centralized": "ops", "sre": "sre"}[d.Name]
		expect(t, a, b, kind+"_utilisation", +1)
		expect(t, a, b, kind+"_planned_frac", +1)
		expect(t, a, b, "platform_planned_frac", +1)
		for i := range b {
			if p, u := b[i].Value(kind+"_planned_frac"), b[i].Value(kind+"_utilisation"); !(p > 0.2 && u < 1) {
				t.Errorf("%s rep %d: %s planned share %.3f, utilisation %.3f", d.Name, i, kind, p, u)
			}
			if a[i].Value("features_per_week") != b[i].Value("features_per_week") && d.Name == "centralized" {
				// Ops engineering is not feature work: product throughput is
				// unchanged when ops is fully preemptible.
				t.Logf("%s rep %d: features %v -> %v", d.Name, i, a[i].Value("features_per_week"), b[i].Value("features_per_week"))
			}
		}
	}
}

// TestSRECap: the SRE book's safety valve. An SRE team given more
// operational work than half its time hands incidents back to the owners
// while it is over the cap, so its operational share stays near 50%;
// without the cap it takes it all, and the owners take less.
func TestSRECap(t *testing.T) {
	org := smallOrg()
	org.Services.Critical = 0.6
	org.Incident.Rate *= 32
	capped := Design{Name: "sre", Preset: PresetSRE, SRETeamSize: 3}
	noCap := capped
	off := 1.0
	noCap.SRECap = &off
	a, b := runReps(t, org, noCap, mechReps, 99), runReps(t, org, capped, mechReps, 99)
	expect(t, a, b, "sre_interrupt_frac", -1)
	expect(t, a, b, "product_interrupt_frac", +1)
	if !math.IsNaN(a[0].Value("sre_handback_frac")) || !(mean(b, "sre_handback_frac") > 0.1) {
		t.Errorf("days handed back: %v without a cap (want none), %v with", a[0].Value("sre_handback_frac"), mean(b, "sre_handback_frac"))
	}
	// The operational share the cap watches: work at work and on call.
	share := func(r *Result) float64 {
		var tr TeamResult
		for _, x := range r.Teams {
			if x.Kind == KindSRE {
				tr = x
			}
		}
		weeks := org.Horizon / week
		present := float64(tr.Engineers) * 40 * weeks
		after := tr.AfterHoursPerEngWeek * float64(tr.Engineers) * weeks
		return ((tr.Interrupt+tr.Toil+tr.Switch)*present + after) / (present + after)
	}
	for i := range b {
		op, un := share(b[i]), share(a[i])
		t.Logf("rep %d: SRE operational share %.3f capped, %.3f uncapped", i, op, un)
		if op > 0.55 || un < 0.6 {
			t.Errorf("rep %d: SRE operational share %.3f with the 50%% cap, %.3f without: the cap does not hold", i, op, un)
		}
	}
}
