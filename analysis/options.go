package analysis

import (
	"maps"

	"github.com/opsim/opsim/results"
)

// ReportOptions are a scenario's choices of what its report shows (its
// [report] table). The zero value takes every default.
type ReportOptions struct {
	// Measures are the metrics the scenario is about, in order: the
	// scaling figure's panels. Empty: the measures that change most along
	// the sweep (see scalingMeasures).
	Measures []string
	// Focus is the sweep point that figures and tables of a single point
	// are drawn at, as the point's parameters. Empty: the largest value of
	// a one-parameter numeric sweep, otherwise the last point.
	Focus []results.Param
	// BreakFactor is the relative part of the break rule: a measure worse
	// than this multiple of its value at the first point. 0 means
	// DefaultBreakFactor.
	BreakFactor float64
	// BreakFloor names the measures a break is looked for in, each with
	// the absolute change, in the measure's stored unit, that a break must
	// also exceed. Nil means DefaultBreakFloor.
	BreakFloor map[string]float64
	// Tradeoff names the trade-off figure's two measures, horizontal then
	// vertical, e.g. cost_per_year against ttr_mean_h. Empty: mean time to
	// restore against feature throughput.
	Tradeoff []string
	// Sources are the values the scenario uses and where each comes from,
	// for the report's "Where the values come from"; nil leaves it out.
	Sources []Source
	// Sensitivity is a sensitivity analysis of the same scenario text, if
	// one was found: the report then says which assumptions decide its
	// result and lists the sources most decisive first. SensitivityLink is
	// its page, relative to the report.
	Sensitivity     *Sensitivity
	SensitivityLink string
	// Regimes, if not nil, are the Set's regimes (see Regimes), for a Set
	// whose records do not hold their values: a campaign's, which keeps of
	// every run what Regimes reads and summarises a point at a time. Nil
	// reads them from the Set.
	Regimes []Regime
}

// DefaultTradeoff are the trade-off figure's measures unless a scenario
// names others: how fast incidents are restored against what gets built.
var DefaultTradeoff = []string{"ttr_mean_h", "features_per_week"}

func (o ReportOptions) tradeoff() (x, y string) {
	if len(o.Tradeoff) == 2 {
		return o.Tradeoff[0], o.Tradeoff[1]
	}
	return DefaultTradeoff[0], DefaultTradeoff[1]
}

// DefaultBreakFactor is the relative part of the default break rule: a
// doubling. It is crude but easy to state and to check against the tables.
const DefaultBreakFactor = 2

// DefaultBreakFloor are the measures the break rule watches by default and
// the absolute rise each must exceed as well as doubling. Queueing shows in
// the first-response wait first, then in restore times. Small waits double
// by chance and by effects nobody would act on (2 to 7 minutes of
// first-response wait is no breakdown), so a break must also cost a
// quarter of an hour of waiting (between the 5 and 30 minutes the SRE book
// gives as on-call response targets) or half an hour of restoring (an
// assumption).
func DefaultBreakFloor() map[string]float64 {
	return map[string]float64{"first_response_wait_h": 0.25, "ttr_mean_h": 0.5}
}

// breakFactor and breakFloor resolve the break rule's defaults.
func (o ReportOptions) breakFactor() float64 {
	if o.BreakFactor > 0 {
		return o.BreakFactor
	}
	return DefaultBreakFactor
}

func (o ReportOptions) breakFloor() map[string]float64 {
	if o.BreakFloor != nil {
		return maps.Clone(o.BreakFloor)
	}
	return DefaultBreakFloor()
}
