package scenarios

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// Keys added to the schema with defaults that leave a mechanism off must
// leave every bundled scenario's numbers exactly as they were.
// testdata/golden_bundled.json holds every metric of two short
// replications of every design at every point of every bundled scenario,
// written by this test on a tree whose scenarios and model are main's (git
// archive main, this file copied in (it needs nothing but main's tree), go test ./scenarios -run
// TestBundledDefaultsReproduce -golden). Metrics added since are not in it.
// A bundled scenario that turns the new mechanisms on (growth.toml's
// [coordination] and [costs]) is run without those tables, which must give
// back exactly what it gave before them; the scenarios added with the
// feedback mechanisms (firefighting.toml, overreaction.toml, ...) did not
// exist and are not in it.

var writeGolden = flag.Bool("golden", false, "rewrite testdata/golden_bundled.json from the current tree (only on a tree whose model is the one to pin)")

// TestBundledDefaultsReproduce: every bundled scenario, shortened to six
// weeks, measures bit for bit what it measured before the new keys.
func TestBundledDefaultsReproduce(t *testing.T) {
	path := filepath.Join("testdata", "golden_bundled.json")
	got := map[string][]map[string]string{}
	for _, name := range []string{"default.toml", "growth.toml", "mmc.toml", "interrupts.toml", "coupling.toml"} {
		src, err := Bundled(name)
		if err != nil {
			t.Fatal(err)
		}
		src = withoutTables(src, "deploy", "deploy.stage", "change", "coordination", "costs")
		if name == "default.toml" {
			// The sre preset freezes feature deploys on burned error budgets
			// since the golden file was written; with the freeze off its
			// design must be what it was.
			if src, err = Override(name, src, []string{`design.sre.error_budget="off"`}); err != nil {
				t.Fatal(err)
			}
		}
		sc, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		points := make([]int, len(sc.Points()))
		for i := range points {
			points[i] = i
		}
		res := runScenario(t, sc, points, 2, 6*hoursPerWeek)
		for p, byDesign := range res {
			for d, rs := range byDesign {
				for i, r := range rs {
					ms := map[string]string{"run": fmt.Sprintf("point %d design %d rep %d", p, d, i)}
					for _, m := range r.Metrics {
						ms[m.Name] = strconv.FormatFloat(m.Value, 'g', -1, 64)
					}
					got[name] = append(got[name], ms)
				}
			}
		}
	}
	if *writeGolden {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][]map[string]string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	compared := 0
	for name, runs := range want {
		if len(got[name]) != len(runs) {
			t.Errorf("%s: %d golden runs, %d now", name, len(runs), len(got[name]))
			continue
		}
		for i, w := range runs {
			g := got[name][i]
			for metric, wv := range w {
				compared++
				if gv, ok := g[metric]; !ok || gv != wv {
					t.Errorf("%s %s: %s = %q, was %q", name, w["run"], metric, gv, wv)
				}
			}
		}
	}
	if compared < 5000 {
		t.Errorf("only %d values compared: the golden file pins too little", compared)
	}
}

// withoutTables drops the named tables (and arrays of tables), header and
// keys, from a scenario's text.
func withoutTables(src []byte, names ...string) []byte {
	var out []string
	skip := false
	for _, line := range strings.Split(string(src), "\n") {
		if h := strings.TrimSpace(line); strings.HasPrefix(h, "[") {
			name := strings.Trim(strings.SplitN(h, "]", 2)[0], "[")
			skip = slices.Contains(names, name)
		}
		if !skip {
			out = append(out, line)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

// runScenario runs reps replications of every design at the given points
// of a parsed scenario, on the scenario's common random numbers:
// out[point][design][rep]. A horizon above 0 shortens every run to it,
// after a week of warm-up.
func runScenario(t *testing.T, sc *Scenario, points []int, reps int, horizon float64) [][][]*models.Result {
	t.Helper()
	pts := sc.Points()
	var out [][][]*models.Result
	for _, pi := range points {
		cfgs, err := sc.Configs(pts[pi])
		if err != nil {
			t.Fatal(err)
		}
		var byDesign [][]*models.Result
		for _, cfg := range cfgs {
			if horizon > 0 {
				cfg.Horizon, cfg.Warmup = horizon, hoursPerWeek
			}
			rs, err := sim.Replicate(context.Background(), reps, sim.ReplicateOptions{}, func(ctx context.Context, i int) (*models.Result, error) {
				return models.Run(ctx, cfg, sim.NewStreams(sc.Seed, fmt.Sprintf("point=%d/rep=%d", pts[pi].Index, i)))
			})
			if err != nil {
				t.Fatal(err)
			}
			byDesign = append(byDesign, rs)
		}
		out = append(out, byDesign)
	}
	return out
}
