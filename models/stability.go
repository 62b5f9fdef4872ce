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

// maxUnfinished bounds the tasks a replication may leave unfinished, at
// one team or (checked daily) across all: about 500 bytes each, so 100,000
// stay near 50 MB. It is far above what any steady state holds, so that an
// unstable design runs its horizon and is reported as such, and below
// maxOpenIncidents, so that a team that cannot keep up is named before the
// incidents it leaves open trip the other guard.
const maxUnfinished = 100_000

// guard stops the run when a team's waiting work passes the bound.
func (m *model) guard(t *team) {
	if m.err == nil && t.res.Waiting()+t.backlog.len() > maxUnfinished {
		m.fail(m.overloadError(t))
	}
}

// guardAll stops the run when the teams together hold more than twice the
// bound (checked once a day: a single team trips guard first).
func (m *model) guardAll() {
	total, worst := 0, m.teams[0]
	for _, t := range m.teams {
		n := t.res.Waiting() + t.backlog.len()
		total += n
		if n > worst.res.Waiting()+worst.backlog.len() {
			worst = t
		}
	}
	if m.err == nil && total > 2*maxUnfinished {
		m.fail(m.overloadError(worst))
	}
}

// OverloadError says that a run stopped because a team's work piled up
// beyond any steady state, and what it was offered.
type OverloadError struct {
	Design string
	// Team is the team whose work piled up; "" when incidents themselves
	// piled up faster than anyone was paged (IncidentRate says how fast).
	Team     string
	Waiting  int     // tasks waiting at the team (and features in its backlog)
	Open     int     // incidents open in the organisation
	Day      float64 // simulated day, from the start of the run
	Offered  []Load  // hours of work offered per hour, by kind of work
	Capacity float64 // engineers on duty, on average
	// IncidentRate is the organisation's base incident rate per hour.
	IncidentRate float64
}

// Load is work offered per hour of one kind.
type Load struct {
	Work  string  // "incidents", "tickets", "features", "postmortems"
	Hours float64 // engineer-hours per hour
}

// Error names the team, the pile-up and the work that caused it.
func (e *OverloadError) Error() string {
	if e.Team == "" {
		return fmt.Sprintf("design %s: %d incidents open at once on day %.0f: the services' incident rates add up to %.4g an hour, "+
			"more than any organisation restores; check services.incident_rate and the services' own rates", e.Design, e.Open, e.Day, e.IncidentRate)
	}
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

var workNames = [nCat]string{catPlanned: "features", catInterrupt: "incidents", catToil: "tickets", catLearning: "postmortems",
	catRelease: "releases", catRework: "rework", catCoord: "coordination", catImprove: "improvement"}

// overloadError describes the team whose work piled up (nil: the
// incidents did).
func (m *model) overloadError(t *team) *OverloadError {
	now := m.env.Now()
	if t == nil {
		e := &OverloadError{Design: m.cfg.Routing.Design, Open: m.inc.open, Day: now / day}
		for _, s := range m.services {
			e.IncidentRate += s.baseRate
		}
		return e
	}
	e := &OverloadError{Design: m.cfg.Routing.Design, Team: t.cfg.Name, Waiting: t.res.Waiting() + t.backlog.len(),
		Open: m.inc.open, Day: now / day, Capacity: nominalCapacity(t.cfg) / week}
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

// minUnstableLoad is the offered load below which a rising queue is read
// as a slow fluctuation of a stable one: with a tenth of its capacity
// spare, a team's queue cannot grow without bound, however long its
// excursions (a few huge features can fill a backlog for months).
const minUnstableLoad = 0.9

// unstableTrend says whether a team's unfinished work (a daily series) grows
// without bound, and how fast it grew over the second half of the horizon
// (tasks per week, least squares).
//
// A stable queue fluctuates around its mean, however busy; one with no
// steady state keeps climbing. The rule asks for the climb: the mean of
// each quarter of the horizon is above the one before, and the last
// quarter's mean exceeds the first's by more than three times the spread
// within a quarter (and by at least 3 tasks). For a queue growing at a
// steady rate that ratio is about 10; for a stable one the four quarter
// means rise in order only by chance (1 in 24) and then by far less than
// the spread. A queue still filling because the warm-up was too short is
// flagged too: within this horizon it has no steady state either.
// Horizons under four weeks cannot tell and report stable.
func unstableTrend(xs []float64) (growthPerWeek float64, unstable bool) {
	n := len(xs)
	growthPerWeek = slope(xs[n/2:]) * daysAWeek
	if n < 4*daysAWeek {
		return growthPerWeek, false
	}
	q := n / 4
	var means [4]float64
	var within float64
	for i := range means {
		part := xs[i*q : (i+1)*q]
		means[i] = meanOf(part)
		within += varianceOf(part, means[i]) / 4
	}
	for i := 1; i < 4; i++ {
		if means[i] <= means[i-1] {
			return growthPerWeek, false
		}
	}
	rise := means[3] - means[0]
	still := growthPerWeek >= 0.5*rise/(0.75*float64(n)/daysAWeek) // still climbing at the end, about as fast
	return growthPerWeek, still && rise >= 3 && rise > 3*math.Sqrt(within)
}

func varianceOf(xs []float64, mean float64) float64 {
	var s float64
	for _, x := range xs {
		s += (x - mean) * (x - mean)
	}
	return s / float64(max(1, len(xs)-1))
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
