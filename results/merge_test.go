package results

import (
	"fmt"
	"testing"
)

func TestMergeEqualsUnsharded(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			got, shards := mergeReversed(t, sampleSet(), n)
			want := sampleSet()
			want.Summary = nil
			if d := diffSets(want, got); d != "" {
				t.Errorf("merged set differs from the unsharded one: %s", d)
			}
			// The result must not alias the shards.
			got.Records[0].Values[0] = 42
			got.Records[0].Params[0].Value = "changed"
			got.Series[0].Values[0] = 42
			got.Manifest.Runs[0] = "changed"
			for _, s := range shards {
				for _, r := range s.Records {
					if r.Values[0] == 42 || r.Params[0].Value == "changed" {
						t.Fatal("Merge result shares memory with a shard's records")
					}
				}
				for _, sr := range s.Series {
					if sr.Values[0] == 42 {
						t.Fatal("Merge result shares memory with a shard's series")
					}
				}
				if s.Manifest.Runs[0] == "changed" {
					t.Fatal("Merge result shares the manifest's run list with a shard")
				}
			}
		})
	}
}

// TestMergeFromDisk is the researcher's path: shards written by separate
// jobs, read back, merged and written; the files must match an unsharded run's.
func TestMergeFromDisk(t *testing.T) {
	checkMergeFromDisk(t, sampleSet)
}

func TestMergeErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(shards []*Set) []*Set
		want   string
	}{
		{"no shards", func([]*Set) []*Set { return nil }, "no shards"},
		{"nil shard", func(s []*Set) []*Set { return append(s, nil) }, "shard 3 is nil"},
		{"different scenario", func(s []*Set) []*Set {
			m := &s[1].Manifest
			m.Scenario += "# edited\n"
			m.ScenarioHash = HashScenario(m.Scenario)
			return s
		}, "shard 2 (1/2) has scenario hash"},
		{"different seed", func(s []*Set) []*Set { s[1].Manifest.Seed = 1; return s }, "has seed 1 but shard 1 (0/2) has"},
		{"different metrics", func(s []*Set) []*Set {
			s[1].Metrics = []string{"cost", "backlog", "utilisation"}
			return s
		}, `has metrics ["cost" "backlog" "utilisation"] but shard 1 (0/2) has ["cost" "backlog" "util"]`},
		{"different overrides", func(s []*Set) []*Set { s[1].Manifest.Overrides = nil; return s }, "has overrides"},
		{"different run list", func(s []*Set) []*Set {
			s[1].Manifest.Runs = append([]string(nil), s[1].Manifest.Runs[1:]...)
			return s
		}, "lists 7 runs but shard 1 (0/2) lists 8"},
		{"duplicate run", func(s []*Set) []*Set {
			s[1].Records = append(s[1].Records, s[0].Records[0])
			return s
		}, `run "p000-baseline-r0000" is in both shard 1 (0/2) and shard 2 (1/2)`},
		{"missing run", func(s []*Set) []*Set {
			s[1].Records = s[1].Records[1:]
			return s
		}, `1 of the experiment's 8 runs are in no shard, the first being "p000-baseline-r0001"`},
		{"missing shard", func(s []*Set) []*Set { return s[:1] }, "4 of the experiment's 8 runs are in no shard"},
		{"run outside the run list", func(s []*Set) []*Set {
			for _, sh := range s {
				sh.Manifest.Runs = sh.Manifest.Runs[:7]
			}
			return s
		}, `run "p001-collective-r0001" of shard 2 (1/2) is not in the manifest's run list`},
		{"record invalid", func(s []*Set) []*Set {
			s[0].Records[1].Values = nil
			return s
		}, "has 0 values for 3 metrics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.change(split(sampleSet(), 2))...)
			checkErr(t, err, tt.want)
		})
	}
}
