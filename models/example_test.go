package models_test

import (
	"context"
	"fmt"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// One replication of a small organisation under two designs, on the same
// random streams: the centralized design hands incidents from a 24×7 NOC
// to the owning team, the collective one pages the owners directly.
func Example() {
	org := models.Org{
		Name: "example", Horizon: 26 * 168, Warmup: 2 * 168,
		ProductTeams: 4, EngineersPerTeam: 5,
		ProductTeam: models.TeamConfig{FeatureRate: 3.0 / 168, Runbooks: 1, Familiarity: 1},
		Services:    models.ServicesConfig{PerTeam: 3, Graph: "scale-free", MeanDegree: 1.5, Coupling: 0.1, CascadeDelay: 0.2, SLO: 0.999},
		Work:        models.WorkConfig{ContextSwitch: 1.0 / 3},
		Incident: models.IncidentConfig{
			Rate:       0.5 / 168,
			Monitoring: 0.8, AlertDelay: 0.1, CustomerDelay: 2,
			Severities: []models.Severity{{Name: "sev", Share: 1, Effort: sim.DistSpec{Kind: "lognormal", Median: 1, P90: 4}, EscalateAfter: 8, Impact: 0.5}},
		},
		Response: models.ResponseConfig{AckBusiness: 0.1, AckAfterHours: 0.5, Handoff: 0.25, Misroute: 0.1, Triage: sim.DistSpec{Kind: "deterministic", Mean: 0.5}},
	}
	for _, d := range []models.Design{{Name: "centralized", Preset: models.PresetCentralized}, {Name: "collective", Preset: models.PresetCollective}} {
		cfg, err := models.Expand(org, d)
		if err != nil {
			fmt.Println(err)
			return
		}
		r, err := models.Run(context.Background(), cfg, sim.NewStreams(1, "rep=0"))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-11s  restore %.1f h, %.2f handoffs per incident, %.1f features a week\n",
			d.Name, r.Value("ttr_mean_h"), r.Value("handoffs_per_incident"), r.Value("features_per_week"))
	}
	// Output:
	// centralized  restore 4.1 h, 0.56 handoffs per incident, 11.8 features a week
	// collective   restore 2.9 h, 0.00 handoffs per incident, 11.8 features a week
}
