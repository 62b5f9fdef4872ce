package analysis

import (
	"math"
	"slices"

	"github.com/opsim/opsim/results"
)

// FocusPoint is the sweep point that Figures draws distributions and the
// trade-off at: the largest value of a one-parameter numeric sweep (where
// differences between designs are usually largest), otherwise the last
// point. points must be sorted by index. Time series are drawn at the
// first point. A caller holding a large results folder reads the samples
// and series of those two points only.
func FocusPoint(points []results.Point) results.Point {
	if len(points) == 0 {
		return results.Point{}
	}
	focus := points[len(points)-1]
	var varying []sweepParam
	for _, p := range sweepParams(points) {
		if p.Distinct > 1 {
			varying = append(varying, p)
		}
	}
	if len(varying) == 1 && varying[0].Value != nil {
		best := math.Inf(-1)
		for _, p := range points {
			if x := varying[0].Value[p.Index]; x > best {
				best, focus = x, p
			}
		}
	}
	return focus
}

// FigurePoints are the indexes of the points whose runs' samples and
// series Figures uses: the focus point and the first point.
func FigurePoints(points []results.Point) []int {
	if len(points) == 0 {
		return nil
	}
	first := slices.MinFunc(points, func(a, b results.Point) int { return a.Index - b.Index })
	return []int{FocusPoint(points).Index, first.Index}
}
