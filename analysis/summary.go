package analysis

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/opsim/opsim/results"
)

// SummaryOptions configures Summarize. The zero value asks for 95%
// intervals against the manifest's baseline with 2000 bootstrap resamples.
type SummaryOptions struct {
	// Level is the confidence level of every interval; 0 means 0.95.
	Level float64
	// Baseline is the design every other design is compared against; ""
	// means the manifest's Baseline, or its first design if that is empty.
	Baseline string
	// Resamples is the number of bootstrap resamples for quantile
	// metrics; 0 means 2000.
	Resamples int
	// Seed seeds the bootstrap. Each (point, design, metric) gets its own
	// stream derived from Seed and a hash of the three, so a row does not
	// depend on which other rows were computed, or in what order.
	Seed uint64
}

// Default option values, chosen so that bootstrap percentile bounds are
// stable to about a percent of the interval width from run to run.
const (
	DefaultLevel     = 0.95
	DefaultResamples = 2000
)

// Summarize computes one results.SummaryRow per (point, design, metric) of
// set: points in ascending index, designs in manifest order (then any design
// the manifest does not list, in order of appearance), metrics in the Set's
// order. A design with no records at a point gets no rows there, so a
// partial set shows what it has rather than rows of "no data".
//
// Mean, StdDev and the Student-t interval (MeanCI) are over the design's
// replications whose value is not NaN, and N counts those: a metric such
// as mean time to restore is undefined, not zero, in a replication without
// incidents. For a non-baseline design the row also compares it with the
// baseline at the same point, paired by replication number because the
// designs share random numbers (PairedDiff); replications where either
// value is NaN are left out of the pairs, so Diff can differ from the
// difference of the two Means when NaNs fall unevenly. With fewer than two
// pairs the comparison is NaN and not Distinguishable.
//
// An interval is clipped to the range the metric's mean can lie in: at 0
// for a metric no replication recorded below 0 (every time, count, rate
// and share), and also at 1 for a share none recorded above 1. The Student-t
// interval of a few small waits and one long one otherwise reaches below
// zero, which no mean of waits can.
//
// Quantile metrics (IsQuantileMetric: ttr_p90_h, lead_time_p85_d, ...)
// have skewed sampling distributions, so their own interval is a
// percentile bootstrap of the mean (BootstrapCI) and the comparison a
// paired bootstrap (PairedBootstrapDiff); StdDev is still the plain sample
// standard deviation, so the sd column means one thing throughout.
//
// The baseline's own rows have Baseline "" and NaN differences. The result
// depends only on set and opt: calling it twice gives identical rows.
// Errors are a nil set, an invalid level or resample count, a baseline that
// is not among the designs, and two records for the same point, design and
// replication, which would make the pairing ambiguous.
func Summarize(set *results.Set, opt SummaryOptions) ([]results.SummaryRow, error) {
	if set == nil {
		return nil, errors.New("analysis: summarize: nil set")
	}
	s, err := NewSummarizer(&set.Manifest, set.Metrics, opt)
	if err != nil {
		return nil, err
	}
	if err := s.Add(set.Records); err != nil {
		return nil, err
	}
	return s.Rows(), nil
}

// resolve fills opt's defaults and checks it.
func (opt SummaryOptions) resolve() (SummaryOptions, error) {
	if opt.Level == 0 {
		opt.Level = DefaultLevel
	}
	if !(opt.Level > 0 && opt.Level < 1) {
		return opt, fmt.Errorf("level %v, want a value in (0, 1)", opt.Level)
	}
	if opt.Resamples == 0 {
		opt.Resamples = DefaultResamples
	}
	if opt.Resamples < 0 {
		return opt, fmt.Errorf("%d resamples, want a positive number", opt.Resamples)
	}
	return opt, nil
}

// pointRows are the rows of point p, their intervals not yet clipped
// (clipRows does that once every value is known).
func (ix *index) pointRows(p results.Point, base string, opt SummaryOptions) []results.SummaryRow {
	var rows []results.SummaryRow
	baseCell := ix.cells[cellKey{p.Index, base}]
	for _, d := range ix.designs {
		cell := ix.cells[cellKey{p.Index, d}]
		if cell == nil {
			continue
		}
		for mi, m := range ix.set.Metrics {
			row := results.SummaryRow{
				Point:  p.Index,
				Params: slices.Clone(p.Params),
				Design: d,
				Metric: m,
			}
			rng := cellRand(opt.Seed, p.Index, d, m)
			quantile := IsQuantileMetric(m)
			xs := finiteValues(cell, mi)
			est := MeanCI(xs, opt.Level)
			if quantile {
				est = BootstrapCI(xs, meanOf, opt.Level, opt.Resamples, rng)
			}
			row.N = len(xs)
			row.Mean = est.Mean
			row.Lo, row.Hi = est.Lo, est.Hi
			_, row.StdDev = meanSD(xs)
			nanDiff(&row)
			if d != base {
				row.Baseline = base
				compare(&row, baseCell, cell, mi, quantile, opt, rng)
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// clipRows clips every row's interval to the range its metric's mean can
// lie in, given what bounds saw of every run's values (see rangeOf).
func clipRows(rows []results.SummaryRow, metrics []string, bounds []boundsFold) {
	ranges := make(map[string]valueRange, len(metrics))
	for mi, m := range metrics {
		ranges[m] = bounds[mi].rangeOf(m)
	}
	for i := range rows {
		r := &rows[i]
		r.Lo, r.Hi = ranges[r.Metric].clip(r.Lo, r.Hi)
	}
}

// compare fills row's difference against the baseline from the replications
// both designs have a value for.
func compare(row *results.SummaryRow, baseCell, cell *cellData, mi int, quantile bool, opt SummaryOptions, rng *rand.Rand) {
	if baseCell == nil {
		return
	}
	var bs, as []float64
	for _, rep := range cell.reps {
		b, ok := baseCell.byRep[rep]
		if !ok {
			continue
		}
		x, y := b.Values[mi], cell.byRep[rep].Values[mi]
		if math.IsNaN(x) || math.IsNaN(y) {
			continue
		}
		bs = append(bs, x)
		as = append(as, y)
	}
	if len(bs) < 2 {
		return
	}
	var d Diff
	var err error
	if quantile {
		d, err = PairedBootstrapDiff(bs, as, meanOf, opt.Level, opt.Resamples, rng)
	} else {
		d, err = PairedDiff(bs, as, opt.Level)
	}
	if err != nil {
		return // cannot happen: the pairs were checked above
	}
	row.Diff, row.DiffLo, row.DiffHi = d.Mean, d.Lo, d.Hi
	row.Rel, row.RelLo, row.RelHi = d.Rel, d.RelLo, d.RelHi
	row.Distinguishable = d.Distinguishable
}

func nanDiff(row *results.SummaryRow) {
	n := math.NaN()
	row.Diff, row.DiffLo, row.DiffHi = n, n, n
	row.Rel, row.RelLo, row.RelHi = n, n, n
}

// meanOf is the statistic bootstrapped for quantile metrics: the estimand is
// still the expected per-replication p90, only its interval is resampled.
func meanOf(xs []float64) float64 {
	m, _ := meanSD(xs)
	return m
}

// cellRand gives every (point, design, metric) its own reproducible
// stream, so rows do not depend on the order in which they are computed.
func cellRand(seed uint64, point int, design, metric string) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s\x00%s", point, design, metric)
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// finiteValues returns the non-NaN values of metric mi over the cell's
// replications in replication order.
func finiteValues(c *cellData, mi int) []float64 {
	xs := make([]float64, 0, len(c.reps))
	for _, rep := range c.reps {
		if v := c.byRep[rep].Values[mi]; !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	return xs
}

// Precision reports the rows, among those for metrics (all metrics if
// metrics is empty), whose confidence interval is wider than target times
// the mean on either side, i.e. whose half-width exceeds target·|mean| (e.g.
// target 0.05 for ±5%). It is the stopping rule of --precision: the caller
// adds replications until nothing is reported or a cap is hit.
//
// A row with a single value has no interval yet and is reported; a row with
// no values at all (the metric is undefined in every replication, e.g. no
// incidents) is not, since more replications of the same kind would not
// make it precise and the loop would only run into its cap. A mean of zero
// with a non-zero half-width is never precise enough (see
// Estimate.RelHalfWidth), so metrics that hover around zero belong in
// metrics only if the caller can afford that.
func Precision(rows []results.SummaryRow, metrics []string, target float64) []results.SummaryRow {
	var out []results.SummaryRow
	for _, r := range rows {
		if len(metrics) > 0 && !slices.Contains(metrics, r.Metric) {
			continue
		}
		if r.N == 0 {
			continue
		}
		e := Estimate{Mean: r.Mean, HalfWidth: (r.Hi - r.Lo) / 2}
		if rel := e.RelHalfWidth(); !(rel <= target) {
			out = append(out, r)
		}
	}
	return out
}

type cellKey struct {
	point  int
	design string
}

// cellData holds one design's records at one point, by replication.
type cellData struct {
	reps  []int // ascending
	byRep map[int]*results.Record
}

// index groups a Set's records by point and design once, for Summarize and
// the figures and report built on it.
type index struct {
	set    *results.Set
	points []results.Point // ascending Index; only points with records
	// designs are in manifest order, then unlisted designs by appearance.
	// Designs the manifest lists but that have no records keep their
	// place, so each design's colour is the same in every chart.
	designs []string
	cells   map[cellKey]*cellData
}

func newIndex(set *results.Set) (*index, error) {
	ix := &index{set: set, cells: make(map[cellKey]*cellData)}
	ix.designs = slices.Clone(set.Manifest.Designs)
	params := make(map[int][]results.Param)
	for _, p := range set.Manifest.Points {
		params[p.Index] = p.Params
	}
	for i := range set.Records {
		r := &set.Records[i]
		if len(r.Values) != len(set.Metrics) {
			return nil, fmt.Errorf("run %q has %d values for %d metrics", r.ID, len(r.Values), len(set.Metrics))
		}
		if !slices.Contains(ix.designs, r.Design) {
			ix.designs = append(ix.designs, r.Design)
		}
		k := cellKey{r.Point, r.Design}
		c := ix.cells[k]
		if c == nil {
			c = &cellData{byRep: make(map[int]*results.Record)}
			ix.cells[k] = c
		}
		if prev, dup := c.byRep[r.Rep]; dup {
			return nil, fmt.Errorf("runs %q and %q are both replication %d of design %q at point %d; pairing by replication needs one",
				prev.ID, r.ID, r.Rep, r.Design, r.Point)
		}
		c.byRep[r.Rep] = r
		c.reps = append(c.reps, r.Rep)
		if _, ok := params[r.Point]; !ok {
			params[r.Point] = r.Params
		}
	}
	for _, c := range ix.cells {
		sort.Ints(c.reps)
	}
	seen := make(map[int]bool)
	for k := range ix.cells {
		if !seen[k.point] {
			seen[k.point] = true
			ix.points = append(ix.points, results.Point{Index: k.point, Params: params[k.point]})
		}
	}
	sort.Slice(ix.points, func(a, b int) bool { return ix.points[a].Index < ix.points[b].Index })
	return ix, nil
}

// baseline resolves the baseline design: the explicit choice, the
// manifest's, or the first design.
func (ix *index) baseline(explicit string) (string, error) {
	b := explicit
	if b == "" {
		b = ix.set.Manifest.Baseline
	}
	if b == "" {
		if len(ix.designs) == 0 {
			return "", nil
		}
		return ix.designs[0], nil
	}
	if !slices.Contains(ix.designs, b) {
		return "", fmt.Errorf("baseline %q is not among the designs %q", b, ix.designs)
	}
	return b, nil
}
