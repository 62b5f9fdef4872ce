package scenarios_test

import (
	"fmt"

	"github.com/opsim/opsim/scenarios"
)

func ExampleParse() {
	src := `
name = "small"
horizon = "26w"
replications = 10

[org]
product_teams = 4
feature_rate = "2/week"

[services]
coupling = 0.05

[design.centralized]
ops_team_size = 5

[design.collective]

[sweep]
"design.centralized.ops_team_size" = [3, 5, 8]
`
	s, err := scenarios.Parse("small.toml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range s.Designs {
		fmt.Printf("design %s (preset %s)\n", d.Name, d.Preset)
	}
	fmt.Printf("baseline %s, %d replications\n", s.Baseline, s.Replications)
	fmt.Printf("%.0f hours, %d teams of %d, %.0f features/week each, coupling %v\n",
		s.Org.Horizon, s.Org.ProductTeams, s.Org.EngineersPerTeam, s.Org.ProductTeam.FeatureRate*168, s.Org.Services.Coupling)
	for _, p := range s.Points() {
		_, designs, _ := s.At(p)
		fmt.Println("point", p.Index, p.Params, "ops team", designs[0].OpsTeamSize)
	}
	// Output:
	// design centralized (preset centralized)
	// design collective (preset collective)
	// baseline centralized, 10 replications
	// 4368 hours, 4 teams of 6, 2 features/week each, coupling 0.05
	// point 0 [{design.centralized.ops_team_size 3}] ops team 3
	// point 1 [{design.centralized.ops_team_size 5}] ops team 5
	// point 2 [{design.centralized.ops_team_size 8}] ops team 8
}

// Every problem in a file is reported at once, by line, with the field.
func ExampleParse_errors() {
	src := `horizon = "26w"
[org]
product_teams = 4
calender = "24x7"
[services]
coupling = 1.5
[design.centralized]
ops_team_size = "eight"
`
	_, err := scenarios.Parse("broken.toml", []byte(src))
	fmt.Println(err)
	// Output:
	// broken.toml:4: org.calender: unknown key (did you mean "calendar"?)
	// broken.toml:6: services.coupling: is a probability and must be between 0 and 1, got 1.5
	// broken.toml:8: design.centralized.ops_team_size: wrong type: expected integer, found string
}

func ExampleOverride() {
	src := []byte(`horizon = "26w"
[org]
product_teams = 4   # grows next year
[design.collective]
`)
	out, err := scenarios.Override("small.toml", src, []string{"org.product_teams=12", "work.context_switch=30m"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// horizon = "26w"
	// [org]
	// product_teams = 12   # grows next year
	// [design.collective]
	//
	// [work]
	// context_switch = "30m" # --set
}
