package campaign

import (
	"cmp"
	"slices"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// Gather keeps in memory what summaries, regimes, callouts and figures
// read of a plan's runs as they finish, for a page that shows results
// while they arrive (the workshop server): the records, the table rows
// analysis.ReportRow picks, and the series and samples of the points the
// figures draw, as a results folder's assembly keeps them. Once every run
// is in, its Set summarises exactly as the folder of the same plan does.
type Gather struct {
	plan   *Plan
	m      results.Manifest
	order  map[string]int // run id -> position in canonical order
	detail map[int]bool
	set    *results.Set
	perPt  map[int]int // point index -> runs in
}

// NewGather gathers the runs of plan; command and overrides describe the
// experiment as a manifest would ("run", the --set flags).
func NewGather(plan *Plan, command string, overrides []string) *Gather {
	g := &Gather{plan: plan, m: plan.Manifest(command, overrides, ""), order: map[string]int{}, detail: map[int]bool{}, perPt: map[int]int{}}
	g.m.Detail = results.DetailReport
	for i, id := range g.m.Runs {
		g.order[id] = i
	}
	for _, p := range analysis.FigurePoints(&g.m, optionsOf(plan.Scenario)) {
		g.detail[p] = true
	}
	g.set = shapes(&g.m, &plan.Schema)
	return g
}

// Add keeps a finished run.
func (g *Gather) Add(d *results.RunData) {
	g.set.Records = append(g.set.Records, d.Record)
	for i := range g.set.Tables {
		if i < len(d.Rows) {
			keepRows(g.set, i, d.Record.Rep, d.Rows[i])
		}
	}
	if g.detail[d.Record.Point] {
		g.set.Series = append(g.set.Series, d.Series...)
		g.set.Samples = append(g.set.Samples, d.Samples...)
	}
	g.perPt[d.Record.Point]++
}

// Runs is the number of runs kept.
func (g *Gather) Runs() int { return len(g.set.Records) }

// Complete lists the indexes of the sweep points every run of which is in.
func (g *Gather) Complete() []int {
	per := len(g.plan.Scenario.Designs) * g.plan.Reps
	var out []int
	for _, p := range g.m.Points {
		if g.perPt[p.Index] == per {
			out = append(out, p.Index)
		}
	}
	return out
}

// Set is what was gathered as a Set of the points given (all points with
// a run in when none are), records and rows in canonical order, so that
// the order runs finished in changes nothing. The manifest lists those
// points only, so a curve drawn from it ends where the runs do.
func (g *Gather) Set(points ...int) *results.Set {
	if len(points) == 0 {
		for _, p := range g.m.Points {
			if g.perPt[p.Index] > 0 {
				points = append(points, p.Index)
			}
		}
	}
	m := g.m
	m.Points = nil
	for _, p := range g.m.Points {
		if slices.Contains(points, p.Index) {
			m.Points = append(m.Points, p)
		}
	}
	s := &results.Set{Manifest: m, Metrics: g.set.Metrics}
	in := func(point int) bool { return slices.Contains(points, point) }
	pointOf := map[string]int{}
	for _, r := range g.set.Records {
		pointOf[r.ID] = r.Point
		if in(r.Point) {
			s.Records = append(s.Records, r)
		}
	}
	byRun := func(id string) int { return g.order[id] }
	slices.SortFunc(s.Records, func(a, b results.Record) int { return cmp.Compare(byRun(a.ID), byRun(b.ID)) })
	for _, t := range g.set.Tables {
		nt := t
		nt.Rows = nil
		for _, r := range t.Rows {
			if in(pointOf[r.RunID]) {
				nt.Rows = append(nt.Rows, r)
			}
		}
		slices.SortStableFunc(nt.Rows, func(a, b results.TableRow) int { return cmp.Compare(byRun(a.RunID), byRun(b.RunID)) })
		s.Tables = append(s.Tables, nt)
	}
	for _, x := range g.set.Series {
		if in(pointOf[x.RunID]) {
			s.Series = append(s.Series, x)
		}
	}
	slices.SortStableFunc(s.Series, func(a, b results.Series) int { return cmp.Compare(byRun(a.RunID), byRun(b.RunID)) })
	for _, x := range g.set.Samples {
		if in(pointOf[x.RunID]) {
			s.Samples = append(s.Samples, x)
		}
	}
	slices.SortStableFunc(s.Samples, func(a, b results.Sample) int { return cmp.Compare(byRun(a.RunID), byRun(b.RunID)) })
	return s
}

// Summary summarises a Set as a campaign does, so that a page and the
// results folder of the same plan agree to the last digit.
func Summary(set *results.Set) ([]results.SummaryRow, error) { return summarize(set) }

// ReportOptions are the report options of a plan's scenario (its [report]
// table), as a campaign's report reads them.
func (p *Plan) ReportOptions() analysis.ReportOptions { return optionsOf(p.Scenario) }

// Interleaved orders runs so that every design advances together: by
// point, then replication, then design. A page that summarises runs as
// they finish then has each design's first replications early, where the
// canonical order would finish one design before starting the next.
func Interleaved(runs []Run) []Run {
	out := slices.Clone(runs)
	slices.SortStableFunc(out, func(a, b Run) int {
		return cmp.Or(cmp.Compare(a.Point, b.Point), cmp.Compare(a.Rep, b.Rep), cmp.Compare(a.Design, b.Design))
	})
	return out
}
