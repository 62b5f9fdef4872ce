package analysis

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/results"
)

// sectionOrder returns the positions of the given markers in text, failing
// the test for a missing one.
func sectionOrder(t *testing.T, what, text string, markers []string) []int {
	t.Helper()
	var pos []int
	for _, m := range markers {
		i := strings.Index(text, m)
		if i < 0 {
			t.Errorf("%s lacks %q", what, m)
		}
		pos = append(pos, i)
	}
	return pos
}

// TestReportSectionOrder: the first screen answers the question (headline,
// decision table, key figure; for a sweep the scaling figure before the
// table), and the rest follows in order of value, in both renderings.
func TestReportSectionOrder(t *testing.T) {
	for _, tc := range []struct {
		name     string
		set      *results.Set
		html, md []string
	}{
		{"compare", synthSet(nil, nil, 4),
			[]string{`id="answer"`, `id="decision"`, `id="key-figure"`, `id="fig-changes" class="key"`, `id="findings"`, `id="figures"`,
				`id="fig-comparison"`, `id="fig-time-split"`, `id="fig-tradeoff"`, `id="fig-restore-distribution"`, `id="fig-timeseries-queued-work"`,
				`id="tables"`, `id="read"`, `id="run"`, `id="scenario"`},
			[]string{"**collective** ", "## The designs side by side", "## Change against centralized", "## Findings", "## More figures",
				"### Key metrics by design", "## Tables", "## How to read this report", "## What was run", "## Scenario"}},
		{"sweep", teamsSweep("5", "10", "20", "40"),
			[]string{`id="answer"`, `id="key-figure"`, `id="fig-scaling" class="key"`, `id="decision"`, `id="findings"`, `id="figures"`,
				`id="fig-changes"`, `id="fig-comparison"`, `id="fig-timeseries-queued-work"`, `id="tables"`, `id="read"`, `id="run"`, `id="scenario"`},
			[]string{"Along product teams from 5 to 40, ", "## How the designs scale with product teams", "## The designs side by side · At product teams = 40",
				"## Findings", "## More figures", "## Tables", "## How to read this report", "## What was run", "## Scenario"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, h, md := writeReport(t, tc.set, true)
			for what, c := range map[string]struct {
				text    string
				markers []string
			}{"html": {h, tc.html}, "markdown": {md, tc.md}} {
				pos := sectionOrder(t, what, c.text, c.markers)
				for i := 1; i < len(pos); i++ {
					if pos[i-1] >= pos[i] {
						t.Errorf("%s: %q comes after %q", what, c.markers[i-1], c.markers[i])
					}
				}
			}
			// Every figure is shown once: the key one is not repeated
			// among the others.
			for _, id := range []string{`id="fig-changes"`, `id="fig-scaling"`} {
				if n := strings.Count(h, id); n > 1 {
					t.Errorf("%s shown %d times", id, n)
				}
			}
		})
	}
}

// TestDecisionTable: headcount by team kind from the teams table, every
// decision measure the Set has with its interval, the paired change and
// its verdict, and "not distinguishable" in words.
func TestDecisionTable(t *testing.T) {
	s := teamsSweep("5", "10", "20")
	rows := summarize(t, s)
	dt := newView(s, rows, ReportOptions{}).decision()
	if dt == nil || dt.Heading != "At product teams = 20" {
		t.Fatalf("decision table %+v, want one at the focus point", dt)
	}
	if len(dt.Designs) != 2 || !dt.Designs[0].Baseline || dt.Designs[1].Name != "collective" {
		t.Errorf("columns %+v", dt.Designs)
	}
	labels := func() []string {
		var out []string
		for _, r := range dt.Rows {
			out = append(out, r.Label)
		}
		return out
	}()
	wantLabels := []string{"Engineers", "in product teams", "in the platform team", "in the ops team",
		"Mean time to restore", "Feature throughput", "After-hours pages", "Customer escalations", "Availability"}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("rows %q, want %q", labels, wantLabels)
	}
	cell := func(label string, design int) decisionCell {
		i := slices.Index(labels, label)
		return dt.Rows[i].Cells[design]
	}
	// 20 product teams of 6, a platform team of 4, an ops team of 8.
	if c := cell("Engineers", 0); c.Value != "132" || c.Change != "" {
		t.Errorf("baseline engineers %+v, want 132 and no change", c)
	}
	if c := cell("Engineers", 1); c.Value != "124" || c.Change != "−8" || !c.Inline {
		t.Errorf("collective engineers %+v, want 124 (−8)", c)
	}
	if c := cell("in the ops team", 1); c.Value != "0" || c.Change != "−8" {
		t.Errorf("collective ops team %+v, want 0 (−8)", c)
	}
	if c := cell("in product teams", 1); c.Value != "120" || c.Change != "" {
		t.Errorf("collective product teams %+v, want 120 and no change", c)
	}
	ttr := cell("Mean time to restore", 1)
	if !strings.HasPrefix(ttr.Interval, "[") || !strings.HasPrefix(ttr.Change, "−") || !strings.HasPrefix(ttr.ChangeInterval, "[−") ||
		ttr.Verdict != "better" || ttr.Class != "better" {
		t.Errorf("collective restore cell %+v, want a distinguishable cut, better", ttr)
	}
	if c := cell("After-hours pages", 1); c.Verdict != "worse" {
		t.Errorf("collective after-hours cell %+v, want worse", c)
	}
	if c := cell("Mean time to restore", 0); c.Change != "" || c.Verdict != "" {
		t.Errorf("the baseline's own cell has a change: %+v", c)
	}
	// The twin of knownSet differs by noise only.
	known := knownSet()
	kt := newView(known, summarize(t, known), ReportOptions{}).decision()
	for _, r := range kt.Rows {
		if r.Label == "Feature throughput" {
			if c := r.Cells[2]; c.Verdict != "not distinguishable" || c.Class != "same" {
				t.Errorf("twin's throughput %+v, want not distinguishable", c)
			}
		}
	}
	// Without a teams table there is no headcount, and nothing breaks.
	s.Tables, s.Manifest.Tables = nil, nil
	if dt := newView(s, rows, ReportOptions{}).decision(); dt.Rows[0].Label != "Mean time to restore" {
		t.Errorf("first row without a teams table: %q", dt.Rows[0].Label)
	}
}

// TestHeadline: the answer in a sentence per design, percentages only for
// distinguishable changes of 1% or more, "within" bounds otherwise, and
// the headcount difference.
func TestHeadline(t *testing.T) {
	s := synthSet(nil, nil, 6)
	hl := headline(newView(s, summarize(t, s), ReportOptions{}))
	if len(hl) != 1 {
		t.Fatalf("headline %q, want one sentence", hl)
	}
	h := strings.ReplaceAll(hl[0], mark, "")
	// At 10 teams the two restore times are within noise of each other.
	for _, want := range []string{"collective delivers ", "% fewer features and pages engineers out of hours ",
		"% more than centralized, with 8 fewer engineers; restore time is within "} {
		if !strings.Contains(h, want) {
			t.Errorf("headline %q lacks %q", h, want)
		}
	}
	// A design that differs from the baseline by noise only gets bounds.
	k := knownSet()
	hl = headline(newView(k, summarize(t, k), ReportOptions{}))
	twin := strings.ReplaceAll(hl[1], mark, "")
	if !strings.HasPrefix(twin, "twin and central cannot be told apart: ") || !strings.Contains(twin, "feature throughput is within ") {
		t.Errorf("twin's headline %q", twin)
	}
	for _, tc := range []struct {
		frac float64
		want string
	}{{0.0018, "0.2%"}, {0.003, "0.3%"}, {0.023, "3%"}, {0.152, "16%"}, {0, "0%"}} {
		if got := ceilPct(tc.frac); got != tc.want {
			t.Errorf("ceilPct(%v) = %q, want %q", tc.frac, got, tc.want)
		}
	}
	for _, tc := range []struct {
		rel  float64
		want string
	}{{-0.345, "34%"}, {0.0461, "4.6%"}, {-0.0013, "0.13%"}, {-1, "100%"}, {1.5, "150%"}} {
		if got := pctMagnitude(tc.rel); got != tc.want {
			t.Errorf("pctMagnitude(%v) = %q, want %q", tc.rel, got, tc.want)
		}
	}
}

// waitSweep is a two-design sweep whose baseline's first-response wait
// goes from 2 to 7 minutes (a 3.5-fold rise, clearly distinguishable)
// while the other design's stays put.
func waitSweep(t *testing.T) (*results.Set, []results.SummaryRow) {
	s := teamsSweep("5", "10", "20")
	col := slices.Index(s.Metrics, "first_response_wait_h")
	ttr := slices.Index(s.Metrics, "ttr_mean_h")
	for i := range s.Records {
		r := &s.Records[i]
		wait := 2.0 / 60
		if r.Design == "centralized" && r.Params[0].Value == "20" {
			wait = 7.0 / 60
		}
		r.Values[col] = wait * (1 + 0.01*float64(r.Rep%3))
		r.Values[ttr] = 2 * (1 + 0.01*float64(r.Rep%3))
	}
	return s, summarize(t, s)
}

// TestBreakRule: a break needs the relative rule and the absolute floor,
// both of which a scenario can set.
func TestBreakRule(t *testing.T) {
	s, rows := waitSweep(t)
	broken := func(opt ReportOptions) []breakPoint {
		found, _ := newView(s, rows, opt).findBreaks()
		return found
	}
	if b := broken(ReportOptions{}); len(b) != 0 {
		t.Errorf("2 to 7 minutes of first-response wait called a break under the default floor: %+v", b)
	}
	b := broken(ReportOptions{BreakFloor: map[string]float64{"first_response_wait_h": 0.05}})
	if len(b) != 1 || b[0].design != "centralized" || b[0].metric != "first_response_wait_h" || b[0].at.Params[0].Value != "20" {
		t.Errorf("with a 3-minute floor: %+v, want centralized breaking at 20 teams", b)
	}
	if b := broken(ReportOptions{BreakFactor: 4, BreakFloor: map[string]float64{"first_response_wait_h": 0.05}}); len(b) != 0 {
		t.Errorf("a 3.5-fold rise called a break under a factor of 4: %+v", b)
	}
	// The rule is stated with the scenario's floors.
	rule := newView(s, rows, ReportOptions{BreakFactor: 3, BreakFloor: map[string]float64{"ttr_mean_h": 1}}).breakRule()
	if !strings.Contains(rule, "mean time to restore (by at least 1 h) is worse than 3 times") {
		t.Errorf("rule %q", rule)
	}
	// A measure where higher is better breaks by falling.
	ref := results.SummaryRow{Mean: 40, Lo: 39, Hi: 41}
	if !worseBy(ref, results.SummaryRow{Mean: 15, Lo: 14, Hi: 16}, true, 2, 5) || worseBy(ref, results.SummaryRow{Mean: 25, Lo: 24, Hi: 26}, true, 2, 5) {
		t.Error("worseBy misreads a measure where higher is better")
	}
}

// TestScalingMeasures: the scenario's measures when it names them;
// otherwise the break measures, then what changes most, without weekly
// totals that grow with the headcount.
func TestScalingMeasures(t *testing.T) {
	s := teamsSweep("5", "10", "20", "40")
	rows := summarize(t, s)
	got, chosen := newView(s, rows, ReportOptions{Measures: []string{"toil_frac", "nonexistent", "availability"}}).scalingMeasures()
	if !chosen || !slices.Equal(got, []string{"toil_frac", "availability"}) {
		t.Errorf("named measures: %v (chosen %v)", got, chosen)
	}
	got, chosen = newView(s, rows, ReportOptions{}).scalingMeasures()
	if chosen || len(got) == 0 || len(got) > maxScalingPanels || got[0] != "first_response_wait_h" {
		t.Errorf("chosen measures %v: want the breaking first-response wait first, at most %d", got, maxScalingPanels)
	}
	for _, m := range got {
		if slices.Contains(scalingTotals, m) {
			t.Errorf("weekly total %s chosen though the headcount grows along the sweep", m)
		}
	}
	if !slices.Contains(got, "ttr_mean_h") {
		t.Errorf("mean time to restore, which nearly triples, not chosen: %v", got)
	}
	// A measure that is flat (within its noise) scores nothing.
	if sc := newView(s, rows, ReportOptions{}).changeScore("interrupt_frac"); sc != 0 {
		t.Errorf("flat measure scored %v", sc)
	}
}

// TestFocusOption: single-point figures and the decision table are drawn
// at the point the scenario chooses; a choice that names no point falls
// back with a warning.
func TestFocusOption(t *testing.T) {
	s := teamsSweep("5", "10", "20", "40")
	rows := summarize(t, s)
	opt := ReportOptions{Focus: []results.Param{{Name: "org.product_teams", Value: "10"}}}
	for _, f := range Figures(s, rows, opt) {
		switch f.Name {
		case "changes", "tradeoff", "restore-distribution", "comparison":
			if !strings.Contains(f.Title, "product teams = 10") {
				t.Errorf("%s drawn at %q, want product teams = 10", f.Name, f.Title)
			}
		}
	}
	if dt := newView(s, rows, opt).decision(); dt.Heading != "At product teams = 10" {
		t.Errorf("decision table %q", dt.Heading)
	}
	_, h, _ := writeReportWith(t, s, ReportOptions{Focus: []results.Param{{Name: "org.product_teams", Value: "30"}}})
	if !strings.Contains(h, "names no point of these results") {
		t.Error("no warning for a focus that names no point")
	}
}

// TestTimeSeriesSmallMultiples: a sweep's series are drawn for every
// point, never for one point alone, and a long sweep says which points.
func TestTimeSeriesSmallMultiples(t *testing.T) {
	s := teamsSweep("5", "10", "20")
	for _, f := range Figures(s, summarize(t, s), ReportOptions{}) {
		if strings.HasPrefix(f.Name, "timeseries-") {
			if !strings.HasSuffix(f.Title, ", by product teams") || !strings.Contains(f.Caption, "One panel per sweep point") {
				t.Errorf("%s: %q / %q", f.Name, f.Title, f.Caption)
			}
		}
	}
	long := teamsSweep("1", "2", "3", "4", "5", "6", "7", "8")
	v := newView(long, summarize(t, long), ReportOptions{Focus: []results.Param{{Name: "org.product_teams", Value: "4"}}})
	var got []string
	for _, p := range v.seriesPoints() {
		got = append(got, p.Params[0].Value)
	}
	if len(got) > maxSeriesPanels || got[0] != "1" || got[len(got)-1] != "8" || !slices.Contains(got, "4") {
		t.Errorf("series points %v: want at most %d, first, last and the focus", got, maxSeriesPanels)
	}
}

// TestTradeoffIsPaired: the trade-off figure places designs by their paired
// changes, the baseline at zero.
func TestTradeoffIsPaired(t *testing.T) {
	s := synthSet(nil, nil, 5)
	v := newView(s, summarize(t, s), ReportOptions{})
	r, _ := v.row(0, "collective", "features_per_week")
	iv := v.relChange(0, "collective", "features_per_week")
	if math.Abs(iv.Mean-100*r.Rel) > 1e-12 || math.Abs(iv.Lo-100*r.RelLo) > 1e-12 {
		t.Errorf("trade-off point %+v, want the paired change %v%%", iv, 100*r.Rel)
	}
	f, ok := v.tradeoff()
	if !ok || !strings.Contains(f.Caption, "paired change against centralized") || !strings.Contains(f.Caption, "span the same range") {
		t.Errorf("trade-off caption %q", f.Caption)
	}
}

func TestHeadcounts(t *testing.T) {
	s := teamsSweep("5", "10")
	got := Headcounts(s)
	if len(got) != 4 {
		t.Fatalf("%d headcounts, want 2 points × 2 designs", len(got))
	}
	want := []Headcount{
		{0, "centralized", map[string]float64{"product": 30, "platform": 4, "ops": 8}},
		{0, "collective", map[string]float64{"product": 30, "platform": 4}},
		{1, "centralized", map[string]float64{"product": 60, "platform": 4, "ops": 8}},
		{1, "collective", map[string]float64{"product": 60, "platform": 4}},
	}
	for i := range want {
		if got[i].Point != want[i].Point || got[i].Design != want[i].Design || !maps.Equal(got[i].Engineers, want[i].Engineers) {
			t.Errorf("headcount %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	s.Tables = nil
	if Headcounts(s) != nil {
		t.Error("headcounts without a teams table")
	}
}

// TestFirstScreenWithoutSteadyState: a design whose queue grows without
// bound in most replications is never averaged into the first screen: its
// cells say so, nothing is compared with it, and the headline says why.
// unstableCollective is a Set of 6 replications in which the collective
// design's platform team is flagged unstable in every one, growing 40
// tasks a week at a load of 1.3.
func unstableCollective() *results.Set {
	s := synthSet(nil, nil, 6)
	tb := &s.Tables[0]
	tb.Columns = append(tb.Columns, "pending_growth_per_week", "unstable", "load")
	designOf := map[string]string{}
	for _, r := range s.Records {
		designOf[r.ID] = r.Design
	}
	for i := range tb.Rows {
		row := &tb.Rows[i]
		flag := designOf[row.RunID] == "collective" && row.Key == "platform"
		if flag {
			row.Values = append(row.Values, 40, 1, 1.3)
		} else {
			row.Values = append(row.Values, 0, 0, 0.5)
		}
	}
	return s
}

func TestFirstScreenWithoutSteadyState(t *testing.T) {
	s := unstableCollective()
	v := newView(s, summarize(t, s), ReportOptions{})
	for _, r := range v.decision().Rows {
		if r.Label != "Mean time to restore" {
			continue
		}
		if c := r.Cells[1]; c.Change != "not compared" || c.Value != "unstable" || c.Verdict != "" {
			t.Errorf("an unstable design's cell %+v, want unstable and not compared", c)
		}
	}
	if hl := strings.ReplaceAll(strings.Join(headline(v), " "), mark, ""); !strings.Contains(hl, "collective is not compared with centralized") {
		t.Errorf("headline %q", hl)
	}
	if _, ok := v.changes(); ok {
		t.Error("the changes figure compares an unstable design")
	}
}
