package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/opsim/opsim/analysis/charts"
)

// scalingMetrics are plotted against a one-parameter sweep: the queueing
// symptom (first-response wait) first, because it is where an
// under-provisioned design breaks first, then what it does to restoration
// and to delivery.
var scalingMetrics = []string{"first_response_wait_h", "ttr_mean_h", "ttr_p90_h", "features_per_week"}

func (v *view) scaling() (NamedFigure, bool) {
	if len(v.varying) != 1 || v.varying[0].Value == nil || len(v.points) < 2 {
		return NamedFigure{}, false
	}
	sp := v.varying[0]
	metrics := v.present(scalingMetrics)
	if len(metrics) == 0 {
		return NamedFigure{}, false
	}
	var panels []charts.ScalingPanel
	for _, m := range metrics {
		info := Describe(m)
		pn := charts.ScalingPanel{Title: info.Title(), XLabel: capitalize(sp.Label), YLabel: info.AxisLabel()}
		for _, d := range v.designs {
			c := charts.Curve{Label: d}
			for _, p := range v.points {
				if _, ok := v.row(p.Index, d, m); !ok {
					continue
				}
				c.X = append(c.X, sp.Value[p.Index])
				c.Y = append(c.Y, v.interval(p.Index, d, m))
			}
			pn.Curves = append(pn.Curves, c)
		}
		panels = append(panels, pn)
	}
	title := "How the designs scale with " + sp.Label
	return NamedFigure{
		Name:  "scaling",
		Title: title,
		Caption: fmt.Sprintf("Each panel is one metric against %s; a line joins a design's means, the band is their 95%% confidence interval (%s per point). "+
			"A curve that stays flat scales; one that bends upwards marks the size at which the design stops keeping up. %s",
			sp.Label, v.replications(), betterHigher(metrics)),
		Figure: charts.ScalingPanels(title, panels),
	}, true
}

func (v *view) heatMaps() []NamedFigure {
	if len(v.varying) != 2 || v.varying[0].Value == nil || v.varying[1].Value == nil {
		return nil
	}
	const metric = "ttr_mean_h"
	if !v.metrics[metric] {
		return nil
	}
	px, py := v.varying[0], v.varying[1]
	xs, ys := distinctSorted(px.Value), distinctSorted(py.Value)
	info := Describe(metric)
	var out []NamedFigure
	for _, d := range v.designs {
		g := charts.Grid{XLabel: capitalize(px.Label), YLabel: capitalize(py.Label), X: xs, Y: ys}
		g.Z = make([][]float64, len(ys))
		for yi := range g.Z {
			g.Z[yi] = make([]float64, len(xs))
			for xi := range g.Z[yi] {
				g.Z[yi][xi] = math.NaN()
			}
		}
		some := false
		for _, p := range v.points {
			r, ok := v.row(p.Index, d, metric)
			if !ok {
				continue
			}
			xi := slices.Index(xs, px.Value[p.Index])
			yi := slices.Index(ys, py.Value[p.Index])
			g.Z[yi][xi] = r.Mean * info.Scale
			some = some || !math.IsNaN(r.Mean)
		}
		if !some {
			continue
		}
		title := info.Title() + ": " + d
		out = append(out, NamedFigure{
			Name:  "heatmap-" + fileStem(d),
			Title: title,
			Caption: fmt.Sprintf("Mean %s of design %s over the two swept parameters, one cell per sweep point (mean of %s). "+
				"Each design's map has its own colour scale, so compare designs by the numbers printed in the cells, not by colour; grey cells have no data.",
				info.Label, d, v.replications()),
			Figure: charts.HeatMap(title, info.AxisLabel(), g),
		})
	}
	return out
}

func distinctSorted(m map[int]float64) []float64 {
	var out []float64
	for _, x := range m {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	sort.Float64s(out)
	return out
}
