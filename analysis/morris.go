package analysis

import (
	"math"
	"math/rand/v2"
)

// MorrisTrajectory is one of Morris's trajectories through the unit cube
// of k parameters' ranges (0 is a range's low end, 1 its high end):
// Points[0] is a random point of the grid, and each next point differs
// from the one before in parameter Factor[j] alone, by ±Δ. Each step is an
// elementary effect of one parameter, seen at a different place of the
// others' ranges on every trajectory.
type MorrisTrajectory struct {
	Points [][]float64
	Factor []int
}

// MorrisDesign draws r trajectories for k parameters on a grid of levels
// levels (Morris 1991): Δ = ⌊levels/2⌋/(levels−1), so that every step
// stays on the grid (2/3 for four levels); each parameter moves once per
// trajectory, in a random order, up from the lower part of the grid or
// down from the upper part. The design is a pure function of its
// arguments, so a sensitivity run is reproducible from its seed.
func MorrisDesign(k, r, levels int, seed uint64) []MorrisTrajectory {
	if k < 1 || r < 1 || levels < 2 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d6f72726973)) // "morris"
	step := math.Floor(float64(levels)/2) / float64(levels-1)
	upFrom := levels - int(math.Floor(float64(levels)/2)) // levels a rising parameter may start at
	out := make([]MorrisTrajectory, r)
	for t := range out {
		x := make([]float64, k)
		dir := make([]float64, k)
		for i := range x {
			if rng.IntN(2) == 0 {
				dir[i] = 1
				x[i] = float64(rng.IntN(upFrom)) / float64(levels-1)
			} else {
				dir[i] = -1
				x[i] = 1 - float64(rng.IntN(upFrom))/float64(levels-1)
			}
		}
		tr := MorrisTrajectory{Points: [][]float64{append([]float64(nil), x...)}, Factor: rng.Perm(k)}
		for _, f := range tr.Factor {
			x[f] = math.Min(1, math.Max(0, x[f]+dir[f]*step))
			tr.Points = append(tr.Points, append([]float64(nil), x...))
		}
		out[t] = tr
	}
	return out
}

// MorrisEffects computes each parameter's elementary effects from the
// outputs y[t][j] at point j of trajectory t: the change in the output
// over the change in the parameter, in units of its whole range, so an
// effect reads as "moving this value from the low to the high end of its
// range moves the output by this much". It returns per parameter their
// mean μ (signed), the mean of their absolute values μ* (Campolongo et
// al. 2007: the ranking measure, since effects of opposite signs do not
// cancel) and their standard deviation σ (large when the parameter
// interacts with others or acts non-linearly). Steps whose output is NaN
// or whose parameter did not move (a count rounded to the same value) are
// left out; a parameter with none has NaN.
func MorrisEffects(traj []MorrisTrajectory, y [][]float64) (mu, muStar, sigma []float64) {
	if len(traj) == 0 {
		return nil, nil, nil
	}
	k := len(traj[0].Factor)
	ees := make([][]float64, k)
	for t, tr := range traj {
		for j, f := range tr.Factor {
			dx := tr.Points[j+1][f] - tr.Points[j][f]
			dy := y[t][j+1] - y[t][j]
			if dx == 0 || math.IsNaN(dy) {
				continue
			}
			ees[f] = append(ees[f], dy/dx)
		}
	}
	mu, muStar, sigma = make([]float64, k), make([]float64, k), make([]float64, k)
	for i, e := range ees {
		abs := make([]float64, len(e))
		for j, v := range e {
			abs[j] = math.Abs(v)
		}
		mu[i], sigma[i] = meanSD(e)
		muStar[i], _ = meanSD(abs)
		if len(e) == 1 {
			sigma[i] = 0
		}
	}
	return mu, muStar, sigma
}
