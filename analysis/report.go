package analysis

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// Report file names inside the report's directory.
const (
	ReportHTML     = "report.html"
	ReportMarkdown = "report.md"
)

// maxFindingPoints is how many sweep points get their own findings; longer
// sweeps get the smallest, middle and largest point, since a page of
// near-identical paragraphs hides the pattern the sweep was run to show.
const maxFindingPoints = 5

// breakFactor is the "breaks" rule for sweeps: a design breaks at the first
// sweep value where a waiting-time metric exceeds this multiple of its
// value at the smallest point, distinguishably (the intervals do not meet). Doubling is crude but easy to state and to
// check against the tables, which is what a report's reader needs.
const breakFactor = 2

// breakMetrics are the metrics the break rule watches: queueing shows in
// the first-response wait before anything else, then in restore times.
var breakMetrics = []string{"first_response_wait_h", "ttr_mean_h"}

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
	for _, is := range WarmupIssues(set) {
		where := ""
		for _, p := range v.points {
			if p.Index == is.Point && len(v.varying) > 0 {
				where = " at " + v.pointLabel(p)
			}
		}
		r.Warnings = append(r.Warnings, "Warm-up, "+is.Design+where+": "+is.String()+".")
	}
	for _, g := range v.regimes {
		if s := g.Verdict(); s != "" {
			where := ""
			if len(v.varying) > 0 {
				for _, p := range v.points {
					if p.Index == g.Point {
						where = " at " + v.pointLabel(p)
					}
				}
			}
			r.Warnings = append(r.Warnings, capitalize(g.Design)+where+": "+s+".")
		}
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

func runFacts(set *results.Set, v *view, meta map[string]string) []fact {
	m := &set.Manifest
	var out []fact
	add := func(label, value string) {
		if value != "" {
			out = append(out, fact{label, value})
		}
	}
	scen := m.ScenarioFile
	if m.ScenarioHash != "" {
		scen += " (sha256 " + short(m.ScenarioHash) + ")"
	}
	add("Scenario", strings.TrimSpace(scen))
	add("Command", m.Command)
	var ds []string
	for _, d := range v.designs {
		if d == v.baseline {
			d += " (baseline)"
		}
		ds = append(ds, d)
	}
	add("Designs", strings.Join(ds, ", "))
	for _, p := range v.params {
		var vals []string
		for _, pt := range v.points {
			if t := p.Text[pt.Index]; !slices.Contains(vals, t) {
				vals = append(vals, t)
			}
		}
		add("Sweep: "+p.Name, strings.Join(vals, ", "))
	}
	add("Replications", replicationRange(set))
	horizon := meta["horizon"]
	if w := meta["warmup"]; w != "" && horizon != "" {
		horizon += " after a warm-up of " + w
	}
	add("Simulated time per replication", horizon)
	add("Runs", strconv.Itoa(len(set.Records)))
	add("Master seed", strconv.FormatUint(m.Seed, 10)+" (each run's own seed is in runs.csv)")
	add("Overrides", strings.Join(m.Overrides, " "))
	b := m.Build
	rev := b.VCSRevision
	if b.VCSModified {
		rev += " (modified)"
	}
	if b.OpsimVersion != "" || rev != "" {
		add("opsim", strings.TrimSpace(b.OpsimVersion+", revision "+rev))
	}
	var tools []string
	for _, t := range [][2]string{{"", b.GoVersion}, {"gonum ", b.GonumVersion}, {"gonum/plot ", b.PlotVersion}} {
		if t[1] != "" {
			tools = append(tools, t[0]+t[1])
		}
	}
	add("Toolchain", strings.Join(tools, ", "))
	return out
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// replicationRange says how many replications each design got at each
// point: one number normally, a range when shards or failures left cells
// uneven (which the reader should know about).
func replicationRange(set *results.Set) string {
	counts := make(map[rowKey]int)
	for _, r := range set.Records {
		counts[rowKey{point: r.Point, design: r.Design}]++
	}
	lo, hi := math.MaxInt, 0
	for _, n := range counts {
		lo, hi = min(lo, n), max(hi, n)
	}
	switch {
	case hi == 0:
		return ""
	case lo == hi:
		return fmt.Sprintf("%d per design and point", lo)
	}
	return fmt.Sprintf("%d to %d per design and point (uneven)", lo, hi)
}

func howToRead(v *view) []string {
	out := []string{
		fmt.Sprintf("Every number is a mean over %s, with its 95%% confidence interval in brackets: [low, high]. "+
			"A metric that is undefined in a replication (a mean time to restore with no incidents) is left out of that mean, and the tables show how many replications it covers when that is fewer.", v.replications()),
		"All designs ran on common random numbers: replication i of every design saw the same arrivals and failures. " +
			"Differences against the baseline (" + v.baseline + ") are therefore computed replication by replication (paired), which makes them much sharper than the designs' own intervals suggest: two bars whose whiskers overlap can still differ clearly.",
		"A difference is called distinguishable when its 95% interval excludes zero. \"No distinguishable difference\" means this experiment cannot tell the designs apart on that metric, not that they are equal; more replications may. " +
			"Percentages are changes relative to the baseline's mean; intervals for tail metrics (p90, p99) come from a bootstrap.",
		"Fractions of working time are shown in percent; \"per engineer-week\" counts pages per on-call engineer and week.",
	}
	return out
}

// diffOf turns a summary row's comparison back into a Diff for Describe.
func diffOf(r results.SummaryRow) Diff {
	r = snapRow(r)
	return Diff{N: r.N, Mean: r.Diff, Lo: r.DiffLo, Hi: r.DiffHi, Rel: r.Rel, RelLo: r.RelLo, RelHi: r.RelHi,
		Level: ciLevel, Distinguishable: r.Distinguishable}
}

// snapRow collapses intervals whose width is only rounding noise (a
// constant paired difference, resampled, gives bounds a few ulps apart).
// Decimals are chosen from the interval width, and a width of 1e-16 would
// otherwise print "41.000000%" where "41%" is meant.
func snapRow(r results.SummaryRow) results.SummaryRow {
	snap := func(v, lo, hi *float64) {
		if math.Abs(*hi-*lo) <= 1e-9*math.Max(math.Abs(*v), 1e-300) {
			*lo, *hi = *v, *v
		}
	}
	snap(&r.Diff, &r.DiffLo, &r.DiffHi)
	snap(&r.Rel, &r.RelLo, &r.RelHi)
	return r
}

const noChange = "no distinguishable change in "

// findingPoints picks the points that get findings, in sweep order.
func (v *view) findingPoints() []results.Point {
	pts := v.sweepOrder()
	if len(pts) <= maxFindingPoints {
		return pts
	}
	return []results.Point{pts[0], pts[len(pts)/2], pts[len(pts)-1]}
}

// sweepOrder lists the points by the value of a single numeric swept
// parameter, otherwise by index.
func (v *view) sweepOrder() []results.Point {
	pts := slices.Clone(v.points)
	if len(v.varying) == 1 && v.varying[0].Value != nil {
		val := v.varying[0].Value
		slices.SortStableFunc(pts, func(a, b results.Point) int {
			switch {
			case val[a.Index] < val[b.Index]:
				return -1
			case val[a.Index] > val[b.Index]:
				return 1
			}
			return 0
		})
	}
	return pts
}

func findings(v *view) []pointFindings {
	metrics := v.present(KeyMetrics)
	var out []pointFindings
	for _, p := range v.findingPoints() {
		pf := pointFindings{}
		if len(v.varying) > 0 {
			pf.Heading = "At " + v.pointLabel(p)
		}
		for _, d := range v.designs {
			if d == v.baseline {
				continue
			}
			if RegimeOf(v.regimes, p.Index, d).Hides() || RegimeOf(v.regimes, p.Index, v.baseline).Hides() {
				pf.Items = append(pf.Items, []string{capitalize(d) + " is not compared with " + v.baseline +
					" here: one of them has no steady state or its replications split into regimes (see the warning above)."})
				continue
			}
			if s := designFinding(v, p, d, metrics); s != nil {
				pf.Items = append(pf.Items, s)
			}
		}
		if len(pf.Items) > 0 {
			out = append(out, pf)
		}
	}
	return out
}

// designFinding states in words how design d differs from the baseline at
// point p on the key metrics, grouping changes by verb ("cuts a by x and b
// by y") and listing what cannot be told apart, then the trade-off in a
// paragraph of its own.
func designFinding(v *view, p results.Point, d string, metrics []string) []string {
	var cuts, raises, same, missing []string
	for _, m := range metrics {
		r, ok := v.row(p.Index, d, m)
		if !ok {
			continue
		}
		label := Describe(m).Label
		if r.Mean == 0 && r.Diff == 0 && r.DiffLo == 0 && r.DiffHi == 0 {
			continue // zero in both designs (no handoffs without a handoff): nothing to say
		}
		if math.IsNaN(r.Diff) || math.IsNaN(r.DiffLo) {
			missing = append(missing, label)
			continue
		}
		s := diffOf(r).Describe(label)
		switch {
		case strings.HasPrefix(s, "cuts "):
			cuts = append(cuts, strings.TrimPrefix(s, "cuts "))
		case strings.HasPrefix(s, "raises "):
			raises = append(raises, strings.TrimPrefix(s, "raises "))
		default:
			same = append(same, strings.TrimPrefix(s, noChange))
		}
	}
	if len(cuts)+len(raises)+len(same)+len(missing) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Compared with %s, %s ", strong(v.baseline), strong(d))
	switch {
	case len(cuts) > 0 && len(raises) > 0:
		fmt.Fprintf(&b, "cuts %s. It raises %s.", joinAnd(cuts), joinAnd(raises))
	case len(cuts) > 0:
		fmt.Fprintf(&b, "cuts %s.", joinAnd(cuts))
	case len(raises) > 0:
		fmt.Fprintf(&b, "raises %s.", joinAnd(raises))
	case len(same) > 0:
		fmt.Fprintf(&b, "shows no distinguishable difference on any key metric: %s.", joinList(same, "and"))
		same = nil
	default:
		b.WriteString("cannot be compared:")
	}
	if len(same) > 0 {
		fmt.Fprintf(&b, " No distinguishable difference in %s.", joinList(same, "or"))
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, " Too few paired replications with a value to compare %s.", joinList(missing, "or"))
	}
	out := []string{b.String()}
	if t := tradeoffSentence(v, p, d); t != "" {
		out = append(out, t)
	}
	return out
}

// tradeoffDims are the three things an organisation design trades against
// each other: how fast incidents are restored, what gets delivered, and
// the load on the people on call. Each has the phrases for "better" and
// "worse" and the metrics that measure it, in order of preference.
var tradeoffDims = []struct {
	name           string
	better, worse  string
	metricsToCheck []string
}{
	{"restore time", "restores incidents %ssooner", "restores incidents %smore slowly", []string{"ttr_mean_h", "ttr_p90_h"}},
	{"feature throughput", "delivers %smore features", "delivers %sfewer features", []string{"features_per_week"}},
	{"on-call load", "pages engineers out of hours %sless", "pages engineers out of hours %smore", []string{"after_hours_pages_per_eng_week", "pages_per_shift"}},
}

// slightRel is the relative change below which the trade-off calls a
// distinguishable change "slight": with many replications a 0.1% change
// can be real, and "delivers fewer features" alone would overstate it.
const slightRel = 0.01

// tradeoffSentence states where d gains and where it pays against the
// baseline on restore time, feature throughput and on-call load.
func tradeoffSentence(v *view, p results.Point, d string) string {
	var better, worse, dims []string
	for _, dim := range tradeoffDims {
		for _, m := range dim.metricsToCheck {
			r, ok := v.row(p.Index, d, m)
			if !ok || math.IsNaN(r.Diff) || math.IsNaN(r.DiffLo) {
				continue
			}
			info := Describe(m)
			dims = append(dims, dim.name)
			amount := info.Label + " " + fmtDiff(r, info.Scale)
			// What is not distinguishable was said in the finding just
			// before; the trade-off names only what is gained and paid.
			switch {
			case !r.Distinguishable:
			case (r.Diff > 0) == info.HigherIsBetter:
				better = append(better, fmt.Sprintf(dim.better, slightly(r))+" ("+amount+")")
			default:
				worse = append(worse, fmt.Sprintf(dim.worse, slightly(r))+" ("+amount+")")
			}
			break
		}
	}
	if len(dims) == 0 {
		return ""
	}
	var s string
	on := "On " + joinList(dims, "and") + ", "
	switch {
	case len(better) > 0 && len(worse) > 0:
		s = fmt.Sprintf("The trade-off: %s %s, but %s.", strong(d), joinAnd(better), joinAnd(worse))
	case len(better) > 0:
		s = fmt.Sprintf("%s%s is better or not distinguishable: it %s.", on, strong(d), joinAnd(better))
	case len(worse) > 0:
		s = fmt.Sprintf("%s%s does no better than %s: it %s.", on, strong(d), strong(v.baseline), joinAnd(worse))
	default:
		return on + "the two designs are not distinguishable."
	}
	return s
}

func slightly(r results.SummaryRow) string {
	if math.Abs(r.Rel) < slightRel {
		return "slightly "
	}
	return ""
}

func joinAnd(items []string) string { return joinList(items, "and") }

// joinList joins with commas and a final conjunction, the way the
// sentences are spoken.
func joinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " " + conj + " " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// breaks applies the break rule along a one-parameter sweep and says, per
// design, where it breaks or that it holds up.
func breaks(v *view) []string {
	if len(v.varying) != 1 || len(v.points) < 2 {
		return nil
	}
	pts := v.sweepOrder()
	first := pts[0]
	var out []string
	for _, d := range v.designs {
		var found []string
		var held []string
		for _, m := range v.present(breakMetrics) {
			info := Describe(m)
			ref, ok := v.row(first.Index, d, m)
			if !ok || !(ref.Mean > 0) || math.IsInf(ref.Mean, 0) {
				continue
			}
			broke := false
			for _, p := range pts[1:] {
				r, ok := v.row(p.Index, d, m)
				// Twice the mean is not enough on its own: small, noisy
				// waits double by chance. The rise must also be
				// distinguishable, the interval at p wholly above the one
				// at the smallest point.
				if !ok || !(r.Mean > breakFactor*ref.Mean) || !(r.Lo > ref.Hi) {
					continue
				}
				found = append(found, fmt.Sprintf("at %s its %s is %s %s, %s times the %s %s at %s",
					v.pointLabel(p), info.Label, fmtMean(r.Mean*info.Scale, r.Lo*info.Scale, r.Hi*info.Scale), info.Unit,
					fmtRatio(r.Mean/ref.Mean), fmtMean(ref.Mean*info.Scale, ref.Lo*info.Scale, ref.Hi*info.Scale), info.Unit, v.pointLabel(first)))
				broke = true
				break
			}
			if !broke {
				held = append(held, info.Label)
			}
		}
		switch {
		case len(found) > 0:
			out = append(out, fmt.Sprintf("%s breaks down along the sweep: %s.", strong(d), strings.Join(found, "; and ")))
		case len(held) == 1:
			out = append(out, fmt.Sprintf("%s holds up across the sweep: its %s never rises distinguishably past %s its value at %s.",
				strong(d), held[0], timesWord(breakFactor), v.pointLabel(first)))
		case len(held) > 1:
			out = append(out, fmt.Sprintf("%s holds up across the sweep: its %s never rise distinguishably past %s their values at %s.",
				strong(d), joinList(held, "and"), timesWord(breakFactor), v.pointLabel(first)))
		}
	}
	return out
}

func timesWord(k int) string {
	if k == 2 {
		return "twice"
	}
	return strconv.Itoa(k) + " times"
}

func fmtRatio(x float64) string {
	if x >= 10 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// fmtMean writes a mean with its interval, e.g. "6.6 [5.6, 7.7]", with
// decimals chosen from the interval's half-width (two significant digits of
// it) so the numbers carry the precision the data support and no more.
func fmtMean(m, lo, hi float64) string {
	if math.IsNaN(m) {
		return "–"
	}
	dec := meanDecimals(m, lo, hi)
	s := fmtNum(m, dec, "", false)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return s
	}
	return s + " [" + fmtNum(lo, dec, "", false) + ", " + fmtNum(hi, dec, "", false) + "]"
}

func meanDecimals(m, lo, hi float64) int {
	hw := (hi - lo) / 2
	var dec int
	switch {
	case hw > 0 && !math.IsInf(hw, 0):
		dec = 1 - int(math.Floor(math.Log10(hw)))
	case m != 0 && !math.IsInf(m, 0):
		dec = 2 - int(math.Floor(math.Log10(math.Abs(m))))
	}
	return max(0, min(dec, 6))
}

// fmtDiff writes a row's change against the baseline, relative when the
// relative change is defined and points the same way (as Describe does).
func fmtDiff(r results.SummaryRow, scale float64) string {
	if math.IsNaN(r.Diff) {
		return "–"
	}
	r = snapRow(r)
	useRel := !math.IsNaN(r.Rel) && (r.Diff == 0 || r.Rel == 0 || (r.Diff > 0) == (r.Rel > 0))
	v, lo, hi, unit := r.Diff*scale, r.DiffLo*scale, r.DiffHi*scale, ""
	if useRel {
		v, lo, hi, unit = 100*r.Rel, 100*r.RelLo, 100*r.RelHi, "%"
	}
	dec := decimals(v, lo, hi, useRel)
	s := fmtNum(v, dec, unit, true)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return s
	}
	return s + " [" + fmtNum(lo, dec, unit, true) + ", " + fmtNum(hi, dec, unit, true) + "]"
}

func tables(v *view) []pointTable {
	var out []pointTable
	key := v.present(KeyMetrics)
	for _, p := range v.sweepOrder() {
		t := pointTable{}
		if len(v.varying) > 0 {
			t.Heading = "At " + v.pointLabel(p)
		}
		var designs []string
		var cols []tableDesign
		for i, d := range v.designs {
			if v.hasRows(p.Index, d) {
				designs = append(designs, d)
				cols = append(cols, tableDesign{Name: d, Baseline: d == v.baseline, Colour: template.CSS(cssColour(i))})
			}
		}
		t.Key.Designs, t.All.Designs = cols, cols
		for _, m := range key {
			t.Key.Rows = append(t.Key.Rows, v.tableRow(p, designs, m))
		}
		for _, m := range v.set.Metrics {
			if v.metrics[m] {
				t.All.Rows = append(t.All.Rows, v.tableRow(p, designs, m))
			}
		}
		out = append(out, t)
	}
	return out
}

// hasRows reports whether design has any summary row at point; designs
// that were not run there get no column.
func (v *view) hasRows(point int, design string) bool {
	for m := range v.metrics {
		if _, ok := v.row(point, design, m); ok {
			return true
		}
	}
	return false
}

func (v *view) tableRow(p results.Point, designs []string, m string) tableRow {
	info := Describe(m)
	tr := tableRow{Label: info.Title(), Unit: info.Unit, Metric: m}
	for _, d := range designs {
		r, ok := v.row(p.Index, d, m)
		if !ok {
			tr.Cells = append(tr.Cells, tableCell{Value: "–", Diff: "–", Base: d == v.baseline})
			continue
		}
		if g := RegimeOf(v.regimes, p.Index, d); g.Hides() || RegimeOf(v.regimes, p.Index, v.baseline).Hides() && d != v.baseline {
			cell := g.Cell()
			if cell == "" {
				cell = fmtMean(r.Mean*info.Scale, r.Lo*info.Scale, r.Hi*info.Scale)
			}
			tr.Cells = append(tr.Cells, tableCell{Value: cell, Diff: "not compared", Base: d == v.baseline})
			continue
		}
		c := tableCell{Value: fmtMean(r.Mean*info.Scale, r.Lo*info.Scale, r.Hi*info.Scale), Base: d == v.baseline}
		if !math.IsNaN(r.Mean) && r.N < v.reps {
			c.Value += fmt.Sprintf(" (n=%d)", r.N)
		}
		if !c.Base {
			c.Diff = fmtDiff(r, info.Scale)
			c.Distinguishable = r.Distinguishable
			if r.Distinguishable && !neutral(m) {
				if (r.Diff > 0) == info.HigherIsBetter {
					c.Class = "better"
				} else {
					c.Class = "worse"
				}
			}
		}
		tr.Cells = append(tr.Cells, c)
	}
	return tr
}

// neutral metrics have no better direction (see MetricInfo.HigherIsBetter),
// so the tables do not colour their changes as good or bad.
func neutral(m string) bool { return Describe(m).Neutral || m == "idle_frac" }

func cssColour(i int) string {
	r, g, b, _ := charts.DesignColor(i).RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// reportFigures pairs the PNG files with their titles and captions (by
// file stem, from Figures) and reads them for embedding.
func reportFigures(dir string, set *results.Set, rows []results.SummaryRow, paths []string) ([]reportFigure, error) {
	named := make(map[string]NamedFigure)
	for _, f := range Figures(set, rows) {
		named[f.Name] = f
	}
	svgs := make(map[string]string)
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".svg") {
			svgs[strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))] = p
		}
	}
	var out []reportFigure
	for _, p := range paths {
		if !strings.EqualFold(filepath.Ext(p), ".png") {
			continue
		}
		stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f := reportFigure{Name: stem, Title: stem, Rel: relPath(dir, p)}
		if nf, ok := named[stem]; ok {
			f.Title, f.Caption = nf.Title, nf.Caption
		}
		if s, ok := svgs[stem]; ok {
			f.RelSVG = relPath(dir, s)
		}
		// Base64 cannot break out of a quoted attribute, so the attribute
		// is trusted as is; html/template would otherwise spell every '+'
		// as "&#43;" and make a large page larger still.
		f.Img = template.HTMLAttr(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(data) + `"`)
		out = append(out, f)
	}
	return out, nil
}

// relPath is path relative to the report's folder with forward slashes,
// as Markdown links want; absolute when it is not below the folder.
func relPath(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		abs, aerr := filepath.Abs(path)
		if aerr != nil {
			return filepath.ToSlash(path)
		}
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// mark brackets text to be shown strong (design names in findings). A
// control character cannot occur in validated names, so it survives until
// each renderer escapes the text and turns the marks into its own markup.
const mark = "\x01"

func strong(s string) string { return mark + s + mark }

// emphasis renders marked text as HTML: every piece is escaped first, so
// the only markup in the output is the <strong> this adds.
func emphasis(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, mark) {
		if i%2 == 1 {
			b.WriteString("<strong>" + html.EscapeString(part) + "</strong>")
		} else {
			b.WriteString(html.EscapeString(part))
		}
	}
	return template.HTML(b.String())
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"em": emphasis}).Parse(reportHTML))

// reportHTML is the page. It loads nothing: styles are inline, images are
// data: URIs, and there is no script, so the file renders the same offline,
// in a mail attachment or years later in an archive.
const reportHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1.5em; color: #1b1b1b; line-height: 1.5; }
h1 { margin-bottom: 0.1em; font-size: 1.9em; }
h2 { border-bottom: 1px solid #d8d8d8; padding-bottom: 0.2em; margin-top: 2.2em; }
h3 { margin: 1.4em 0 0.4em; }
.subtitle { color: #555; margin-top: 0.2em; }
.warning { background: #fff4e0; border-left: 4px solid #e69f00; padding: 0.6em 1em; }
.findings li { margin-bottom: 0.9em; max-width: 62em; }
.findings li p { margin: 0 0 0.35em; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1.5em; }
dl.run dt { font-weight: bold; color: #333; }
dl.run dd { margin: 0; }
.read p { max-width: 62em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.3em 0.8em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; vertical-align: bottom; }
tbody tr:hover { background: #f7f7f7; }
.swatch { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 2px; margin-right: 0.35em; }
.unit { color: #666; font-weight: normal; }
td.dist { font-weight: bold; }
td.better { color: #00734f; }
td.worse { color: #b23c00; }
figure { margin: 1.2em 0 2.6em; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #333; max-width: 62em; margin-top: 0.5em; font-size: 0.95em; }
details { margin: 0.4em 0 1.6em; }
summary { cursor: pointer; color: #333; }
pre { background: #f5f5f5; padding: 0.8em 1em; overflow-x: auto; font-size: 0.85em; }
.note { color: #555; font-size: 0.92em; max-width: 62em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="subtitle">{{.Subtitle}}</p>
{{range .Warnings}}<p class="warning">{{.}}</p>
{{end}}
<h2 id="findings">Findings</h2>
{{if not (or .Findings .Breaks)}}<p>There is nothing to compare: the experiment has a single design, or no key metric has enough paired replications.</p>
{{end}}{{if .FindingsNote}}<p class="note">{{.FindingsNote}}</p>
{{end}}{{range .Findings}}{{if .Heading}}<h3>{{.Heading}}</h3>
{{end}}<ul class="findings">
{{range .Items}}<li>{{range .}}<p>{{em .}}</p>{{end}}</li>
{{end}}</ul>
{{end}}{{if .Breaks}}<h3>Along the sweep</h3>
<ul class="findings">
{{range .Breaks}}<li>{{em .}}</li>
{{end}}</ul>
<p class="note">{{.BreakRule}}</p>
{{end}}
<h2 id="run">What was run</h2>
<dl class="run">
{{range .Run}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>

<h2 id="read">How to read this report</h2>
<div class="read">
{{range .HowToRead}}<p>{{.}}</p>
{{end}}</div>
{{if .Figures}}
<h2 id="figures">Figures</h2>
{{range .Figures}}<figure id="fig-{{.Name}}">
<h3>{{.Title}}</h3>
<img {{.Img}} alt="{{.Title}}">
{{if .Caption}}<figcaption>{{.Caption}}</figcaption>{{end}}
</figure>
{{end}}{{end}}
<h2 id="tables">Tables</h2>
<p class="note">Mean [95% CI] per design; the "vs" columns give the paired change against the baseline, in bold when distinguishable, green when better and red when worse.</p>
{{range .Tables}}{{if .Heading}}<h3>{{.Heading}}</h3>
{{end}}{{template "table" .Key}}<details><summary>All metrics</summary>
{{template "table" .All}}</details>
{{end}}
<h2 id="scenario">Scenario</h2>
<details><summary>The scenario file exactly as run</summary>
<pre>{{.Scenario}}</pre>
</details>
</body>
</html>
{{define "table"}}<table>
<thead><tr><th>Metric</th>{{range .Designs}}<th><span class="swatch" style="background: {{.Colour}}"></span>{{.Name}}{{if .Baseline}} <span class="unit">(baseline)</span>{{end}}</th>{{if not .Baseline}}<th>{{.Name}} vs baseline</th>{{end}}{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Label}}{{if .Unit}} <span class="unit">({{.Unit}})</span>{{end}}</td>{{range .Cells}}<td>{{.Value}}</td>{{if not .Base}}<td class="{{.Class}}{{if .Distinguishable}} dist{{end}}">{{.Diff}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}`

// markdown renders the report for viewing in a repository; figures are
// linked relative to report.md.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n%s\n\n", mdText(r.Title), mdText(r.Subtitle))
	for _, w := range r.Warnings {
		p("> **Warning:** %s\n\n", mdText(w))
	}
	p("## Findings\n\n")
	if len(r.Findings) == 0 && len(r.Breaks) == 0 {
		p("There is nothing to compare: the experiment has a single design, or no key metric has enough paired replications.\n\n")
	}
	if r.FindingsNote != "" {
		p("%s\n\n", mdText(r.FindingsNote))
	}
	for _, f := range r.Findings {
		if f.Heading != "" {
			p("### %s\n\n", mdText(f.Heading))
		}
		for _, it := range f.Items {
			for i, para := range it {
				if i == 0 {
					p("- %s\n", mdMarked(para))
				} else {
					p("\n  %s\n", mdMarked(para))
				}
			}
			p("\n")
		}
	}
	if len(r.Breaks) > 0 {
		p("### Along the sweep\n\n")
		for _, it := range r.Breaks {
			p("- %s\n", mdMarked(it))
		}
		p("\n%s\n\n", mdText(r.BreakRule))
	}
	p("## What was run\n\n")
	for _, f := range r.Run {
		p("- **%s:** %s\n", mdText(f.Label), mdText(f.Value))
	}
	p("\n## How to read this report\n\n")
	for _, s := range r.HowToRead {
		p("%s\n\n", mdText(s))
	}
	if len(r.Figures) > 0 {
		p("## Figures\n\n")
		for _, f := range r.Figures {
			p("### %s\n\n![%s](%s)\n\n", mdText(f.Title), mdText(f.Title), mdLink(f.Rel))
			if f.Caption != "" {
				p("%s", mdText(f.Caption))
				if f.RelSVG != "" {
					p(" ([SVG](%s))", mdLink(f.RelSVG))
				}
				p("\n\n")
			}
		}
	}
	p("## Tables\n\n")
	p("Mean [95%% CI] per design; the \"vs\" columns give the paired change against the baseline, in bold when distinguishable.\n\n")
	for _, t := range r.Tables {
		if t.Heading != "" {
			p("### %s\n\n", mdText(t.Heading))
		}
		mdTable(&b, t.Key)
		p("<details><summary>All metrics</summary>\n\n")
		mdTable(&b, t.All)
		p("</details>\n\n")
	}
	p("## Scenario\n\n")
	fence := "```"
	for strings.Contains(r.Scenario, fence) {
		fence += "`"
	}
	p("%stoml\n%s", fence, r.Scenario)
	if !strings.HasSuffix(r.Scenario, "\n") {
		p("\n")
	}
	p("%s\n", fence)
	return b.String()
}

func mdTable(b *strings.Builder, t table) {
	b.WriteString("| Metric |")
	align := "|:--|"
	for _, d := range t.Designs {
		name := mdCell(d.Name)
		if d.Baseline {
			b.WriteString(" " + name + " (baseline) |")
			align += "--:|"
			continue
		}
		b.WriteString(" " + name + " | " + name + " vs baseline |")
		align += "--:|--:|"
	}
	b.WriteString("\n" + align + "\n")
	for _, r := range t.Rows {
		label := r.Label
		if r.Unit != "" {
			label += " (" + r.Unit + ")"
		}
		b.WriteString("| " + mdCell(label) + " |")
		for _, c := range r.Cells {
			b.WriteString(" " + mdCell(c.Value) + " |")
			if !c.Base {
				if c.Distinguishable {
					b.WriteString(" **" + mdCell(c.Diff) + "** |")
				} else {
					b.WriteString(" " + mdCell(c.Diff) + " |")
				}
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// mdSpecial are the characters that could start Markdown or HTML markup
// in text taken from a scenario or a Set.
// Brackets are left alone, since intervals are full of them, and only a
// bracket followed by "(" or "[" (a link) is broken up.
var mdSpecial = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "](", "]\\(", "][", "]\\[",
	"<", "\\<", ">", "\\>", "#", "\\#", "|", "\\|", "&", "&amp;",
)

func mdText(s string) string { return mdSpecial.Replace(strings.ReplaceAll(s, mark, "")) }

// mdCell is mdText for table cells, which must also stay on one line.
func mdCell(s string) string { return strings.ReplaceAll(mdText(s), "\n", " ") }

// mdMarked renders marked text (see strong) as Markdown.
func mdMarked(s string) string {
	var b strings.Builder
	for i, part := range strings.Split(s, mark) {
		if i%2 == 1 {
			b.WriteString("**" + mdText(part) + "**")
		} else {
			b.WriteString(mdText(part))
		}
	}
	return b.String()
}

// mdLink escapes what would end or break a link target.
func mdLink(path string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(path)
}
