package main

import (
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestInstrcmp runs make instrcmp (.ci/instrcmp.sh, installing valgrind if
// it is missing) on a small benchmark against HEAD: it prints the
// instructions per iteration of each build and their ratio, and with
// INSTRL2 the misses of a simulated last-level cache too. With the engine
// unchanged since HEAD the two instruction counts must agree to within 1%,
// which is what makes the count worth having on a machine whose timings
// drift by tens of percent. Wrong arguments are refused before anything is
// built.
func TestInstrcmp(t *testing.T) {
	root := gitRoot(t, "instrcmp")
	script := filepath.Join(root, ".ci", "instrcmp.sh")
	args := []string{"-C", root, "instrcmp", "BASE=HEAD", "CMPPKG=./sim", "INSTRBENCH=BenchmarkMMc", "INSTRN=1", "INSTRL2=1048576"}
	out, err := exec.Command("make", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	text := string(out)
	if !strings.Contains(text, "BenchmarkMMc in ./sim, instructions per iteration (cachegrind, GOGC=off, GOMAXPROCS=1, 1 iterations)") {
		t.Errorf("no heading naming the benchmark and the count:\n%s", text)
	}
	instr, l2, found := strings.Cut(text, "misses per iteration of a 1048576-byte last-level cache (8-way, 64-byte lines):")
	if !found {
		t.Fatalf("INSTRL2=1048576: no heading for the cache misses:\n%s", text)
	}
	counts, misses := instrcmpRows(t, instr), instrcmpRows(t, l2)
	// Misses are a small share of the reads, which are fewer than the
	// instructions. BenchmarkMMc's working set fits the cache: an
	// iteration's misses are the runtime's few, which differ from run to
	// run by as much, so a count may even come out below 0; only the
	// rows and their scale are checked.
	for _, b := range []string{"base", "tree"} {
		if math.Abs(misses[b]) > counts[b]/10 {
			t.Errorf("%s: %v misses for %v instructions", b, misses[b], counts[b])
		}
	}
	// BenchmarkMMc serves 200,000 customers an iteration: some hundred
	// instructions each at least.
	if counts["base"] < 1e7 || counts["tree"] < 1e7 {
		t.Errorf("counts %v: too few instructions for 200,000 customers", counts)
	}
	if exec.Command("git", "-C", root, "diff", "--quiet", "HEAD", "--", "sim").Run() == nil {
		if r := counts["tree/base"]; r < 0.99 || r > 1.01 {
			t.Errorf("the same engine counted %v and %v instructions (ratio %v): the count is not steady", counts["base"], counts["tree"], r)
		}
	}

	checkRefusals(t, script, []wrongArgs{
		{[]string{"no-such-commit", "./sim", "BenchmarkMMc", "1"}, "BASE 'no-such-commit' is not a commit"},
		{[]string{"HEAD", "./sim", "BenchmarkMMc", "some"}, "N must be a whole number of iterations, got 'some'"},
		{[]string{"HEAD", "./sim"}, "usage:"},
		{[]string{"HEAD", "./sim", "BenchmarkMMc", "1", "1MB"}, "L2 must be a cache size in bytes, a power of two, got '1MB'"},
		{[]string{"HEAD", "./sim", "BenchmarkMMc", "1", "1000000"}, "L2 must be a cache size in bytes, a power of two of 65536 or more, got '1000000'"},
	})
}

// instrcmpRows reads the base, tree and tree/base rows of one count.
func instrcmpRows(t *testing.T, text string) map[string]float64 {
	t.Helper()
	counts := map[string]float64{}
	for _, row := range []string{"base", "tree", "tree/base"} {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(row) + `\s+(-?[\d.]+)$`).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("no row %q with a figure:\n%s", row, text)
		}
		counts[row], _ = strconv.ParseFloat(m[1], 64)
	}
	return counts
}
