package campaign

import (
	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// runSummary summarises a campaign's runs as they come in plan order, a
// sweep point at a time: the summary (analysis.Summarizer) and the
// regimes (analysis.Regimes, which read each design at each point alone).
// Memory holds one point's records and teams rows, and a regime per point
// and design, not a record per run, whatever the number of runs.
type runSummary struct {
	m   *results.Manifest
	sum *analysis.Summarizer // nil: no summary (a shard)
	// point is the point coming in: its records and the rows of its runs
	// that analysis.ReportRow keeps (the regimes read the teams table's).
	point   results.Set
	regimes []analysis.Regime
}

// newRunSummary summarises runs of m with the shape sc; without summary
// it makes the regimes only.
func newRunSummary(m *results.Manifest, sc *results.Schema, summary bool) (*runSummary, error) {
	s := &runSummary{m: m, point: *shapes(m, sc)}
	s.point.Manifest = results.Manifest{Designs: m.Designs, Baseline: m.Baseline}
	if summary {
		var err error
		if s.sum, err = analysis.NewSummarizer(m, sc.Metrics, summaryOptions(m)); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// add takes the next run's record, in plan order, and its rows of the
// schema's tables (nil when the regimes are not read).
func (s *runSummary) add(r results.Record, rows [][]results.TableRow) error {
	if len(s.point.Records) > 0 && s.point.Records[0].Point != r.Point {
		if err := s.flush(); err != nil {
			return err
		}
	}
	s.point.Records = append(s.point.Records, r)
	for i := range rows {
		keepRows(&s.point, i, r.Rep, rows[i])
	}
	return nil
}

// flush summarises the point coming in and reads its regimes.
func (s *runSummary) flush() error {
	if len(s.point.Records) == 0 {
		return nil
	}
	var err error
	if s.sum != nil {
		err = s.sum.Add(s.point.Records)
	}
	s.point.Manifest.Points = nil
	for _, p := range s.m.Points {
		if p.Index == s.point.Records[0].Point {
			s.point.Manifest.Points = []results.Point{p}
		}
	}
	s.regimes = append(s.regimes, analysis.Regimes(&s.point)...)
	clear(s.point.Records)
	s.point.Records = s.point.Records[:0]
	for i := range s.point.Tables {
		t := &s.point.Tables[i]
		clear(t.Rows)
		t.Rows = t.Rows[:0]
	}
	return err
}

// rows are the summary rows of every run added.
func (s *runSummary) rows() ([]results.SummaryRow, error) {
	if err := s.flush(); err != nil {
		return nil, err
	}
	return s.sum.Rows(), nil
}

// regimesOf are the regimes of every run added, points and designs in
// plan order (analysis.Regimes' order).
func (s *runSummary) regimesOf() ([]analysis.Regime, error) {
	if err := s.flush(); err != nil {
		return nil, err
	}
	return s.regimes, nil
}

// summaryOptions are the options of a campaign's summary of m.
func summaryOptions(m *results.Manifest) analysis.SummaryOptions {
	return analysis.SummaryOptions{Level: analysis.DefaultLevel, Seed: m.Seed}
}
