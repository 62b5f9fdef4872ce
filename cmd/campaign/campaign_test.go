package campaign

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// The folder is byte for byte the same whatever the workers, the shards,
// and however often the campaign is interrupted and resumed.
func TestDeterministic(t *testing.T) {
	p := tinyPlan(t, 3)
	want := reference(t, p)
	base := t.TempDir()

	one := filepath.Join(base, "one-worker")
	c := newCampaign(p, one)
	c.Workers = 1
	if _, err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, one, want, "one worker")

	// Interrupted after every few runs, resumed each time.
	resumed := filepath.Join(base, "resumed")
	for attempt := 0; ; attempt++ {
		ctx, cancel := context.WithCancelCause(context.Background())
		c := newCampaign(p, resumed)
		var n int
		c.Progress = func(done, total int) {
			if n++; n == 4 {
				cancel(errors.New("stop"))
			}
		}
		_, err := c.Run(ctx)
		cancel(nil)
		var in *Interrupted
		if err == nil {
			if attempt < 3 {
				t.Fatalf("done after %d interruptions; the test wants several", attempt)
			}
			break
		}
		if !errors.As(err, &in) || in.Total != 18 || in.Saved == 0 || !strings.Contains(err.Error(), fmt.Sprintf("interrupted: %d of 18 runs saved; rerun to resume", in.Saved)) {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
	}
	sameFiles(t, resumed, want, "interrupted and resumed")

	// Three shards, merged, give the unsharded folder.
	var shards []string
	for i := range 3 {
		d := filepath.Join(base, "shards", fmt.Sprintf("shard-%d", i))
		c := newCampaign(p, d)
		c.Shard, c.Shards = i, 3
		if _, err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(base, "merged")
	res, err := Merge(context.Background(), merged, []string{shards[2], shards[0], shards[1]}, MergeOptions{Report: true})
	if err != nil {
		t.Fatal(err)
	}
	// The merged folder says "sweep" like the others but was merged from
	// shards written by the same build: byte-identical.
	sameFiles(t, merged, want, "merged shards")
	if len(res.Summary) == 0 || len(res.Figures) == 0 {
		t.Errorf("merge: %d summary rows, figures %v", len(res.Summary), res.Figures)
	}
}

// An interruption at any phase keeps every finished run; the rerun
// completes the same folder, running nothing twice.
func TestInterruptAtEveryPhase(t *testing.T) {
	want := reference(t, tinyPlan(t, 3))
	for _, phase := range []string{"executed", "assembled", "reported"} {
		t.Run(phase, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			var sims atomic.Int64
			p := counted(tinyPlan(t, 3), &sims)
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			c := newCampaign(p, dir)
			c.phase = func(name string) {
				if name == phase {
					cancel(errors.New("SIGTERM"))
				}
			}
			_, err := c.Run(ctx)
			var in *Interrupted
			if !errors.As(err, &in) || in.Saved != 18 || in.Total != 18 || in.Cause.Error() != "SIGTERM" {
				t.Fatalf("interrupted at %s: %v", phase, err)
			}
			// Nothing of the unfinished folder shows, and nothing temporary
			// is left beside the campaign's state.
			for name := range files(t, dir) {
				if !strings.HasPrefix(name, stateDir+string(filepath.Separator)) {
					t.Errorf("interrupted at %s: %s written", phase, name)
				}
			}
			res, err := newCampaign(p, dir).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if sims.Load() != 18 || res.Tally.Skipped != 18 || res.Tally.Done != 0 {
				t.Errorf("resumed after %s: %d runs simulated in all, tally %v", phase, sims.Load(), res.Tally)
			}
			sameFiles(t, dir, want, "resumed after "+phase)
		})
	}
}

// failingFS is the operating system's file system on a disk that fills
// up after limit bytes written to files whose path contains only.
type failingFS struct {
	limit, written atomic.Int64
	only           string
}

func (f *failingFS) OpenFile(name string, flag int, perm fs.FileMode) (results.File, error) {
	file, err := os.OpenFile(name, flag, perm)
	if err != nil || !strings.Contains(name, f.only) {
		return file, err
	}
	return &failingFile{File: file, fs: f}, nil
}

type failingFile struct {
	*os.File
	fs *failingFS
}

func (f *failingFile) Write(p []byte) (int, error) {
	if f.fs.written.Add(int64(len(p))) > f.fs.limit.Load() {
		return 0, &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Write(p)
}

// A disk that fills up during the runs, or while the folder is assembled,
// loses no finished run and leaves the old results in place; the rerun
// completes the same folder.
func TestDiskFull(t *testing.T) {
	p := tinyPlan(t, 3)
	want := reference(t, p)
	for _, tc := range []struct {
		only  string
		limit int64
	}{{"journal", 60_000}, {".staging-", 50_000}} {
		t.Run(tc.only, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			old := tinyPlan(t, 3)
			old.Seed = 99
			c := newCampaign(old, dir)
			if _, err := c.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			before := files(t, dir)
			full := &failingFS{only: tc.only}
			full.limit.Store(tc.limit)
			c = newCampaign(p, dir)
			c.Force, c.fsys = true, full
			_, err := c.Run(context.Background())
			if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "rerun to resume") {
				t.Fatalf("error %v, want a full disk and how to resume", err)
			}
			after := files(t, dir)
			for name, content := range before {
				if after[name] != content {
					t.Errorf("%s changed although the new folder was never complete", name)
				}
			}
			c = newCampaign(p, dir)
			c.Force = true
			if _, err := c.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			sameFiles(t, dir, want, "after a full disk")
		})
	}
}

// A folder refuses a campaign of another plan, saying what differs, before
// anything runs; --force starts afresh.
func TestRefusesAnotherPlan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancelCause(context.Background())
	c := newCampaign(tinyPlan(t, 4), dir)
	c.Progress = func(done, total int) {
		if done == 3 {
			cancel(errors.New("stop"))
		}
	}
	if _, err := c.Run(ctx); err == nil {
		t.Fatal("not interrupted")
	}
	var sims atomic.Int64
	fewer := counted(tinyPlan(t, 2), &sims)
	_, err := newCampaign(fewer, dir).Run(context.Background())
	checkErr(t, err, "holds an interrupted campaign of another experiment", "replications 4 there, 2 here")
	if !errors.Is(err, ErrRefused) || sims.Load() != 0 {
		t.Errorf("refused after %d runs; error %v", sims.Load(), err)
	}
	other := counted(tinyPlan(t, 4), &sims)
	other.Seed = 8
	_, err = newCampaign(other, dir).Run(context.Background())
	checkErr(t, err, "seed 7 there, 8 here")
	c = newCampaign(other, dir)
	c.Force = true
	res, err := c.Run(context.Background())
	if err != nil || res.Tally.Done != 24 || res.Tally.Skipped != 0 {
		t.Fatalf("forced: %v, tally %v", err, res.Tally)
	}
	// Results replaced by fewer replications are refused too.
	_, err = newCampaign(counted(tinyPlan(t, 2), &sims), dir).Run(context.Background())
	checkErr(t, err, "holds the results of another experiment", "seed 8 there, 7 here")
}

// A folder that cannot be written is found out before anything runs.
func TestUnwritableFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var sims atomic.Int64
	_, err := newCampaign(counted(tinyPlan(t, 2), &sims), filepath.Join(file, "out")).Run(context.Background())
	checkErr(t, err, filepath.Join(file, "out"), "not a directory")
	if sims.Load() != 0 {
		t.Errorf("%d runs before the folder was found unwritable", sims.Load())
	}
}

// Failed runs do not stop the others; they are recorded, listed and, on
// request, run again.
func TestFailedRunsAndRetry(t *testing.T) {
	p := tinyPlan(t, 3)
	want := reference(t, p)
	dir := filepath.Join(t.TempDir(), "out")
	var sims atomic.Int64
	flaky := tinyPlan(t, 3)
	broken := true
	flaky.simulate = func(ctx context.Context, r Run) (*results.RunData, error) {
		sims.Add(1)
		switch {
		case broken && r.ID == "p001-collective-r0002":
			return nil, errors.New("sim: run limit reached")
		case broken && r.ID == "p002-centralized-r0000":
			panic("out of luck")
		}
		return flaky.Simulate(ctx, r)
	}
	_, err := newCampaign(flaky, dir).Run(context.Background())
	var failed *FailedRuns
	if !errors.As(err, &failed) || failed.Tally.Failed != 2 || failed.Tally.Done != 16 || sims.Load() != 18 {
		t.Fatalf("error %v after %d runs", err, sims.Load())
	}
	checkErr(t, err, "2 of 18 runs failed", "run p001-collective-r0002 (seed 0x", "sim: run limit reached", "panicked: out of luck", "--retry-failed")
	// Without --retry-failed the failures stand and nothing runs again.
	_, err = newCampaign(flaky, dir).Run(context.Background())
	if !errors.As(err, &failed) || failed.Tally.Failed != 2 || failed.Tally.Skipped != 16 || sims.Load() != 18 {
		t.Fatalf("rerun: %v after %d runs", err, sims.Load())
	}
	broken = false
	c := newCampaign(flaky, dir)
	c.RetryFailed = true
	res, err := c.Run(context.Background())
	if err != nil || res.Tally.Done != 2 || res.Tally.Skipped != 16 || sims.Load() != 20 {
		t.Fatalf("retry: %v, tally %v, %d runs", err, res.Tally, sims.Load())
	}
	sameFiles(t, dir, want, "after retrying the failed runs")
}

// --precision doubles the replications reusing the runs done, and a
// later, larger campaign reuses the folder's runs.
func TestPrecisionReusesRuns(t *testing.T) {
	var sims atomic.Int64
	dir := filepath.Join(t.TempDir(), "out")
	c := newCampaign(counted(tinyPlan(t, 2), &sims), dir)
	c.Precision, c.MaxReps = 1e-9, 8
	var log strings.Builder
	c.Log = &log
	res, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sims.Load() != 48 || res.Tally.Done != 48 || res.Set.Manifest.Replications != 8 {
		t.Errorf("precision ran %d runs for 48 (tally %v), replications %d", sims.Load(), res.Tally, res.Set.Manifest.Replications)
	}
	checkErr(t, errors.New(log.String()), "at 2 replications; running 4", "at 4 replications; running 8", "cap (8) was hit")
	sameFiles(t, dir, reference(t, tinyPlan(t, 8)), "precision")

	sims.Store(0)
	res, err = newCampaign(counted(tinyPlan(t, 10), &sims), dir).Run(context.Background())
	if err != nil || sims.Load() != 12 || res.Tally.Skipped != 48 {
		t.Fatalf("extension: %v, %d runs, tally %v", err, sims.Load(), res.Tally)
	}
	sameFiles(t, dir, reference(t, tinyPlan(t, 10)), "extended to 10 replications")
}

// Merge refuses shards that are missing, repeated, unfinished or damaged,
// naming the folder or file.
func TestMergeRefuses(t *testing.T) {
	p := tinyPlan(t, 2)
	base := t.TempDir()
	var shards []string
	for i := range 3 {
		d := filepath.Join(base, fmt.Sprintf("shard-%d", i))
		c := newCampaign(p, d)
		c.Shard, c.Shards = i, 3
		if _, err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	unfinished := filepath.Join(base, "unfinished")
	ctx, cancel := context.WithCancelCause(context.Background())
	c := newCampaign(p, unfinished)
	c.Shard, c.Shards = 0, 3
	c.Progress = func(done, _ int) {
		if done == 1 {
			cancel(errors.New("stop"))
		}
	}
	c.Run(ctx)
	out := filepath.Join(base, "merged")
	for _, tc := range []struct {
		name   string
		shards []string
		edit   func()
		want   string
	}{
		{"missing shard", shards[:2], nil, `run "p000-collective-r0000" is in no shard`},
		{"repeated shard", append([]string{shards[0]}, shards...), nil, "is in more than one shard"},
		{"unfinished shard", append([]string{unfinished}, shards[1:]...), nil, unfinished + " is a shard that has not finished"},
		{"damaged shard", shards, func() {
			path := filepath.Join(shards[1], "teams.csv")
			b, _ := os.ReadFile(path)
			os.WriteFile(path, append(b, "x"...), 0o644)
		}, filepath.Join(shards[1], "teams.csv") + ": the file differs from what opsim wrote"},
	} {
		if tc.edit != nil {
			tc.edit()
		}
		_, err := Merge(context.Background(), out, tc.shards, MergeOptions{Report: true})
		checkErr(t, err, tc.want)
		if _, serr := os.Stat(filepath.Join(out, results.ManifestFile)); serr == nil {
			t.Errorf("%s: a merged folder was written", tc.name)
		}
	}
}

// A folder whose summary disagrees with its runs is refused by load (and
// so by plot and merge), naming summary.csv.
func TestLoadCrossChecksSummary(t *testing.T) {
	dir := reference(t, tinyPlan(t, 2))
	set, err := results.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := load(dir); err != nil {
		t.Fatal(err)
	}
	set.Summary[5].Mean = 1e6 // rewritten with fresh checksums, as a tool would
	if err := results.Write(dir, set); err != nil {
		t.Fatal(err)
	}
	_, _, err = load(dir)
	checkErr(t, err, filepath.Join(dir, results.SummaryFile)+": line 7", "mean 1e+06", "the folder was edited")
	_, err = Redraw(context.Background(), dir, "")
	checkErr(t, err, "the folder was edited")
}

// Execute holds at most one finished run per worker, plus the one being
// handed over, however many runs there are: memory does not grow with
// the campaign.
func TestExecuteBoundsRunsInFlight(t *testing.T) {
	p := tinyPlan(t, 3)
	var produced, consumed atomic.Int64
	p.simulate = func(ctx context.Context, r Run) (*results.RunData, error) {
		d, err := p.Simulate(ctx, r)
		produced.Add(1)
		return d, err
	}
	const workers = 3
	most := int64(0)
	err := p.Execute(context.Background(), p.Runs(), Options{Workers: workers}, func(o Outcome) error {
		time.Sleep(2 * time.Millisecond) // a slow consumer: workers pile up
		most = max(most, produced.Load()-consumed.Load())
		consumed.Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if consumed.Load() != 18 || most > workers+1 || most < 2 {
		t.Fatalf("%d outcomes; at most %d finished runs held at once, want 2 to %d", consumed.Load(), most, workers+1)
	}
}

// Cancelling the context stops Execute with its cause, and no outcome is
// handed over after.
func TestExecuteCancel(t *testing.T) {
	p := tinyPlan(t, 3)
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("slider moved")
	n := 0
	err := p.Execute(ctx, p.Runs(), Options{Workers: 2}, func(o Outcome) error {
		if n++; n == 3 {
			cancel(stop)
		}
		if n > 3 {
			t.Error("an outcome after the cancellation")
		}
		return nil
	})
	if err != stop {
		t.Fatalf("error %v, want the cancellation's cause", err)
	}
	bad := errors.New("consumer failed")
	if err := p.Execute(context.Background(), p.Runs(), Options{}, func(Outcome) error { return bad }); err != bad {
		t.Fatalf("error %v, want the consumer's", err)
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		flag string
		env  map[string]string
		i, n int
		want string // an error, or ""
	}{
		{"", nil, 0, 1, ""},
		{"3/8", nil, 3, 8, ""},
		{"8/8", nil, 0, 0, "want i/n"},
		{"x", nil, 0, 0, "want i/n"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "7"}, 5, 8, ""},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "8"}, 4, 8, ""},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "4"}, 0, 0, "has gaps"},
		// A task resubmitted on its own keeps its shard with auto/n.
		{"auto/8", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "3"}, 3, 8, ""},
		{"auto/8", map[string]string{"SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "8"}, 0, 0, "number the array from 0"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, 0, 0, "write auto/n"},
		{"auto/8", map[string]string{"JOB_COMPLETION_INDEX": "7"}, 7, 8, ""},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "7"}, 0, 0, "write auto/n, e.g. auto/8"},
		{"auto/8", map[string]string{"JOB_COMPLETION_INDEX": "8"}, 0, 0, "shard 8 is not in 0..7"},
		{"auto", nil, 0, 0, "neither SLURM_ARRAY_TASK_ID"},
	} {
		i, n, err := ParseShard(tc.flag, func(k string) string { return tc.env[k] })
		if tc.want != "" {
			checkErr(t, err, tc.want)
			continue
		}
		if err != nil || i != tc.i || n != tc.n {
			t.Errorf("ParseShard(%q, %v) = %d, %d, %v; want %d, %d", tc.flag, tc.env, i, n, err, tc.i, tc.n)
		}
	}
}

// By default only the runs at the points the report draws keep their
// series and samples; AllDetail keeps every run's, and the two are
// different experiments.
func TestDetail(t *testing.T) {
	vals := make([]string, 10)
	for i := range vals {
		vals[i] = fmt.Sprintf("%.2f", 0.05*float64(i+1))
	}
	text := strings.Replace(tiny, "[0.1, 0.3, 0.5]", "["+strings.Join(vals, ", ")+"]", 1)
	sc, err := scenarios.Parse("tiny.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(sc, 2, sc.Seed)
	if err != nil {
		t.Fatal(err)
	}
	pointsWith := func(dir string) []int {
		var got []int
		_, err := results.Scan(dir, results.ScanOptions{}, func(d *results.RunData) error {
			if (len(d.Series) > 0 || len(d.Samples) > 0) && !slices.Contains(got, d.Record.Point) {
				got = append(got, d.Record.Point)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	dir := reference(t, p)
	m := p.Manifest("sweep", nil, "")
	want := analysis.FigurePoints(&m, optionsOf(sc))
	slices.Sort(want)
	if got := pointsWith(dir); !slices.Equal(got, want) || len(got) >= 10 || !slices.Contains(got, 9) {
		t.Errorf("series and samples kept for points %v, want the figures' points %v (the focus, 9, among them)", got, want)
	}
	c := newCampaign(p, dir)
	c.AllDetail = true
	_, err = c.Run(context.Background())
	checkErr(t, err, "detail report there, all here")
	c.Force = true
	if _, err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := pointsWith(dir); len(got) != 10 {
		t.Errorf("series and samples kept for points %v, want all ten", got)
	}
}
