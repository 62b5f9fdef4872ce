package models

import (
	"math"
	"math/bits"

	"github.com/opsim/opsim/sim"
)

// sloWindow is the window SLOs are judged over: 28 days, the window the
// SRE workbook uses for error budgets (rolling, so a bad day counts in the
// 28 windows that contain it).
const sloWindow = 28

// availability keeps what customers see. A service's impairment at time t
// is the largest impact among its open incidents, never above 1: two
// incidents open on one service do not count the same minute twice. The
// organisation's customer impairment is the largest impairment among its
// customer-facing (application) services, so a hub that takes N of them
// down with it costs its minutes once, not N times.
type availability struct {
	impact []float64 // per severity, within [0, 1]
	// appWorst counts the application services whose worst open incident
	// is at each severity.
	appWorst []int
	customer sim.TimeWeighted
	services []*service
	day      sloDays
}

// sloDays is the calendar of the rolling SLO windows: the hours each of
// the last days spanned and the window's total. Every service's windows
// start together (at the start and again at warm-up) and close together
// each day, so one calendar serves them all: kept per service, it was a
// sixth of every service's size and a line each one read and wrote daily.
type sloDays struct {
	k      int // the ring slot of the day closed last
	days   int // days closed
	span   [sloWindow]float64
	lastT  float64
	window float64 // the hours of the window ending at the day closed last
	// The window's hours are summed in ring order, as they always were, so
	// that results stay bit for bit; but every day spans the same hours,
	// so while the last sloWindow spans were all sameSpan the sum is the
	// one computed for it before (spanSum).
	sameSpan, spanSum float64
	sameRun           int // how many of the latest spans equal sameSpan
}

// close closes the day ending now.
func (d *sloDays) close(now float64) {
	d.k = d.days % sloWindow
	d.span[d.k] = now - d.lastT
	d.lastT = now
	d.days++
	if d.span[d.k] == d.sameSpan {
		d.sameRun++
	} else {
		d.sameSpan, d.sameRun = d.span[d.k], 1
	}
	if d.sameRun > sloWindow { // all equal, and summed for this value before
		d.window = d.spanSum
		return
	}
	var span float64
	for _, h := range d.span {
		span += h
	}
	d.spanSum, d.window = span, span
}

// serviceAvailability is one service's share of the bookkeeping.
type serviceAvailability struct {
	open   []int // open incidents per severity
	worst  int   // severity with the largest impact among open ones, -1: none
	impair sim.TimeWeighted
	// rolling SLO windows: the impaired time of each of the last days
	// (their hours are the organisation's, sloDays), and lastI, the
	// impaired time up to the day closed last
	ring  [sloWindow]float64
	lastI float64
	// The window sums are taken in ring order, as they always were, so that
	// results stay bit for bit; but most days have no impairment, and adding
	// +0 changes no sum, so only the days in nonzero (a bit per ring slot)
	// are added.
	nonzero uint32

	down            float64 // impaired hours in the window ending at the last sample
	windows, metSLO int
	// sla is the availability the SLA promises per 28-day window;
	// slaBreaches counts the windows, one after another, that fell short
	// (costs.go).
	sla         float64
	slaBreaches int
}

func newAvailability(m *model) availability {
	a := availability{services: m.services}
	for _, s := range m.cfg.Incident.Severities {
		a.impact = append(a.impact, math.Min(1, math.Max(0, s.Impact)))
	}
	if f := m.cfg.Pipeline.Canary; f > 0 { // a canary's faults: the same severities at its share of users
		n := len(a.impact)
		for i := range n {
			a.impact = append(a.impact, a.impact[i]*f)
		}
	}
	a.appWorst = make([]int, len(a.impact))
	now := m.env.Now()
	a.customer = sim.NewTimeWeighted(now, 0)
	a.day = sloDays{lastT: now}
	for _, s := range m.services {
		s.av = serviceAvailability{open: make([]int, len(a.impact)), worst: -1, impair: sim.NewTimeWeighted(now, 0), sla: m.slaTarget(s)}
	}
	return a
}

// change records that an incident of severity sev opened (+1) or closed
// (−1) on service s.
func (a *availability) change(now float64, s *service, sev, d int) {
	v := &s.av
	v.open[sev] += d
	worst := -1
	for i, n := range v.open {
		if n > 0 && (worst < 0 || a.impact[i] > a.impact[worst]) {
			worst = i
		}
	}
	if worst == v.worst {
		return
	}
	if s.layer == LayerApp {
		if v.worst >= 0 {
			a.appWorst[v.worst]--
		}
		if worst >= 0 {
			a.appWorst[worst]++
		}
		a.customer.Set(now, a.worstOf(a.appWorst))
	}
	v.worst = worst
	impair := 0.0 // the worst open incident's impact, found above
	if worst >= 0 {
		impair = a.impact[worst]
	}
	v.impair.Set(now, impair)
}

// worstOf is the largest impact among severities with a positive count.
func (a *availability) worstOf(counts []int) float64 {
	var w float64
	for i, n := range counts {
		if n > 0 {
			w = math.Max(w, a.impact[i])
		}
	}
	return w
}

// closeDay closes a day of a service's rolling SLO windows, its SLO slo,
// once d has closed the day (model.closeDay closes every service's, with
// its error budget's day).
func (v *serviceAvailability) closeDay(now, slo float64, d *sloDays) {
	area := v.impair.Integral(now)
	k := d.k
	v.ring[k] = area - v.lastI
	v.lastI = area
	if v.ring[k] != 0 {
		v.nonzero |= 1 << k
	} else {
		v.nonzero &^= 1 << k
	}
	var down float64
	for b := v.nonzero; b != 0; b &= b - 1 {
		down += v.ring[bits.TrailingZeros32(b)]
	}
	v.down = down // the error budget reads the same window (errorbudget.go)
	if d.days < sloWindow {
		return
	}
	span := d.window
	v.windows++
	if down <= (1-slo)*span*(1+1e-12) {
		v.metSLO++
	}
	if d.days%sloWindow == 0 && down > (1-v.sla)*span*(1+1e-12) {
		v.slaBreaches++
	}
}

// reset forgets the warm-up; incidents open across the boundary count
// from now on.
func (a *availability) reset(now float64) {
	a.customer.Reset(now)
	a.day = sloDays{lastT: now}
	for _, s := range a.services {
		v := &s.av
		v.impair.Reset(now)
		v.ring = [sloWindow]float64{}
		v.lastI, v.windows, v.metSLO, v.slaBreaches = 0, 0, 0, 0
		v.nonzero = 0
	}
}

// of is a service's availability since warm-up: 1 minus its time-average
// impairment, within [0, 1] by construction.
func (v *serviceAvailability) of(now float64) float64 { return 1 - v.impair.Mean(now) }

// sloAttainment is the share of the service's 28-day windows that met its
// SLO, NaN when the horizon is shorter than one window.
func (v *serviceAvailability) sloAttainment() float64 {
	if v.windows == 0 {
		return math.NaN()
	}
	return float64(v.metSLO) / float64(v.windows)
}
