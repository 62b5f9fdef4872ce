package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// BenchmarkDefaultScenario is `opsim run scenarios/default.toml`: 2 designs
// × 30 replications of one simulated year, summarised and written. One
// iteration is the whole command.
func BenchmarkDefaultScenario(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if code := run(context.Background(), []string{"run", filepath.Join("..", "..", "scenarios", "default.toml"), "-o", dir, "-q", "--force"}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// Issue 12's targets for a large sweep: the default scenario over 100 sweep
// points × 2 designs × 30 replications (6,000 one-year runs).
const (
	sweepPeakTargetMB   = 300
	sweepFolderTargetMB = 150
)

// sweepScenario is the default scenario swept over points values of
// services.coupling, with reps replications and, if horizon is not "",
// that horizon.
func sweepScenario(b *testing.B, points, reps int, horizon string) string {
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "default.toml"))
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Replace(string(src), "replications = 30", fmt.Sprintf("replications = %d", reps), 1)
	if horizon != "" {
		text = strings.Replace(text, `horizon = "52w"`, fmt.Sprintf("horizon = %q", horizon), 1)
	}
	var vals []string
	for i := range points {
		vals = append(vals, fmt.Sprintf("%.3f", 0.05+0.25*float64(i)/float64(points)))
	}
	text += "\n[sweep]\n\"services.coupling\" = [" + strings.Join(vals, ", ") + "]\n"
	path := filepath.Join(b.TempDir(), "sweep.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// sweepProcess runs opsim command as a separate process on scenario and
// returns its peak resident memory and its folder's size, in MB.
func sweepProcess(b *testing.B, command, scenario string, args ...string) (peakMB, folderMB float64) {
	peakMB, folderMB, _ = sweepInto(b, filepath.Join(b.TempDir(), "out"), command, scenario, args...)
	return peakMB, folderMB
}

// sweepInto is sweepProcess writing to out, which it returns too.
func sweepInto(b *testing.B, out, command, scenario string, args ...string) (peakMB, folderMB float64, dir string) {
	cmd := exec.Command(os.Args[0], append([]string{command, scenario, "-o", out, "-q"}, args...)...)
	cmd.Env = append(os.Environ(), "OPSIM_TEST_MAIN=1")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v\n%s", err, msg)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no resource usage for the process on this system")
	}
	var size int64
	filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		}
		return err
	})
	return float64(ru.Maxrss) / 1024, float64(size) / (1 << 20), out // Maxrss is in KiB on Linux
}

// BenchmarkLargeSweep runs the large sweep as opsim does, report and all,
// and reports the peak resident memory and the folder's size; it fails
// above issue 12's targets. (With --detail all, every run's series and
// samples are kept and the folder is several times larger.)
func BenchmarkLargeSweep(b *testing.B) {
	scenario := sweepScenario(b, 100, 30, "")
	var peak, folder float64
	for b.Loop() {
		peak, folder = sweepProcess(b, "sweep", scenario)
	}
	b.ReportMetric(peak, "peak-MB")
	b.ReportMetric(folder, "folder-MB")
	if peak > sweepPeakTargetMB || folder > sweepFolderTargetMB {
		b.Fatalf("peak %.0f MB (target %d), folder %.0f MB (target %d)", peak, sweepPeakTargetMB, folder, sweepFolderTargetMB)
	}
}

// BenchmarkMemoryGrowth runs `opsim run` on a sweep of N and of 4N runs
// (10 points, 20 and 80 replications, short horizons, every run's series
// and samples kept) and reports both peaks and the growth per added run.
// Results stream to disk: only each run's record (its metrics, 8 bytes
// each) stays in memory for the summary, where holding the runs' results
// took 180 KB a run before. The benchmark fails if the 1,200 added runs
// cost more than three times their records (the garbage collector lets the
// heap reach twice what is live) plus 4 MB. (A report pools the samples of
// the points it draws, which grow with their replications: report figures
// are not part of this bound.)
func BenchmarkMemoryGrowth(b *testing.B) {
	var peaks [2]float64
	var dir string
	for b.Loop() {
		for i, reps := range []int{20, 80} {
			peaks[i], _, dir = sweepInto(b, filepath.Join(b.TempDir(), "out"), "run", sweepScenario(b, 10, reps, "8w"), "--detail", "all")
		}
	}
	header, err := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		b.Fatal(err)
	}
	metrics := strings.Count(strings.SplitN(string(header), "\n", 2)[0], ",") - 5
	const added = 1200
	budgetMB := 3*float64(added*(8*metrics+512))/(1<<20) + 4
	b.ReportMetric(peaks[0], "peak-N-MB")
	b.ReportMetric(peaks[1], "peak-4N-MB")
	b.ReportMetric((peaks[1]-peaks[0])*1024/added, "KB/added-run")
	if peaks[1]-peaks[0] > budgetMB {
		b.Fatalf("peak memory grows with the runs: %.0f MB for 400 runs, %.0f MB for 1,600 (budget %.0f MB more: three times %d metrics' records)",
			peaks[0], peaks[1], budgetMB, metrics)
	}
}
