package results

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// split deals full's runs round-robin into n shards, the way an indexed job
// whose task i takes every n-th run would.
func split(full *Set, n int) []*Set {
	shards := make([]*Set, n)
	owner := make(map[string]int)
	for i := range shards {
		s := sampleSet() // a fresh copy, so shards share no memory with full
		s.Manifest = full.Manifest
		s.Manifest.Shard = fmt.Sprintf("%d/%d", i, n)
		s.Records, s.Series = nil, nil
		// A shard's own summary covers only its runs; Merge must drop it.
		s.Summary = s.Summary[:1]
		shards[i] = s
	}
	for k, r := range full.Records {
		owner[r.ID] = k % n
		shards[k%n].Records = append(shards[k%n].Records, r)
	}
	for _, sr := range full.Series {
		i := owner[sr.RunID]
		shards[i].Series = append(shards[i].Series, sr)
	}
	return shards
}

func TestMergeEqualsUnsharded(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			full := sampleSet()
			shards := split(sampleSet(), n)
			// Reverse, as shards finish in any order.
			for i, j := 0, len(shards)-1; i < j; i, j = i+1, j-1 {
				shards[i], shards[j] = shards[j], shards[i]
			}
			got, err := Merge(shards...)
			if err != nil {
				t.Fatal(err)
			}
			want := full
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
	root := t.TempDir()
	full := sampleSet()
	full.Summary = nil
	if err := Write(filepath.Join(root, "full"), full); err != nil {
		t.Fatal(err)
	}
	var read []*Set
	for i, s := range split(sampleSet(), 3) {
		dir := filepath.Join(root, fmt.Sprintf("shard-%d", i))
		if err := Write(dir, s); err != nil {
			t.Fatal(err)
		}
		r, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		read = append(read, r)
	}
	merged, err := Merge(read[2], read[0], read[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(root, "merged"), merged); err != nil {
		t.Fatal(err)
	}
	want, got := snapshot(t, filepath.Join(root, "full")), snapshot(t, filepath.Join(root, "merged"))
	for name, content := range want {
		if got[name] != content {
			t.Errorf("merged %s differs from the unsharded one:\n%s\nwant:\n%s", name, got[name], content)
		}
	}
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
			if err == nil {
				t.Fatal("Merge succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}
