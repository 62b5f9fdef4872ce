package campaign

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// ErrRefused is wrapped by the errors of a campaign that would destroy or
// mix up somebody's results: a folder holding another experiment, an
// interrupted campaign of another plan, files opsim did not write.
var ErrRefused = errors.New("refused")

// Identity is what makes a results folder, an interrupted campaign and a
// command the same experiment: the scenario text (overrides applied), the
// overrides, the seed, the replications, the shard, the baseline and the
// opsim build. Rerunning the same experiment resumes it; asking for more
// replications extends it, reusing every run done; anything else is
// another experiment, whose results must not replace these silently.
type Identity struct {
	ScenarioHash string   `json:"scenario_hash"`
	Overrides    []string `json:"overrides"`
	Seed         uint64   `json:"seed"`
	Replications int      `json:"replications"`
	Shard        string   `json:"shard"`
	Baseline     string   `json:"baseline"`
	Detail       string   `json:"detail"`
	// Version is the opsim build: runs of different builds may differ.
	Version string `json:"version"`
}

// IdentityOf is the identity of the experiment m describes.
func IdentityOf(m *results.Manifest) Identity {
	b := m.Build
	v := b.OpsimVersion + " " + b.VCSRevision
	if b.VCSModified {
		v += " (modified)"
	}
	return Identity{ScenarioHash: m.ScenarioHash, Overrides: m.Overrides, Seed: m.Seed, Replications: m.Replications,
		Shard: m.Shard, Baseline: m.Baseline, Detail: m.Detail, Version: v}
}

// differences says how other (held in a folder) differs from id (asked
// for), replications aside; nil when they are the same experiment.
func (id Identity) differences(other Identity) []string {
	var out []string
	add := func(what string, there, here any) {
		out = append(out, fmt.Sprintf("%s %v there, %v here", what, there, here))
	}
	if other.ScenarioHash != id.ScenarioHash {
		add("scenario text", short(other.ScenarioHash), short(id.ScenarioHash))
	}
	if !slices.Equal(other.Overrides, id.Overrides) {
		add("overrides", fmt.Sprintf("%q", other.Overrides), fmt.Sprintf("%q", id.Overrides))
	}
	if other.Seed != id.Seed {
		add("seed", other.Seed, id.Seed)
	}
	if other.Shard != id.Shard {
		add("shard", fmt.Sprintf("%q", other.Shard), fmt.Sprintf("%q", id.Shard))
	}
	if other.Baseline != id.Baseline {
		add("baseline", other.Baseline, id.Baseline)
	}
	if other.Detail != id.Detail {
		add("detail", detailName(other.Detail), detailName(id.Detail))
	}
	if other.Version != id.Version {
		add("opsim build", fmt.Sprintf("%q", other.Version), fmt.Sprintf("%q", id.Version))
	}
	return out
}

func detailName(d string) string {
	if d == "" {
		return "all"
	}
	return d
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// stateDir is the folder inside a results folder that holds a campaign in
// progress: its identity, its journal of finished runs and its lock.
const stateDir = ".campaign"

// stateFile records the identity of the campaign in progress.
const stateFile = "state.json"

// reportFiles are what a report adds to a results folder.
var reportFiles = []string{analysis.ReportHTML, analysis.ReportMarkdown, analysis.FiguresDir}

// written is every file name opsim writes into a results folder, besides
// the tables: a folder with one of them and no manifest is somebody else's.
var written = append([]string{results.ManifestFile, results.RunsFile, results.SummaryFile, results.TimeseriesFile,
	results.SamplesFile, teamsTable.Name + ".csv", servicesTable.Name + ".csv", "timeseries.csv", "samples.csv"}, reportFiles[:2]...)

// holding is what a folder holds.
type holding struct {
	complete *Identity // the results of a finished campaign
	partial  *Identity // an interrupted campaign
}

// inspect reports what dir holds. Other files and sub-folders (shards,
// notes) are no obstacle, since a campaign never touches them; an error
// means the folder has a file by a name opsim would write but no opsim
// manifest or campaign, i.e. somebody else's.
func inspect(dir string) (holding, error) {
	var h holding
	if b, err := os.ReadFile(filepath.Join(dir, stateDir, stateFile)); err == nil {
		var id Identity
		if err := json.Unmarshal(b, &id); err != nil {
			return h, fmt.Errorf("%s: %v", filepath.Join(dir, stateDir, stateFile), err)
		}
		h.partial = &id
	}
	b, err := os.ReadFile(filepath.Join(dir, results.ManifestFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if h.partial != nil {
			return h, nil
		}
		for _, name := range written {
			if _, serr := os.Stat(filepath.Join(dir, name)); serr == nil {
				return h, fmt.Errorf("%w: %s has a %s that opsim did not write", ErrRefused, dir, name)
			}
		}
		return h, nil
	case err != nil:
		return h, err
	}
	var m results.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return h, fmt.Errorf("%w: %s: %v", ErrRefused, filepath.Join(dir, results.ManifestFile), err)
	}
	id := IdentityOf(&m)
	h.complete = &id
	return h, nil
}

// check says why a campaign asking for want (more replications allowed
// when grow) cannot use what h holds, or nil.
func (h holding) check(dir string, want Identity, grow bool) error {
	for _, held := range []struct {
		id   *Identity
		what string
	}{{h.partial, "an interrupted campaign of"}, {h.complete, "the results of"}} {
		if held.id == nil {
			continue
		}
		diff := want.differences(*held.id)
		if r := held.id.Replications; r > want.Replications && !grow {
			diff = append(diff, fmt.Sprintf("replications %d there, %d here (fewer would replace them)", r, want.Replications))
		}
		if len(diff) > 0 {
			return fmt.Errorf("%w: %s holds %s another experiment (%s)", ErrRefused, dir, held.what, strings.Join(diff, "; "))
		}
	}
	return nil
}

// ChooseDir decides where a campaign's results go before anything runs,
// so that a refused folder costs nothing. An explicit folder that holds
// another experiment is refused unless force is set; the default folder
// def moves on to def-2, def-3, ... instead. grow allows a folder with
// fewer replications of the same experiment (--precision).
func ChooseDir(explicit, def string, force bool, want Identity, grow bool) (string, error) {
	if explicit != "" {
		if force {
			return explicit, nil
		}
		h, err := inspect(explicit)
		if err == nil {
			err = h.check(explicit, want, grow)
		}
		if err != nil {
			return "", fmt.Errorf("%w; choose another -o or pass --force to replace them", err)
		}
		return explicit, nil
	}
	for k := 1; k <= 1000; k++ {
		dir := def
		if k > 1 {
			dir = fmt.Sprintf("%s-%d", def, k)
		}
		if h, err := inspect(dir); err == nil && h.check(dir, want, grow) == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("no free output folder next to %s; pass -o", def)
}
