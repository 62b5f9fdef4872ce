package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readme returns the README's text.
func readme(t *testing.T) string {
	t.Helper()
	return string(read(t, filepath.Join("..", "..", "README.md")))
}

// inRepoCopy makes a folder that looks like the repository to commands
// that name scenarios/..., and moves into it.
func inRepoCopy(t *testing.T) {
	t.Helper()
	scen, err := filepath.Abs(filepath.Join("..", "..", "scenarios"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.Symlink(scen, "scenarios"); err != nil {
		t.Fatal(err)
	}
}

// args splits a README command line into its arguments, expanding globs
// as a shell would; quotes are not needed in the README's commands.
func args(t *testing.T, line string) []string {
	t.Helper()
	var out []string
	for _, f := range strings.Fields(line) {
		if strings.ContainsAny(f, "*?") {
			m, err := filepath.Glob(f)
			if err != nil || len(m) == 0 {
				t.Fatalf("%q matches nothing", f)
			}
			out = append(out, m...)
			continue
		}
		out = append(out, f)
	}
	return out
}

// Every opsim command the README shows before its cluster section works
// as written (the cluster recipes run on a real Slurm in
// .ci/slurm-test.sh, and the Kubernetes one below).
func TestReadmeCommands(t *testing.T) {
	text := readme(t)
	text = text[:strings.Index(text, "## Running on a cluster")]
	inRepoCopy(t)
	n := 0
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(text, -1) {
		for _, line := range strings.Split(block[1], "\n") {
			line, _, _ = strings.Cut(line, "#")
			if !strings.HasPrefix(line, "opsim ") {
				continue
			}
			n++
			a := args(t, line)[1:]
			if a[0] == "run" || a[0] == "compare" || a[0] == "sweep" {
				a = append(a, "-q")
			}
			if code, out, errs := opsim(t, a...); code != 0 {
				t.Fatalf("%s: exit %d\n%s%s", line, code, out, errs)
			}
		}
	}
	if n < 8 {
		t.Fatalf("%d opsim commands found in the README; the test expects the usage examples", n)
	}
}

// The README's Kubernetes Job: its command, run for every completion index
// with JOB_COMPLETION_INDEX set as the Job controller sets it, and the
// merge after, give the unsharded sweep. /scenarios and /results are the
// image's and the volume's paths.
func TestReadmeKubernetesJob(t *testing.T) {
	text := readme(t)
	i := strings.Index(text, "```yaml\n")
	if i < 0 {
		t.Fatal("no Kubernetes manifest in the README")
	}
	yaml := text[i : i+strings.Index(text[i+3:], "```")]
	m := regexp.MustCompile(`(?m)^\s*completions: (\d+)`).FindStringSubmatch(yaml)
	c := regexp.MustCompile(`(?m)^\s*command: (\[.*\])$`).FindStringSubmatch(yaml)
	if m == nil || c == nil || !strings.Contains(yaml, "completionMode: Indexed") {
		t.Fatalf("manifest without completions, command or indexed mode:\n%s", yaml)
	}
	completions, _ := strconv.Atoi(m[1])
	var command []string
	if err := json.Unmarshal([]byte(c[1]), &command); err != nil || command[0] != "opsim" {
		t.Fatalf("command %s: %v", c[1], err)
	}
	inRepoCopy(t)
	path := func(a string) string {
		a = strings.Replace(a, "/scenarios/", "scenarios/", 1)
		return strings.Replace(a, "/results", "results", 1)
	}
	for i := range completions {
		t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i))
		var a []string
		for _, arg := range command[1:] {
			a = append(a, path(strings.ReplaceAll(arg, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i))))
		}
		if code, _, errs := opsim(t, append(a, "-q")...); code != 0 {
			t.Fatalf("index %d: %v: %s", i, a, errs)
		}
	}
	merge := regexp.MustCompile("`(opsim merge -o /results /results/shard-\\*)`").FindStringSubmatch(text)
	if merge == nil {
		t.Fatal("no merge command after the manifest")
	}
	if code, _, errs := opsim(t, args(t, path(strings.Replace(merge[1], "/results/", "results/", 1)))[1:]...); code != 0 {
		t.Fatalf("%s: %s", merge[1], errs)
	}
	if code, _, errs := opsim(t, "sweep", "scenarios/growth.toml", "-o", "unsharded", "-q", "--workers", "2"); code != 0 {
		t.Fatal(errs)
	}
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv.gz", "report.md"} {
		if !bytes.Equal(read(t, filepath.Join("results", f)), read(t, filepath.Join("unsharded", f))) {
			t.Errorf("%s of the merged Job differs from the unsharded sweep", f)
		}
	}
}
