package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/opsim/opsim/results"
)

// Report file names inside the report's directory.
const (
	ReportHTML     = "report.html"
	ReportMarkdown = "report.md"
)

// WriteReport writes report.html and report.md into dir (created if
// needed) from a Set, its summary rows (Summarize), the figure files
// WriteFigures wrote (PNG paths are shown; SVG paths are linked from the
// Markdown) and the scenario's report options (the same given to
// Figures).
//
// The first screen answers the question: a headline of a sentence or two
// (where each design breaks along a sweep; how each design differs from
// the baseline on restore time, delivery and on-call load, and in
// headcount), the decision table (headcount by team kind and the
// DecisionMeasures per design, each with its interval and paired change,
// "not distinguishable" said in words) and the key figure (for a sweep the
// scaling curves, shown before the table). Then, in order of value: the
// findings in words per sweep point and the break rule, the other figures
// with captions on how to read them, every metric's table, how to read the
// report, what was run, and the scenario as run.
//
// report.html is self-contained: the PNGs are embedded as data: URIs and
// the CSS is inline, so the one file can be mailed or archived; it needs no
// JavaScript and makes no request. report.md links the figures relatively
// (figures/*.png), for viewing in a repository. Everything taken from the
// scenario or the Set is escaped. The output has no timestamps, so the same
// inputs give the same bytes. Each file is replaced atomically.
func WriteReport(dir string, set *results.Set, rows []results.SummaryRow, figs []string, opt ReportOptions) (htmlPath, mdPath string, err error) {
	if set == nil {
		return "", "", errors.New("analysis: report: nil set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("analysis: report: %w", err)
	}
	rep, err := buildReport(dir, set, rows, figs, opt)
	if err != nil {
		return "", "", fmt.Errorf("analysis: report: %w", err)
	}
	var hb bytes.Buffer
	if err := reportTemplate.Execute(&hb, rep); err != nil {
		return "", "", fmt.Errorf("analysis: report: %w", err)
	}
	htmlPath = filepath.Join(dir, ReportHTML)
	mdPath = filepath.Join(dir, ReportMarkdown)
	if err := results.WriteFileAtomic(htmlPath, hb.Bytes()); err != nil {
		return "", "", err
	}
	if err := results.WriteFileAtomic(mdPath, []byte(rep.markdown())); err != nil {
		return "", "", err
	}
	return htmlPath, mdPath, nil
}

// report is everything both renderings show, computed once so that the
// HTML and the Markdown cannot disagree.
type report struct {
	Title    string
	Subtitle string
	Warnings []string
	// Headline is the answer in a few sentences of marked text.
	Headline []string
	Decision *decisionTable
	// KeyFigures are shown with the decision table; SweepFirst puts them
	// before it, since a sweep exists for its scaling curves.
	KeyFigures []reportFigure
	SweepFirst bool
	Run        []fact
	HowToRead  []string
	Findings   []pointFindings
	Breaks     []string // text with strong spans (see strong)
	BreakRule  string
	// FindingsNote says when findings cover only some sweep points.
	FindingsNote string
	Tables       []pointTable
	Figures      []reportFigure
	Scenario     string
	// Assumptions says what a sensitivity analysis of the scenario found;
	// Sources lists where its values come from (report_assumptions.go).
	Assumptions *assumptionsView
	Sources     *sourcesView
}

type fact struct{ Label, Value string }

type pointFindings struct {
	Heading string
	// Items are one per design: the changes, then the trade-off, each a
	// paragraph of text with strong spans (see strong).
	Items [][]string
}

type pointTable struct {
	Heading  string
	Key, All table
}

// table is one metric × design table; Key and All share its layout.
type table struct {
	Designs []tableDesign
	Rows    []tableRow
}

type tableDesign struct {
	Name     string
	Baseline bool
	Colour   template.CSS
}

type tableRow struct {
	Label, Unit, Metric string
	Cells               []tableCell // per design
}

type tableCell struct {
	Value string
	// Base marks the baseline's cell, which has no Diff column.
	Base            bool
	Diff            string
	Distinguishable bool
	Class           string // "better", "worse" or ""
}

type reportFigure struct {
	Name, Title, Caption string
	Key                  bool
	// Img is the img element's src attribute with the PNG as a data: URI.
	Img         template.HTMLAttr
	Rel, RelSVG string // paths relative to the report, for Markdown
}

func buildReport(dir string, set *results.Set, rows []results.SummaryRow, figPaths []string, opt ReportOptions) (*report, error) {
	v := newView(set, rows, opt)
	meta := scenarioMeta(set.Manifest.Scenario)
	name := meta["name"]
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(set.Manifest.ScenarioFile), filepath.Ext(set.Manifest.ScenarioFile))
	}
	if name == "" || name == "." {
		name = "experiment"
	}
	r := &report{
		Title:    "opsim report: " + name,
		Scenario: set.Manifest.Scenario,
	}
	r.Subtitle = subtitle(set, v)
	if sh := set.Manifest.Shard; sh != "" {
		r.Warnings = append(r.Warnings, "This folder is shard "+sh+" of a larger experiment: every number covers only its share of the replications. Merge the shards and re-run the summary for the full result.")
	}
	if len(rows) == 0 {
		r.Warnings = append(r.Warnings, "There are no summary rows: nothing was run, or the summary was not computed.")
	}
	r.Warnings = append(r.Warnings, v.stateWarnings()...)
	if v.focusMissed {
		r.Warnings = append(r.Warnings, "The scenario's [report] focus names no point of these results; single-point figures and tables are drawn at "+v.pointLabel(v.focus)+" instead.")
	}
	r.Headline = headline(v)
	r.Decision = v.decision()
	r.Run = runFacts(set, v, meta)
	r.HowToRead = howToRead(v)
	r.Findings = findings(v)
	if n := len(v.findingPoints()); n < len(v.points) {
		r.FindingsNote = fmt.Sprintf("Findings are stated for %d of the %d sweep points (the smallest, the middle and the largest); the tables below cover every point.", n, len(v.points))
	}
	r.Breaks = breaks(v)
	r.BreakRule = v.breakRule()
	r.Tables = tables(v)
	r.Assumptions = assumptions(opt)
	r.Sources = sources(opt)
	if a := r.Assumptions; a != nil {
		for _, f := range opt.Sensitivity.FlipSentences() {
			r.Headline = append(r.Headline, f+" See "+strong("Assumptions that decide this result")+".")
			break // one on the first screen; the section has them all
		}
	}
	figs, err := readFigures(dir, figPaths, v.figures())
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		if f.Key {
			r.KeyFigures = append(r.KeyFigures, f)
		} else {
			r.Figures = append(r.Figures, f)
		}
	}
	r.SweepFirst = len(v.varying) > 0 && len(r.KeyFigures) > 0 && !slices.ContainsFunc(r.KeyFigures, func(f reportFigure) bool { return f.Name == "changes" })
	return r, nil
}

// stateWarnings say, per design and point, what the regimes and the
// warm-up check found: no steady state, replications in regimes, a
// warm-up too short. A live page says them as the report does.
func (v *view) stateWarnings() []string {
	var out []string
	at := func(point int) string {
		if len(v.varying) == 0 {
			return ""
		}
		for _, p := range v.points {
			if p.Index == point {
				return " at " + v.pointLabel(p)
			}
		}
		return ""
	}
	for _, g := range v.regimes {
		if s := g.Verdict(); s != "" {
			out = append(out, capitalize(g.Design)+at(g.Point)+": "+s+".")
		}
	}
	for _, is := range WarmupIssues(v.set) {
		if RegimeOf(v.regimes, is.Point, is.Design).Hides() {
			continue // its queue grows, which the line above says more plainly
		}
		out = append(out, "Warm-up, "+is.Design+at(is.Point)+": "+is.String()+".")
	}
	return out
}

// scenarioTop matches the top-level string keys a report mentions; a line
// scan is enough for them and keeps this package free of a TOML parser.
var scenarioTop = regexp.MustCompile(`^\s*(name|horizon|warmup)\s*=\s*"([^"]*)"`)

// scenarioMeta reads name, horizon and warmup from the scenario's
// top-level table (the lines before the first [section]).
func scenarioMeta(text string) map[string]string {
	out := make(map[string]string)
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			break
		}
		if m := scenarioTop.FindStringSubmatch(line); m != nil {
			out[m[1]] = m[2]
		}
	}
	return out
}

func subtitle(set *results.Set, v *view) string {
	var parts []string
	if f := set.Manifest.ScenarioFile; f != "" {
		parts = append(parts, "Scenario "+f)
	}
	switch {
	case len(v.varying) > 0:
		parts = append(parts, fmt.Sprintf("sweep of %d points", len(v.points)))
	case set.Manifest.Command != "":
		parts = append(parts, set.Manifest.Command)
	}
	parts = append(parts, fmt.Sprintf("%d designs", len(v.designs)), v.replications()+" each")
	return strings.Join(parts, " · ")
}
