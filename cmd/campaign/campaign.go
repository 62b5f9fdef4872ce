package campaign

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// Campaign runs a plan into a results folder so that it survives: every
// finished run is journaled as it completes (memory holds the runs in
// progress, not the campaign), an interruption keeps every finished run,
// and running the same campaign again runs only what is missing and gives
// the folder an uninterrupted run would have, byte for byte. The folder is
// assembled once every run is done and replaces the old one at once.
type Campaign struct {
	// Plan is what to run; with Precision it is the starting point.
	Plan *Plan
	// Command names the command in the manifest: "run", "compare", ...
	Command string
	// Overrides are the --set flags, already applied to the scenario.
	Overrides []string
	// Shard and Shards select shard Shard of Shards (0 and 0 or 1: all).
	Shard, Shards int
	// Dir is the results folder.
	Dir string
	// Force replaces a folder holding another experiment, and discards an
	// interrupted campaign of another plan.
	Force bool
	// RetryFailed runs again the runs an earlier attempt recorded as
	// failed; otherwise they stay failed and the campaign incomplete.
	RetryFailed bool
	// Precision, if positive, doubles the replications (reusing the runs
	// done) until every key metric's 95% CI half-width is at most this
	// fraction of its mean, or MaxReps is reached.
	Precision float64
	MaxReps   int
	// Report writes report.html, report.md and the figures with the data.
	Report bool
	// AllDetail keeps every run's series and samples; otherwise only the
	// runs at the sweep points the report draws keep them (all of them
	// when there is no sweep), which keeps a large sweep's folder small.
	AllDetail bool
	// EventLogs writes each run's event log (a row per incident and
	// ticket, for opsim calibrate) to events/<run id>.csv as it finishes;
	// a run done before without its log runs again.
	EventLogs bool
	// SensitivityDirs are folders besides Dir/sensitivity where the report
	// looks for a sensitivity analysis of the same scenario text (opsim
	// sensitivity's default, out/NAME/sensitivity, for a campaign whose
	// folder is elsewhere).
	SensitivityDirs []string
	// Workers bounds the runs in progress; 0 means GOMAXPROCS.
	Workers int
	// Progress, if set, is called as runs finish, with the runs of the
	// plan done and their number.
	Progress func(done, total int)
	// Log receives what a user should know along the way (runs reused,
	// replications added); nil discards it.
	Log io.Writer

	fsys results.FS // the journal's and the writer's; tests make it fail
	// phase, if set, is called as the campaign passes "executed" (every
	// run done), "assembled" (the folder's data written) and "reported";
	// tests interrupt it there.
	phase func(name string)
}

// Result is what a finished campaign leaves behind.
type Result struct {
	// Dir is the results folder.
	Dir string
	// Set holds the folder's manifest, its runs, and the samples and
	// series the figures draw; Summary is nil for a shard. A campaign's
	// records hold each run's identity without its values (they are in
	// runs.csv, and summarised in Summary), so that its memory does not
	// grow with its runs; Regimes are what analysis.Regimes would read of
	// the values.
	Set     *results.Set
	Summary []results.SummaryRow
	Regimes []analysis.Regime
	Tally   Tally
	// Figures are the figure files written with the report.
	Figures []string
	// Notes are what a user should know about the report, e.g. that it
	// fell back to its defaults.
	Notes []string
}

// Tally counts the runs of a campaign: Done ran now, Skipped were done
// before (a resumed or extended campaign), Failed failed, now or before.
type Tally struct {
	Done, Skipped, Failed int
	// FailedRuns are the failed runs' errors, in plan order.
	FailedRuns []string
}

// String is the tally as the command-line tool prints it.
func (t Tally) String() string {
	return fmt.Sprintf("%d done, %d failed, %d skipped (done before)", t.Done, t.Failed, t.Skipped)
}

// Interrupted is the error of a campaign stopped by its context: every
// finished run is saved, and running it again resumes it.
type Interrupted struct {
	Saved, Total int
	// Cause is context.Cause of the campaign's context.
	Cause error
}

// Error says how much was saved and how to resume.
func (e *Interrupted) Error() string {
	return fmt.Sprintf("interrupted: %d of %d runs saved; rerun to resume", e.Saved, e.Total)
}

// Unwrap returns the cause, so errors.Is finds the context's error.
func (e *Interrupted) Unwrap() error { return e.Cause }

// FailedRuns is the error of a campaign some of whose runs failed: the
// others are saved, and no summary is made over fewer replications.
type FailedRuns struct {
	Dir   string
	Tally Tally
}

// Error lists the first failures and says how to retry them.
func (e *FailedRuns) Error() string {
	return fmt.Sprintf("%d of %d runs failed: %s; the others are saved in %s; fix the cause and rerun, with --retry-failed to run the failed ones again",
		e.Tally.Failed, e.Tally.Done+e.Tally.Skipped+e.Tally.Failed, joinCut(e.Tally.FailedRuns, 3), e.Dir)
}

// Identity is the identity of the campaign's experiment.
func (c *Campaign) Identity() Identity {
	m := c.manifest(c.Plan)
	return IdentityOf(&m)
}

// manifest describes plan as this campaign runs it.
func (c *Campaign) manifest(plan *Plan) results.Manifest {
	m := plan.Manifest(c.Command, c.Overrides, c.shardName())
	if !c.AllDetail {
		m.Detail = results.DetailReport
	}
	return m
}

// keep says which runs keep their series and samples.
func (c *Campaign) keep(plan *Plan) func(Run) bool {
	if c.AllDetail {
		return nil
	}
	m := plan.Manifest(c.Command, c.Overrides, "")
	drawn := map[int]bool{}
	for _, i := range analysis.FigurePoints(&m, optionsOf(plan.Scenario)) {
		drawn[i] = true
	}
	return func(r Run) bool { return drawn[plan.Points[r.Point].Index] }
}

func (c *Campaign) shardName() string {
	if c.Shards > 1 {
		return fmt.Sprintf("%d/%d", c.Shard, c.Shards)
	}
	return ""
}

func (c *Campaign) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format, args...)
	}
}

// Run runs the campaign: plan minus done, then the folder. It checks the
// folder can be written before anything runs. An interruption returns an
// *Interrupted error, failed runs a *FailedRuns error, a folder that holds
// another experiment an error wrapping ErrRefused.
func (c *Campaign) Run(ctx context.Context) (*Result, error) {
	if c.fsys == nil {
		c.fsys = results.OS
	}
	f, err := c.open()
	if err != nil {
		return nil, err
	}
	defer f.close()
	res := &Result{Dir: c.Dir}
	if c.EventLogs {
		c.Plan.LogEvents()
	}
	plan := c.Plan
	if h := f.held; h != nil && h.Replications > plan.Reps && c.Precision > 0 {
		plan = plan.WithReps(min(h.Replications, max(c.MaxReps, plan.Reps)))
	}
	counted := map[string]bool{}
	for {
		runs := Shard(plan.Runs(), c.Shard, c.Shards)
		if err := f.setReps(plan.Reps); err != nil {
			return nil, err
		}
		if err := c.execute(ctx, f, plan, runs, counted, &res.Tally); err != nil {
			return nil, err
		}
		if c.Precision <= 0 {
			break
		}
		rows, err := f.summary(plan, runs)
		if err != nil {
			return nil, err
		}
		wide := analysis.Precision(rows, KeyMetrics(plan.Schema.Metrics), c.Precision)
		if len(wide) == 0 {
			break
		}
		if plan.Reps >= c.MaxReps {
			c.logf("warning: the replication cap (%d) was hit with %d metric CIs still wider than %.0f%% of their mean, e.g. %s/%s\n",
				c.MaxReps, len(wide), 100*c.Precision, wide[0].Design, wide[0].Metric)
			break
		}
		next := min(c.MaxReps, plan.Reps*2)
		c.logf("%d metric CIs wider than %.0f%% of their mean at %d replications; running %d\n", len(wide), 100*c.Precision, plan.Reps, next)
		plan = plan.WithReps(next)
	}
	c.passed("executed")
	if err := c.finish(ctx, f, plan, res); err != nil {
		return nil, err
	}
	return res, nil
}

func (c *Campaign) passed(phase string) {
	if c.phase != nil {
		c.phase(phase)
	}
}

// execute runs the runs not yet done, journaling each as it finishes.
func (c *Campaign) execute(ctx context.Context, f *folder, plan *Plan, runs []Run, counted map[string]bool, t *Tally) error {
	var todo []Run
	saved := 0
	for _, r := range runs {
		done := f.journal.Done(r.ID) && (!c.EventLogs || hasEvents(c.Dir, r.ID))
		msg, failed := f.journal.Failed(r.ID)
		switch {
		case done:
			saved++
			if !counted[r.ID] {
				t.Skipped++
			}
		case failed && !c.RetryFailed:
			t.Failed++
			t.FailedRuns = append(t.FailedRuns, msg)
		default:
			todo = append(todo, r)
		}
		counted[r.ID] = true
	}
	if len(todo) > 0 && saved > 0 {
		c.logf("resuming: %d of %d runs are done, running the other %d\n", saved, len(runs), len(todo))
	}
	if c.Progress != nil {
		c.Progress(saved, len(runs))
	}
	err := plan.Execute(ctx, todo, Options{Workers: c.Workers, Render: true, Keep: c.keep(plan)}, func(o Outcome) error {
		if o.Err != nil {
			t.Failed++
			t.FailedRuns = append(t.FailedRuns, o.Err.Error())
			return f.journal.AddFailure(o.Run.ID, o.Err.Error())
		}
		if c.EventLogs {
			if err := writeEvents(c.Dir, o.Run.ID, o.Events); err != nil {
				return err
			}
		}
		if err := f.journal.Add(o.Rendered); err != nil {
			return err
		}
		t.Done++
		saved++
		if c.Progress != nil {
			c.Progress(saved, len(runs))
		}
		return nil
	})
	if serr := f.journal.Sync(); err == nil {
		err = serr
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return &Interrupted{Saved: saved, Total: len(runs), Cause: context.Cause(ctx)}
	case err != nil:
		return fmt.Errorf("%w; %d of %d runs are saved in %s: rerun to resume", err, saved, len(runs), c.Dir)
	case t.Failed > 0:
		return &FailedRuns{Dir: c.Dir, Tally: *t}
	}
	return nil
}

// folder is a results folder with a campaign in progress.
type folder struct {
	dir     string
	id      Identity
	held    *Identity // the complete results it held when opened
	journal *results.Journal
	lock    *os.File
}

// open checks and locks the folder, completes or clears what an earlier
// interruption left, and opens the journal, importing the runs of results
// the folder already holds for an extension. Writing the campaign's state
// is the check that the folder is writable, before anything runs.
func (c *Campaign) open() (*folder, error) {
	want := c.Identity()
	h, err := inspect(c.Dir)
	if err != nil && !c.Force {
		return nil, err
	}
	if err == nil {
		err = h.check(c.Dir, want, c.Precision > 0)
	}
	if err != nil && !c.Force {
		return nil, fmt.Errorf("%w; choose another -o or pass --force to replace them", err)
	}
	state := filepath.Join(c.Dir, stateDir)
	if err != nil { // forced: another experiment's work, event logs included, goes
		for _, d := range []string{state, filepath.Join(c.Dir, results.EventsDir)} {
			if err := os.RemoveAll(d); err != nil {
				return nil, err
			}
		}
		h = holding{}
	}
	if err := os.MkdirAll(state, 0o755); err != nil {
		return nil, fmt.Errorf("cannot write the results folder: %w", err)
	}
	f := &folder{dir: c.Dir, id: want}
	if f.lock, err = lockFile(filepath.Join(state, "lock")); err != nil {
		return nil, err
	}
	if _, err := results.Recover(c.Dir); err != nil {
		f.close()
		return nil, err
	}
	if err := f.writeState(); err != nil {
		f.close()
		return nil, fmt.Errorf("cannot write the results folder: %w", err)
	}
	if f.journal, err = results.OpenJournal(c.fsys, filepath.Join(state, "journal"), &c.Plan.Schema); err != nil {
		f.close()
		return nil, err
	}
	if n := f.journal.Dropped(); n > 0 {
		c.logf("the journal ended in a run cut short (%d bytes); that run will run again\n", n)
	}
	if h.complete != nil {
		f.held = h.complete
		if err := c.importRuns(f); err != nil {
			f.close()
			return nil, err
		}
	}
	return f, nil
}

// importRuns journals the runs of the results the folder holds, so that an
// extension reuses them and the folder can be replaced as a whole.
func (c *Campaign) importRuns(f *folder) error {
	n := 0
	_, err := results.Scan(c.Dir, results.ScanOptions{}, func(d *results.RunData) error {
		if f.journal.Done(d.Record.ID) {
			return nil
		}
		r, err := results.Render(&c.Plan.Schema, d)
		if err != nil {
			return err
		}
		n++
		return f.journal.Add(r)
	})
	if err != nil {
		return fmt.Errorf("reusing the runs in %s: %w", c.Dir, err)
	}
	if n > 0 {
		c.logf("reusing %s already in %s\n", plural(n, "run"), c.Dir)
	}
	return f.journal.Sync()
}

func (f *folder) writeState() error {
	b, err := json.MarshalIndent(f.id, "", "  ")
	if err != nil {
		return err
	}
	return results.WriteFileAtomic(filepath.Join(f.dir, stateDir, stateFile), append(b, '\n'))
}

// setReps records the replications the campaign now aims at.
func (f *folder) setReps(n int) error {
	if f.id.Replications == n {
		return nil
	}
	f.id.Replications = n
	return f.writeState()
}

// summary summarises the runs done among runs (in plan order), read back
// from the journal a point at a time.
func (f *folder) summary(plan *Plan, runs []Run) ([]results.SummaryRow, error) {
	m := plan.Manifest("", nil, "")
	s, err := newRunSummary(&m, &plan.Schema, true)
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		if f.journal.Done(r.ID) {
			rd, err := f.journal.Get(r.ID)
			if err != nil {
				return nil, err
			}
			if err := s.add(rd.Record, nil); err != nil {
				return nil, err
			}
		}
	}
	return s.rows()
}

func (f *folder) close() {
	if f.journal != nil {
		f.journal.Close()
	}
	if f.lock != nil {
		f.lock.Close()
	}
}

// done removes the campaign's state once the folder holds its results.
func (f *folder) done() error {
	f.close()
	f.journal, f.lock = nil, nil
	return os.RemoveAll(filepath.Join(f.dir, stateDir))
}

// KeyMetrics are the analysis' key metrics that metrics has, in the
// analysis' order: what precision targets and summaries lead with.
func KeyMetrics(metrics []string) []string {
	var out []string
	for _, m := range analysis.KeyMetrics {
		for _, have := range metrics {
			if have == m {
				out = append(out, m)
				break
			}
		}
	}
	return out
}
