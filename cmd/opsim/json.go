package main

import (
	"encoding/json"
	"errors"
	"io"
	"slices"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// jsonHelp documents the --json output; 'opsim help json' prints it, and a
// test checks that it names every field the output has.
const jsonHelp = `opsim run, compare and sweep with --json print one JSON object on stdout
instead of the table (progress and notes stay on stderr):

  {
    "command": "compare",                  the command that ran
    "scenario": "scenarios/default.toml",  the scenario file
    "name": "default",                     the scenario's name
    "results": "out/default",              the results folder
    "report": "out/default/report.html",   compare and sweep; absent for run
    "shard": "",                           "i/n" for one shard of a run; no points then
    "seed": 42,
    "replications": 30,                    per design and point
    "baseline": "centralized",
    "designs": ["centralized", "collective"],
    "points": [                            one per sweep point; one without a sweep
      {
        "index": 0,
        "params": {"org.product_teams": "5"},   the swept values ({} without a sweep)
        "designs": [
          {
            "design": "collective",
            "baseline": false,
            "engineers": {"product": 48, "platform": 4},   headcount by team kind
            "metrics": [
              {
                "metric": "ttr_mean_h",    the column name in runs.csv
                "label": "mean time to restore",
                "unit": "h",               of mean, lo, hi and diff; shares are fractions
                "key": true,               one of the key metrics the table shows
                "n": 30,                   replications with a value
                "mean": 2.26, "lo": 2.22, "hi": 2.31,   mean and 95% CI
                "change": {                paired change against the baseline; absent
                  "diff": -1.19, "diff_lo": -1.22, "diff_hi": -1.16,     for the baseline
                  "rel": -0.345, "rel_lo": -0.352, "rel_hi": -0.337,     (fractions)
                  "distinguishable": true  the interval of diff excludes zero
                }
              }
            ]
          }
        ]
      }
    ]
  }

Numbers that are undefined (a mean time to restore with no incidents, a
relative change against a zero baseline) are null.

opsim validate --json prints:

  {
    "valid": 1, "invalid": 1,
    "files": [
      {"file": "scenarios/default.toml", "ok": true, "designs": 2, "points": 1, "runs": 60},
      {"file": "bad.toml", "ok": false, "errors": [
        {"file": "bad.toml", "line": 11, "field": "org.product_team",
         "message": "unknown key (did you mean \"product_teams\"?)"}
      ]}
    ]
  }

"line" is 0 and "field" empty when a problem has no single place. The exit
status is that of the plain output: 0, or 2 for a bad scenario or flag.

opsim sensitivity --json prints the analysis as sensitivity.json holds it:

  {
    "scenario_hash": "9f2c…", "scenario_file": "scenarios/default.toml", "name": "default",
    "overrides": ["services.coupling=0.2"],   the --set flags, if any
    "seed": 42, "replications": 10,           per design and setting
    "method": "oat",                          or "morris", with "trajectories" and "levels"
    "baseline": "centralized", "design": "collective",   differences are design − baseline
    "metrics": ["ttr_mean_h", "features_per_week"],
    "at": [{"mean": -1.2, "lo": -1.29, "hi": -1.1, "distinguishable": true}],   per metric,
                                              at the scenario's own values
    "verdicts": [{"baseline_better": 0, "design_better": 115, "not_distinguishable": 0}],
    "settings": 115, "runs": 2300,
    "params": [
      {"path": "design.centralized.ops_familiarity", "value": "2", "explicit": false,
       "source": "the preset's choice (assumption, …)", "low": "1", "high": "3",
       "range": "the reference's plausible range",
       "effects": [                           per metric
         {"metric": "ttr_mean_h",
          "at_low": {"mean": -0.39, …}, "at_high": {"mean": -1.97, …},   the difference at each end
          "swing": 1.58,                      |at_high − at_low|, or Morris's μ*
          "moves": true,                      an end differs distinguishably from "at"
          "mu": 0, "sigma": 0,                Morris's μ and σ
          "flips": [{"at": "1.18", "below": "centralized", "above": "collective",
                     "from": "1", "to": "1.5", "from_diff": {…}, "to_diff": {…}}]}
       ]}
    ],
    "skipped": [{"path": "services.failover", "value": "0", "why": "it is 0 and …"}],
    "build": {…}                              the opsim build, as in manifest.json
  }
`

// number is a float that encodes NaN and ±Inf as null, which JSON cannot
// otherwise hold.
type number = analysis.Num

// summaryJSON is the --json output of run, compare and sweep.
type summaryJSON struct {
	Command      string      `json:"command"`
	Scenario     string      `json:"scenario"`
	Name         string      `json:"name"`
	Results      string      `json:"results"`
	Report       string      `json:"report,omitempty"`
	Shard        string      `json:"shard"`
	Seed         uint64      `json:"seed"`
	Replications int         `json:"replications"`
	Baseline     string      `json:"baseline"`
	Designs      []string    `json:"designs"`
	Points       []pointJSON `json:"points"`
}

type pointJSON struct {
	Index   int               `json:"index"`
	Params  map[string]string `json:"params"`
	Designs []designJSON      `json:"designs"`
}

type designJSON struct {
	Design    string             `json:"design"`
	Baseline  bool               `json:"baseline"`
	Engineers map[string]float64 `json:"engineers,omitempty"`
	Metrics   []metricJSON       `json:"metrics"`
}

type metricJSON struct {
	Metric string      `json:"metric"`
	Label  string      `json:"label"`
	Unit   string      `json:"unit"`
	Key    bool        `json:"key"`
	N      int         `json:"n"`
	Mean   number      `json:"mean"`
	Lo     number      `json:"lo"`
	Hi     number      `json:"hi"`
	Change *changeJSON `json:"change,omitempty"`
}

type changeJSON struct {
	Diff            number `json:"diff"`
	DiffLo          number `json:"diff_lo"`
	DiffHi          number `json:"diff_hi"`
	Rel             number `json:"rel"`
	RelLo           number `json:"rel_lo"`
	RelHi           number `json:"rel_hi"`
	Distinguishable bool   `json:"distinguishable"`
}

// storedUnit is the unit of a metric's stored value: the display unit,
// except for shares, which are stored as fractions and shown in percent.
func storedUnit(info analysis.MetricInfo) string {
	if info.Scale == 100 {
		return "fraction"
	}
	return info.Unit
}

// summaryOf builds the --json summary of a finished run.
func summaryOf(command string, run *experimentRun, reportPath string) summaryJSON {
	m := &run.set.Manifest
	out := summaryJSON{
		Command: command, Scenario: m.ScenarioFile, Results: run.dir, Report: reportPath,
		Shard: m.Shard, Seed: m.Seed, Replications: replications(run.set), Baseline: baselineOf(run.set), Designs: m.Designs,
		Points: []pointJSON{},
	}
	if sc, err := scenarios.Parse(m.ScenarioFile, []byte(m.Scenario)); err == nil {
		out.Name = sc.Name
	}
	engineers := map[[2]any]map[string]float64{}
	for _, h := range analysis.Headcounts(run.set) {
		engineers[[2]any{h.Point, h.Design}] = h.Engineers
	}
	key := campaign.KeyMetrics(run.set.Metrics)
	byPoint := map[int]int{} // point index -> position in out.Points
	byDesign := map[[2]any]int{}
	for _, r := range run.rows {
		pi, ok := byPoint[r.Point]
		if !ok {
			params := map[string]string{}
			for _, p := range r.Params {
				params[p.Name] = p.Value
			}
			out.Points = append(out.Points, pointJSON{Index: r.Point, Params: params})
			pi = len(out.Points) - 1
			byPoint[r.Point] = pi
		}
		pt := &out.Points[pi]
		dk := [2]any{r.Point, r.Design}
		di, ok := byDesign[dk]
		if !ok {
			pt.Designs = append(pt.Designs, designJSON{Design: r.Design, Baseline: r.Baseline == "", Engineers: engineers[dk]})
			di = len(pt.Designs) - 1
			byDesign[dk] = di
		}
		pt.Designs[di].Metrics = append(pt.Designs[di].Metrics, metricOf(r, slices.Contains(key, r.Metric)))
	}
	return out
}

func metricOf(r results.SummaryRow, key bool) metricJSON {
	info := analysis.Describe(r.Metric)
	mj := metricJSON{Metric: r.Metric, Label: info.Label, Unit: storedUnit(info), Key: key, N: r.N,
		Mean: number(r.Mean), Lo: number(r.Lo), Hi: number(r.Hi)}
	if r.Baseline != "" {
		mj.Change = &changeJSON{Diff: number(r.Diff), DiffLo: number(r.DiffLo), DiffHi: number(r.DiffHi),
			Rel: number(r.Rel), RelLo: number(r.RelLo), RelHi: number(r.RelHi), Distinguishable: r.Distinguishable}
	}
	return mj
}

// validationJSON is the --json output of validate.
type validationJSON struct {
	Valid   int             `json:"valid"`
	Invalid int             `json:"invalid"`
	Files   []fileCheckJSON `json:"files"`
}

type fileCheckJSON struct {
	File    string      `json:"file"`
	OK      bool        `json:"ok"`
	Designs int         `json:"designs,omitempty"`
	Points  int         `json:"points,omitempty"`
	Runs    int         `json:"runs,omitempty"`
	Errors  []errorJSON `json:"errors,omitempty"`
}

type errorJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// errorsOf lists a validation error's located problems; an error that is
// not a scenario error (a file that cannot be read) is one problem naming
// only the file.
func errorsOf(file string, err error) []errorJSON {
	var es scenarios.Errors
	if errors.As(err, &es) {
		var out []errorJSON
		for _, e := range es {
			out = append(out, errorJSON{File: e.File, Line: e.Line, Field: e.Field, Message: e.Msg})
		}
		return out
	}
	var e *scenarios.Error
	if errors.As(err, &e) {
		return []errorJSON{{File: e.File, Line: e.Line, Field: e.Field, Message: e.Msg}}
	}
	return []errorJSON{{File: file, Message: err.Error()}}
}

// replications is the most replications any design has at any point.
func replications(set *results.Set) int {
	n := map[[2]any]int{}
	most := 0
	for _, r := range set.Records {
		k := [2]any{r.Point, r.Design}
		n[k]++
		most = max(most, n[k])
	}
	return most
}

// printSummaryJSON writes run's --json summary; reportPath is "" when no
// report was written (run, or a shard).
func printSummaryJSON(stdout io.Writer, command string, run *experimentRun, reportPath string) error {
	return writeJSON(stdout, summaryOf(command, run, reportPath))
}

// writeJSON prints v indented, for people and jq alike.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
