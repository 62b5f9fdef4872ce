package calibrate

import (
	"fmt"
	"io"
	"math"
	"time"
)

// Options control how an export is read and fitted. The zero value reads
// opsim's own event log in UTC at 95% confidence.
type Options struct {
	// Preset names the export's layout ("" is opsim's event log); Map
	// holds --map flags applied on top (see ParseMap).
	Preset string
	Map    []string
	// Location is the organisation's time zone: timestamps without an
	// offset are read in it, and business hours (Monday to Friday,
	// 09:00-17:00) are its local hours. Nil is UTC.
	Location *time.Location
	// TimeFormat is a Go time layout tried before the built-in ones.
	TimeFormat string
	// Level is the confidence level of every interval (0: 0.95).
	Level float64
	// MinIncidents is the count below which a service's own rate is too
	// thin to use alone and is shrunk toward the organisation's (0: 10).
	MinIncidents int
	// TicketClock is "business" (default: ticket handling time counts
	// business hours only, as service-desk SLAs do, because a ticket left
	// at 17:00 waits for the morning) or "24x7".
	TicketClock string
	// Reservoir is how many values of each duration are kept for shape
	// fits and plots (0: DefaultReservoir).
	Reservoir int
}

func (o *Options) defaults() error {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return fmt.Errorf("confidence level must be between 0 and 1, got %v", o.Level)
	}
	if o.MinIncidents == 0 {
		o.MinIncidents = 10
	}
	if o.TicketClock == "" {
		o.TicketClock = "business"
	}
	if o.TicketClock != "business" && o.TicketClock != "24x7" {
		return fmt.Errorf("ticket clock must be business or 24x7, got %q", o.TicketClock)
	}
	if o.Reservoir == 0 {
		o.Reservoir = DefaultReservoir
	}
	return nil
}

// Limits on distinct values, so a mis-mapped column (ids read as
// services) fails fast instead of filling memory.
const (
	maxServices   = 10000
	maxTeams      = 1000
	maxSeverities = 20
)

// Fit reads an export as a stream and fits an organisation to it. file
// names the export in errors. Memory does not grow with the number of rows
// but for 16 bytes per row to find duplicate ids.
func Fit(file string, r io.Reader, opt Options) (*Calibration, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	m, err := NewMapping(opt.Preset, opt.Map)
	if err != nil {
		return nil, err
	}
	explicit := map[Field]bool{}
	for _, spec := range opt.Map {
		if f, _, err := ParseMap(spec); err == nil {
			explicit[f] = true
		}
	}
	rd, err := newReader(file, r, m, explicit, opt.Location, opt.TimeFormat)
	if err != nil {
		return nil, err
	}
	a := newAccumulator(file, opt, rd)
	var rw row
	for {
		err := rd.next(&rw)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := a.add(&rw); err != nil {
			return nil, err
		}
	}
	return a.finish()
}

type svcAcc struct {
	all, base int
	teams     map[string]int
}

type sevAcc struct {
	all, base          int
	restore, ack, work *sample
}

// accumulator holds the running state of Fit: counts, sums and reservoir
// samples, never the rows.
type accumulator struct {
	file       string
	opt        Options
	rd         *reader
	basis      Field // the time work is measured from (see WorkBasis)
	rows       int
	incidents  int
	tickets    int
	open       int
	skipped    map[string]int
	first      time.Time
	last       time.Time
	svc        map[string]*svcAcc
	sev        map[string]*sevAcc
	teamTk     map[string]int
	causes     map[string]int
	detect     map[string]int
	alert      *sample
	customer   *sample
	ackIn      *sample
	ackOut     *sample
	handoffs   int
	handoffN   int
	work       *sample // hands-on work over every severity
	ticketWork *sample
	ticketTurn *sample
	ids        idSet
}

func newAccumulator(file string, opt Options, rd *reader) *accumulator {
	a := &accumulator{file: file, opt: opt, rd: rd, skipped: map[string]int{}, svc: map[string]*svcAcc{}, sev: map[string]*sevAcc{},
		teamTk: map[string]int{}, causes: map[string]int{}, detect: map[string]int{}}
	a.alert, a.customer = a.newSample(), a.newSample()
	a.ackIn, a.ackOut = a.newSample(), a.newSample()
	a.ticketWork, a.ticketTurn, a.work = a.newSample(), a.newSample(), a.newSample()
	switch {
	case hasField(rd.col, FirstResponse):
		a.basis = FirstResponse
	case hasField(rd.col, Acknowledged):
		a.basis = Acknowledged
	default:
		a.basis = Created
	}
	return a
}

func (a *accumulator) newSample() *sample { return newSample(a.opt.Reservoir) }

func (a *accumulator) tooMany(line int, f Field, n int) error {
	return &Error{File: a.file, Line: line, Column: a.rd.name[f], Field: f,
		Msg: fmt.Sprintf("more than %d distinct values: is this really the %s column? map another with --map COLUMN=%s", n, f, f)}
}

// since is the hours from a to b, NaN when either is absent.
func since(a, b time.Time) float64 {
	if a.IsZero() || b.IsZero() {
		return math.NaN()
	}
	return b.Sub(a).Hours()
}

// start is when work on a row starts, by the work basis.
func (a *accumulator) start(r *row) time.Time {
	switch a.basis {
	case FirstResponse:
		return r.first
	case Acknowledged:
		return r.acked
	}
	return r.created
}

func (a *accumulator) add(r *row) error {
	a.rows++
	if r.kind == kindOther {
		a.skipped[r.typ]++
		return nil
	}
	a.ids.add(r.id, r.line)
	if a.first.IsZero() || r.created.Before(a.first) {
		a.first = r.created
	}
	if r.created.After(a.last) {
		a.last = r.created
	}
	if r.kind == kindTicket {
		return a.addTicket(r)
	}
	a.incidents++
	svc := r.service
	if svc == "" {
		svc = unnamedService
	}
	s := a.svc[svc]
	if s == nil {
		if len(a.svc) >= maxServices {
			return a.tooMany(r.line, Service, maxServices)
		}
		s = &svcAcc{teams: map[string]int{}}
		a.svc[svc] = s
	}
	base := r.cause == "" || r.cause == "base"
	s.all++
	if base {
		s.base++
	}
	if r.team != "" {
		if _, ok := s.teams[r.team]; !ok && len(s.teams) >= maxTeams {
			return a.tooMany(r.line, Team, maxTeams)
		}
		s.teams[r.team]++
	}
	a.causes[orUnknown(r.cause)]++
	sv := a.sev[r.severity]
	if sv == nil {
		if len(a.sev) >= maxSeverities {
			return a.tooMany(r.line, Severity, maxSeverities)
		}
		sv = &sevAcc{restore: a.newSample(), ack: a.newSample(), work: a.newSample()}
		a.sev[r.severity] = sv
	}
	sv.all++
	if base {
		sv.base++
	}
	if r.handoffs >= 0 {
		a.handoffs += r.handoffs
		a.handoffN++
	}
	// Detection: channel and delay from impact to report.
	if hasField(a.rd.col, Detection) {
		a.detect[orUnknown(r.detection)]++
		switch d := since(r.created, r.detected); r.detection {
		case "monitoring":
			a.alert.add(d)
		case "customer":
			a.customer.add(d)
		}
	}
	// Acknowledgement, split by whether the page came in business hours.
	paged := r.detected
	if paged.IsZero() {
		paged = r.created
	}
	if tta := since(paged, r.acked); !math.IsNaN(tta) {
		sv.ack.add(tta)
		if inBusinessHours(paged.In(a.opt.Location)) {
			a.ackIn.add(tta)
		} else {
			a.ackOut.add(tta)
		}
	}
	if r.resolved.IsZero() {
		a.open++
		return nil
	}
	sv.restore.add(since(r.created, r.resolved))
	// Hands-on work: from the basis to resolution, when the owners did it
	// without handing it on (a handoff adds triage and waiting) and the
	// failure was the service's own (a cascade waits for its cause).
	if base && r.handoffs <= 0 && (r.responder == "" || r.team == "" || r.responder == r.team) {
		w := since(a.start(r), r.resolved)
		sv.work.add(w)
		a.work.add(w)
	}
	return nil
}

func (a *accumulator) addTicket(r *row) error {
	a.tickets++
	team := r.team
	if team == "" {
		team = unnamedTeam
	}
	if _, ok := a.teamTk[team]; !ok && len(a.teamTk) >= maxTeams {
		return a.tooMany(r.line, Team, maxTeams)
	}
	a.teamTk[team]++
	if r.resolved.IsZero() {
		return nil
	}
	a.ticketTurn.add(since(r.created, r.resolved))
	if st := a.start(r); !st.IsZero() {
		w := since(st, r.resolved)
		if a.opt.TicketClock == "business" {
			w = businessHoursBetween(st.In(a.opt.Location), r.resolved.In(a.opt.Location))
		}
		a.ticketWork.add(w)
	}
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// Names used when the export has no service or team column.
const (
	unnamedService = "all-services"
	unnamedTeam    = "owners"
)

// Business hours, as opsim's calendar has them: Monday to Friday,
// 09:00-17:00 local time.
const (
	dayStart = 9
	dayEnd   = 17
)

func inBusinessHours(t time.Time) bool {
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday && t.Hour() >= dayStart && t.Hour() < dayEnd
}

// businessHoursBetween counts the business hours from a to b (both in the
// organisation's zone): whole weeks at 40 hours each (business hours are
// wall-clock, so daylight saving does not change a week's), then the rest
// day by day.
func businessHoursBetween(a, b time.Time) float64 {
	var h float64
	if weeks := int(b.Sub(a).Hours() / (24 * 7)); weeks > 1 {
		weeks-- // a week short, so that a shorter day at a clock change cannot overshoot b
		h = float64(weeks) * 5 * (dayEnd - dayStart)
		a = a.AddDate(0, 0, 7*weeks)
	}
	for d := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, a.Location()); d.Before(b); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		open := time.Date(d.Year(), d.Month(), d.Day(), dayStart, 0, 0, 0, d.Location())
		shut := time.Date(d.Year(), d.Month(), d.Day(), dayEnd, 0, 0, 0, d.Location())
		lo, hi := maxTime(open, a), minTime(shut, b)
		if hi.After(lo) {
			h += hi.Sub(lo).Hours()
		}
	}
	return h
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// duplicates reports the first row that repeats an earlier row's id.
func (a *accumulator) duplicates() error {
	first, dup, found := a.ids.firstDuplicate()
	if !found {
		return nil
	}
	return &Error{File: a.file, Line: dup, Column: a.rd.name[ID], Field: ID,
		Msg: fmt.Sprintf("duplicate id: the same id as line %d (an export should list each incident once)", first)}
}
