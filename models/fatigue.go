package models

import (
	"math"
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
)

// On-call fatigue and attrition. Teams are pools of engineers; the one
// place the model knows who is who is the on-call rotation, so fatigue is
// built on it: every page to a team on call outside working hours wakes
// its primary (team.onCallEngineer), and each person keeps the times of
// their after-hours pages.
//
//   - Fatigue: a person paged more than Threshold times outside working
//     hours within the last Window is fatigued, by the pages above the
//     threshold; each page above it makes them 1 + Penalty slower to
//     acknowledge at home and to mitigate at night, and the team's changes
//     fail more often by the mean of its people's multipliers. Sleep cut
//     by calls impairs performance on waking and the next day (Ferguson et
//     al., Chronobiology International 33(6), 2016); the SRE book (ch. 11)
//     caps on-call load for that reason. Off unless Penalty is set.
//   - Attrition: a person leaves with a yearly hazard of Attrition per
//     after-hours page a week sustained over the last quarter (burnout
//     predicts leaving: Trinkenreich, Santos & Stol, ACM TOSEM 2024), is
//     replaced after HiringDelay, and the new hire joins the pool and the
//     rotation only after Onboarding: a ramp that rises linearly over twice
//     that long loses the same work. Off unless Attrition is set.
//
// Only business-hours teams on call page people at home, so only they tire
// and lose people; a 24×7 crew is at work when paged.

// FatigueConfig is the [fatigue] table.
type FatigueConfig struct {
	Window      float64 // hours of after-hours pages that count
	Threshold   int     // pages in the window a person takes without effect
	Penalty     float64 // slower and more error-prone per page above it
	Attrition   float64 // yearly hazard of leaving per after-hours page a week
	HiringDelay float64 // hours until a leaver is replaced
	Onboarding  float64 // hours before a new hire works, the ramp's equivalent
}

// on reports whether anything in it runs.
func (f *FatigueConfig) on() bool { return f.Penalty > 0 || f.Attrition > 0 }

// burdenWindow is how far back sustained burden counts for attrition: a
// quarter (assumption).
const burdenWindow = 13 * week

// person is one engineer of a team, as the rotation knows them.
type person struct {
	pages  fifo[float64] // times of after-hours pages within the burden window, oldest first
	recent int           // pages within the fatigue window
	since  float64       // when the current fatigue began (NaN: not fatigued)
	absent bool          // left, or hired and not yet onboarded
	gen    int           // changes when the person leaves, so their old pages are not forgotten twice
}

// teamFatigue is a team's people, for fatigue and attrition.
type teamFatigue struct {
	people  []person
	absent  int
	rng     *rand.Rand       // departures
	away    sim.TimeWeighted // absent engineers during working hours
	hours   float64          // fatigued person-hours since warm-up
	extra   float64          // effort fatigue added since warm-up
	left    int              // departures since warm-up
	tiredPg int              // after-hours pages answered fatigued since warm-up
	pages   int              // after-hours pages since warm-up
}

// initFatigue gives a team its people.
func (m *model) initFatigue(t *team) {
	if !m.cfg.Fatigue.on() {
		return
	}
	t.fg.people = make([]person, t.cfg.Engineers)
	for i := range t.fg.people {
		t.fg.people[i].since = math.NaN()
	}
	t.fg.rng = m.streams.Stream("attrition/" + t.cfg.Name)
	t.fg.away = sim.NewTimeWeighted(m.env.Now(), 0)
}

// headcount is the team's engineers who work: all, less those who left and
// are not yet replaced and onboarded.
func (t *team) headcount() int { return t.cfg.Engineers - t.fg.absent }

// tiredness is the multiplier fatigue puts on person p's response and
// effort: 1 + Penalty per page above the threshold in the window.
func (m *model) tiredness(t *team, p int) float64 {
	f := &m.cfg.Fatigue
	if f.Penalty <= 0 || t.fg.people == nil {
		return 1
	}
	return 1 + f.Penalty*float64(max(0, t.fg.people[p].recent-f.Threshold))
}

// pagedAtHome records an after-hours page to person p of team t and
// returns their tiredness answering it.
func (m *model) pagedAtHome(t *team, p int) float64 {
	if t.fg.people == nil {
		return 1
	}
	now := m.env.Now()
	f := &m.cfg.Fatigue
	ps := &t.fg.people[p]
	ps.pages.push(now)
	ps.recent++
	if ps.recent > f.Threshold && math.IsNaN(ps.since) {
		ps.since = now
	}
	gen := ps.gen
	m.env.AfterFunc(f.Window, func() {
		if ps.gen == gen {
			m.pageForgotten(t, ps)
		}
	})
	x := m.tiredness(t, p)
	if m.warm {
		t.fg.pages++
		if x > 1 {
			t.fg.tiredPg++
		}
	}
	return x
}

// pageForgotten ends a page's part in its person's fatigue.
func (m *model) pageForgotten(t *team, ps *person) {
	ps.recent--
	if ps.recent <= m.cfg.Fatigue.Threshold && !math.IsNaN(ps.since) {
		m.fatiguedUntil(t, ps, m.env.Now())
	}
}

// fatiguedUntil books a fatigue spell that ends now.
func (m *model) fatiguedUntil(t *team, ps *person, now float64) {
	if m.warm {
		t.fg.hours += now - math.Max(ps.since, m.cfg.Warmup)
	}
	ps.since = math.NaN()
}

// fatigueRisk is the mean of the team's people's tiredness: how much more
// often its changes fail.
func (m *model) fatigueRisk(t *team) float64 {
	if m.cfg.Fatigue.Penalty <= 0 || t.fg.people == nil {
		return 1
	}
	var s float64
	for p := range t.fg.people {
		s += m.tiredness(t, p)
	}
	return s / float64(len(t.fg.people))
}

// sampleFatigue closes a day: who leaves, by the burden of the last
// quarter (one draw per person present, only with attrition on).
func (m *model) sampleFatigue(now float64) {
	f := &m.cfg.Fatigue
	if f.Attrition <= 0 {
		return
	}
	for _, t := range m.teams {
		if t.fg.people == nil || !t.cfg.OnCall {
			continue
		}
		for p := range t.fg.people {
			ps := &t.fg.people[p]
			if ps.absent {
				continue
			}
			for ps.pages.len() > 0 && ps.pages.front() <= now-burdenWindow {
				ps.pages.pop()
			}
			hazard := f.Attrition * float64(ps.pages.len()) / (burdenWindow / week)
			if t.fg.rng.Float64() < 1-math.Exp(-hazard*day/year) {
				m.depart(t, p)
			}
		}
	}
}

// depart takes person p out of team t until a replacement is onboarded.
func (m *model) depart(t *team, p int) {
	now := m.env.Now()
	ps := &t.fg.people[p]
	if !math.IsNaN(ps.since) {
		m.fatiguedUntil(t, ps, now)
	}
	*ps = person{absent: true, since: math.NaN(), gen: ps.gen + 1}
	if m.warm {
		t.fg.left++
	}
	m.setAbsent(t, +1)
	f := &m.cfg.Fatigue
	m.env.AfterFunc(f.HiringDelay+f.Onboarding, func() { // hired, then onboarded
		ps.absent = false
		m.setAbsent(t, -1)
	})
}

// setAbsent changes the team's absent engineers by d, taking effect at
// once during working hours (a leaver's task goes back to the queue).
func (m *model) setAbsent(t *team, d int) {
	now := m.env.Now()
	t.fg.absent += d
	if t.down || t.cfg.Calendar == AllHours {
		return // nobody but the on-call is at work: the next morning counts
	}
	t.fg.away.Set(now, float64(t.fg.absent))
	t.ledger.setDown(now, false, float64(t.headcount()))
	t.res.SetCapacity(t.headcount())
}

// reset forgets the warm-up, keeping who is fatigued or absent now.
func (f *teamFatigue) reset(now float64) {
	f.away.Reset(now)
	f.hours, f.extra = 0, 0
	f.left, f.tiredPg, f.pages = 0, 0, 0
}

// atWork books the team's absent engineers while it is at work (up).
func (t *team) atWork(now float64, up bool) {
	if t.fg.people == nil {
		return
	}
	x := 0.0
	if up {
		x = float64(t.fg.absent)
	}
	t.fg.away.Set(now, x)
}

// fatigueValues fills the fatigue measures: hours fatigued per engineer-
// week and the share of after-hours pages answered fatigued (on-call
// teams), departures a year (the organisation), and the working time lost
// to absence, onboarding and the extra effort of tired people, over the
// working time of a full organisation. NaN with the mechanism off.
func (m *model) fatigueValues(vals map[string]float64, now float64, perWeek func(float64) float64) {
	f := &m.cfg.Fatigue
	for _, n := range []string{"fatigue_h_per_eng_week", "fatigued_pages_frac", "departures_per_year", "capacity_lost_frac"} {
		vals[n] = math.NaN()
	}
	if !f.on() {
		return
	}
	var hours, engineers, lost, nominal float64
	var left, tired, pages int
	for _, t := range m.teams {
		u := t.ledger.use(now)
		away := t.fg.away.Integral(now)
		lost += away + t.fg.extra
		nominal += u.present + away
		left += t.fg.left
		if !t.cfg.OnCall || t.cfg.Calendar == AllHours {
			continue
		}
		engineers += float64(t.cfg.Engineers)
		hours += t.fg.hours
		for _, ps := range t.fg.people {
			if !math.IsNaN(ps.since) {
				hours += now - math.Max(ps.since, m.cfg.Warmup) // still fatigued at the end
			}
		}
		tired += t.fg.tiredPg
		pages += t.fg.pages
	}
	if f.Penalty > 0 {
		vals["fatigue_h_per_eng_week"] = perWeek(ratio(hours, engineers))
		vals["fatigued_pages_frac"] = ratio(float64(tired), float64(pages))
	}
	if f.Attrition > 0 {
		vals["departures_per_year"] = float64(left) / (m.cfg.Horizon / year)
	}
	vals["capacity_lost_frac"] = ratio(lost, nominal)
}

// fatigue checks the [fatigue] keys.
func (c *checker) fatigue(f *FatigueConfig) {
	if f.on() {
		c.positive("fatigue.window", f.Window)
	}
	c.nonNegInt("fatigue.threshold", f.Threshold)
	c.nonNeg("fatigue.penalty", f.Penalty)
	c.nonNeg("fatigue.attrition", f.Attrition)
	c.nonNeg("fatigue.hiring_delay", f.HiringDelay)
	c.nonNeg("fatigue.onboarding", f.Onboarding)
}
