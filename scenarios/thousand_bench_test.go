package scenarios

import (
	"context"
	"runtime"
	"syscall"
	"testing"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// BenchmarkThousandTeams runs one simulated year of the default
// organisation grown to 1,000 product teams, under each design, and
// reports the events per replication, the CPU it took (cpu-s/op: user and
// system time of the process, the garbage collector's work on other cores
// included, which is what issue 12's "under 2 s of CPU" counts; ns/op is
// wall time) and the heap at its peak. A shared machine's speed drifts:
// compare builds side by side with make benchcmp CMPPKG=./scenarios
// CMPBENCH=BenchmarkThousandTeams CMPTIME=1x.
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
			cpu0 := cpuSeconds(b)
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
			b.ReportMetric((cpuSeconds(b)-cpu0)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(events)/float64(b.N), "events/op")
			b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
		})
	}
}

// cpuSeconds is the user and system CPU time the process has used.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
