package main

import (
	"math"
	"strconv"
)

// changeText writes a relative change as a signed percentage for the
// summary table: whole percent from 1% up, two significant digits below,
// so a distinguishable change of -0.13% reads "-0.13%" and not "-0%",
// which next to "distinguishable" would look like a contradiction.
func changeText(rel float64) string {
	pct := 100 * rel
	switch {
	case math.IsNaN(pct):
		return "n/a"
	case pct == 0:
		return "+0%"
	}
	dec := 0
	if math.Abs(pct) < 0.995 {
		dec = 1 - int(math.Floor(math.Log10(math.Abs(pct)))) // two significant digits: 0.13, 0.013
	}
	s := strconv.FormatFloat(pct, 'f', dec, 64)
	if pct > 0 {
		s = "+" + s
	}
	return s + "%"
}
