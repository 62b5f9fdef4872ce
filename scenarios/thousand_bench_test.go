package scenarios

import (
	"context"
	"runtime"
	"testing"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// BenchmarkThousandTeams runs one simulated year of the default
// organisation grown to 1,000 product teams, under each design, and
// reports the events per replication and the heap at its peak. Its ns/op
// is wall time, which other processes on a shared machine inflate: for the
// issue's "under 2 s of CPU", read the CPU row of make benchcmp
// CMPPKG=./scenarios CMPBENCH=BenchmarkThousandTeams/collective
// CMPTIME=1x, a design's replication per run (process start included).
func BenchmarkThousandTeams(b *testing.B) {
	src, err := Bundled("default.toml")
	if err != nil {
		b.Fatal(err)
	}
	if src, err = Override("default.toml", src, []string{"org.product_teams=1000", "design.centralized.ops_team_size=1000"}); err != nil {
		b.Fatal(err)
	}
	sc, err := Parse("default.toml", src)
	if err != nil {
		b.Fatal(err)
	}
	cfgs, err := sc.Configs(sc.Points()[0])
	if err != nil {
		b.Fatal(err)
	}
	for i, cfg := range cfgs {
		b.Run(sc.Designs[i].Name, func(b *testing.B) {
			var events uint64
			var peak uint64
			for b.Loop() {
				r, err := models.Run(context.Background(), cfg, sim.NewStreams(sc.Seed, "point=0/rep=0"))
				if err != nil {
					b.Fatal(err)
				}
				events += r.Events
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapSys)
			}
			b.ReportMetric(float64(events)/float64(b.N), "events/op")
			b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
		})
	}
}
