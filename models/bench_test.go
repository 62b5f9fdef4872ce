package models

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsim/opsim/sim"
)

// BenchmarkModel runs one simulated year of an 8-team organisation (the
// size of the bundled default scenario) per iteration, under both designs
// of that scenario, and reports the model's events per second.
func BenchmarkModel(b *testing.B) {
	org := smallOrg()
	org.ProductTeams, org.EngineersPerTeam, org.PlatformTeamSize = 8, 6, 4
	org.Horizon, org.Warmup = 52*week, 4*week
	for _, d := range []Design{{Name: "centralized", Preset: PresetCentralized}, collective} {
		cfg, err := Expand(org, d)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(d.Name, func(b *testing.B) { benchReplications(b, cfg) })
	}
}

// benchReplications runs replications of cfg for the benchmark's loop and
// reports events and replications per second.
func benchReplications(b *testing.B, cfg Config) {
	var events uint64
	i := 0
	for b.Loop() {
		r, err := Run(context.Background(), cfg, sim.NewStreams(1, fmt.Sprintf("rep=%d", i)))
		if err != nil {
			b.Fatal(err)
		}
		events += r.Events
		i++
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "replications/s")
}
