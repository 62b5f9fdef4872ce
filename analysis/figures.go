package analysis

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
}

// FiguresDir is the folder under a report's directory that WriteFigures
// writes into and that report.md links to.
const FiguresDir = "figures"

// ciLevel is the level of the intervals figures and reports compute
// themselves (per-day bands), matching Summarize's default.
const ciLevel = DefaultLevel

// Figures chooses the charts that fit set and its summary rows (from
// Summarize) and builds them; nothing is drawn until a figure is encoded.
//
//   - comparison: the key metrics (KeyMetrics present in the set) as bars
//     with CIs per design, at each point if the sweep has at most three
//     points, otherwise at the focus point;
//   - restore-distribution: the ECDF of every incident's time to restore,
//     pooled over replications, per design at the focus point (when the set
//     has "restore_h" samples), with a very long tail drawn at the axis
//     edge (see capTail);
//   - timeseries-*: queued work, backlog and the ops queue per day, mean
//     and 95% CI across replications, per design at the first point;
//     series longer than four weeks are smoothed per replication with a
//     7-day trailing mean first, since the weekday/weekend cycle otherwise
//     drowns the trend;
//   - scaling: first-response wait, time to restore and feature
//     throughput against the parameter of a one-parameter numeric sweep;
//   - heatmap-<design>: mean time to restore over a two-parameter numeric
//     sweep, one per design;
//   - tradeoff: mean time to restore against feature throughput per design
//     at the focus point;
//   - time-split: how product teams' working time divides into planned
//     work, interrupts, tickets, context switching, postmortems and idle
//     time, one stacked bar per design, at the same point(s) as the
//     comparison (when the set has the product_*_frac metrics).
//
// The focus point is the largest value of a one-parameter numeric sweep
// (where differences between designs are usually largest), otherwise the
// last point. Designs keep the manifest's order in every chart so each has
// the same colour throughout. Kinds without data are left out.
func Figures(set *results.Set, rows []results.SummaryRow) []NamedFigure {
	if set == nil {
		return nil
	}
	v := newView(set, rows)
	if len(v.points) == 0 {
		return nil
	}
	var figs []NamedFigure
	figs = append(figs, v.comparisons()...)
	figs = append(figs, v.distributions()...)
	figs = append(figs, v.timeSeries()...)
	if f, ok := v.scaling(); ok {
		figs = append(figs, f)
	}
	figs = append(figs, v.heatMaps()...)
	if f, ok := v.tradeoff(); ok {
		figs = append(figs, f)
	}
	if f, ok := v.timeSplit(); ok {
		figs = append(figs, f)
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
