package campaign

import (
	"slices"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// runSummary summarises a campaign's runs as they come in plan order, a
// sweep point at a time (analysis.Summarizer), and keeps of every run only
// its identity and what the regime checks read (analysis.RegimeMetrics):
// memory holds one point's records, not the campaign's, whatever the
// number of points.
type runSummary struct {
	m       *results.Manifest
	sum     *analysis.Summarizer // nil: no summary (a shard)
	pending []results.Record     // the point coming in
	// regimes is what analysis.Regimes reads: each run's identity and its
	// values of regimeCols; the teams table's rows are the caller's.
	regimes    results.Set
	regimeCols []int
}

// newRunSummary summarises runs of m with the given metrics; without
// summary it keeps what the regimes read only.
func newRunSummary(m *results.Manifest, metrics []string, summary bool) (*runSummary, error) {
	s := &runSummary{m: m, regimes: results.Set{Manifest: *m}}
	if summary {
		var err error
		if s.sum, err = analysis.NewSummarizer(m, metrics, summaryOptions(m)); err != nil {
			return nil, err
		}
	}
	for _, name := range analysis.RegimeMetrics {
		if i := slices.Index(metrics, name); i >= 0 {
			s.regimes.Metrics = append(s.regimes.Metrics, name)
			s.regimeCols = append(s.regimeCols, i)
		}
	}
	return s, nil
}

// add takes the next run's record, in plan order, and returns the record
// as the campaign's Set keeps it: its identity, with no values (they are
// in runs.csv and, summarised, in the summary), its parameters and design
// those of the manifest rather than a copy per run.
func (s *runSummary) add(r results.Record) (results.Record, error) {
	if s.sum != nil {
		if len(s.pending) > 0 && s.pending[0].Point != r.Point {
			if err := s.flush(); err != nil {
				return r, err
			}
		}
		s.pending = append(s.pending, r)
	}
	id := r.Run
	if i := slices.IndexFunc(s.m.Points, func(p results.Point) bool { return p.Index == r.Point }); i >= 0 {
		id.Params = s.m.Points[i].Params
	}
	if i := slices.Index(s.m.Designs, r.Design); i >= 0 {
		id.Design = s.m.Designs[i]
	}
	kept := results.Record{Run: id, Values: make([]float64, len(s.regimeCols))}
	for i, c := range s.regimeCols {
		kept.Values[i] = r.Values[c]
	}
	s.regimes.Records = append(s.regimes.Records, kept)
	return results.Record{Run: id}, nil
}

// flush summarises the point coming in.
func (s *runSummary) flush() error {
	err := s.sum.Add(s.pending)
	clear(s.pending)
	s.pending = s.pending[:0]
	return err
}

// rows are the summary rows of every run added.
func (s *runSummary) rows() ([]results.SummaryRow, error) {
	if err := s.flush(); err != nil {
		return nil, err
	}
	return s.sum.Rows(), nil
}

// regimesOf are the regimes of the runs added, their teams table rows
// those of tables (the rows analysis.ReportRow keeps).
func (s *runSummary) regimesOf(tables []results.Table) []analysis.Regime {
	s.regimes.Tables = tables
	return analysis.Regimes(&s.regimes)
}

// summaryOptions are the options of a campaign's summary of m.
func summaryOptions(m *results.Manifest) analysis.SummaryOptions {
	return analysis.SummaryOptions{Level: analysis.DefaultLevel, Seed: m.Seed}
}
