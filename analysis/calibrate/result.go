package calibrate

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Calibration is an organisation fitted to an export: what Fit found,
// with the number of rows behind each estimate and its interval.
type Calibration struct {
	File    string
	Options Options
	// Columns is the export's column for each field it has.
	Columns map[Field]string
	// WorkBasis is the time hands-on work is measured from, to resolution:
	// FirstResponse when the export has it, else Acknowledged, else
	// Created (then work is the whole time to restore).
	WorkBasis Field

	Rows, Incidents, Tickets int
	Open                     int            // incidents without a resolution time
	Skipped                  map[string]int // rows of other types (problems, changes), by type
	Start, End               time.Time      // first and last creation time
	// Hours is the observation window the rates divide by: the span from
	// the first to the last creation time, widened by (n+1)/(n-1) for n
	// rows, the unbiased estimate of the span n uniform arrivals came from.
	Hours float64

	Services []ServiceRate // by name
	// OrgRate is the pooled base incident rate per service, per hour.
	OrgRate Interval
	// Spread is the sigma of a lognormal multiplier (mean 1) on service
	// rates that explains the spread of the counts beyond Poisson noise
	// (method of moments); 0 when the counts are no more spread than
	// chance, NaN with one service.
	Spread float64
	Causes map[string]int

	Severities []SeverityFit // most severe first
	// Work is the hands-on work of every severity together, the fallback
	// for a severity with too few rows of its own.
	Work *Quantity

	// Acknowledgement times (hours from the page, i.e. detection or else
	// creation, to the first acknowledgement) of pages that came in
	// business hours and outside them, in the organisation's time zone.
	AckBusiness, AckAfterHours *Quantity
	AfterHours                 AfterHoursEffect

	Detection     map[string]int // incidents by channel: monitoring, customer, other, unknown
	Monitoring    Interval       // share caught by monitoring (of those whose channel is known)
	AlertDelay    *Quantity      // impact to detection, caught by monitoring
	CustomerDelay *Quantity      // impact to detection, reported by customers
	// HandoffsPerIncident is the mean of the handoffs column (NaN without one).
	HandoffsPerIncident float64

	Teams            []TeamRate // by name
	TicketWork       *Quantity  // hands-on time per ticket (business hours by default)
	TicketTurnaround *Quantity  // created to closed, wall clock

	Warnings []string
}

// Interval is an estimate with its confidence interval; N is how many
// rows it rests on.
type Interval struct {
	Value, Lo, Hi float64
	N             int
}

// Quantity is one fitted duration, in hours.
type Quantity struct {
	Name string
	N    int // values fitted
	Left int // zero or negative values left out
	// Mean is exact over every value, with a Student t interval; Median and
	// P90 are of the values (or of the reservoir when there are more).
	Mean        Interval
	Median, P90 float64
	Fits        []DistFit // lognormal, gamma, Weibull
	Best        int       // index of the chosen fit (see fitAll)
	values      []float64 // sorted reservoir, for plots
}

// Chosen is the fit the fragment uses.
func (q *Quantity) Chosen() DistFit { return q.Fits[q.Best] }

// Fitted reports whether the shape fits succeeded.
func (q *Quantity) Fitted() bool { return q != nil && len(q.Fits) > 0 && q.Fits[q.Best].OK() }

func newQuantity(name string, s *sample, level float64) *Quantity {
	nan := math.NaN()
	q := &Quantity{Name: name, N: s.n, Left: s.zero, Mean: Interval{nan, nan, nan, s.n}, Median: nan, P90: nan}
	if s.n == 0 {
		return q
	}
	q.values = s.sorted()
	q.Median, q.P90 = stat.Quantile(0.5, stat.LinInterp, q.values, nil), stat.Quantile(0.9, stat.LinInterp, q.values, nil)
	q.Mean.Value = s.mean
	if s.n >= 2 {
		h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(s.n - 1)}.Quantile(1-(1-level)/2) * s.sd() / math.Sqrt(float64(s.n))
		q.Mean.Lo, q.Mean.Hi = s.mean-h, s.mean+h
		q.Fits, q.Best = fitAll(s, level)
	}
	return q
}

// ServiceRate is one service's incident rate, per hour.
type ServiceRate struct {
	Name, Team string // team: the one most of its incidents name as owner
	Incidents  int    // of every cause
	// Rate is the service's own base rate (its base-cause incidents, or all
	// when the export does not say the cause) with the exact Poisson
	// (Garwood) interval.
	Rate Interval
	// Written is what the fragment uses: Rate, or, for a service with
	// fewer than Options.MinIncidents, the empirical Bayes estimate that
	// shrinks it toward the organisation's (gamma-Poisson, prior fitted by
	// the method of moments), with the posterior interval.
	Written Interval
	Shrunk  bool
}

// SeverityFit is one severity class.
type SeverityFit struct {
	Name  string   // as in the export ("" when it had no value)
	Key   string   // the name written to the fragment
	Count int      // incidents of every cause
	Share Interval // of base incidents (Wilson interval)
	// Restore is created to resolved; Ack is page to acknowledgement;
	// Work is the hands-on time (see Calibration.WorkBasis) of incidents
	// the owners restored without a handoff.
	Restore, Ack, Work *Quantity
}

// TeamRate is one team: the services it owns and its ticket rate.
type TeamRate struct {
	Name       string
	Services   int
	Incidents  int
	Tickets    int
	TicketRate Interval // per hour (Garwood); NaN when the export has no tickets
}

// AfterHoursEffect compares acknowledgement outside business hours with
// acknowledgement in them.
type AfterHoursEffect struct {
	Ratio float64 // mean after hours / mean in business hours
	P     float64 // two-sided Welch t test on log times
	Shown bool    // P below 1 - Level: the data show an effect
}

func (a *accumulator) finish() (*Calibration, error) {
	if a.rows == 0 {
		return nil, &Error{File: a.file, Msg: "no rows after the header"}
	}
	if err := a.duplicates(); err != nil {
		return nil, err
	}
	kept := a.incidents + a.tickets
	if kept < 2 {
		return nil, &Error{File: a.file, Msg: fmt.Sprintf("%d incidents and %d tickets: at least two are needed to tell the period the export covers", a.incidents, a.tickets)}
	}
	span := a.last.Sub(a.first).Hours()
	if !(span > 0) {
		return nil, &Error{File: a.file, Field: Created, Msg: "every row was created at the same time: the export's period cannot be told"}
	}
	lvl := a.opt.Level
	c := &Calibration{File: a.file, Options: a.opt, Columns: maps.Clone(a.rd.name), WorkBasis: a.basis,
		Rows: a.rows, Incidents: a.incidents, Tickets: a.tickets, Open: a.open, Skipped: a.skipped,
		Start: a.first, End: a.last, Hours: span * float64(kept+1) / float64(kept-1),
		Causes: a.causes, Detection: a.detect, HandoffsPerIncident: math.NaN()}
	c.services(a)
	c.severities(a)
	c.Work = newQuantity("work, all severities", a.work, lvl)
	c.AckBusiness = newQuantity("acknowledge, business hours", a.ackIn, lvl)
	c.AckAfterHours = newQuantity("acknowledge, after hours", a.ackOut, lvl)
	c.AfterHours = afterHours(a.ackIn, a.ackOut, lvl)
	mon, cust := a.detect["monitoring"], a.detect["customer"]
	c.Monitoring = wilson(mon, mon+cust, lvl)
	c.AlertDelay = newQuantity("detection by monitoring", a.alert, lvl)
	c.CustomerDelay = newQuantity("detection by customers", a.customer, lvl)
	if a.handoffN > 0 {
		c.HandoffsPerIncident = float64(a.handoffs) / float64(a.handoffN)
	}
	c.teams(a)
	c.TicketWork = newQuantity("ticket handling", a.ticketWork, lvl)
	c.TicketTurnaround = newQuantity("ticket turnaround", a.ticketTurn, lvl)
	c.warn(a)
	return c, nil
}

// services fills the per-service rates, the spread and the shrinkage.
func (c *Calibration) services(a *accumulator) {
	lvl, t := c.Options.Level, c.Hours
	var total int
	var sum, sumSq float64
	for _, name := range slices.Sorted(maps.Keys(a.svc)) {
		s := a.svc[name]
		team := unnamedTeam
		best := 0
		for _, tm := range slices.Sorted(maps.Keys(s.teams)) {
			if s.teams[tm] > best {
				team, best = tm, s.teams[tm]
			}
		}
		r := poissonCI(s.base, t, lvl)
		c.Services = append(c.Services, ServiceRate{Name: name, Team: team, Incidents: s.all, Rate: r, Written: r})
		total += s.base
		sum += r.Value
		sumSq += r.Value * r.Value
	}
	n := float64(len(c.Services))
	c.OrgRate = poissonCI(total, t*n, lvl)
	c.Spread = math.NaN()
	if len(c.Services) < 2 {
		return
	}
	// Between-service variance of the true rates: the variance of the
	// observed rates less the Poisson noise (mean rate / t).
	m := c.OrgRate.Value
	v := math.Max(0, (sumSq-n*m*m)/(n-1)-m/t)
	c.Spread = 0
	if m > 0 {
		c.Spread = math.Sqrt(math.Log1p(v / (m * m)))
	}
	for i := range c.Services {
		s := &c.Services[i]
		if s.Rate.N >= c.Options.MinIncidents {
			continue
		}
		s.Shrunk = true
		if v == 0 || m == 0 {
			s.Written = c.OrgRate // no spread beyond chance: the pooled rate is the best guess
			s.Written.N = s.Rate.N
			continue
		}
		// Gamma(alpha, beta) prior with the rates' mean and variance; the
		// posterior after k incidents in t hours is Gamma(alpha+k, beta+t).
		alpha, beta := m*m/v, m/v
		post := distuv.Gamma{Alpha: alpha + float64(s.Rate.N), Beta: beta + t}
		q := (1 - lvl) / 2
		s.Written = Interval{post.Mean(), post.Quantile(q), post.Quantile(1 - q), s.Rate.N}
	}
}

// poissonCI is Garwood's exact interval for k events in t hours.
func poissonCI(k int, t, level float64) Interval {
	a := (1 - level) / 2
	iv := Interval{Value: float64(k) / t, N: k}
	if k > 0 {
		iv.Lo = distuv.ChiSquared{K: float64(2 * k)}.Quantile(a) / (2 * t)
	}
	iv.Hi = distuv.ChiSquared{K: float64(2*k + 2)}.Quantile(1-a) / (2 * t)
	return iv
}

// wilson is the Wilson score interval for k successes in n.
func wilson(k, n int, level float64) Interval {
	if n == 0 {
		nan := math.NaN()
		return Interval{nan, nan, nan, 0}
	}
	z := zq(level)
	p, nn := float64(k)/float64(n), float64(n)
	d := 1 + z*z/nn
	mid := (p + z*z/(2*nn)) / d
	h := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / d
	return Interval{p, math.Max(0, mid-h), math.Min(1, mid+h), n}
}

// afterHours tests whether pages outside business hours are acknowledged
// more slowly: Welch's t on log times, which does not assume equal spread.
func afterHours(in, out *sample, level float64) AfterHoursEffect {
	e := AfterHoursEffect{Ratio: math.NaN(), P: math.NaN()}
	if in.n < 2 || out.n < 2 {
		return e
	}
	e.Ratio = out.mean / in.mean
	vi, vo := in.logM2/float64(in.n-1)/float64(in.n), out.logM2/float64(out.n-1)/float64(out.n)
	se := math.Sqrt(vi + vo)
	if se == 0 {
		return e
	}
	df := (vi + vo) * (vi + vo) / (vi*vi/float64(in.n-1) + vo*vo/float64(out.n-1))
	t := (out.logMean - in.logMean) / se
	e.P = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-math.Abs(t))
	e.Shown = e.P < 1-level
	return e
}

// severities ranks the severity classes most severe first and fits each.
func (c *Calibration) severities(a *accumulator) {
	names := slices.Collect(maps.Keys(a.sev))
	sort.Slice(names, func(i, j int) bool {
		ri, rj := severityRank(names[i]), severityRank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	baseTotal := 0
	for _, s := range a.sev {
		baseTotal += s.base
	}
	used := map[string]bool{}
	for i, n := range names {
		s := a.sev[n]
		label := n
		if label == "" {
			label = "unspecified"
		}
		key := fragmentKey(n, i)
		if !c.has(Severity) {
			key = "all"
		}
		for used[key] {
			key += "_" + strconv.Itoa(i+1)
		}
		used[key] = true
		c.Severities = append(c.Severities, SeverityFit{
			Name: n, Key: key, Count: s.all, Share: wilson(s.base, baseTotal, c.Options.Level),
			Restore: newQuantity("restore, "+label, s.restore, c.Options.Level),
			Ack:     newQuantity("acknowledge, "+label, s.ack, c.Options.Level),
			Work:    newQuantity("work, "+label, s.work, c.Options.Level),
		})
	}
}

var (
	firstNumber = regexp.MustCompile(`\d+`)
	notKey      = regexp.MustCompile(`[^A-Za-z0-9_-]+`)
	// severityWords ranks the words tools use for severity and priority.
	severityWords = []struct {
		rank  float64
		words []string
	}{
		{1, []string{"critical", "highest", "blocker", "urgent", "emergency", "major incident"}},
		{2, []string{"high", "major"}},
		{3, []string{"medium", "moderate", "normal"}},
		{4, []string{"low", "minor"}},
		{5, []string{"lowest", "trivial", "planning", "info"}},
	}
)

// severityRank orders severity names: by their first number (SEV1, P2,
// "1 - Critical"), else by the usual words (critical before high before
// low), unknown words after, and no severity last.
func severityRank(name string) float64 {
	if name == "" {
		return 1e9
	}
	if m := firstNumber.FindString(name); m != "" {
		n, _ := strconv.ParseFloat(m, 64)
		return n
	}
	l := strings.ToLower(name)
	best := 1e6
	for _, w := range severityWords {
		for _, word := range w.words {
			if l == word {
				return w.rank
			}
			if strings.Contains(l, word) {
				best = math.Min(best, w.rank+0.5)
			}
		}
	}
	return best
}

// fragmentKey makes a severity name safe for metric and file names.
func fragmentKey(name string, i int) string {
	k := strings.Trim(notKey.ReplaceAllString(name, "_"), "_")
	if k == "" {
		k = "SEV" + strconv.Itoa(i+1)
	}
	return k
}

// teams lists the teams that own services or raise tickets, with their
// ticket rates.
func (c *Calibration) teams(a *accumulator) {
	byName := map[string]*TeamRate{}
	get := func(name string) *TeamRate {
		if byName[name] == nil {
			byName[name] = &TeamRate{Name: name}
		}
		return byName[name]
	}
	for _, s := range c.Services {
		t := get(s.Team)
		t.Services++
		t.Incidents += s.Incidents
	}
	for name, n := range a.teamTk {
		get(name).Tickets = n
	}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		t := byName[name]
		t.TicketRate = Interval{math.NaN(), math.NaN(), math.NaN(), 0}
		if c.Tickets > 0 {
			t.TicketRate = poissonCI(t.Tickets, c.Hours, c.Options.Level)
		}
		c.Teams = append(c.Teams, *t)
	}
}

// warn says what the fits cannot be trusted for.
func (c *Calibration) warn(a *accumulator) {
	w := func(format string, args ...any) { c.Warnings = append(c.Warnings, fmt.Sprintf(format, args...)) }
	for _, typ := range slices.Sorted(maps.Keys(c.Skipped)) {
		label := typ
		if label == "" {
			label = "(empty)"
		}
		w("%d rows of type %q were skipped: only incidents and tickets (service requests) are fitted", c.Skipped[typ], label)
	}
	if !hasField(a.rd.col, Resolved) {
		w("the export has no resolution time: restore and work times are not fitted, and the fragment keeps opsim's default efforts")
	} else if c.Open > 0 {
		w("%d of %d incidents have no resolution time (still open?): their restore times are not in the fits, which biases them low if the open ones are the long ones", c.Open, c.Incidents)
	}
	var thin []string
	for _, s := range c.Services {
		if s.Shrunk {
			thin = append(thin, fmt.Sprintf("%s (%d)", s.Name, s.Rate.N))
		}
	}
	if len(thin) > 0 && len(c.Services) > 1 {
		w("%d services have fewer than %d incidents, too few for a rate of their own: their rates are shrunk toward the organisation's (empirical Bayes): %s",
			len(thin), c.Options.MinIncidents, strings.Join(thin, ", "))
	} else if len(thin) > 0 {
		w("the only service has %d incidents: its rate interval is wide", c.Services[0].Rate.N)
	}
	switch {
	case !hasField(a.rd.col, Resolved):
	case c.Work.N < minFit:
		w("only %d incidents were restored by their owners without a handoff: too few to tell hands-on work from handoffs and waiting, so the fragment keeps opsim's default efforts (calibrate from a period or teams where owners answered their own pages)", c.Work.N)
	default:
		for _, sv := range c.Severities {
			if sv.Work.N < minFit {
				w("severity %s: %d work times, too few to fit a distribution; the fragment uses the fit over all severities", sv.Key, sv.Work.N)
			}
		}
	}
	for _, q := range c.quantities() {
		switch {
		case q.Left == 0:
		case q == c.TicketWork && c.Options.TicketClock == "business":
			w("%s: %d tickets were worked entirely outside business hours and were left out; if their team works around the clock, pass --ticket-clock 24x7", q.Name, q.Left)
		default:
			w("%s: %d zero or negative durations were left out of the fit (times recorded to the second or coarser?)", q.Name, q.Left)
		}
	}
	if n := c.Causes["other"]; n > 0 {
		w("%d incidents have a cause opsim does not know (want base, change or cascade): counted as base", n)
	}
	if n := c.Detection["other"]; n > 0 {
		w("%d incidents have a detection channel that is neither monitoring nor customers: left out of the monitoring share", n)
	}
	if c.Hours < 4*168 {
		w("the export covers %.1f weeks: rates from under a month of data swing with the weeks it happened to include", c.Hours/168)
	}
}

// minFit is the fewest values a duration's shape is fitted from.
const minFit = 10

// quantities lists every fitted duration, in report order.
func (c *Calibration) quantities() []*Quantity {
	var qs []*Quantity
	for _, s := range c.Severities {
		qs = append(qs, s.Restore, s.Ack, s.Work)
	}
	return append(qs, c.Work, c.AckBusiness, c.AckAfterHours, c.AlertDelay, c.CustomerDelay, c.TicketWork, c.TicketTurnaround)
}
