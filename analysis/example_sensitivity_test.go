package analysis_test

import (
	"fmt"

	"github.com/opsim/opsim/analysis"
)

// Morris's screening on an output that two of three values drive, one of
// them only through the other: μ* ranks them, σ shows the interaction.
func ExampleMorrisEffects() {
	traj := analysis.MorrisDesign(3, 20, 4, 1)
	y := make([][]float64, len(traj))
	for t, tr := range traj {
		for _, x := range tr.Points {
			y[t] = append(y[t], 2*x[0]+x[0]*x[1])
		}
	}
	_, muStar, sigma := analysis.MorrisEffects(traj, y)
	for i := range muStar {
		fmt.Printf("value %d: μ* %.2f, σ>0 %v\n", i, muStar[i], sigma[i] > 1e-9)
	}
	// Output:
	// value 0: μ* 2.40, σ>0 true
	// value 1: μ* 0.47, σ>0 true
	// value 2: μ* 0.00, σ>0 false
}

// Bisection leaves a flip between two settings; the threshold a report
// states is the shortest number between them.
func ExampleRoundWithin() {
	fmt.Println(analysis.RoundWithin(0.71875, 0.734375, false))
	fmt.Println(analysis.RoundWithin(6, 7, true))
	// Output:
	// 0.73
	// 7
}
