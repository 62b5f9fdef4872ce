package calibrate

import (
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// ReportFiles names a report's files beside a fragment: for out/org.toml
// the report is out/org-calibration.md and its figures are in
// out/org-figures/.
func ReportFiles(fragment string) (report, figures string) {
	stem := strings.TrimSuffix(fragment, filepath.Ext(fragment))
	return stem + "-calibration.md", stem + "-figures"
}

// WriteReport writes the calibration report (Markdown) and its figures
// (PNG and SVG) beside the fragment at fragmentPath: every number the
// fragment uses with its interval and the rows it rests on, the three fits
// of each duration with their AIC and Kolmogorov-Smirnov distance, a QQ
// plot and an ECDF against the fits, and the warnings. Each file is
// replaced atomically. It returns the report's path.
func (c *Calibration) WriteReport(fragmentPath string) (string, error) {
	report, figDir := ReportFiles(fragmentPath)
	if err := os.MkdirAll(figDir, 0o755); err != nil {
		return "", fmt.Errorf("calibrate: report: %w", err)
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	lvl := fmt.Sprintf("%g%%", 100*c.Options.Level)
	p("# Calibration of %s", filepath.Base(c.File))
	p("")
	p("Fragment: `%s`. %d rows: %d incidents, %d tickets; created from %s to %s; the rates divide by %.1f weeks. Times read in %s. Intervals are %s.",
		filepath.Base(fragmentPath), c.Rows, c.Incidents, c.Tickets, c.Start.In(c.Options.Location).Format("2006-01-02 15:04"),
		c.End.In(c.Options.Location).Format("2006-01-02 15:04"), c.Hours/week, c.Options.Location, lvl)
	p("")
	p("| field | column |")
	p("| --- | --- |")
	for _, f := range Fields {
		col, ok := c.Columns[f]
		if !ok {
			col = "(not in the export)"
		}
		p("| %s | %s |", f, mdEscape(col))
	}
	p("")
	if len(c.Warnings) > 0 {
		p("## Warnings")
		p("")
		for _, w := range c.Warnings {
			p("- %s", mdEscape(w))
		}
		p("")
	}
	c.reportRates(p, lvl)
	figs, err := c.reportDurations(p, lvl, fragmentPath, figDir)
	if err != nil {
		return "", err
	}
	c.reportResponse(p, lvl)
	p("## How the fits were made")
	p("")
	p("Rates are counts over the observation window with exact Poisson (Garwood) intervals. A service with fewer than %d incidents gets the empirical Bayes estimate instead: a gamma prior with the mean and the beyond-chance variance of all services' rates (method of moments), updated with the service's own count. The spread is the sigma of a lognormal multiplier with that variance. Shares have Wilson intervals.", c.Options.MinIncidents)
	p("")
	p("Each duration is fitted by maximum likelihood as lognormal (closed form), gamma (Newton on the digamma equation) and Weibull (Newton on the shape equation). All have two parameters, so AIC ranks them as the likelihood does; the lognormal, opsim's default shape for durations, is kept unless another is lower by %d or more (Burnham and Anderson 2002). KS is the largest gap between the fitted CDF and the data's. Counts, means, the lognormal and the gamma use every row; the Weibull, KS, quantiles and plots use a uniform sample of %d values per duration when there are more.", aicMargin, c.Options.Reservoir)
	p("")
	p("Figures: %d, each as PNG and SVG in `%s/`.", len(figs), filepath.Base(figDir))
	if err := results.WriteFileAtomic(report, []byte(b.String())); err != nil {
		return "", err
	}
	return report, nil
}

func (c *Calibration) reportRates(p printer, lvl string) {
	p("## Incidents per service")
	p("")
	p("Base incidents per week (all incidents when the export does not say the cause). Pooled rate per service: %s [%s, %s]; spread (sigma of the lognormal rate multiplier): %s.",
		fmtRate(c.OrgRate.Value), fmtRate(c.OrgRate.Lo), fmtRate(c.OrgRate.Hi), fmtSpread(c.Spread))
	p("")
	p("| service | team | incidents | own rate | %s CI | written | note |", lvl)
	p("| --- | --- | ---: | ---: | --- | ---: | --- |")
	for _, s := range c.Services {
		note := ""
		if s.Shrunk {
			note = fmt.Sprintf("shrunk toward the organisation's rate: %d incidents are too few alone", s.Rate.N)
		}
		p("| %s | %s | %d | %s | [%s, %s] | %s | %s |", mdEscape(s.Name), mdEscape(s.Team), s.Incidents, fmtRate(s.Rate.Value),
			fmtRate(s.Rate.Lo), fmtRate(s.Rate.Hi), fmtRate(s.Written.Value), note)
	}
	p("")
	if len(c.Causes) > 0 && c.has(Cause) {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(c.Causes)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, c.Causes[k]))
		}
		p("Causes: %s.", strings.Join(parts, ", "))
		p("")
	}
	if c.Tickets > 0 {
		p("## Tickets per team")
		p("")
		p("| team | services | incidents | tickets | tickets per week | %s CI |", lvl)
		p("| --- | ---: | ---: | ---: | ---: | --- |")
		for _, t := range c.Teams {
			p("| %s | %d | %d | %d | %s | [%s, %s] |", mdEscape(t.Name), t.Services, t.Incidents, t.Tickets, fmtRate(t.TicketRate.Value), fmtRate(t.TicketRate.Lo), fmtRate(t.TicketRate.Hi))
		}
		p("")
	}
	p("## Severity mix")
	p("")
	p("| severity | written as | incidents | share of base incidents | %s CI |", lvl)
	p("| --- | --- | ---: | ---: | --- |")
	for _, s := range c.Severities {
		p("| %s | %s | %d | %.3f | [%.3f, %.3f] |", mdEscape(orUnknown(s.Name)), s.Key, s.Count, s.Share.Value, s.Share.Lo, s.Share.Hi)
	}
	p("")
}

// reportDurations tabulates every duration and draws the fits of those the
// fragment uses as shapes, and of the restore times it is checked against.
func (c *Calibration) reportDurations(p printer, lvl, fragmentPath, figDir string) ([]string, error) {
	p("## Durations")
	p("")
	p("Hands-on work is measured %s. Hours; mean with its %s t interval; median and p90 of the data.", c.workNote(), lvl)
	p("")
	p("| duration | rows | mean | %s CI | median | p90 | lognormal (mu, sigma) | gamma (shape, scale) | Weibull (shape, scale) | chosen |", lvl)
	p("| --- | ---: | ---: | --- | ---: | ---: | --- | --- | --- | --- |")
	for _, q := range c.quantities() {
		if q.N == 0 {
			continue
		}
		row := fmt.Sprintf("| %s | %d | %s | [%s, %s] | %s | %s |", mdEscape(q.Name), q.N, num(q.Mean.Value), num(q.Mean.Lo), num(q.Mean.Hi), num(q.Median), num(q.P90))
		for _, f := range q.Fits {
			row += fmt.Sprintf(" %s |", fitCell(f))
		}
		for range 3 - len(q.Fits) {
			row += " – |"
		}
		chosen := "–"
		if q.Fitted() {
			chosen = q.Chosen().Kind
		}
		p("%s %s |", row, chosen)
	}
	p("")
	p("Each cell: parameters [%s intervals]; AIC; KS distance.", lvl)
	p("")
	var drawn []string
	var figs []*Quantity
	for _, s := range c.Severities {
		figs = append(figs, s.Work, s.Restore)
	}
	figs = append(figs, c.Work, c.TicketWork)
	for _, q := range figs {
		if !q.Fitted() {
			continue
		}
		name := figureName(q.Name)
		var curves []charts.FitCurve
		for i, f := range q.Fits {
			if !f.OK() {
				continue
			}
			label := f.Kind
			if i == q.Best {
				label += " (chosen)"
			}
			curves = append(curves, charts.FitCurve{Label: label, CDF: f.CDF, Quantile: f.Quantile})
		}
		fig := charts.FitCheck("Fit of "+q.Name+fmt.Sprintf(" (n=%d)", q.N), "hours", q.values, curves)
		for _, ext := range []string{".png", ".svg"} {
			if err := charts.Save(fig, filepath.Join(figDir, name+ext)); err != nil {
				return nil, err
			}
		}
		rel := filepath.Join(filepath.Base(figDir), name)
		p("![%s](%s.png) ([SVG](%s.svg))", mdEscape(q.Name), rel, rel)
		p("")
		drawn = append(drawn, rel)
	}
	return drawn, nil
}

func (c *Calibration) reportResponse(p printer, lvl string) {
	p("## Acknowledgement and detection")
	p("")
	in, out := c.AckBusiness, c.AckAfterHours
	p("Pages in business hours (Mon-Fri 09:00-17:00 %s): %d, mean acknowledgement %s [%s, %s]. Outside them: %d, mean %s [%s, %s].",
		c.Options.Location, in.N, fmtHours(in.Mean.Value), fmtHours(in.Mean.Lo), fmtHours(in.Mean.Hi),
		out.N, fmtHours(out.Mean.Value), fmtHours(out.Mean.Lo), fmtHours(out.Mean.Hi))
	switch {
	case c.AfterHours.Shown:
		p("After hours is %.2g times slower, which the data show (Welch t on log times, p = %.2g): the fragment sets ack and ack_after_hours apart.", c.AfterHours.Ratio, c.AfterHours.P)
	case !math.IsNaN(c.AfterHours.P):
		p("The data show no difference (p = %.2g): the fragment uses the mean over all pages for both.", c.AfterHours.P)
	}
	p("")
	if m := c.Monitoring; m.N > 0 {
		p("Caught by monitoring: %.3f [%.3f, %.3f] of %d incidents whose channel is known.", m.Value, m.Lo, m.Hi, m.N)
	}
	for _, q := range []*Quantity{c.AlertDelay, c.CustomerDelay} {
		if q.N > 0 {
			p("Mean %s: %s [%s, %s], %d incidents.", q.Name, fmtHours(q.Mean.Value), fmtHours(q.Mean.Lo), fmtHours(q.Mean.Hi), q.N)
		}
	}
	if !math.IsNaN(c.HandoffsPerIncident) {
		p("Handoffs per incident: %.2f (opsim produces handoffs from the design's escalation chain: compare, do not set).", c.HandoffsPerIncident)
	}
	p("")
}

func fitCell(f DistFit) string {
	if !f.OK() {
		return "–"
	}
	a, b := f.Params[0], f.Params[1]
	return fmt.Sprintf("%s [%s, %s], %s [%s, %s]; AIC %.1f; KS %.3f", num(a.Value), num(a.Lo), num(a.Hi), num(b.Value), num(b.Lo), num(b.Hi), f.AIC, f.KS)
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	if x == 0 || math.Abs(x) >= 0.001 {
		return fmt.Sprintf("%.3g", x)
	}
	return fmt.Sprintf("%.2e", x)
}

func fmtSpread(s float64) string {
	if math.IsNaN(s) {
		return "– (one service)"
	}
	return fmt.Sprintf("%.3g", s)
}

func figureName(name string) string {
	return strings.Trim(notKey.ReplaceAllString(strings.ToLower(name), "-"), "-")
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;").Replace(s)
}
