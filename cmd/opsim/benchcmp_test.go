package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBenchcmp runs make benchcmp (.ci/benchcmp.sh) on a small benchmark
// against HEAD: it builds both, alternates them, and prints a row per
// metric, CPU first, each with its ratio of the working tree over the base.
// Wrong arguments are refused, naming what is wrong, before anything is
// built.
func TestBenchcmp(t *testing.T) {
	root := gitRoot(t, "benchcmp")
	script := filepath.Join(root, ".ci", "benchcmp.sh")
	args := []string{"-C", root, "benchcmp", "BASE=HEAD", "CMPPKG=./sim", "CMPBENCH=BenchmarkMMc", "CMPTIME=1x", "CMPN=2"}
	out, err := exec.Command("make", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	text := string(out)
	if !strings.Contains(text, "BenchmarkMMc in ./sim, -benchtime 1x, 2 alternating runs of each build") {
		t.Errorf("no heading naming the benchmark and the runs:\n%s", text)
	}
	num := `\d[\d.e+-]*`
	ratio := `(\d+\.\d{3})`
	for _, row := range []string{`cpu\s+s`, `BenchmarkMMc\S*\s+customers/s`, `BenchmarkMMc\S*\s+allocs/op`} {
		re := regexp.MustCompile(`(?m)^` + row + `\s+` + num + `\s+` + num + `\s+` + num + `\s+` + num + `\s+` + ratio + `\s+` + ratio + `$`)
		if !re.MatchString(text) {
			t.Errorf("no row %q with four figures and two ratios:\n%s", row, text)
		}
	}

	// CMPPGO=1 builds each side with its own profile, as make bench does.
	args = append(args[:len(args)-1], "CMPN=1", "CMPPGO=1")
	out, err = exec.Command("make", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if text := string(out); !strings.Contains(text, "each with its own PGO profile") || !strings.Contains(text, "1 alternating runs of each build") {
		t.Errorf("make %s did not build with profiles or run once:\n%s", strings.Join(args, " "), text)
	}

	checkRefusals(t, script, []wrongArgs{
		{[]string{"no-such-commit", "./sim", "BenchmarkMMc", "1x", "1"}, "BASE 'no-such-commit' is not a commit"},
		{[]string{"HEAD", "./sim", "BenchmarkMMc", "1x", "many"}, "N must be a whole number of runs, got 'many'"},
		{[]string{"HEAD", "./sim"}, "usage:"},
	})
}
