package charts

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Multi-panel layout: grids of plots with aligned data areas, and a shared
// legend beside them.

// gridShape picks columns × rows for n panels: at most three across so each
// panel keeps a readable width.
func gridShape(n int) (cols, rows int) {
	switch {
	case n <= 3:
		cols = n
	case n == 4:
		cols = 2
	default:
		cols = 3
	}
	rows = (n + cols - 1) / cols
	return cols, rows
}

// alignPanels lays plots out in a grid whose data areas line up, via
// plot.Align, and draws them. Missing trailing cells stay blank.
func alignPanels(dc draw.Canvas, plots []*plot.Plot) {
	cols, _ := gridShape(len(plots))
	alignGrid(dc, plots, cols)
}

// alignGrid is alignPanels with a chosen number of columns.
func alignGrid(dc draw.Canvas, plots []*plot.Plot, cols int) {
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range grid[r] {
			if i := r*cols + c; i < len(plots) {
				grid[r][c] = plots[i]
			}
		}
	}
	t := draw.Tiles{
		Rows: rows, Cols: cols,
		PadX: vg.Points(24), PadY: vg.Points(18),
		PadLeft: vg.Points(6), PadRight: vg.Points(12), PadBottom: vg.Points(6),
	}
	cs := plot.Align(grid, t, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(cs[r][c])
			}
		}
	}
}

// panelsBesideLegend draws plots in a grid of cols columns with their
// shared legend in a column at the right, top-aligned with the panels.
func panelsBesideLegend(dc draw.Canvas, plots []*plot.Plot, cols int, leg plot.Legend) {
	lw := legendWidth(leg, dc) + vg.Points(24)
	alignGrid(draw.Crop(dc, 0, -lw, 0, 0), plots, cols)
	lc := dc
	lc.Min.X = dc.Max.X - lw + vg.Points(6)
	lc.Max.Y -= vg.Points(30)
	leg.Top, leg.Left = true, true
	leg.Draw(lc)
}

// panelsSize is the figure size for n panels plus an optional legend column.
func panelsSize(n int, extraW vg.Length) (w, h vg.Length) {
	cols, rows := gridShape(n)
	w = vg.Length(cols)*panelW + extraW
	h = vg.Length(rows)*panelH + 0.5*vg.Inch
	if w < chartW {
		w = chartW
	}
	return w, h
}
