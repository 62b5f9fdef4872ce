package analysis

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// NamedFigure is a chart with what a report needs around it.
type NamedFigure struct {
	// Name is the file stem, e.g. "comparison" or "heatmap-collective";
	// unique within one Figures result and safe as a file name.
	Name string
	// Title is a heading for the figure in a report.
	Title string
	// Caption tells the reader what is drawn and how to read it.
	Caption string
	// Figure draws the chart when encoded (charts.Save, Encode).
	Figure charts.Figure
	// Key marks the figure that answers the experiment's question, which
	// a report shows on its first screen: the scaling curves of a sweep,
	// the heat maps of a two-parameter one, otherwise the paired changes.
	Key bool
}

// FiguresDir is the folder under a report's directory that WriteFigures
// writes into and that report.md links to.
const FiguresDir = "figures"

// ciLevel is the level of the intervals figures and reports compute
// themselves (per-day bands), matching Summarize's default.
const ciLevel = DefaultLevel

// Figures chooses the charts that fit set and its summary rows (from
// Summarize) and builds them, key figure first and the rest in order of
// value; nothing is drawn until a figure is encoded.
//
//   - scaling (key): the measures the scenario is about (opt.Measures), or
//     those that change most, against the parameter of a one-parameter
//     numeric sweep, with where each design breaks marked;
//   - heatmap-<design> (key): the first of opt.Measures, or mean time to
//     restore, over a two-parameter numeric sweep, one per design;
//   - changes (key without such a sweep): each design's paired change
//     against the baseline on the decision measures and key metrics, a
//     forest plot with a zero line, at the focus point;
//   - comparison: the key metrics (KeyMetrics present in the set) as bars
//     with CIs per design, at each point if the sweep has at most three
//     points, otherwise at the focus point;
//   - time-split: how product teams' working time divides into planned
//     work, interrupts, tickets, context switching, postmortems and idle
//     time, one stacked bar per design, at the same point(s) as the
//     comparison (when the set has the product_*_frac metrics);
//   - tradeoff: paired changes in mean time to restore against feature
//     throughput, per design at the focus point;
//   - restore-distribution: the ECDF of every incident's time to restore,
//     pooled over replications, per design at the focus point (when the set
//     has "restore_h" samples), with a very long tail drawn at the axis
//     edge (see capTail);
//   - timeseries-*: queued work, backlog and the ops queue per day, mean
//     and 95% CI across replications, per design; a sweep gets one panel
//     per point on a shared axis; series longer than four weeks are
//     smoothed per replication with a 7-day trailing mean first, since the
//     weekday/weekend cycle otherwise drowns the trend.
//
// A figure of one point says which point in its title. The focus point is
// opt.Focus, otherwise the largest value of a one-parameter numeric sweep
// (where differences between designs are usually largest), otherwise the
// last point. Designs keep the manifest's order in every chart so each has
// the same colour throughout. Kinds without data are left out.
func Figures(set *results.Set, rows []results.SummaryRow, opt ReportOptions) []NamedFigure {
	if set == nil {
		return nil
	}
	return newView(set, rows, opt).figures()
}

// figures is Figures on a view, which a report shares with its text.
func (v *view) figures() []NamedFigure {
	if len(v.points) == 0 {
		return nil
	}
	var figs []NamedFigure
	scaling, swept := v.scaling()
	heat := v.heatMaps()
	if swept {
		figs = append(figs, scaling)
	}
	figs = append(figs, heat...)
	if f, ok := v.changes(); ok {
		f.Key = !swept && len(heat) == 0
		figs = append(figs, f)
	}
	figs = append(figs, v.comparisons()...)
	if f, ok := v.timeSplit(); ok {
		figs = append(figs, f)
	}
	if f, ok := v.tradeoff(); ok {
		figs = append(figs, f)
	}
	figs = append(figs, v.distributions()...)
	figs = append(figs, v.timeSeries()...)
	if !slices.ContainsFunc(figs, func(f NamedFigure) bool { return f.Key }) && len(figs) > 0 {
		figs[0].Key = true // a single design: its comparison bars
	}
	return figs
}

// WriteFigures renders each figure as PNG and SVG into dir/figures (created
// if needed) and returns the paths written, PNG before SVG for each figure.
// A figure that fails to render does not stop the others: its error is
// returned, joined with any others, alongside the paths that were written,
// so a report can still show what did render.
func WriteFigures(dir string, figs []NamedFigure) ([]string, error) {
	out := filepath.Join(dir, FiguresDir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("analysis: figures: %w", err)
	}
	var paths []string
	var errs []error
	for _, f := range figs {
		for _, ext := range []string{".png", ".svg"} {
			path := filepath.Join(out, f.Name+ext)
			if err := charts.Save(f.Figure, path); err != nil {
				errs = append(errs, fmt.Errorf("analysis: figure %s: %w", f.Name+ext, err))
				continue
			}
			paths = append(paths, path)
		}
	}
	return paths, errors.Join(errs...)
}
