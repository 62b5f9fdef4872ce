package models

import (
	"math"
	"strings"
	"testing"

	"github.com/opsim/opsim/sim"
)

// quietTeam is one product team of n engineers that does nothing but
// build features of a fixed size, always having a next one: whatever
// coordination takes shows one for one in throughput.
func quietTeam(n int) Org {
	o := smallOrg()
	o.ProductTeams, o.EngineersPerTeam, o.PlatformTeamSize = 1, n, 0
	o.ProductTeam.Saturated, o.ProductTeam.ToilRate = true, 0
	o.Incident.Rate = 0
	o.Work.ChangeFailure = 0
	o.Work.FeatureSize = sim.DistSpec{Kind: "deterministic", Mean: 16}
	return o
}

// TestBrooksMagnitude: with per_peer c, each of n engineers loses c·(n−1)
// of planned work to talking: throughput is 1 − c·(n−1) of what it was,
// and the lost share is booked as coordination. With c = 0.043 (QSM 2005)
// output per engineer falls with every engineer added and the team's
// output peaks near (1 + 1/c)/2 ≈ 12: 12 engineers build more than 6 or
// 20.
func TestBrooksMagnitude(t *testing.T) {
	const c = 0.043
	quiet := quietTeam(11)
	talking := quiet
	talking.Coordination.PerPeer = c
	a, b := runReps(t, quiet, collective, 4, 111), runReps(t, talking, collective, 4, 111)
	want := 1 - c*10
	for i := range a {
		got := b[i].Value("features_per_week") / a[i].Value("features_per_week")
		if math.Abs(got-want) > 0.02 {
			t.Errorf("rep %d: throughput %.3f of the silent team's, want %.3f", i, got, want)
		}
		if coord := b[i].Value("product_coord_frac"); math.Abs(coord-c*10) > 0.01 {
			t.Errorf("rep %d: coordination %.3f of working time, want %.3f", i, coord, c*10)
		}
	}
	perEngineer := func(n int) (team, each float64) {
		o := quietTeam(n)
		o.Coordination.PerPeer = c
		team = mean(runReps(t, o, collective, 4, 112), "features_per_week")
		return team, team / float64(n)
	}
	t6, e6 := perEngineer(6)
	t12, e12 := perEngineer(12)
	t20, e20 := perEngineer(20)
	t.Logf("features a week: 6 engineers %.1f (%.2f each), 12: %.1f (%.2f), 20: %.1f (%.2f)", t6, e6, t12, e12, t20, e20)
	if !(e6 > e12 && e12 > e20) {
		t.Errorf("output per engineer should fall with team size: %.2f, %.2f, %.2f", e6, e12, e20)
	}
	if !(t12 > t6 && t12 > t20) {
		t.Errorf("team output should peak near 12 engineers: %.1f, %.1f, %.1f", t6, t12, t20)
	}
}

// TestOnboardingCostsTheTeam: half the team replaced a year, at 80 hours
// of onboarding each, costs 0.5·5·80 hours a year, about 3.8 a week of the
// team's 200: coordination rises by about 1.9% of working time and
// throughput falls.
func TestOnboardingCostsTheTeam(t *testing.T) {
	base := quietTeam(5)
	base.Horizon = 104 * week
	turnover := base
	turnover.Coordination.Turnover, turnover.Coordination.Onboarding = 0.5, 80
	a, b := runReps(t, base, collective, 16, 113), runReps(t, turnover, collective, 16, 113)
	expect(t, a, b, "product_coord_frac", +1)
	expect(t, a, b, "features_per_week", -1)
	want := 0.5 * 5 * 80 / (year / week) / 200
	xs := make([]float64, len(b))
	for i, r := range b {
		xs[i] = r.Value("product_coord_frac")
	}
	if e := meanCI(xs); math.Abs(e.Mean-want) > math.Max(e.HalfWidth, 0.1*want) {
		t.Errorf("onboarding took %.4f ± %.4f of working time, want %.4f", e.Mean, e.HalfWidth, want)
	}
}

// TestCrossTeamIncidentsCostEveryone: with a bridge call of an hour per
// pair of teams in one incident, centralized (ops then the owners) and
// cascades across teams cost coordination on both sides. In a growing
// organisation a hub's outage takes more teams with it, so coordination
// per product engineer grows with the number of teams.
func TestCrossTeamIncidentsCostEveryone(t *testing.T) {
	org := smallOrg()
	org.Services.Coupling = 0.3
	org.Incident.Rate *= 2
	bridged := org
	bridged.Coordination.Incident = 1
	cen := Design{Name: "centralized", Preset: PresetCentralized}
	a, b := runReps(t, org, cen, mechReps, 114), runReps(t, bridged, cen, mechReps, 114)
	expect(t, a, b, "product_coord_frac", +1)
	expect(t, a, b, "ops_coord_frac", +1)
	if x := mean(b, "cross_team_incidents_per_week"); !(x > 0) {
		t.Errorf("no cross-team incidents under centralized: %v", x)
	}

	small, large := bridged, bridged
	small.ProductTeams, large.ProductTeams = 4, 16
	s, l := runReps(t, small, collective, 12, 115), runReps(t, large, collective, 12, 115)
	ms, ml := mean(s, "product_coord_frac"), mean(l, "product_coord_frac")
	t.Logf("product teams' coordination: %.4f with 4 teams, %.4f with 16", ms, ml)
	xs := make([]float64, len(l))
	for i := range l {
		xs[i] = l[i].Value("product_coord_frac") - s[i].Value("product_coord_frac")
	}
	if e := meanCI(xs); !(e.Mean > e.HalfWidth) {
		t.Errorf("coordination per product engineer should grow with the organisation: %.4f -> %.4f (change %.4f ± %.4f)", ms, ml, e.Mean, e.HalfWidth)
	}
}

// TestPlatformDemandGrowsWithTeams: every product team's requests land on
// one platform team, whose tickets grow in proportion to the teams it
// serves; when its requests block the teams that raised them, the
// product teams build less per engineer as the platform fills up.
func TestPlatformDemandGrowsWithTeams(t *testing.T) {
	org := smallOrg()
	org.ProductTeam.Saturated = true
	org.Coordination.PlatformRequests = 3 / week
	org.Coordination.PlatformBlocking = true
	small, large := org, org
	small.ProductTeams, large.ProductTeams = 4, 8
	s, l := runReps(t, small, collective, mechReps, 116), runReps(t, large, collective, mechReps, 116)
	// Offered request hours: teams × 3 a week × 2 hours, for 3 engineers.
	for _, c := range []struct {
		rs    []*Result
		teams float64
	}{{s, 4}, {l, 8}} {
		want := c.teams * 3 * 2 / 120
		if got := mean(c.rs, "platform_toil_frac"); math.Abs(got-want) > 0.25*want+0.02 {
			t.Errorf("%v teams: the platform spends %.3f of its time on tickets, want about %.3f of requests", c.teams, got, want)
		}
	}
	expect(t, s, l, "platform_ticket_turnaround_mean_h", +1)
	perEngineer := func(rs []*Result, teams float64) float64 { return mean(rs, "features_per_week") / teams }
	if a, b := perEngineer(s, 4), perEngineer(l, 8); !(b < a) {
		t.Errorf("features per team should fall as the blocked teams wait on a busier platform: %.2f with 4, %.2f with 8", a, b)
	}
}

// TestCoordinationAccountingIsExact: talk, onboarding, bridges and
// platform requests keep the time accounting exact, under both
// context-switch models, and every share adds up to 1.
func TestCoordinationAccountingIsExact(t *testing.T) {
	org := busyOrg()
	org.Warmup, org.Horizon = 0, 8*week
	org.Incident.Rate *= 4
	org.Work.ContextSwitch = 0.25
	org.Coordination = CoordinationConfig{PerPeer: 0.04, Turnover: 2, Onboarding: 20, Incident: 0.5, PlatformRequests: 2 / week, PlatformBlocking: true}
	for _, weinberg := range []bool{false, true} {
		o := org
		o.Work.Weinberg = weinberg
		for _, d := range []Design{collective, {Name: "centralized", Preset: PresetCentralized}} {
			checkAccounting(t, d.Name, o, d, !weinberg)
			for _, r := range runReps(t, o, d, 2, 117) {
				for _, tr := range r.Teams {
					sum := shareSum(tr)
					if math.Abs(sum-1) > 1e-9 {
						t.Errorf("%s: team %s shares add up to %v", d.Name, tr.Name, sum)
					}
				}
			}
		}
	}
}

// TestCoordinationValidation: talk that would take a whole team, and
// requests with no platform team to send them to, are errors naming the
// key.
func TestCoordinationValidation(t *testing.T) {
	big := smallOrg()
	big.EngineersPerTeam = 40
	big.Coordination.PerPeer = 0.05
	none := smallOrg()
	none.PlatformTeamSize = 0
	none.Coordination.PlatformRequests = 1 / week
	for name, c := range map[string]struct {
		org  Org
		want string
	}{"talk": {big, "coordination.per_peer"}, "platform": {none, "coordination.platform_requests"}} {
		_, err := Expand(c.org, collective)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error naming %s", name, err, c.want)
		}
	}
}
