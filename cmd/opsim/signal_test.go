package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run this test binary as opsim itself, so that real
// signals reach a real process.
func TestMain(m *testing.M) {
	if os.Getenv("OPSIM_TEST_MAIN") == "1" {
		if path := os.Getenv("OPSIM_TEST_LIVE_HEAP"); path != "" {
			recordLiveHeap(path)
		}
		main()
	}
	os.Exit(m.Run())
}

// opsimProcess starts opsim with args as a separate process.
func opsimProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "OPSIM_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// A real opsim process sent SIGTERM (a Slurm time limit, a Kubernetes
// eviction) or SIGINT (Ctrl-C) mid-run stops with 143 or 130, saying how
// many runs it saved; rerunning the command resumes and gives the folder
// an uninterrupted run gives.
func TestSignalsStopAndResume(t *testing.T) {
	s := writeScenario(t, strings.Replace(tiny, "replications = 4", "replications = 150", 1))
	base := t.TempDir()
	want := filepath.Join(base, "want")
	if code, _, errs := opsim(t, "run", s, "-o", want, "-q"); code != 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir := filepath.Join(base, tc.sig.String())
			cmd, stderr := opsimProcess(t, "run", s, "-o", dir, "--workers", "1")
			journal := filepath.Join(dir, ".campaign", "journal")
			for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
				if st, err := os.Stat(journal); err == nil && st.Size() > 0 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("no run saved after a minute: %s", stderr)
				}
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tc.code {
				t.Fatalf("exit %v, want %d; stderr:\n%s", err, tc.code, stderr)
			}
			m := regexp.MustCompile(`opsim run: interrupted: (\d+) of 300 runs saved; rerun to resume\n$`).FindStringSubmatch(stderr.String())
			if m == nil || m[1] == "0" || m[1] == "300" {
				t.Fatalf("stderr:\n%s", stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "runs.csv")); err == nil {
				t.Fatal("an interrupted campaign wrote results")
			}
			code, out, errs := opsim(t, "run", s, "-o", dir, "-q")
			if code != 0 || !strings.Contains(out, "runs: "+itoa(300-atoi(m[1]))+" done, 0 failed, "+m[1]+" skipped") {
				t.Fatalf("resume: exit %d\n%s%s", code, out, errs)
			}
			for _, f := range []string{"manifest.json", "runs.csv", "summary.csv", "timeseries.csv.gz", "samples.csv.gz", "teams.csv", "services.csv"} {
				if !bytes.Equal(read(t, filepath.Join(dir, f)), read(t, filepath.Join(want, f))) {
					t.Errorf("%s differs from an uninterrupted run's", f)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
