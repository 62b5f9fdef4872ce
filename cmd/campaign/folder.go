package campaign

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// assembly builds a results folder in a staging folder, one run at a
// time in plan order, summarising a point at a time (runSummary) and
// keeping the runs' identities, the series and samples of the points the
// figures draw and the table rows the report reads.
type assembly struct {
	dir, staging string
	w            *results.Writer
	sc           *results.Schema
	set          *results.Set
	runs         *runSummary
	detail       map[int]bool
	shard        bool
	passed       func(phase string)
	opt          analysis.ReportOptions
	notes        []string
}

func newAssembly(fsys results.FS, dir string, m *results.Manifest, sc *results.Schema, report bool, sensDirs []string) (*assembly, error) {
	staging, err := results.Stage(dir)
	if err != nil {
		return nil, err
	}
	w, err := results.NewWriter(fsys, staging, m, sc)
	if err != nil {
		results.Discard(staging)
		return nil, err
	}
	a := &assembly{dir: dir, staging: staging, w: w, sc: sc, set: shapes(m, sc),
		detail: map[int]bool{}, shard: m.Shard != "", passed: func(string) {}}
	if a.runs, err = newRunSummary(m, sc, !a.shard); err != nil {
		a.abort()
		return nil, err
	}
	var note string
	if a.opt, note = reportOptions(m); note != "" {
		a.notes = append(a.notes, note)
	}
	if report && m.Shard == "" {
		if note := withSensitivity(&a.opt, m, dir, sensitivityDirs(dir, sensDirs)); note != "" {
			a.notes = append(a.notes, note)
		}
	}
	if report {
		for _, p := range analysis.FigurePoints(m, a.opt) {
			a.detail[p] = true
		}
	}
	return a, nil
}

// shapes is a Set for summaries and reports: the manifest, the metrics and
// the tables' shapes, rows and records to come.
func shapes(m *results.Manifest, sc *results.Schema) *results.Set {
	s := &results.Set{Manifest: *m, Metrics: sc.Metrics}
	for _, t := range sc.Tables {
		s.Tables = append(s.Tables, results.Table{Name: t.Name, Key: t.Key, Labels: t.Labels, Columns: t.Columns})
	}
	return s
}

// identity is run r as a campaign's Set keeps it: with no values (they
// are in runs.csv and, summarised, in the summary), its parameters and
// design those of the manifest m rather than a copy per run.
func identity(m *results.Manifest, r results.Run) results.Record {
	if i := slices.IndexFunc(m.Points, func(p results.Point) bool { return p.Index == r.Point }); i >= 0 {
		r.Params = m.Points[i].Params
	}
	if i := slices.Index(m.Designs, r.Design); i >= 0 {
		r.Design = m.Designs[i]
	}
	return results.Record{Run: r}
}

// keepRows keeps the table rows of a run (of replication rep) that
// summaries and reports read (analysis.ReportRow); the others stay on disk.
func keepRows(set *results.Set, i, rep int, rows []results.TableRow) {
	t := &set.Tables[i]
	for j := range rows {
		if analysis.ReportRow(t, &rows[j], rep) {
			t.Rows = append(t.Rows, rows[j])
		}
	}
}

// add appends a run.
func (a *assembly) add(r *results.Rendered) error {
	if err := a.w.Add(r); err != nil {
		return err
	}
	rows := make([][]results.TableRow, len(a.sc.Tables))
	for i := range a.sc.Tables {
		var err error
		if rows[i], err = r.TableRows(a.sc, i); err != nil {
			return err
		}
		keepRows(a.set, i, r.Record.Rep, rows[i])
	}
	if err := a.runs.add(r.Record, rows); err != nil {
		return err
	}
	a.set.Records = append(a.set.Records, identity(&a.set.Manifest, r.Record.Run))
	if a.detail[r.Record.Point] {
		d, err := r.Data(a.sc)
		if err != nil {
			return err
		}
		a.set.Series = append(a.set.Series, d.Series...)
		a.set.Samples = append(a.set.Samples, d.Samples...)
	}
	return nil
}

// abort discards the staging folder.
func (a *assembly) abort() {
	a.w.Abort()
	results.Discard(a.staging)
}

// finish summarises (a shard has no summary of its own), closes the
// folder, writes the report if asked and puts it all in place: the old
// results, and an old report that the new results do not replace, go.
func (a *assembly) finish(ctx context.Context, report bool, res *Result) error {
	var rows []results.SummaryRow
	if !a.shard {
		var err error
		if rows, err = a.runs.rows(); err != nil {
			a.abort()
			return err
		}
	}
	regimes, err := a.runs.regimesOf()
	if err != nil {
		a.abort()
		return err
	}
	res.Regimes, a.opt.Regimes = regimes, regimes
	if err := a.w.Close(rows); err != nil {
		results.Discard(a.staging)
		return err
	}
	a.set.Summary = rows
	a.passed("assembled")
	remove := results.StaleFiles(a.dir)
	res.Notes = append(res.Notes, a.notes...)
	if report && !a.shard {
		figs, err := writeReport(a.staging, a.set, rows, a.opt)
		a.passed("reported")
		if err == nil && ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		if err != nil {
			results.Discard(a.staging)
			return err
		}
		for _, p := range figs {
			rel, _ := filepath.Rel(a.staging, p)
			res.Figures = append(res.Figures, filepath.Join(a.dir, rel))
		}
	} else {
		remove = append(remove, reportFiles...)
	}
	if err := results.Commit(a.dir, a.staging, remove); err != nil {
		return err
	}
	res.Set, res.Summary = a.set, rows
	return nil
}

// sensitivityDirs are where a report of the results folder dir looks for
// a sensitivity analysis of its scenario: dir/sensitivity, then extra.
func sensitivityDirs(dir string, extra []string) []string {
	return append([]string{filepath.Join(dir, SensitivityDir)}, extra...)
}

func summarize(set *results.Set) ([]results.SummaryRow, error) {
	return analysis.Summarize(set, summaryOptions(&set.Manifest))
}

// writeReport draws the figures and writes the report into dir; it
// returns the figure files.
func writeReport(dir string, set *results.Set, rows []results.SummaryRow, opt analysis.ReportOptions) ([]string, error) {
	paths, err := analysis.WriteFigures(dir, analysis.Figures(set, rows, opt))
	if err != nil {
		return nil, err
	}
	if _, _, err := analysis.WriteReport(dir, set, rows, paths, opt); err != nil {
		return nil, err
	}
	return paths, nil
}

// finish assembles the campaign's folder from its journal and puts it in
// place of what the folder held.
func (c *Campaign) finish(ctx context.Context, f *folder, plan *Plan, res *Result) error {
	runs := Shard(plan.Runs(), c.Shard, c.Shards)
	m := c.manifest(plan)
	a, err := newAssembly(c.fsys, c.Dir, &m, &plan.Schema, c.Report, c.SensitivityDirs)
	if err != nil {
		return err
	}
	a.passed = c.passed
	for i, r := range runs {
		if i%64 == 0 && ctx.Err() != nil {
			a.abort()
			return &Interrupted{Saved: len(runs), Total: len(runs), Cause: context.Cause(ctx)}
		}
		rd, err := f.journal.Get(r.ID)
		if err == nil {
			err = a.add(rd)
		}
		if err != nil {
			a.abort()
			return err
		}
	}
	if err := a.finish(ctx, c.Report, res); err != nil {
		if ctx.Err() != nil {
			return &Interrupted{Saved: len(runs), Total: len(runs), Cause: context.Cause(ctx)}
		}
		return err
	}
	return f.done()
}

// load reads the results folder dir for a report: its manifest, every
// record, and the samples and series of the points the figures draw, and
// the report's options. It checks every file against the manifest's
// checksums and the summary against the one its runs give, so that a
// report never disagrees with the data; errors name the file.
func load(dir string) (*results.Set, analysis.ReportOptions, error) {
	set := &results.Set{}
	head, err := results.Head(dir)
	if err != nil {
		return nil, analysis.ReportOptions{}, err
	}
	opt, _ := reportOptions(&head.Manifest)
	detail := map[int]bool{}
	for _, p := range analysis.FigurePoints(&head.Manifest, opt) {
		detail[p] = true
	}
	set.Tables = head.Tables
	head, err = results.Scan(dir, results.ScanOptions{Tables: true, Detail: func(r *results.Record) bool { return detail[r.Point] }}, func(d *results.RunData) error {
		set.Records = append(set.Records, d.Record)
		set.Series = append(set.Series, d.Series...)
		set.Samples = append(set.Samples, d.Samples...)
		for i, rows := range d.Rows {
			keepRows(set, i, d.Record.Rep, rows)
		}
		return nil
	})
	if err != nil {
		return nil, opt, err
	}
	set.Manifest, set.Metrics, set.Summary = head.Manifest, head.Metrics, head.Summary
	if set.Manifest.Shard != "" {
		return set, opt, nil
	}
	want, err := summarize(set)
	if err != nil {
		return nil, opt, err
	}
	if err := sameSummary(filepath.Join(dir, results.SummaryFile), set.Summary, want); err != nil {
		return nil, opt, err
	}
	return set, opt, nil
}

// sameSummary checks a folder's summary rows against those its runs give.
func sameSummary(path string, got, want []results.SummaryRow) error {
	if len(got) != len(want) {
		return fmt.Errorf("%s: %d rows, but the runs give %d: the folder was edited", path, len(got), len(want))
	}
	eq := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for i := range got {
		g, w := &got[i], &want[i]
		gv := []float64{g.Mean, g.StdDev, g.Lo, g.Hi, g.Diff, g.DiffLo, g.DiffHi, g.Rel, g.RelLo, g.RelHi}
		wv := []float64{w.Mean, w.StdDev, w.Lo, w.Hi, w.Diff, w.DiffLo, w.DiffHi, w.Rel, w.RelLo, w.RelHi}
		if g.Point != w.Point || g.Design != w.Design || g.Metric != w.Metric || g.N != w.N || g.Baseline != w.Baseline ||
			g.Distinguishable != w.Distinguishable || !slices.EqualFunc(gv, wv, eq) {
			return fmt.Errorf("%s: line %d (point %d, %s, %s): mean %v [%v, %v] over %d runs, but the runs give %v [%v, %v] over %d: the folder was edited",
				path, i+2, g.Point, g.Design, g.Metric, g.Mean, g.Lo, g.Hi, g.N, w.Mean, w.Lo, w.Hi, w.N)
		}
	}
	return nil
}

// Redraw redraws the figures and the report of the results folder dir
// into out (dir itself when out is ""), after load's checks. Only the
// report's files are replaced.
func Redraw(ctx context.Context, dir, out string) (*Result, error) {
	if out == "" {
		out = dir
	}
	if _, err := results.Recover(dir); err != nil {
		return nil, err
	}
	set, opt, err := load(dir)
	if err != nil {
		return nil, err
	}
	if set.Manifest.Shard != "" {
		return nil, fmt.Errorf("%w: %s holds shard %s only; merge the shards first with 'opsim merge'", ErrRefused, dir, set.Manifest.Shard)
	}
	staging, err := results.Stage(out)
	if err != nil {
		return nil, err
	}
	sensNote := withSensitivity(&opt, &set.Manifest, out, sensitivityDirs(dir, nil))
	figs, err := writeReport(staging, set, set.Summary, opt)
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if err != nil {
		results.Discard(staging)
		return nil, err
	}
	if err := results.Commit(out, staging, nil); err != nil {
		return nil, err
	}
	res := &Result{Dir: out, Set: set, Summary: set.Summary, Regimes: analysis.Regimes(set)}
	if _, note := reportOptions(&set.Manifest); note != "" {
		res.Notes = append(res.Notes, note)
	}
	if sensNote != "" {
		res.Notes = append(res.Notes, sensNote)
	}
	for _, p := range figs {
		rel, _ := filepath.Rel(staging, p)
		res.Figures = append(res.Figures, filepath.Join(out, rel))
	}
	return res, nil
}
