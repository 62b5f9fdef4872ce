package results

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
)

// Sample is one run's raw observations of one quantity, e.g. "restore_h":
// every incident's time to restore, in hours. Per-run metrics summarise a
// run in one number each; samples keep the individual values so that
// distribution plots (ECDFs, box plots) can pool them across replications.
// Values are in the order the run produced them; the name carries the unit
// as a suffix, like metric names.
type Sample struct {
	RunID  string
	Name   string
	Values []float64
}

// samplesHeader is samples.csv's header. The index column is 0-based, the
// position in Values, so that a reader can tell a missing or reordered row
// from a short sample, as the day column does for time series.
var samplesHeader = []string{"run_id", "name", "index", "value"}

// encodeSamples returns nil when there are no samples: Write then removes
// samples.csv instead of writing a header-only file, so a folder without
// samples has exactly the files it had before samples existed.
func encodeSamples(s *Set) []byte {
	if len(s.Samples) == 0 {
		return nil
	}
	c := newCSV()
	c.row(samplesHeader)
	row := make([]string, 4)
	for _, sm := range s.Samples {
		row[0], row[1] = sm.RunID, sm.Name
		for i, v := range sm.Values {
			row[2] = strconv.Itoa(i)
			row[3] = formatFloat(v)
			c.row(row)
		}
	}
	return c.bytes()
}

// removeStale deletes a file that the Set being written no longer has, so
// that a rewrite cannot leave another experiment's samples behind.
func removeStale(dir, name string) error {
	err := os.Remove(filepath.Join(dir, name))
	switch {
	case err == nil:
		if err := syncDirFn(dir); err != nil {
			return fmt.Errorf("results: write %s: %w", dir, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("results: write %s: %w", dir, err)
	}
	return nil
}

// readSamples reads samples.csv if there is one. Its absence means no
// samples rather than an error, because folders written before samples
// existed, and experiments that record none, have no such file.
func readSamples(dir string, s *Set) (lines []int, err error) {
	c, header, err := openCSV(dir, SamplesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer c.close()
	if !slices.Equal(header, samplesHeader) {
		return nil, c.errf(1, "header %q, want %q", header, samplesHeader)
	}
	type key struct{ run, name string }
	seen := make(map[key]bool)
	cur := -1
	for {
		row, line, err := c.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		p := fields{row: row, header: header}
		k := key{p.text(), p.text()}
		idx, v := p.int(), p.float()
		if p.err != "" {
			return nil, c.errf(line, "%s", p.err)
		}
		if cur < 0 || k != (key{s.Samples[cur].RunID, s.Samples[cur].Name}) {
			if seen[k] {
				return nil, c.errf(line, "sample %q of run %q resumes after other rows; each sample's rows must be contiguous", k.name, k.run)
			}
			seen[k] = true
			s.Samples = append(s.Samples, Sample{RunID: k.run, Name: k.name})
			lines = append(lines, line)
			cur = len(s.Samples) - 1
		}
		sm := &s.Samples[cur]
		if idx != len(sm.Values) {
			return nil, c.errf(line, "sample %q of run %q: index %d, want %d; rows missing or out of order", k.name, k.run, idx, len(sm.Values))
		}
		sm.Values = append(sm.Values, v)
	}
	return lines, nil
}

// validateSamples checks what Read needs to give back the same samples:
// each belongs to a record (ids maps run ids to record indexes), has a
// name and at least one value, and no (run, name) pair repeats.
func validateSamples(samples []Sample, ids map[string]int) *fault {
	type key struct{ run, name string }
	seen := make(map[key]int, len(samples))
	for i := range samples {
		sm := &samples[i]
		if _, ok := ids[sm.RunID]; !ok {
			return faultf(inSamples, i, "run %q has no record", sm.RunID)
		}
		if sm.Name == "" {
			return faultf(inSamples, i, "run %q: empty sample name", sm.RunID)
		}
		if msg := checkText("sample name", sm.Name, true); msg != "" {
			return faultf(inSamples, i, "run %q: %s", sm.RunID, msg)
		}
		k := key{sm.RunID, sm.Name}
		if j, dup := seen[k]; dup {
			return faultf(inSamples, i, "sample %q of run %q duplicates sample %d", sm.Name, sm.RunID, j)
		}
		seen[k] = i
		if len(sm.Values) == 0 {
			return faultf(inSamples, i, "sample %q of run %q has no values, which long form cannot represent; leave it out instead", sm.Name, sm.RunID)
		}
	}
	return nil
}

// mergeSamples gathers the shards' samples in canonical run order (order
// maps run ids to their position in the manifest's run list), keeping each
// run's samples in the order the simulation gave them. It returns nil when
// no shard has samples, as Read does for a folder without samples.csv.
func mergeSamples(shards []*Set, order map[string]int) ([]Sample, error) {
	var out []Sample
	for i, s := range shards {
		for _, sm := range s.Samples {
			if _, ok := order[sm.RunID]; !ok {
				return nil, fmt.Errorf("results: merge: sample %q of %s belongs to run %q, which is not in the manifest's run list",
					sm.Name, shardName(i, s), sm.RunID)
			}
			sm.Values = slices.Clone(sm.Values)
			out = append(out, sm)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return order[out[a].RunID] < order[out[b].RunID] })
	return out, nil
}
