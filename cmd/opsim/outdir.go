package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// experimentID is what makes two result folders the same experiment: the
// same scenario text, overrides, seed, baseline and shard. Rerunning it,
// even with more replications, refines the same experiment, so replacing
// it is expected; replacing anything else would destroy somebody's results.
type experimentID struct {
	ScenarioHash string   `json:"scenario_hash"`
	Overrides    []string `json:"overrides"`
	Seed         uint64   `json:"seed"`
	Shard        string   `json:"shard"`
	Baseline     string   `json:"baseline"`
}

func (a experimentID) same(b experimentID) bool {
	return a.ScenarioHash == b.ScenarioHash && slices.Equal(a.Overrides, b.Overrides) && a.Seed == b.Seed &&
		a.Shard == b.Shard && a.Baseline == b.Baseline
}

// written is every file name opsim writes into a results folder.
var written = []string{results.ManifestFile, results.RunsFile, results.SummaryFile, results.TimeseriesFile,
	results.SamplesFile, teamsTable.Name + ".csv", servicesTable.Name + ".csv", analysis.ReportHTML, analysis.ReportMarkdown}

// folderHolds reports what experiment a folder holds: ok is false when it
// holds none. Other files and sub-folders (shards, notes) are left alone by
// a write, so they are no obstacle; an error means the folder has a file by
// a name opsim would overwrite but no opsim manifest, i.e. somebody else's.
func folderHolds(dir string) (id experimentID, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, results.ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		for _, name := range written {
			if _, serr := os.Stat(filepath.Join(dir, name)); serr == nil {
				return id, false, fmt.Errorf("%s has a %s that opsim did not write", dir, name)
			}
		}
		return id, false, nil
	}
	if err != nil {
		return id, false, err
	}
	if err := json.Unmarshal(b, &id); err != nil {
		return id, false, fmt.Errorf("%s: %v", filepath.Join(dir, results.ManifestFile), err)
	}
	return id, true, nil
}

// chooseDir decides where an experiment's results go. An explicit folder
// that holds a different experiment is refused unless force is set; the
// default folder out/<name> moves on to out/<name>-2, -3, ... instead.
func chooseDir(explicit, def string, force bool, want experimentID) (string, error) {
	if explicit != "" {
		held, ok, err := folderHolds(explicit)
		switch {
		case force:
			return explicit, nil
		case err != nil:
			return "", usageError{fmt.Errorf("%v; choose another -o or pass --force", err)}
		case ok && !held.same(want):
			return "", usageError{fmt.Errorf("%s holds the results of another experiment (scenario %.12s, overrides %v, seed %d); choose another -o or pass --force to replace them",
				explicit, held.ScenarioHash, held.Overrides, held.Seed)}
		}
		return explicit, nil
	}
	for k := 1; k <= 1000; k++ {
		dir := def
		if k > 1 {
			dir = fmt.Sprintf("%s-%d", def, k)
		}
		held, ok, err := folderHolds(dir)
		if err == nil && (!ok || held.same(want)) {
			return dir, nil
		}
	}
	return "", fmt.Errorf("no free output folder next to %s; pass -o", def)
}
