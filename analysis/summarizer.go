package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/opsim/opsim/results"
)

// Summarizer makes the rows Summarize makes of a Set a sweep point at a
// time, so that a campaign streaming a large sweep to disk holds one
// point's records rather than every run's. A point's rows compare its
// designs replication by replication, so each Add must bring every
// record of the points it has; what is left for the end is the clipping
// of intervals to their metric's range, which every run's values decide
// and a few flags per metric remember. The rows are Summarize's over every
// record added when the manifest lists every design.
type Summarizer struct {
	set    results.Set // the manifest and metrics; Records only during Add
	opt    SummaryOptions
	bounds []boundsFold
	rows   []results.SummaryRow // intervals not yet clipped
	added  map[int]bool         // points
}

// NewSummarizer summarises runs of the experiment m with the given
// metrics (a Set's Metrics) and options.
func NewSummarizer(m *results.Manifest, metrics []string, opt SummaryOptions) (*Summarizer, error) {
	opt, err := opt.resolve()
	if err != nil {
		return nil, fmt.Errorf("analysis: summarize: %w", err)
	}
	return &Summarizer{set: results.Set{Manifest: *m, Metrics: metrics}, opt: opt,
		bounds: make([]boundsFold, len(metrics)), added: map[int]bool{}}, nil
}

// Add summarises records: every record of each sweep point among them,
// none added before. Errors are Summarize's, and a point added twice.
func (s *Summarizer) Add(records []results.Record) error {
	s.set.Records = records
	defer func() { s.set.Records = nil }()
	ix, err := newIndex(&s.set)
	if err != nil {
		return fmt.Errorf("analysis: summarize: %w", err)
	}
	base, err := ix.baseline(s.opt.Baseline)
	if err != nil {
		return fmt.Errorf("analysis: summarize: %w", err)
	}
	for _, p := range ix.points {
		if s.added[p.Index] {
			return fmt.Errorf("analysis: summarize: point %d added twice: a point's records come in one Add", p.Index)
		}
		s.added[p.Index] = true
		s.rows = append(s.rows, ix.pointRows(p, base, s.opt)...)
	}
	for i := range records {
		foldBounds(s.bounds, records[i].Values)
	}
	return nil
}

// Rows are the summary rows of every point added, points in ascending
// index as Summarize orders them.
func (s *Summarizer) Rows() []results.SummaryRow {
	rows := slices.Clone(s.rows)
	slices.SortStableFunc(rows, func(a, b results.SummaryRow) int { return cmp.Compare(a.Point, b.Point) })
	clipRows(rows, s.set.Metrics, s.bounds)
	return rows
}
