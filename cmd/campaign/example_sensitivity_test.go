package campaign_test

import (
	"context"
	"fmt"
	"log"

	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/scenarios"
)

// Which assumption decides whether a central ops team or the owning teams
// restore incidents sooner? Here, how much longer ops takes on services it
// does not own.
func ExampleSensitivity() {
	src := []byte(`horizon = "26w"
warmup = "2w"
seed = 42
[org]
product_teams = 4
platform_team = 3
[design.centralized]
ops_team_size = 8
ops_runbooks = 1.0
ops_familiarity = 1.5
[design.collective]
[sensitivity]
replications = 6
metrics = ["ttr_mean_h"]
only = true
[sensitivity.params]
"design.centralized.ops_familiarity" = [1.0, 2.25]
`)
	sc, err := scenarios.Parse("ops.toml", src)
	if err != nil {
		log.Fatal(err)
	}
	res, err := campaign.NewSensitivity(sc).Run(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Params {
		for _, f := range p.Effects[0].Flips {
			fmt.Printf("%s flips the verdict: %s is faster below %s, %s from there up\n", p.Path, f.Below, f.At, f.Above)
		}
	}
	// Output:
	// design.centralized.ops_familiarity flips the verdict: centralized is faster below 1.15, collective from there up
}
