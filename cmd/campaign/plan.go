// Package campaign plans, runs, streams and resumes opsim experiments. It
// is what the command-line tool and the workshop server share:
//
//   - a [Plan] expands a scenario into runs (every sweep point × design ×
//     replication), each with a stable id and its own common random
//     numbers, and [Plan.Execute] runs any of them in parallel, handing
//     each finished run to a callback as it completes and stopping when
//     its context is cancelled; nothing touches the disk, which is all a
//     live workshop page needs;
//   - a [Campaign] runs a plan into a results folder: every finished run
//     is journaled as it completes, so memory stays bounded and an
//     interrupted campaign resumes where it stopped; the folder is
//     assembled once every run is done and replaces the old one at once;
//   - [Merge] joins the folders of a sharded campaign and [Redraw]
//     redraws a folder's report, both checking the folders first.
//
// The same scenario and seed give byte-identical folders whatever the
// number of workers or shards, interrupted and resumed or not: a run's
// random numbers depend on its point and replication alone, and its rows
// on its own results alone.
package campaign

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
	"github.com/opsim/opsim/sim"
)

// Plan is a scenario expanded into runs: every sweep point × design ×
// replication, each with a stable identity. It configures the model; it
// knows nothing of files (the OMNeT++ "experiment" layer).
type Plan struct {
	// Scenario is the parsed scenario, overrides applied.
	Scenario *scenarios.Scenario
	// Reps is the number of replications per design and point.
	Reps int
	// Seed is the master seed every run's random numbers derive from.
	Seed uint64
	// Points are the sweep points (one when there is no sweep).
	Points []scenarios.Point
	// Schema is the shape of every run's results: sweep parameters,
	// metrics (as the model names them) and per-entity tables.
	Schema results.Schema

	configs [][]models.Config // [point][design]
	// simulate replaces Simulate in tests (slow, failing or counted runs).
	simulate func(ctx context.Context, r Run) (*results.RunData, error)
}

// Run identifies one replication of one design at one sweep point.
type Run struct {
	// ID is stable across reruns, shardings and replication counts, e.g.
	// "p002-collective-r0017".
	ID string
	// Point, Design and Rep index Plan.Points, Plan.Scenario.Designs and
	// the replications.
	Point, Design, Rep int
	// Streams are the run's random streams: a pure function of (seed,
	// point, replication). The design is left out so that designs are
	// compared on common random numbers.
	Streams sim.Streams
}

// NewPlan expands sc into runs of reps replications each, seeded by seed.
func NewPlan(sc *scenarios.Scenario, reps int, seed uint64) (*Plan, error) {
	if reps < 1 {
		return nil, fmt.Errorf("%d replications, want at least 1", reps)
	}
	p := &Plan{Scenario: sc, Reps: reps, Seed: seed, Points: sc.Points()}
	for _, pt := range p.Points {
		cfgs, err := sc.Configs(pt)
		if err != nil {
			return nil, err
		}
		p.configs = append(p.configs, cfgs)
		for _, c := range cfgs {
			names := models.MetricNames(&c)
			if p.Schema.Metrics == nil {
				p.Schema.Metrics = names
			} else if !slices.Equal(names, p.Schema.Metrics) {
				return nil, fmt.Errorf("point %d: the metrics differ between sweep points (a sweep may not change the severities)", pt.Index)
			}
		}
	}
	for _, q := range p.Points[0].Params {
		p.Schema.Params = append(p.Schema.Params, q.Name)
	}
	p.Schema.Tables = []results.Table{teamsTable, servicesTable}
	return p, nil
}

// WithReps returns the plan with n replications per design and point; it
// shares everything else with p. Runs keep their ids and random numbers,
// so the runs of the smaller plan are runs of the larger one.
func (p *Plan) WithReps(n int) *Plan {
	q := *p
	q.Reps = n
	return &q
}

// Runs lists every run in canonical order: point, then design, then
// replication.
func (p *Plan) Runs() []Run {
	out := make([]Run, 0, len(p.Points)*len(p.Scenario.Designs)*p.Reps)
	for pi, pt := range p.Points {
		for di, d := range p.Scenario.Designs {
			for r := 0; r < p.Reps; r++ {
				out = append(out, Run{
					ID:      RunID(pt.Index, d.Name, r),
					Point:   pi,
					Design:  di,
					Rep:     r,
					Streams: sim.NewStreams(p.Seed, fmt.Sprintf("point=%d/rep=%d", pt.Index, r)),
				})
			}
		}
	}
	return out
}

// RunID is the id of replication rep of design at sweep point point.
func RunID(point int, design string, rep int) string {
	return fmt.Sprintf("p%03d-%s-r%04d", point, design, rep)
}

// Shard selects the runs of shard i of n (round robin in canonical order),
// so that a Slurm array task or a Kubernetes indexed job runs only its
// part; every shard gets a similar mix of points and designs.
func Shard(runs []Run, i, n int) []Run {
	if n <= 1 {
		return runs
	}
	var out []Run
	for k, r := range runs {
		if k%n == i {
			out = append(out, r)
		}
	}
	return out
}

// Config is the model configuration of run r.
func (p *Plan) Config(r Run) models.Config { return p.configs[r.Point][r.Design] }

// Manifest describes the plan's experiment for a results folder: command
// is the command that runs it ("compare", "sweep", ...), overrides the
// --set flags (already applied to the scenario text), shard "" or "i/n".
func (p *Plan) Manifest(command string, overrides []string, shard string) results.Manifest {
	sc := p.Scenario
	m := results.Manifest{
		Scenario:     sc.Text,
		ScenarioFile: sc.File,
		ScenarioHash: results.HashScenario(sc.Text),
		Seed:         p.Seed,
		Command:      command,
		Overrides:    overrides,
		Baseline:     p.Baseline(),
		Replications: p.Reps,
		Shard:        shard,
		Build:        results.ReadBuildInfo(),
		Tables:       []string{teamsTable.Name, servicesTable.Name},
	}
	for _, d := range sc.Designs {
		m.Designs = append(m.Designs, d.Name)
	}
	for _, pt := range p.Points {
		m.Points = append(m.Points, results.Point{Index: pt.Index, Params: params(pt)})
	}
	for _, r := range p.Runs() {
		m.Runs = append(m.Runs, r.ID)
	}
	return m
}

// Baseline is the design the others are compared against.
func (p *Plan) Baseline() string {
	if p.Scenario.Baseline != "" || len(p.Scenario.Designs) == 0 {
		return p.Scenario.Baseline
	}
	return p.Scenario.Designs[0].Name
}

// Simulate runs r and returns its results as a results folder holds them.
func (p *Plan) Simulate(ctx context.Context, r Run) (*results.RunData, error) {
	d, _, err := p.simulateRun(ctx, r)
	return d, err
}

// LogEvents makes every run keep its event log, a row per incident and
// ticket (Outcome.Events), for opsim calibrate. It costs memory per run.
func (p *Plan) LogEvents() {
	for i := range p.configs {
		for j := range p.configs[i] {
			p.configs[i][j].EventLog = true
		}
	}
}

// simulateRun runs r and returns its results and its event log (nil
// unless LogEvents was called).
func (p *Plan) simulateRun(ctx context.Context, r Run) (*results.RunData, []results.Event, error) {
	res, err := models.Run(ctx, p.Config(r), r.Streams)
	if err != nil {
		return nil, nil, err
	}
	pt := p.Points[r.Point]
	d := &results.RunData{Record: results.Record{Run: results.Run{
		ID: r.ID, Point: pt.Index, Params: params(pt), Design: p.Scenario.Designs[r.Design].Name,
		Rep: r.Rep, Seed: r.Streams.Seed(),
	}}}
	for _, name := range p.Schema.Metrics {
		d.Record.Values = append(d.Record.Values, res.Value(name))
	}
	for _, sr := range res.Series {
		if len(sr.Values) > 0 {
			d.Series = append(d.Series, results.Series{RunID: r.ID, Name: sr.Name, Step: 1, Values: sr.Values})
		}
	}
	if len(res.Restore) > 0 {
		d.Samples = append(d.Samples, results.Sample{RunID: r.ID, Name: "restore_h", Values: res.Restore})
	}
	d.Rows = [][]results.TableRow{teamRows(r.ID, res.Teams), serviceRows(r.ID, res.Services)}
	var events []results.Event
	if p.Config(r).EventLog {
		events = eventRows(res.EventLog)
	}
	return d, events, nil
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

// describe names a run in errors and logs so it can be reproduced alone.
func describe(r Run) string {
	return fmt.Sprintf("run %s (seed %#x)", r.ID, r.Streams.Seed())
}

// plural says "1 run" or "3 runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// joinCut lists items, at most max of them, then how many more.
func joinCut(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:max], ", "), len(items)-max)
}
