package models

import "testing"

// BenchmarkModelDelivery is BenchmarkModel's collective year with every
// mechanism of the delivery pipeline, coordination and money on, to
// compare side by side with the same organisation without them (run both:
// go test ./models -bench 'Model' -run '^$').
func BenchmarkModelDelivery(b *testing.B) {
	org := smallOrg()
	org.ProductTeams, org.EngineersPerTeam, org.PlatformTeamSize = 8, 6, 4
	org.Horizon, org.Warmup = 52*week, 4*week
	org.Pipeline = PipelineConfig{Batch: 3, Overhead: 4, Rework: 0.25, Toggles: 0.3, Mitigate: 1.0 / 6,
		Stages: []StageConfig{{Name: "staging", Time: 4, Effort: 0.5, Catch: 0.5}}, Canary: 0.05, CanaryCatch: 0.7, CanaryTime: 1, CAB: week}
	org.Coordination = CoordinationConfig{PerPeer: 0.043, Turnover: 0.13, Onboarding: 80, Incident: 0.5, PlatformRequests: 1.75 / week, PlatformBlocking: true}
	org.Costs = pricedOrg().Costs
	cfg, err := Expand(org, collective)
	if err != nil {
		b.Fatal(err)
	}
	benchReplications(b, cfg)
}
