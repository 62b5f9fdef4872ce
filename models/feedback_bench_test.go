package models

import "testing"

// BenchmarkModelFeedback is BenchmarkModel's collective year with every
// feedback mechanism on (prevention with recurring problems and
// automation, a load ramp, swarms, an error-budget freeze, ownership,
// fatigue and attrition), to set beside BenchmarkModel/collective: what
// the mechanisms cost a replication.
func BenchmarkModelFeedback(b *testing.B) {
	org := withFeedback(smallOrg())
	org.ProductTeams, org.EngineersPerTeam, org.PlatformTeamSize = 8, 6, 4
	org.Horizon, org.Warmup = 52*week, 4*week
	org.Fatigue.Attrition = 0.1 // withFeedback's is for a short test: a year of it would empty the teams
	cfg, err := Expand(org, collective)
	if err != nil {
		b.Fatal(err)
	}
	benchReplications(b, cfg)
}
