package analysis

import (
	"strings"

	"github.com/opsim/opsim/results"
)

// Callouts are what a report says in words about a Set, for a page that
// shows results as they arrive (opsim serve): the same sentences, from the
// same rules, so that a room hears what the report would say.
type Callouts struct {
	// Headline is the report's answer in a sentence or two per design
	// (marked text: see MarkedHTML).
	Headline []string
	// Sweep is the headline's sentence on where each design breaks along
	// a one-parameter sweep ("Along product teams from 5 to 40, ..."),
	// "" without one.
	Sweep string
	// Warnings say, per design and point, what is wrong with its steady
	// state: no steady state ("unstable"), replications that split into
	// regimes, a warm-up too short.
	Warnings []string
	// Breaks are, along a one-parameter sweep, where each design breaks
	// first and why; empty without such a sweep or when all hold up.
	Breaks []Break
	// BreakRule states the rule the breaks follow, with its floors.
	BreakRule string
}

// Break is where a design breaks along a one-parameter sweep.
type Break struct {
	Design string
	// Point is the sweep point's index and Value its swept value as the
	// sweep writes it ("20").
	Point int
	Value string
	// Unstable says the design has no steady state there (a queue grows
	// without bound, or its replications split into regimes); otherwise a
	// watched measure broke by the rule.
	Unstable bool
	// Queue names the team whose queue grows, when Unstable and the model
	// flagged one; Metric names the measure that broke otherwise.
	Queue, Metric string
	// Why says it in a clause, as the report's findings do: "at 20
	// product teams it has no steady state (ops's queue grows ...)".
	Why string
}

// CalloutsOf says in words what set and its summary rows (Summarize) show,
// read with the scenario's report options.
func CalloutsOf(set *results.Set, rows []results.SummaryRow, opt ReportOptions) Callouts {
	if set == nil || len(rows) == 0 {
		return Callouts{}
	}
	v := newView(set, rows, opt)
	c := Callouts{Headline: headline(v), Warnings: v.stateWarnings()}
	if !v.breakable() {
		return c
	}
	c.BreakRule = v.breakRule()
	c.Sweep = breakHeadline(v)
	firsts := v.firstBreaks()
	first := v.sweepOrder()[0]
	sp := v.varying[0]
	for _, d := range v.designs {
		b, ok := firsts[d]
		if !ok {
			continue
		}
		br := Break{Design: d, Point: b.at.Index, Value: sp.Text[b.at.Index], Metric: b.metric, Why: v.breakClause(b, first)}
		if b.regime != nil {
			br.Unstable, br.Queue = true, b.regime.Team
		}
		c.Breaks = append(c.Breaks, br)
	}
	return c
}

// MarkedHTML renders the marked text of Callouts as HTML: everything
// escaped, design names in <strong>.
func MarkedHTML(s string) string { return string(emphasis(s)) }

// MarkedText is marked text as plain text.
func MarkedText(s string) string { return strings.ReplaceAll(s, mark, "") }
