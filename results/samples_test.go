package results

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSamplesRoundTrip(t *testing.T) {
	checkRoundTrip(t, withSamples())
}

func TestSamplesFormat(t *testing.T) {
	s := &Set{
		Records: []Record{{Run: Run{ID: "r0"}}, {Run: Run{ID: "r1"}}},
		Samples: []Sample{
			{RunID: "r0", Name: "a,b", Values: []float64{-0.1}},
			{RunID: "r1", Name: "restore_h", Values: []float64{1.5, math.NaN()}},
		},
	}
	checkFiles(t, s, map[string]string{
		SamplesFile: "run_id,name,index,value\n" +
			"r0,\"a,b\",0,-0.1\n" +
			"r1,restore_h,0,1.5\n" +
			"r1,restore_h,1,NaN\n",
	})
}

// TestSamplesFileOnlyWhenNeeded: folders without samples look as they did
// before samples existed, and rewriting a folder without samples must not
// leave the previous experiment's samples.csv behind.
func TestSamplesFileOnlyWhenNeeded(t *testing.T) {
	dir := writeSet(t, withSamples())
	if _, err := os.Stat(filepath.Join(dir, SamplesFile)); err != nil {
		t.Fatalf("no %s after writing a set with samples: %v", SamplesFile, err)
	}
	if err := Write(dir, sampleSet()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, SamplesFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale %s left after writing a set without samples (stat: %v)", SamplesFile, err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Samples != nil {
		t.Errorf("Samples = %v, want nil for a folder without %s", got.Samples, SamplesFile)
	}
}

func TestSamplesRejected(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Set)
		want   string
	}{
		{"unknown run", func(s *Set) { s.Samples[1].RunID = "ghost" }, `sample 1: run "ghost" has no record`},
		{"duplicate run and name", func(s *Set) { s.Samples[3].RunID = s.Samples[0].RunID }, `sample "restore_h" of run "p000-baseline-r0000" duplicates sample 0`},
		{"empty values", func(s *Set) { s.Samples[2].Values = nil }, "has no values"},
		{"empty name", func(s *Set) { s.Samples[0].Name = "" }, "empty sample name"},
		{"carriage return in name", func(s *Set) { s.Samples[0].Name = "a\rb" }, "carriage return"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkWriteRejects(t, withSamples, tt.change, tt.want) })
	}
}

func TestSamplesReadCorrupt(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, c string) (string, int)
		want string
	}{
		{"row missing", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "p000-collective-r0001,restore_h,1,NaN\n", "", 1), 6
		}, "index 2, want 1; rows missing or out of order"},
		{"not contiguous", func(t *testing.T, c string) (string, int) {
			row := "p000-collective-r0001,restore_h,2,1e+21\n"
			c = strings.Replace(c, row, "", 1)
			return c + row, strings.Count(c, "\n") + 1
		}, "must be contiguous"},
		{"unknown run", func(t *testing.T, c string) (string, int) {
			return c + "ghost,restore_h,0,1\n", strings.Count(c, "\n") + 1
		}, `run "ghost" has no record`},
		{"bad value", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, ",1e+21\n", ",lots\n", 1), 7
		}, `"lots" is not a number`},
		{"bad index", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "restore_h,1,NaN", "restore_h,one,NaN", 1), 6
		}, `column index: "one" is not an integer`},
		{"wrong header", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "index", "i", 1), 1
		}, "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkReadCorrupt(t, withSamples, SamplesFile, tt.edit, tt.want) })
	}
}

func TestSamplesMerge(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			full := withSamples()
			got, shards := mergeReversed(t, withSamples(), n)
			var want []string
			for _, id := range full.Manifest.Runs {
				for _, sm := range full.Samples {
					if sm.RunID == id {
						want = append(want, sm.RunID+"/"+sm.Name)
					}
				}
			}
			var order []string
			for _, sm := range got.Samples {
				order = append(order, sm.RunID+"/"+sm.Name)
			}
			if fmt.Sprint(order) != fmt.Sprint(want) {
				t.Errorf("merged samples in order %v, want canonical run order %v", order, want)
			}
			got.Samples[0].Values[0] = 42
			for _, s := range shards {
				for _, sm := range s.Samples {
					if sm.Values[0] == 42 {
						t.Fatal("Merge result shares memory with a shard's samples")
					}
				}
			}
		})
	}
}

func TestSamplesMergeErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func([]*Set)
		want   string
	}{
		{"run outside the run list", func(s []*Set) {
			s[0].Samples = append(s[0].Samples, Sample{RunID: "stray", Name: "restore_h", Values: []float64{1}})
		}, `sample "restore_h" of shard 1 (0/2) belongs to run "stray"`},
		{"same sample in two shards", func(s []*Set) {
			sm := Sample{RunID: s[0].Records[0].ID, Name: "restore_h", Values: []float64{1}}
			s[0].Samples = append(s[0].Samples, sm)
			s[1].Samples = append(s[1].Samples, sm)
		}, "duplicates sample 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkMergeRefuses(t, sampleSet, tt.change, tt.want) })
	}
}
