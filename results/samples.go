package results

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
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

// samplesForm reads samples.csv: a sample's indexes count from 0.
var samplesForm = longForm[Sample, int]{
	file: SamplesFile, header: samplesHeader, what: "sample", whose: "sample's",
	pos:   (*fields).int,
	group: func(k runKey) Sample { return Sample{RunID: k.run, Name: k.name} },
	add: func(sm *Sample, idx int, v float64) string {
		if idx != len(sm.Values) {
			return fmt.Sprintf("sample %q of run %q: index %d, want %d; rows missing or out of order", sm.Name, sm.RunID, idx, len(sm.Values))
		}
		sm.Values = append(sm.Values, v)
		return ""
	},
}

// readSamples reads samples.csv if there is one. Its absence means no
// samples rather than an error, because folders written before samples
// existed, and experiments that record none, have no such file. Only
// opening the file can fail with fs.ErrNotExist.
func readSamples(dir string, s *Set) (lines []int, err error) {
	s.Samples, lines, err = readLong(dir, samplesForm)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return lines, err
}

// validateSamples checks what Read needs to give back the same samples:
// each belongs to a record (ids maps run ids to record indexes), has a
// name and at least one value, and no (run, name) pair repeats.
func validateSamples(samples []Sample, ids map[string]int) *fault {
	seen := make(map[runKey]int, len(samples))
	order := runOrder{ids: ids}
	for i := range samples {
		sm := &samples[i]
		if msg := checkGroup(ids, seen, i, "sample", runKey{sm.RunID, sm.Name}); msg != "" {
			return faultf(inSamples, i, "%s", msg)
		}
		if msg := order.next(sm.RunID); msg != "" {
			return faultf(inSamples, i, "%s", msg)
		}
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
			if err := checkRun(order, sm.RunID, shardName(i, s), "sample %q", sm.Name); err != nil {
				return nil, err
			}
			sm.Values = slices.Clone(sm.Values)
			out = append(out, sm)
		}
	}
	sortByRun(out, order, func(sm *Sample) string { return sm.RunID })
	return out, nil
}
