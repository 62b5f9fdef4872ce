package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
	"github.com/opsim/opsim/sim"
)

// experiment is a scenario expanded into runs: every sweep point × design ×
// replication, each with a stable identity. It is the OMNeT++ "experiment"
// layer: it configures the model, it does not know how results are read.
type experiment struct {
	sc      *scenarios.Scenario
	points  []scenarios.Point
	configs [][]models.Config // [point][design]
	metrics []string
	reps    int
	seed    uint64
}

// runSpec identifies one replication of one design at one sweep point.
type runSpec struct {
	id                 string
	point, design, rep int
	streams            sim.Streams
}

func newExperiment(sc *scenarios.Scenario, reps int, seed uint64) (*experiment, error) {
	e := &experiment{sc: sc, points: sc.Points(), reps: reps, seed: seed}
	for _, p := range e.points {
		cfgs, err := sc.Configs(p)
		if err != nil {
			return nil, err
		}
		e.configs = append(e.configs, cfgs)
		for _, c := range cfgs {
			names := models.MetricNames(&c)
			if e.metrics == nil {
				e.metrics = names
			} else if strings.Join(names, ",") != strings.Join(e.metrics, ",") {
				return nil, fmt.Errorf("point %d: the metrics differ between sweep points (a sweep may not change the severities)", p.Index)
			}
		}
	}
	return e, nil
}

// runs lists every run in canonical order: point, then design, then
// replication. A run's random streams are a pure function of (seed, point,
// replication): the design is left out so that designs are compared on
// common random numbers, and nothing depends on workers or shards.
func (e *experiment) runs() []runSpec {
	var out []runSpec
	for pi, p := range e.points {
		for di, d := range e.sc.Designs {
			for r := 0; r < e.reps; r++ {
				out = append(out, runSpec{
					id:      fmt.Sprintf("p%03d-%s-r%04d", p.Index, d.Name, r),
					point:   pi,
					design:  di,
					rep:     r,
					streams: sim.NewStreams(e.seed, fmt.Sprintf("point=%d/rep=%d", p.Index, r)),
				})
			}
		}
	}
	return out
}

// shard selects the runs of shard i of n (round robin in canonical order),
// so a Slurm array task or a Kubernetes indexed job runs only its part.
func shard(runs []runSpec, i, n int) []runSpec {
	if n <= 1 {
		return runs
	}
	var out []runSpec
	for k, r := range runs {
		if k%n == i {
			out = append(out, r)
		}
	}
	return out
}

// execute runs the given runs in parallel and returns their results in
// the same order.
func (e *experiment) execute(ctx context.Context, runs []runSpec, workers int, progress io.Writer) ([]*models.Result, error) {
	bar := newProgress(progress, len(runs))
	defer bar.done()
	return sim.Replicate(ctx, len(runs), sim.ReplicateOptions{
		Workers:  workers,
		Label:    func(i int) string { return fmt.Sprintf("run %s (seed %#x)", runs[i].id, runs[i].streams.Seed()) },
		Progress: func(done, total int) { bar.set(done) },
	}, func(ctx context.Context, i int) (*models.Result, error) {
		r := runs[i]
		return models.Run(ctx, e.configs[r.point][r.design], r.streams)
	})
}

// set turns runs and their results into a results.Set.
func (e *experiment) set(command string, overrides []string, runs []runSpec, res []*models.Result, shardName string) *results.Set {
	s := &results.Set{Metrics: e.metrics}
	teams, services := teamsTable, servicesTable // the schemas; rows are appended to these copies
	m := &s.Manifest
	m.Scenario = e.sc.Text
	m.ScenarioFile = e.sc.File
	m.ScenarioHash = results.HashScenario(e.sc.Text)
	m.Seed = e.seed
	m.Command = command
	m.Overrides = overrides
	for _, d := range e.sc.Designs {
		m.Designs = append(m.Designs, d.Name)
	}
	m.Baseline = e.sc.Baseline
	for _, p := range e.points {
		m.Points = append(m.Points, results.Point{Index: p.Index, Params: params(p)})
	}
	for _, r := range e.runs() {
		m.Runs = append(m.Runs, r.id)
	}
	m.Shard = shardName
	m.Build = results.ReadBuildInfo()
	for i, r := range runs {
		p := e.points[r.point]
		rec := results.Record{Run: results.Run{
			ID: r.id, Point: p.Index, Params: params(p), Design: e.sc.Designs[r.design].Name,
			Rep: r.rep, Seed: r.streams.Seed(),
		}}
		for _, name := range e.metrics {
			rec.Values = append(rec.Values, res[i].Value(name))
		}
		s.Records = append(s.Records, rec)
		for _, sr := range res[i].Series {
			if len(sr.Values) > 0 {
				s.Series = append(s.Series, results.Series{RunID: r.id, Name: sr.Name, Step: 1, Values: sr.Values})
			}
		}
		if len(res[i].Restore) > 0 {
			s.Samples = append(s.Samples, results.Sample{RunID: r.id, Name: "restore_h", Values: res[i].Restore})
		}
		teams.Rows = append(teams.Rows, teamRows(r.id, res[i].Teams)...)
		services.Rows = append(services.Rows, serviceRows(r.id, res[i].Services)...)
	}
	s.Tables = []results.Table{teams, services}
	m.Tables = []string{teams.Name, services.Name}
	return s
}

// The per-entity tables: each team's time split and load, each service's
// reliability, one row per replication.
var (
	teamsTable = results.Table{Name: "teams", Key: "team", Labels: []string{"kind"},
		Columns: []string{"engineers", "utilisation", "planned_frac", "interrupt_frac", "toil_frac", "learning_frac",
			"release_frac", "rework_frac", "coord_frac", "improve_frac", "switch_frac", "idle_frac",
			"after_hours_h_per_eng_week", "queue_mean", "first_response_wait_h", "escalated_wait_h", "pages", "pages_per_shift",
			"after_hours_pages_per_eng_week", "features_per_week", "pending_growth_per_week", "unstable", "load"}}
	servicesTable = results.Table{Name: "services", Key: "service", Labels: []string{"owner", "layer"},
		Columns: []string{"critical", "dependents", "incidents", "availability", "slo", "slo_attainment"}}
)

func teamRows(run string, ts []models.TeamResult) []results.TableRow {
	var out []results.TableRow
	for _, t := range ts {
		out = append(out, results.TableRow{RunID: run, Key: t.Name, Labels: []string{t.Kind}, Values: []float64{
			float64(t.Engineers), t.Utilisation, t.Planned, t.Interrupt, t.Toil, t.Learning,
			t.Release, t.Rework, t.Coord, t.Improve, t.Switch, t.Idle,
			t.AfterHoursPerEngWeek, t.QueueMean, t.FirstWaitMean, t.EscalatedWaitMean, float64(t.Pages), t.PagesPerShift,
			t.AfterHoursPagesPerEngWeek, t.FeaturesPerWeek, t.PendingGrowthPerWeek, b(t.Unstable), t.Load}})
	}
	return out
}

// b is a boolean as a table value.
func b(x bool) float64 {
	if x {
		return 1
	}
	return 0
}

func serviceRows(run string, ss []models.ServiceResult) []results.TableRow {
	var out []results.TableRow
	for _, s := range ss {
		out = append(out, results.TableRow{RunID: run, Key: s.Name, Labels: []string{s.Owner, s.Layer}, Values: []float64{
			b(s.Critical), float64(s.Dependents), float64(s.Incidents), s.Availability, s.SLO, s.SLOAttainment}})
	}
	return out
}

func params(p scenarios.Point) []results.Param {
	var out []results.Param
	for _, q := range p.Params {
		out = append(out, results.Param{Name: q.Name, Value: q.Value})
	}
	return out
}

// progress draws a one-line progress bar on a terminal and nothing
// otherwise, so logs and CI output stay clean.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	if w == nil || !isTerminal(w) {
		return &progress{}
	}
	return &progress{w: w, total: total, start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) set(done int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if done < p.total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	const width = 30
	fill := width * done / max(1, p.total)
	el := now.Sub(p.start).Seconds()
	eta := ""
	if done > 0 && done < p.total {
		eta = fmt.Sprintf(", %.0fs left", el/float64(done)*float64(p.total-done))
	}
	// \x1b[K clears what a longer previous line left behind.
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d runs, %.1fs%s\x1b[K", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done, p.total, el, eta)
}

func (p *progress) done() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}
