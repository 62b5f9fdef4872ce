package results_test

import (
	"fmt"
	"log"
	"math"
	"os"

	"github.com/opsim/opsim/results"
)

func ExampleWrite() {
	dir, err := os.MkdirTemp("", "opsim-results-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	scenario := "[org]\nteams = 3\n"
	set := &results.Set{
		Manifest: results.Manifest{
			Scenario:     scenario,
			ScenarioFile: "scenarios/default.toml",
			ScenarioHash: results.HashScenario(scenario),
			Seed:         1,
			Command:      "compare",
			Designs:      []string{"central", "collective"},
			Baseline:     "central",
			Runs:         []string{"central-r0000", "collective-r0000"},
			Build:        results.ReadBuildInfo(),
		},
		Metrics: []string{"lead_time", "cost"},
		Records: []results.Record{
			{Run: results.Run{ID: "central-r0000", Design: "central", Seed: 11}, Values: []float64{4.5, 1200}},
			{Run: results.Run{ID: "collective-r0000", Design: "collective", Seed: 12}, Values: []float64{3.25, math.NaN()}},
		},
		Series: []results.Series{
			{RunID: "collective-r0000", Name: "backlog", Step: 1, Values: []float64{7, 5, 6}},
		},
	}
	if err := results.Write(dir, set); err != nil {
		log.Fatal(err)
	}
	runs, err := os.ReadFile(dir + "/" + results.RunsFile)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(runs))

	back, err := results.Read(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range back.Records {
		fmt.Println(r.ID, r.Design, r.Values)
	}
	s := back.Series[0]
	fmt.Println(s.RunID, s.Name, s.Step, s.Values)
	// Output:
	// run_id,point,design,rep,seed,lead_time,cost
	// central-r0000,0,central,0,11,4.5,1200
	// collective-r0000,0,collective,0,12,3.25,NaN
	// central-r0000 central [4.5 1200]
	// collective-r0000 collective [3.25 NaN]
	// collective-r0000 backlog 1 [7 5 6]
}

// A replication records one row per team in a "teams" table; the manifest
// lists the table so that Read knows to expect teams.csv.
func ExampleTable() {
	dir, err := os.MkdirTemp("", "opsim-results-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	set := &results.Set{
		Manifest: results.Manifest{
			Command: "compare",
			Runs:    []string{"central-r0000"},
			Tables:  []string{"teams"},
		},
		Records: []results.Record{{Run: results.Run{ID: "central-r0000", Design: "central"}}},
		Tables: []results.Table{{
			Name:    "teams",
			Key:     "team",
			Labels:  []string{"kind"},
			Columns: []string{"engineers", "planned_frac"},
			Rows: []results.TableRow{
				{RunID: "central-r0000", Key: "payments", Labels: []string{"stream-aligned"}, Values: []float64{6, 0.7}},
				{RunID: "central-r0000", Key: "platform", Labels: []string{"platform"}, Values: []float64{4, 0.55}},
			},
		}},
	}
	if err := results.Write(dir, set); err != nil {
		log.Fatal(err)
	}
	teams, err := os.ReadFile(dir + "/teams.csv")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(teams))

	back, err := results.Read(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range back.Tables[0].Rows {
		fmt.Println(r.Key, r.Labels, r.Values)
	}
	// Output:
	// run_id,team,kind,engineers,planned_frac
	// central-r0000,payments,stream-aligned,6,0.7
	// central-r0000,platform,platform,4,0.55
	// payments [stream-aligned] [6 0.7]
	// platform [platform] [4 0.55]
}
