package campaign

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// tiny is a small, fast scenario (two designs, a short horizon) swept
// over three points.
var tiny = func() string {
	b, err := os.ReadFile(filepath.Join("testdata", "tiny.toml"))
	if err != nil {
		panic(err)
	}
	return string(b) + "\n[sweep]\n\"services.coupling\" = [0.1, 0.3, 0.5]\n"
}()

// tinyPlan is tiny with reps replications.
func tinyPlan(t testing.TB, reps int) *Plan {
	t.Helper()
	return planOf(t, tiny, reps)
}

// planOf is the plan of the scenario text with reps replications.
func planOf(t testing.TB, text string, reps int) *Plan {
	t.Helper()
	sc, err := scenarios.Parse("tiny.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(sc, reps, sc.Seed)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// counted makes p count the runs it simulates.
func counted(p *Plan, n *atomic.Int64) *Plan {
	p.simulate = func(ctx context.Context, r Run) (*results.RunData, error) {
		n.Add(1)
		return p.Simulate(ctx, r)
	}
	return p
}

// newCampaign is a quiet campaign of p into dir.
func newCampaign(p *Plan, dir string) *Campaign {
	return &Campaign{Plan: p, Command: "sweep", Dir: dir, Report: true, Workers: 2, MaxReps: 64}
}

// files maps every file of dir, sub-folders included, to its content.
func files(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameFiles reports the first difference between the files of two folders.
func sameFiles(t testing.TB, got, want string, what string) {
	t.Helper()
	g, w := files(t, got), files(t, want)
	var names []string
	for n := range w {
		names = append(names, n)
	}
	sort.Strings(names)
	for n := range g {
		if _, ok := w[n]; !ok {
			t.Errorf("%s: %s has %s, which it should not", what, got, n)
		}
	}
	for _, n := range names {
		if g[n] != w[n] {
			t.Errorf("%s: %s differs (%d vs %d bytes)", what, n, len(g[n]), len(w[n]))
		}
	}
}

// reference runs p uninterrupted into a fresh folder and returns it.
func reference(t testing.TB, p *Plan) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "reference")
	if _, err := newCampaign(p, dir).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir
}

func checkErr(t testing.TB, err error, want ...string) {
	t.Helper()
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v, want it to contain %q", err, w)
		}
	}
}
