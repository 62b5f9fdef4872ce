package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/opsim/opsim/results"
)

// Report file names inside the report's directory.
const (
	ReportHTML     = "report.html"
	ReportMarkdown = "report.md"
)

// WriteReport writes report.html and report.md into dir (created if
// needed) from a Set, its summary rows (Summarize) and the figure files
// WriteFigures wrote (PNG paths are shown; SVG paths are linked from the
// Markdown). Both files say what was run, state the findings in words with
// their confidence intervals (per sweep point, and where a design breaks
// along a sweep), tabulate every metric, and show the figures with
// captions on how to read them.
//
// report.html is self-contained: the PNGs are embedded as data: URIs and
// the CSS is inline, so the one file can be mailed or archived; it needs no
// JavaScript and makes no request. report.md links the figures relatively
// (figures/*.png), for viewing in a repository. Everything taken from the
// scenario or the Set is escaped. The output has no timestamps, so the same
// inputs give the same bytes. Each file is replaced atomically.
func WriteReport(dir string, set *results.Set, rows []results.SummaryRow, figs []string) (htmlPath, mdPath string, err error) {
	if set == nil {
		return "", "", errors.New("analysis: report: nil set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("analysis: report: %w", err)
	}
	rep, err := buildReport(dir, set, rows, figs)
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
	Title     string
	Subtitle  string
	Warnings  []string
	Run       []fact
	HowToRead []string
	Findings  []pointFindings
	Breaks    []string // text with strong spans (see strong)
	BreakRule string
	// FindingsNote says when findings cover only some sweep points.
	FindingsNote string
	Tables       []pointTable
	Figures      []reportFigure
	Scenario     string
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
	// Img is the img element's src attribute with the PNG as a data: URI.
	Img         template.HTMLAttr
	Rel, RelSVG string // paths relative to the report, for Markdown
}

func buildReport(dir string, set *results.Set, rows []results.SummaryRow, figPaths []string) (*report, error) {
	v := newView(set, rows)
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
	r.Run = runFacts(set, v, meta)
	r.HowToRead = howToRead(v)
	r.Findings = findings(v)
	if n := len(v.findingPoints()); n < len(v.points) {
		r.FindingsNote = fmt.Sprintf("Findings are stated for %d of the %d sweep points (the smallest, the middle and the largest); the tables below cover every point.", n, len(v.points))
	}
	r.Breaks = breaks(v)
	r.BreakRule = "A design is said to break at the first sweep value where its mean first-response wait or mean time to restore is more than " +
		timesWord(breakFactor) + " its value at the smallest point, and its 95% interval there lies wholly above the one at the smallest point."
	r.Tables = tables(v)
	figs, err := reportFigures(dir, set, rows, figPaths)
	if err != nil {
		return nil, err
	}
	r.Figures = figs
	return r, nil
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
