package results

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// section says where in a Set a problem lies, so that Write can name the
// record and Read can name the file and line it came from.
type section int

const (
	inManifest section = iota
	inHeader           // the column names of runs.csv: parameters and metrics
	inRecord
	inSeries
	inSummary
	inSamples
	inTable // a table's columns (row -1) or one of its rows
)

// fault is a problem validate found; item indexes Records, Series, Summary,
// Samples or Tables. For a table, name is its name and row indexes its
// rows, or is -1 for the table's columns.
type fault struct {
	in   section
	item int
	row  int
	name string
	msg  string
}

func (f *fault) Error() string {
	switch f.in {
	case inHeader:
		return "columns: " + f.msg
	case inRecord:
		return fmt.Sprintf("record %d: %s", f.item, f.msg)
	case inSeries:
		return fmt.Sprintf("series %d: %s", f.item, f.msg)
	case inSummary:
		return fmt.Sprintf("summary row %d: %s", f.item, f.msg)
	case inSamples:
		return fmt.Sprintf("sample %d: %s", f.item, f.msg)
	case inTable:
		if f.row < 0 {
			return fmt.Sprintf("table %q: %s", f.name, f.msg)
		}
		return fmt.Sprintf("table %q row %d: %s", f.name, f.row, f.msg)
	}
	return "manifest: " + f.msg
}

func faultf(in section, item int, format string, args ...any) *fault {
	return &fault{in: in, item: item, msg: fmt.Sprintf(format, args...)}
}

// checkText rejects strings that would not come back unchanged: JSON
// replaces invalid UTF-8, and CSV readers turn "\r\n" inside a quoted field
// into "\n". Carriage returns are refused only where the text goes to CSV;
// the scenario text may legitimately have Windows line endings.
func checkText(what, s string, csv bool) string {
	if !utf8.ValidString(s) {
		return fmt.Sprintf("%s %q is not valid UTF-8", what, s)
	}
	if csv && strings.ContainsRune(s, '\r') {
		return fmt.Sprintf("%s %q contains a carriage return, which CSV readers turn into a line break", what, s)
	}
	return ""
}

// paramNames returns the sweep parameter names every point, record and
// summary row must carry, taken from the first place that has any.
func paramNames(s *Set) []string {
	var ps []Param
	switch {
	case len(s.Manifest.Points) > 0:
		ps = s.Manifest.Points[0].Params
	case len(s.Records) > 0:
		ps = s.Records[0].Params
	case len(s.Summary) > 0:
		ps = s.Summary[0].Params
	}
	return namesOf(ps)
}

func sameNames(ps []Param, names []string) bool {
	return slices.EqualFunc(ps, names, func(p Param, n string) bool { return p.Name == n })
}

func namesOf(ps []Param) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

func sameParams(a, b []Param) bool { return slices.Equal(a, b) }

// parseShard accepts "i/n" with n >= 1 and i <= n. Whether i counts from 0
// (Kubernetes, GNU parallel's slot-1) or from 1 (Slurm arrays) is the
// caller's choice, so both ends are allowed.
func parseShard(s string) bool {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return false
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	return err1 == nil && err2 == nil && i >= 0 && n >= 1 && i <= n
}

func runsHeader(names, metrics []string) []string {
	h := make([]string, 0, 5+len(names)+len(metrics))
	h = append(h, "run_id", "point")
	h = appendParamColumns(h, names)
	h = append(h, "design", "rep", "seed")
	return append(h, metrics...)
}

var summaryTail = []string{"design", "metric", "n", "mean", "sd", "ci_lo", "ci_hi",
	"baseline", "diff", "diff_lo", "diff_hi", "rel", "rel_lo", "rel_hi", "distinguishable"}

func summaryHeader(names []string) []string {
	h := make([]string, 0, 1+len(names)+len(summaryTail))
	h = append(h, "point")
	h = appendParamColumns(h, names)
	return append(h, summaryTail...)
}

// appendParamColumns appends the param.* columns of runs.csv and
// summary.csv, one per sweep parameter.
func appendParamColumns(h, names []string) []string {
	for _, n := range names {
		h = append(h, "param."+n)
	}
	return h
}

var seriesHeader = []string{"run_id", "series", "day", "value"}

// validate checks everything Write needs to produce files that Read accepts
// and that read back as the same Set. Read runs it too, so the two cannot
// drift apart.
func validate(s *Set) *fault {
	if f := validateManifest(&s.Manifest); f != nil {
		return f
	}
	names := paramNames(s)
	if f := validateColumns(names, s.Metrics); f != nil {
		return f
	}
	check := newRecordCheck(&s.Manifest, names)
	ids := make(map[string]int, len(s.Records))
	for i := range s.Records {
		r := &s.Records[i]
		if msg := check.id(r); msg != "" {
			if j, dup := ids[r.ID]; dup && r.ID != "" && strings.HasSuffix(msg, "run list") {
				return faultf(inRecord, i, "run %q duplicates record %d", r.ID, j)
			}
			return faultf(inRecord, i, "%s", msg)
		}
		if j, dup := ids[r.ID]; dup {
			return faultf(inRecord, i, "run %q duplicates record %d", r.ID, j)
		}
		ids[r.ID] = i
		if len(r.Values) != len(s.Metrics) {
			return faultf(inRecord, i, "run %q has %d values for %d metrics", r.ID, len(r.Values), len(s.Metrics))
		}
		if msg := check.rest(r); msg != "" {
			return faultf(inRecord, i, "%s", msg)
		}
	}

	series := make(map[runKey]int, len(s.Series))
	order := runOrder{ids: ids}
	for i := range s.Series {
		sr := &s.Series[i]
		if msg := checkGroup(ids, series, i, "series", runKey{sr.RunID, sr.Name}); msg != "" {
			return faultf(inSeries, i, "%s", msg)
		}
		if len(sr.Values) == 0 {
			return faultf(inSeries, i, "series %q of run %q has no values, which long form cannot represent", sr.Name, sr.RunID)
		}
		last := float64(len(sr.Values)) * sr.Step
		if !(sr.Step > 0) || math.IsInf(last, 0) {
			return faultf(inSeries, i, "series %q of run %q: step %v, want a positive finite number of days", sr.Name, sr.RunID, sr.Step)
		}
		if msg := order.next(sr.RunID); msg != "" {
			return faultf(inSeries, i, "%s", msg)
		}
	}

	if f := validateSamples(s.Samples, ids); f != nil {
		return f
	}
	if f := validateTables(s, ids); f != nil {
		return f
	}
	return validateSummary(s.Summary, check)
}

// validateColumns checks runs.csv's header: the sweep parameter names
// (names) and the metric names must be usable as distinct columns.
func validateColumns(names, metrics []string) *fault {
	for _, n := range names {
		if n == "" {
			return faultf(inHeader, -1, "empty sweep parameter name")
		}
		if msg := checkText("parameter name", n, true); msg != "" {
			return faultf(inHeader, -1, "%s", msg)
		}
	}
	for i, mt := range metrics {
		if mt == "" {
			return faultf(inHeader, -1, "metric %d has an empty name", i)
		}
		if msg := checkText("metric name", mt, true); msg != "" {
			return faultf(inHeader, -1, "%s", msg)
		}
	}
	seen := make(map[string]bool)
	for _, col := range runsHeader(names, metrics) {
		if seen[col] {
			return faultf(inHeader, -1, "column %q would appear twice in %s", col, RunsFile)
		}
		seen[col] = true
	}
	return nil
}

// validateSummary checks summary rows; check ties their points to the
// manifest's sweep.
func validateSummary(rows []SummaryRow, check *recordCheck) *fault {
	for i := range rows {
		r := &rows[i]
		if msg := check.point(r.Point, r.Params); msg != "" {
			return faultf(inSummary, i, "%s", msg)
		}
		for _, t := range [...]struct{ what, s string }{{"design", r.Design}, {"metric", r.Metric}, {"baseline", r.Baseline}} {
			if msg := checkText(t.what, t.s, true); msg != "" {
				return faultf(inSummary, i, "%s", msg)
			}
		}
		if r.N < 0 {
			return faultf(inSummary, i, "negative n %d", r.N)
		}
	}
	return nil
}

// runOrder checks that the rows of a file follow the records' order, each
// run's rows together (ids maps run ids to record indexes).
type runOrder struct {
	ids  map[string]int
	done map[string]bool
	prev string
}

// next notes a row of run and says what is wrong with its place, or "".
func (o *runOrder) next(run string) string {
	if run == o.prev {
		return ""
	}
	if o.done == nil {
		o.done = map[string]bool{}
	}
	if o.done[run] {
		return fmt.Sprintf("rows of run %q resume after rows of run %q; each run's rows must be contiguous", run, o.prev)
	}
	if o.prev != "" && o.ids[run] < o.ids[o.prev] {
		return fmt.Sprintf("run %q comes after run %q, but its record comes first; rows must follow the records' order", run, o.prev)
	}
	o.done[run] = true
	o.prev = run
	return ""
}

// checkOwner checks what every series, sample and table row needs, k
// being its run and name: the run has a record (ids maps run ids to record
// indexes), and the name, what says which, is not empty and survives CSV.
func checkOwner(ids map[string]int, k runKey, what string) string {
	if _, ok := ids[k.run]; !ok {
		return fmt.Sprintf("run %q has no record", k.run)
	}
	if k.name == "" {
		return fmt.Sprintf("run %q: empty %s", k.run, what)
	}
	if msg := checkText(what, k.name, true); msg != "" {
		return fmt.Sprintf("run %q: %s", k.run, msg)
	}
	return ""
}

// repeated notes in seen that item i has the run and name k and, if an
// earlier item had them already, says so; what names the name ("series",
// a table's key column) and item the items ("series", "row").
func repeated(seen map[runKey]int, k runKey, i int, what, item string) string {
	if j, dup := seen[k]; dup {
		return fmt.Sprintf("%s %q of run %q duplicates %s %d", what, k.name, k.run, item, j)
	}
	seen[k] = i
	return ""
}

// checkGroup checks series or sample i (what says which), k being its run
// and name: checkOwner's checks, then that no earlier one (seen) has k too.
func checkGroup(ids map[string]int, seen map[runKey]int, i int, what string, k runKey) string {
	if msg := checkOwner(ids, k, what+" name"); msg != "" {
		return msg
	}
	return repeated(seen, k, i, what, what)
}

func validateManifest(m *Manifest) *fault {
	bad := func(format string, args ...any) *fault { return faultf(inManifest, -1, format, args...) }
	texts := []struct{ what, s string }{
		{"scenario", m.Scenario}, {"scenario_file", m.ScenarioFile}, {"command", m.Command},
		{"baseline", m.Baseline}, {"shard", m.Shard},
		{"opsim_version", m.Build.OpsimVersion}, {"vcs_revision", m.Build.VCSRevision},
		{"go_version", m.Build.GoVersion}, {"gonum_version", m.Build.GonumVersion},
		{"plot_version", m.Build.PlotVersion},
	}
	for _, o := range m.Overrides {
		texts = append(texts, struct{ what, s string }{"override", o})
	}
	for _, t := range texts {
		if msg := checkText(t.what, t.s, false); msg != "" {
			return bad("%s", msg)
		}
	}
	if m.ScenarioHash != "" {
		if h := HashScenario(m.Scenario); m.ScenarioHash != h {
			return bad("scenario_hash %q does not match the scenario text, whose hash is %s", m.ScenarioHash, h)
		}
	}
	if m.Detail != "" && m.Detail != DetailReport {
		return bad("detail %q, want \"\" or %q", m.Detail, DetailReport)
	}
	if m.Shard != "" && !parseShard(m.Shard) {
		return bad("shard %q, want \"\" or \"i/n\"", m.Shard)
	}
	seen := make(map[string]bool, len(m.Designs))
	for _, d := range m.Designs {
		if msg := checkText("design", d, true); msg != "" {
			return bad("%s", msg)
		}
		if seen[d] {
			return bad("design %q listed twice", d)
		}
		seen[d] = true
	}
	if m.Baseline != "" && len(m.Designs) > 0 && !seen[m.Baseline] {
		return bad("baseline %q is not among the designs %q", m.Baseline, m.Designs)
	}
	clear(seen)
	for _, id := range m.Runs {
		if id == "" {
			return bad("empty run id in the run list")
		}
		if msg := checkText("run id", id, true); msg != "" {
			return bad("%s", msg)
		}
		if seen[id] {
			return bad("run %q listed twice", id)
		}
		seen[id] = true
	}
	clear(seen)
	for _, n := range m.Tables {
		if msg := checkTableName(n); msg != "" {
			return bad("tables: %s", msg)
		}
		if seen[n] {
			return bad("table %q listed twice", n)
		}
		seen[n] = true
	}
	indexes := make(map[int]bool, len(m.Points))
	for i, p := range m.Points {
		if indexes[p.Index] {
			return bad("point index %d listed twice", p.Index)
		}
		indexes[p.Index] = true
		if i > 0 && !sameNames(p.Params, namesOf(m.Points[0].Params)) {
			return bad("point %d has parameters %q but point %d has %q",
				p.Index, namesOf(p.Params), m.Points[0].Index, namesOf(m.Points[0].Params))
		}
		clear(seen)
		for _, q := range p.Params {
			if seen[q.Name] {
				return bad("point %d names parameter %q twice", p.Index, q.Name)
			}
			seen[q.Name] = true
		}
	}
	return nil
}
