package models

import (
	"fmt"
	"math"
	"strings"
)

// A design with no steady state must be said plainly, never averaged into
// a mean and an interval. Three guards:
//
//   - a run whose unfinished work passes what a machine can hold stops at
//     once with an *OverloadError naming the team and what overloads it
//     (never a panic, never unbounded memory);
//   - every run reports, per team, whether its unfinished work kept
//     growing through the horizon (unstableTrend), so reports can print
//     "unstable: <team> queue grows N a week" instead of a mean;
//   - OfferedLoad computes, before anything runs, the work each team is
//     offered against its capacity, so `opsim validate` can warn.

// maxUnfinished bounds the tasks a replication may leave unfinished across
// all its teams: about 500 bytes each, so 250,000 stay near 125 MB.
const maxUnfinished = 250_000

// teamLimit is how many tasks one team may have waiting.
func (m *model) teamLimit() int { return max(2_000, maxUnfinished/max(1, len(m.teams))) }

// guard stops the run when a team's waiting work passes its limit.
func (m *model) guard(t *team) {
	if m.err == nil && t.res.Waiting()+len(t.backlog) > m.teamLimit() {
		m.fail(m.overloadError(t))
	}
}

// OverloadError says that a run stopped because a team's work piled up
// beyond any steady state, and what it was offered.
type OverloadError struct {
	Design   string
	Team     string
	Waiting  int     // tasks waiting at the team (and features in its backlog)
	Open     int     // incidents open in the organisation
	Day      float64 // simulated day, from the start of the run
	Offered  []Load  // hours of work offered per hour, by kind of work
	Capacity float64 // engineers on duty, on average
}

// Load is work offered per hour of one kind.
type Load struct {
	Work  string  // "incidents", "tickets", "features", "postmortems"
	Hours float64 // engineer-hours per hour
}

// Error names the team, the pile-up and the work that caused it.
func (e *OverloadError) Error() string {
	var total float64
	var parts []string
	for _, l := range e.Offered {
		total += l.Hours
		if l.Hours > 0 {
			parts = append(parts, fmt.Sprintf("%s %.2f", l.Work, l.Hours))
		}
	}
	return fmt.Sprintf("design %s: team %q cannot keep up: %d tasks waiting and %d incidents open on day %.0f; "+
		"it was offered %.2f engineer-hours of work per hour (%s) for %.2f engineers on duty on average (load %.1f×); "+
		"lower the rates or grow the team",
		e.Design, e.Team, e.Waiting, e.Open, e.Day, total, strings.Join(parts, ", "), e.Capacity, total/math.Max(e.Capacity, 1e-9))
}

var workNames = [nCat]string{catPlanned: "features", catInterrupt: "incidents", catToil: "tickets", catLearning: "postmortems"}

// overloadError describes the team with the most waiting work (t, when
// the guard named one).
func (m *model) overloadError(t *team) *OverloadError {
	if t == nil {
		for _, u := range m.teams {
			if t == nil || u.res.Waiting()+len(u.backlog) > t.res.Waiting()+len(t.backlog) {
				t = u
			}
		}
	}
	now := m.env.Now()
	e := &OverloadError{Design: m.cfg.Routing.Design, Team: t.cfg.Name, Waiting: t.res.Waiting() + len(t.backlog),
		Open: len(m.inc.open), Day: now / day, Capacity: nominalCapacity(t.cfg) / week}
	for c := range workNames {
		e.Offered = append(e.Offered, Load{Work: workNames[c], Hours: t.offered[c] / math.Max(now, 1e-9)})
	}
	return e
}

// nominalCapacity is a team's engineer-hours at work per week: business
// hours are 40 a week per engineer; a 24×7 team has one crew on duty.
func nominalCapacity(t TeamConfig) float64 {
	if t.Calendar == AllHours {
		return float64(t.Engineers) / float64(max(1, t.Crews)) * week
	}
	return float64(t.Engineers) * (dayEnd - dayStart) * workDays
}

// unstableTrend says whether a team's unfinished work (a daily series) grows
// without bound, and how fast it grew over the second half of the horizon
// (tasks per week, least squares).
//
// A stable queue fluctuates around its mean, however busy; one with no
// steady state keeps climbing. The rule asks for both signs of the
// latter: the last quarter of the horizon holds more than twice the work of
// the first (and at least 3 tasks more), and the work still grows from the
// third quarter to the fourth by a quarter or more. A queue that settled
// late (a short warm-up) fails the second test; a busy stable one the
// first. Horizons under four weeks cannot tell and report stable.
func unstableTrend(xs []float64) (growthPerWeek float64, unstable bool) {
	n := len(xs)
	half := xs[n/2:]
	growthPerWeek = slope(half) * daysAWeek
	if n < 4*daysAWeek {
		return growthPerWeek, false
	}
	q := n / 4
	q1, q3, q4 := meanOf(xs[:q]), meanOf(xs[2*q:3*q]), meanOf(xs[3*q:])
	grew := q4 > 2*q1 && q4-q1 >= 3
	still := q4-q3 >= 0.25*q3 && q4-q3 >= 1
	return growthPerWeek, grew && still && growthPerWeek > 0
}

// slope is the least-squares slope of xs against its index.
func slope(xs []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	mx, my := (n-1)/2, meanOf(xs)
	var sxy, sxx float64
	for i, y := range xs {
		dx := float64(i) - mx
		sxy += dx * (y - my)
		sxx += dx * dx
	}
	return sxy / sxx
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
