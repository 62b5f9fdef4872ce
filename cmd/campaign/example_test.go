package campaign_test

import (
	"context"
	"fmt"
	"log"
	"slices"

	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/scenarios"
)

// A workshop page runs a plan in memory and updates its chart as runs
// finish; moving a slider cancels the context and starts another plan.
func Example() {
	src, err := scenarios.ReadFile("testdata/tiny.toml") // two designs
	if err != nil {
		log.Fatal(err)
	}
	// The page's slider sets the number of product teams.
	src, err = scenarios.Override("tiny.toml", src, []string{"org.product_teams=5"})
	if err != nil {
		log.Fatal(err)
	}
	sc, err := scenarios.Parse("tiny.toml", src)
	if err != nil {
		log.Fatal(err)
	}
	plan, err := campaign.NewPlan(sc, 5, sc.Seed)
	if err != nil {
		log.Fatal(err)
	}
	ttr := slices.Index(plan.Schema.Metrics, "ttr_mean_h")
	runs := map[string]int{}
	restored := map[string]bool{}
	err = plan.Execute(context.Background(), plan.Runs(), campaign.Options{Workers: 2}, func(o campaign.Outcome) error {
		if o.Err != nil {
			return o.Err // or show the failed run and go on
		}
		r := o.Data.Record
		runs[r.Design]++
		restored[r.Design] = restored[r.Design] || r.Values[ttr] > 0
		return nil // here: push the run to the page
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range sc.Designs {
		fmt.Printf("%s: %d runs, incidents restored: %v\n", d.Name, runs[d.Name], restored[d.Name])
	}
	// Output:
	// centralized: 5 runs, incidents restored: true
	// collective: 5 runs, incidents restored: true
}
