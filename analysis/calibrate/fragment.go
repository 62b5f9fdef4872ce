package calibrate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/opsim/opsim/scenarios"
)

// FragmentHeader starts every fragment calibrate writes, so a tool can
// tell its own output from a hand-written scenario before replacing it.
const FragmentHeader = "# opsim calibrate:"

// FragmentOptions are the choices a fragment needs that no export holds.
type FragmentOptions struct {
	// Engineers is each team's size (0: 6, opsim's default).
	Engineers int
	// Report is the report's file name, mentioned in the header.
	Report string
}

// severityDefaults are opsim's defaults for the four default classes
// (scenarios/schema.go), used by rank for what an export cannot say:
// the customer-escalation threshold, postmortems and the share of the
// service an incident takes down, and the effort when there are no
// resolution times.
var severityDefaults = []struct {
	escalate    string
	postmortem  bool
	impact      float64
	median, p90 string
}{
	{"1h", true, 1, "2h", "8h"},
	{"4h", true, 0.5, "1.5h", "6h"},
	{"1d", false, 0.2, "1h", "4h"},
	{"3d", false, 0.05, "0.5h", "2h"},
}

func (c *Calibration) has(f Field) bool { _, ok := c.Columns[f]; return ok }

// Fragment writes the calibration as a scenario fragment in opsim's own
// keys, with a comment on every value saying what it rests on and what it
// stands for in the model. Every table it writes is its own ([[org.team]],
// [services], [[services.service]], [work], [incidents],
// [[incidents.severity]], [response]); append it to a scenario that leaves
// those to it, which is what --base does.
func (c *Calibration) Fragment(opt FragmentOptions) []byte {
	if opt.Engineers <= 0 {
		opt.Engineers = 6
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	lvl := fmt.Sprintf("%g%%", 100*c.Options.Level)
	p("%s a scenario fragment fitted to %s", FragmentHeader, c.File)
	p("# %d rows: %d incidents, %d tickets; created %s to %s (%.1f weeks); times in %s.",
		c.Rows, c.Incidents, c.Tickets, c.Start.In(c.Options.Location).Format("2006-01-02 15:04"),
		c.End.In(c.Options.Location).Format("2006-01-02 15:04"), c.Hours/week, c.Options.Location)
	if opt.Report != "" {
		p("# The report %s shows every fit, its interval and how many rows it rests on.", opt.Report)
	}
	p("#")
	p("# What each fitted number stands for in opsim:")
	comment(p, "- ", "incident rates are each service's own failures (base cause) per week; "+c.causeNote())
	comment(p, "- ", "effort is opsim's hands-on diagnosis and mitigation by the owning team. Time to restore is more: "+
		"detection, acknowledgement, waiting for a free engineer, handoffs, which opsim adds itself, so fitting effort "+
		"to it would count them twice. Effort is fitted to "+c.workNote()+". Compare the simulated time to restore "+
		"with the report's observed one to check the result.")
	comment(p, "- ", fmt.Sprintf("ack and ack_after_hours are the mean time to acknowledge a page in and outside business hours "+
		"(Mon-Fri 09:00-17:00 %s); opsim draws them as exponential.", c.Options.Location))
	comment(p, "", fmt.Sprintf("Not in an export, so assumptions or opsim's defaults: team sizes (engineers = %d), dependencies, "+
		"feature work, and each severity's escalation threshold, postmortems and impact.", opt.Engineers))
	p("")
	c.writeTeams(p, opt.Engineers, lvl)
	c.writeServices(p, lvl)
	c.writeWork(p, lvl)
	c.writeIncidents(p, lvl)
	c.writeResponse(p)
	return []byte(b.String())
}

type printer func(format string, args ...any)

// comment writes text as TOML comment lines of at most about 100
// characters, after a bullet (continuation lines are indented under it).
func comment(p printer, bullet, text string) {
	const width = 100
	line := "# " + bullet
	indent := "# " + strings.Repeat(" ", len(bullet))
	for i, w := range strings.Fields(text) {
		if i > 0 && len(line)+1+len(w) > width {
			p("%s", line)
			line = indent
		} else if i > 0 {
			line += " "
		}
		line += w
	}
	p("%s", line)
}

func (c *Calibration) causeNote() string {
	if !c.has(Cause) {
		return "the export does not say which incidents came from changes or cascades, so all count as the services' own and opsim's change and coupling mechanisms are off (change_failure = 0, coupling = 0) to not count them twice."
	}
	ch, ca := c.Causes["change"], c.Causes["cascade"]
	if ch+ca == 0 {
		return "the export says every incident was a service's own: none came from a change or a cascade."
	}
	return fmt.Sprintf("%d change and %d cascade incidents are left to opsim's deploy and coupling mechanisms (work.change_failure, services.coupling), which an export cannot calibrate without deploy counts and the dependency graph.", ch, ca)
}

func (c *Calibration) workNote() string {
	switch c.WorkBasis {
	case FirstResponse:
		return "first response to resolution of incidents the owners restored without a handoff: hands-on time plus any pauses, a close approximation"
	case Acknowledged:
		return "acknowledgement to resolution of incidents the owners restored without a handoff (the export has no first-response time): it includes any wait for a free engineer, so effort is overstated a little"
	}
	return "creation to resolution, the whole time to restore (the export has neither acknowledgement nor first-response times): effort is overstated by the detection, acknowledgement and queueing opsim adds"
}

func (c *Calibration) writeTeams(p printer, engineers int, lvl string) {
	for _, t := range c.Teams {
		p("[[org.team]]")
		p("name = %s", scenarios.QuoteTOML(t.Name))
		p(`kind = "product"`)
		p("engineers = %d  # assumption: team sizes are not in an export", engineers)
		if c.Tickets > 0 {
			r := t.TicketRate
			p("toil_rate = %s  # tickets its services raise; %s CI [%s, %s], %d tickets", scenarios.QuoteTOML(fmtRate(r.Value)), lvl, fmtRate(r.Lo), fmtRate(r.Hi), r.N)
		}
		p("")
	}
}

func (c *Calibration) writeServices(p printer, lvl string) {
	p("[services]")
	o := c.OrgRate
	p("incident_rate = %s  # pooled per service, for services not listed; %s CI [%s, %s], %d incidents", scenarios.QuoteTOML(fmtRate(o.Value)), lvl, fmtRate(o.Lo), fmtRate(o.Hi), o.N)
	if !math.IsNaN(c.Spread) {
		comment(p, "", fmt.Sprintf("rate_spread = %.3g: how much the listed rates differ beyond chance. opsim applies it to generated "+
			"services only: to grow the organisation with services.per_team, delete the list below and set it.", c.Spread))
	}
	if !c.has(Cause) {
		p("coupling = 0  # see the header: cascades are already in the rates")
	}
	p("")
	for _, s := range c.Services {
		p("[[services.service]]")
		p("name = %s", scenarios.QuoteTOML(s.Name))
		p("owner = %s", scenarios.QuoteTOML(s.Team))
		w := s.Written
		note := fmt.Sprintf("%s CI [%s, %s], %d incidents", lvl, fmtRate(w.Lo), fmtRate(w.Hi), s.Rate.N)
		if s.Shrunk {
			note = fmt.Sprintf("shrunk from %s (%d incidents, too few alone) toward the organisation's %s; %s CI [%s, %s]",
				fmtRate(s.Rate.Value), s.Rate.N, fmtRate(c.OrgRate.Value), lvl, fmtRate(w.Lo), fmtRate(w.Hi))
		}
		p("incident_rate = %s  # %s", scenarios.QuoteTOML(fmtRate(w.Value)), note)
		p("")
	}
}

func (c *Calibration) writeWork(p printer, lvl string) {
	p("[work]")
	if !c.has(Cause) {
		p("change_failure = 0  # see the header: change incidents are already in the rates")
	}
	if q := c.TicketWork; q.Fitted() && q.N >= minFit {
		clock := "business hours"
		if c.Options.TicketClock == "24x7" {
			clock = "wall-clock hours"
		}
		p("toil_size = %s  # ticket handling in %s, %s", distTable(q.Chosen()), clock, fitNote(q))
	} else if c.Tickets > 0 {
		p("# toil_size: too few closed tickets to fit (%d); opsim's default is kept", c.TicketWork.N)
	}
	p("")
}

func (c *Calibration) writeIncidents(p printer, lvl string) {
	if c.Monitoring.N > 0 || c.AlertDelay.N >= 2 || c.CustomerDelay.N >= 2 {
		p("[incidents]")
	}
	if m := c.Monitoring; m.N > 0 {
		p("monitoring = %.3f  # share caught by monitoring; %s CI [%.3f, %.3f], %d incidents", m.Value, lvl, m.Lo, m.Hi, m.N)
	}
	for _, d := range []struct {
		key string
		q   *Quantity
	}{{"alert_delay", c.AlertDelay}, {"customer_delay", c.CustomerDelay}} {
		if d.q.N >= 2 {
			m := d.q.Mean
			p("%s = %s  # mean impact to detection; %s CI [%s, %s], %d incidents", d.key, scenarios.QuoteTOML(fmtHours(m.Value)), lvl, fmtHours(m.Lo), fmtHours(m.Hi), m.N)
		}
	}
	p("")
	shares := c.roundedShares()
	for i, s := range c.Severities {
		def := severityDefaults[min(i, len(severityDefaults)-1)]
		p("[[incidents.severity]]")
		p("name = %s", scenarios.QuoteTOML(s.Key))
		p("share = %s  # %s CI [%.3f, %.3f], %d incidents", shares[i], lvl, s.Share.Lo, s.Share.Hi, s.Share.N)
		switch {
		case s.Work.Fitted() && s.Work.N >= minFit:
			p("effort = %s  # %s", distTable(s.Work.Chosen()), fitNote(s.Work))
		case c.Work.Fitted() && c.Work.N >= minFit:
			p("effort = %s  # too few rows of its own (%d): the fit over all severities, %s", distTable(c.Work.Chosen()), s.Work.N, fitNote(c.Work))
		default:
			p(`effort = { dist = "lognormal", median = %q, p90 = %q }  # nothing to fit it to (see the report's warnings): opsim's default for this rank`, def.median, def.p90)
		}
		p("escalate_after = %q  # not in an export: opsim's default for this rank", def.escalate)
		p("postmortem = %v", def.postmortem)
		p("impact = %g", def.impact)
		p("")
	}
}

func (c *Calibration) writeResponse(p printer) {
	in, out := c.AckBusiness, c.AckAfterHours
	if in.N+out.N == 0 {
		return
	}
	p("[response]")
	tz := c.Options.Location.String()
	if c.AfterHours.Shown && in.N > 0 && out.N > 0 {
		p("ack = %s  # mean, pages in business hours (%s), %d pages", scenarios.QuoteTOML(fmtHours(in.Mean.Value)), tz, in.N)
		p("ack_after_hours = %s  # mean, pages outside them, %d pages: %.2gx slower (Welch t on logs, p = %.2g)",
			scenarios.QuoteTOML(fmtHours(out.Mean.Value)), out.N, c.AfterHours.Ratio, c.AfterHours.P)
		return
	}
	n := in.N + out.N
	var sum float64
	if in.N > 0 {
		sum += in.Mean.Value * float64(in.N)
	}
	if out.N > 0 {
		sum += out.Mean.Value * float64(out.N)
	}
	why := "too few pages on one side to compare"
	if !math.IsNaN(c.AfterHours.P) {
		why = fmt.Sprintf("no difference between business hours and after hours shows in the data (p = %.2g)", c.AfterHours.P)
	}
	p("ack = %s  # mean over all %d pages: %s", scenarios.QuoteTOML(fmtHours(sum/float64(n))), n, why)
	p("ack_after_hours = %s", scenarios.QuoteTOML(fmtHours(sum/float64(n))))
}

// roundedShares writes shares to four decimals, the last taking up the
// rounding so that they add up to 1 as opsim requires.
func (c *Calibration) roundedShares() []string {
	out := make([]string, len(c.Severities))
	rest := 1.0
	for i, s := range c.Severities {
		v := math.Round(s.Share.Value*1e4) / 1e4
		if i == len(c.Severities)-1 {
			v = math.Round(rest*1e4) / 1e4
		}
		rest -= v
		out[i] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return out
}

// distTable writes a fit as a scenario dist table.
func distTable(f DistFit) string {
	a, b := f.Params[0].Value, f.Params[1].Value
	if f.Kind == LogNormal {
		med, p90 := fmtHours(math.Exp(a)), fmtHours(math.Exp(a+z90*b))
		if p90 == med { // a spread too small to show in three digits
			p90 = fmtHours(math.Exp(a) * 1.01)
		}
		return fmt.Sprintf(`{ dist = "lognormal", median = %q, p90 = %q }`, med, p90)
	}
	return fmt.Sprintf(`{ dist = %q, shape = %s, scale = %q }`, f.Kind, sig3(a), fmtHours(b))
}

// z90 turns a lognormal's sigma into its p90 (as sim.LogNormalMedianP90).
const z90 = 1.2815515655446004

func fitNote(q *Quantity) string {
	var others []string
	best := q.Chosen()
	for i, f := range q.Fits {
		if i != q.Best && f.OK() {
			others = append(others, fmt.Sprintf("%s %+.1f", f.Kind, f.AIC-best.AIC))
		}
	}
	return fmt.Sprintf("%d rows, %s by AIC (others: %s)", q.N, best.Kind, strings.Join(others, ", "))
}

const week = 168.0

// fmtHours writes hours as a scenario duration with three significant
// digits, in the unit a person would use.
func fmtHours(h float64) string {
	switch {
	case math.IsNaN(h) || h <= 0:
		return "0"
	case h < 1.0/60:
		return sig3(h*3600) + "s"
	case h < 1:
		return sig3(h*60) + "m"
	case h < 48:
		return sig3(h) + "h"
	}
	return sig3(h/24) + "d"
}

// fmtRate writes a per-hour rate as a scenario rate per week.
func fmtRate(r float64) string {
	if math.IsNaN(r) || r <= 0 {
		return "0"
	}
	return sig3(r*week) + "/week"
}

// sig3 is x to three significant digits as a plain decimal.
func sig3(x float64) string {
	d := max(0, 2-int(math.Floor(math.Log10(x))))
	s := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// CheckFragment parses a fragment the way opsim would read it: appended to
// base (a scenario's text; "" for a minimal one with a horizon and a
// design). It returns the combined text.
func CheckFragment(file string, base, fragment []byte) ([]byte, error) {
	var text []byte
	if len(base) == 0 {
		text = append([]byte("horizon = \"4w\"\n\n"), fragment...)
		text = append(text, "\n[design.check]\npreset = \"collective\"\n"...)
	} else {
		text = append(append([]byte(nil), base...), '\n')
		text = append(text, fragment...)
	}
	if _, err := scenarios.Parse(file, text); err != nil {
		return nil, err
	}
	return text, nil
}
