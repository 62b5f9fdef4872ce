package analysis_test

import (
	"fmt"

	"github.com/opsim/opsim/analysis"
)

// Five replications of one design give a mean time to restore with a
// 95% Student-t interval.
func ExampleMeanCI() {
	mttr := []float64{41, 38, 45, 40, 36} // minutes, one value per replication
	e := analysis.MeanCI(mttr, 0.95)
	fmt.Printf("mean %.1f min, 95%% CI [%.1f, %.1f], ±%.0f%%\n", e.Mean, e.Lo, e.Hi, 100*e.RelHalfWidth())
	// Output:
	// mean 40.0 min, 95% CI [35.8, 44.2], ±11%
}

// Two designs run with common random numbers: replication i of both saw
// the same incidents, so the per-replication differences are compared.
func ExamplePairedDiff() {
	base := []float64{41, 38, 45, 40, 36}  // p90 time to restore, current rota
	alt := []float64{25, 22, 27, 24, 20.5} // same seeds, follow-the-sun rota
	d, err := analysis.PairedDiff(base, alt, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("difference %.1f min [%.1f, %.1f]\n", d.Mean, d.Lo, d.Hi)
	fmt.Println(d.Describe("p90 time to restore"))
	// Output:
	// difference -16.3 min [-17.5, -15.1]
	// cuts p90 time to restore by 41% [39%, 43%]
}
