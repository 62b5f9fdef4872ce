package results

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"testing"
)

// sampleSet is a two-point, two-design, two-replication sweep whose values
// and strings exercise everything the format must carry exactly: NaN, ±Inf,
// -0, subnormals, and text that needs CSV quoting.
func sampleSet() *Set {
	scenario := "# büro <ops> & co\r\n[org]\r\nteams = 3\r\n"
	points := []Point{
		{Index: 0, Params: []Param{{"arrival", "0.5"}, {"note", `plain`}}},
		{Index: 1, Params: []Param{{"arrival", "1.0"}, {"note", "has, comma \"quote\"\nand newline"}}},
	}
	designs := []string{"baseline", "collective"}
	metrics := []string{"cost", "backlog", "util"}
	weird := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, 0.1, 1e21, -123456.789}
	s := &Set{
		Manifest: Manifest{
			Scenario:     scenario,
			ScenarioFile: "scenarios/büro.toml",
			ScenarioHash: HashScenario(scenario),
			Seed:         math.MaxUint64 - 7,
			Command:      "sweep",
			Overrides:    []string{"org.teams=3", "sim.days=90"},
			Designs:      designs,
			Baseline:     "baseline",
			Points:       points,
			Build:        BuildInfo{"v1.2.3", "abc123", true, "go1.26.8", "v0.17.0", "v0.17.0"},
		},
		Metrics: metrics,
	}
	k := 0
	for _, p := range points {
		for _, d := range designs {
			for rep := range 2 {
				id := fmt.Sprintf("p%03d-%s-r%04d", p.Index, d, rep)
				s.Manifest.Runs = append(s.Manifest.Runs, id)
				vals := make([]float64, len(metrics))
				for i := range vals {
					vals[i] = weird[(k+i)%len(weird)]
				}
				k++
				s.Records = append(s.Records, Record{
					Run:    Run{ID: id, Point: p.Index, Params: slices.Clone(p.Params), Design: d, Rep: rep, Seed: uint64(1000*k) + 1<<63},
					Values: vals,
				})
				s.Series = append(s.Series,
					Series{RunID: id, Name: "backlog", Step: 1, Values: []float64{float64(k), math.NaN(), 3}},
					Series{RunID: id, Name: "queue", Step: 0.1, Values: []float64{0.1, 0.2, 0.30000000000000004, math.Inf(1)}},
				)
			}
			for _, mt := range metrics {
				row := SummaryRow{Point: p.Index, Params: slices.Clone(p.Params), Design: d, Metric: mt,
					N: 2, Mean: 1.5, StdDev: 0.70710678118654757, Lo: -4.853, Hi: 7.853}
				if d == "baseline" {
					row.Diff, row.DiffLo, row.DiffHi = math.NaN(), math.NaN(), math.NaN()
					row.Rel, row.RelLo, row.RelHi = math.NaN(), math.NaN(), math.NaN()
				} else {
					row.Baseline = "baseline"
					row.Diff, row.DiffLo, row.DiffHi = -0.25, -0.5, -1e-9
					row.Rel, row.RelLo, row.RelHi = -1.0/6, math.Inf(-1), 0
					row.Distinguishable = true
				}
				s.Summary = append(s.Summary, row)
			}
		}
	}
	return s
}

// diffSets returns "" when a and b are identical, comparing floats by bits
// (so -0 differs from 0) except that any NaN equals any NaN, and telling nil
// from empty slices apart as reflect.DeepEqual does. Otherwise it returns
// the path of the first difference.
func diffSets(a, b *Set) string {
	return diffValues("Set", reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

func diffValues(path string, a, b reflect.Value) string {
	switch a.Kind() {
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if math.IsNaN(x) && math.IsNaN(y) || math.Float64bits(x) == math.Float64bits(y) {
			return ""
		}
		return fmt.Sprintf("%s: %v != %v", path, x, y)
	case reflect.Struct:
		for i := range a.NumField() {
			if d := diffValues(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v != nil %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d != %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diffValues(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.String, reflect.Int, reflect.Uint64, reflect.Bool:
		if a.Interface() != b.Interface() {
			return fmt.Sprintf("%s: %#v != %#v", path, a.Interface(), b.Interface())
		}
		return ""
	}
	panic("diffValues: unhandled kind " + a.Kind().String() + " at " + path)
}

// snapshot maps every file name in dir to its content, so a test can check
// that a failed operation changed nothing, stray temp files included.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string)
	for _, e := range entries {
		if e.IsDir() {
			m[e.Name()+"/"] = ""
			continue
		}
		b, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}
