package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// breakFactor is the "breaks" rule for sweeps: a design breaks at the first
// sweep value where a waiting-time metric exceeds this multiple of its
// value at the smallest point, distinguishably (the intervals do not meet). Doubling is crude but easy to state and to
// check against the tables, which is what a report's reader needs.
const breakFactor = 2

// breakMetrics are the metrics the break rule watches: queueing shows in
// the first-response wait before anything else, then in restore times.
var breakMetrics = []string{"first_response_wait_h", "ttr_mean_h"}

// breaks applies the break rule along a one-parameter sweep and says, per
// design, where it breaks or that it holds up.
func breaks(v *view) []string {
	if len(v.varying) != 1 || len(v.points) < 2 {
		return nil
	}
	pts := v.sweepOrder()
	first := pts[0]
	var out []string
	for _, d := range v.designs {
		var found []string
		var held []string
		for _, m := range v.present(breakMetrics) {
			info := Describe(m)
			ref, ok := v.row(first.Index, d, m)
			if !ok || !(ref.Mean > 0) || math.IsInf(ref.Mean, 0) {
				continue
			}
			broke := false
			for _, p := range pts[1:] {
				r, ok := v.row(p.Index, d, m)
				// Twice the mean is not enough on its own: small, noisy
				// waits double by chance. The rise must also be
				// distinguishable, the interval at p wholly above the one
				// at the smallest point.
				if !ok || !(r.Mean > breakFactor*ref.Mean) || !(r.Lo > ref.Hi) {
					continue
				}
				found = append(found, fmt.Sprintf("at %s its %s is %s %s, %s times the %s %s at %s",
					v.pointLabel(p), info.Label, fmtMean(r.Mean*info.Scale, r.Lo*info.Scale, r.Hi*info.Scale), info.Unit,
					fmtRatio(r.Mean/ref.Mean), fmtMean(ref.Mean*info.Scale, ref.Lo*info.Scale, ref.Hi*info.Scale), info.Unit, v.pointLabel(first)))
				broke = true
				break
			}
			if !broke {
				held = append(held, info.Label)
			}
		}
		switch {
		case len(found) > 0:
			out = append(out, fmt.Sprintf("%s breaks down along the sweep: %s.", strong(d), strings.Join(found, "; and ")))
		case len(held) == 1:
			out = append(out, fmt.Sprintf("%s holds up across the sweep: its %s never rises distinguishably past %s its value at %s.",
				strong(d), held[0], timesWord(breakFactor), v.pointLabel(first)))
		case len(held) > 1:
			out = append(out, fmt.Sprintf("%s holds up across the sweep: its %s never rise distinguishably past %s their values at %s.",
				strong(d), joinList(held, "and"), timesWord(breakFactor), v.pointLabel(first)))
		}
	}
	return out
}

func timesWord(k int) string {
	if k == 2 {
		return "twice"
	}
	return strconv.Itoa(k) + " times"
}

func fmtRatio(x float64) string {
	if x >= 10 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}
