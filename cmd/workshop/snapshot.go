package workshop

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/results"
)

// snapshot is one update of the page: the estimates from the runs done so
// far, in the words and numbers the CLI and the report use.
type snapshot struct {
	// Kind is "progress" (more runs to come) or "done".
	Kind string `json:"kind"`
	Grow bool   `json:"grow"`
	// Done and Total count runs; Reps is the replications per design
	// asked for, RepsDone those every design has.
	Done     int     `json:"done"`
	Total    int     `json:"total"`
	Reps     int     `json:"reps"`
	RepsDone int     `json:"repsDone"`
	Seconds  float64 `json:"seconds"`
	// Tables are the key metrics per design, one per point (for a grow,
	// the last complete point's).
	Tables   []tableJSON `json:"tables,omitempty"`
	Headline []string    `json:"headline,omitempty"` // HTML
	// Sweep is the headline's sentence on where each design breaks along
	// the grow (HTML).
	Sweep     string      `json:"sweep,omitempty"`
	Warnings  []string    `json:"warnings,omitempty"`
	Breaks    []breakJSON `json:"breaks,omitempty"`
	BreakRule string      `json:"breakRule,omitempty"`
	Charts    []chartJSON `json:"charts,omitempty"`
	Steps     []stepJSON  `json:"steps,omitempty"`
	// Command is the opsim command that prints these numbers.
	Command string `json:"command,omitempty"`
	// Export names the file the export writes, which Command may run.
	Export string `json:"export,omitempty"`

	rows []results.SummaryRow
	err  error
}

type tableJSON struct {
	Title    string    `json:"title"`
	Designs  []string  `json:"designs"`
	Baseline string    `json:"baseline"`
	Rows     []rowJSON `json:"rows"`
	Verdicts []string  `json:"verdicts,omitempty"`
}

type rowJSON struct {
	Metric string     `json:"metric"`
	Label  string     `json:"label"`
	Cells  []cellJSON `json:"cells"`
}

// cellJSON is a table cell: its text as the CLI prints it and the summary
// row's numbers, so that a test can compare both with the CLI's.
type cellJSON struct {
	Text   string `json:"text"`
	Hidden string `json:"hidden,omitempty"`
	N      int    `json:"n,omitempty"`
	Mean   number `json:"mean"`
	Lo     number `json:"lo"`
	Hi     number `json:"hi"`
	Rel    number `json:"rel"`
	// Verdict is "better", "worse" or "" (the baseline, or not
	// distinguishable), for the cell's colour.
	Verdict string `json:"verdict,omitempty"`
}

type breakJSON struct {
	Design   string `json:"design"`
	Teams    string `json:"teams"`
	Unstable bool   `json:"unstable"`
	Queue    string `json:"queue,omitempty"`
	Metric   string `json:"metric,omitempty"`
	Why      string `json:"why"`
}

type chartJSON struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Caption string `json:"caption"`
	SVG     string `json:"svg"`
}

type stepJSON struct {
	Teams int  `json:"teams"`
	Done  bool `json:"done"`
}

// number is a float that JSON writes as null when it is not a number.
type number = analysis.Num

// snapshot summarises what g holds (the complete points for a grow) as
// the report would, and draws the key figure.
func (j *job) snapshot(g *campaign.Gather, complete []int, kind string, took time.Duration) *snapshot {
	s := &snapshot{Kind: kind, Grow: j.grow != nil, Done: g.Runs(), Total: len(j.plan.Runs()), Reps: j.plan.Reps, Seconds: took.Seconds()}
	s.Command, s.Export = j.cli()
	if j.grow != nil {
		s.Steps = j.steps(complete)
	}
	set := j.resultSet(g, complete)
	s.RepsDone = repsDone(set)
	rows, err := campaign.Summary(set)
	if err != nil {
		s.err = err
		return s
	}
	s.rows = rows
	opt := j.plan.ReportOptions()
	tables := campaign.KeyTables(set, rows, analysis.Regimes(set))
	if j.grow != nil && len(tables) > 0 {
		tables = tables[len(tables)-1:]
	}
	for _, kt := range tables {
		s.Tables = append(s.Tables, tableOf(kt, j.plan.Baseline()))
	}
	c := analysis.CalloutsOf(set, rows, opt)
	for _, h := range c.Headline {
		s.Headline = append(s.Headline, analysis.MarkedHTML(h))
	}
	s.Warnings = c.Warnings
	if c.Sweep != "" {
		s.Sweep = analysis.MarkedHTML(c.Sweep)
	}
	s.BreakRule = c.BreakRule
	for _, b := range c.Breaks {
		s.Breaks = append(s.Breaks, breakJSON{Design: b.Design, Teams: b.Value, Unstable: b.Unstable, Queue: b.Queue, Metric: b.Metric, Why: b.Why})
	}
	want := "changes"
	if j.grow != nil {
		want = "scaling"
	}
	for _, f := range analysis.Figures(set, rows, opt) {
		if f.Name != want && !(want == "changes" && len(set.Manifest.Designs) == 1 && f.Name == "comparison") {
			continue
		}
		var b bytes.Buffer
		if err := f.Figure.Encode(&b, "svg"); err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("the %s figure could not be drawn: %v", f.Name, err))
			continue
		}
		s.Charts = append(s.Charts, chartJSON{Name: f.Name, Title: f.Title, Caption: f.Caption, SVG: b.String()})
	}
	return s
}

// tableOf is a key table as the page shows it.
func tableOf(kt campaign.KeyTable, baseline string) tableJSON {
	t := tableJSON{Title: kt.Title, Designs: kt.Designs, Baseline: baseline, Verdicts: kt.Verdicts}
	for _, r := range kt.Rows {
		rj := rowJSON{Metric: r.Metric, Label: r.Label}
		higher := analysis.Describe(r.Metric).HigherIsBetter
		for _, c := range r.Cells {
			cj := cellJSON{Text: c.Text, Hidden: c.Hidden, Mean: number(math.NaN()), Lo: number(math.NaN()), Hi: number(math.NaN()), Rel: number(math.NaN())}
			if row := c.Row; row != nil {
				cj.N, cj.Mean, cj.Lo, cj.Hi, cj.Rel = row.N, number(row.Mean), number(row.Lo), number(row.Hi), number(row.Rel)
				if row.Baseline != "" && row.Distinguishable && c.Hidden == "" {
					if (row.Diff > 0) == higher {
						cj.Verdict = "better"
					} else {
						cj.Verdict = "worse"
					}
				}
			}
			rj.Cells = append(rj.Cells, cj)
		}
		t.Rows = append(t.Rows, rj)
	}
	return t
}

// repsDone is the replications every design has at every point of set.
func repsDone(set *results.Set) int {
	count := map[string]int{}
	for _, r := range set.Records {
		count[fmt.Sprintf("%d/%s", r.Point, r.Design)]++
	}
	least := -1
	for _, p := range set.Manifest.Points {
		for _, d := range set.Manifest.Designs {
			if n := count[fmt.Sprintf("%d/%s", p.Index, d)]; least < 0 || n < least {
				least = n
			}
		}
	}
	return max(least, 0)
}
