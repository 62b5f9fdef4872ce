package charts

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is the result of a two-parameter sweep: Z[yi][xi] is the metric at
// parameters (X[xi], Y[yi]). Missing or NaN cells are drawn grey.
type Grid struct {
	XLabel, YLabel string
	X, Y           []float64
	Z              [][]float64 // Z[yi][xi]
}

// annotateMax is the largest grid side on which cell values are printed:
// beyond it the numbers no longer fit in the cells.
const annotateMax = 8

// HeatMap draws a two-parameter sweep as coloured cells with a colour bar
// for zLabel. Cells are laid out by index, equal in size and in the order
// given, with ticks showing the actual parameter values — sweeps are
// usually geometric (5, 10, 20, 40 teams), and value-proportional cells
// would make the small end unreadable. Small grids get each cell's value
// printed in it, since a colour is only a rough reading.
func HeatMap(title, zLabel string, g Grid) Figure {
	nx, ny := len(g.X), len(g.Y)
	if nx == 0 || ny == 0 {
		return noData(title, chartW, chartH)
	}
	zs := newSpan()
	for yi := range ny {
		for xi := range nx {
			zs.add(g.z(xi, yi))
		}
	}
	if zs.empty() {
		return noData(title, chartW, chartH)
	}
	zmin, zmax := zs.lo, zs.hi
	if zmin == zmax {
		zmin, zmax = zs.padded(0)
	}
	return &fig{w: chartW, h: chartH, draw: func(dc draw.Canvas) {
		dc = figureTitle(dc, title)
		hp := newPlot("", g.XLabel, g.YLabel)
		hm := plotter.NewHeatMap(gridXYZ{g}, viridis{})
		hm.Min, hm.Max = zmin, zmax
		hm.NaN = color.Gray{0xBB}
		hp.Add(hm)
		// A hair of slack so that float rounding cannot push the edge
		// cells outside the data canvas, where HeatMap silently drops them.
		const eps = 1e-9
		hp.X.Min, hp.X.Max = -0.5-eps, float64(nx)-0.5+eps
		hp.Y.Min, hp.Y.Max = -0.5-eps, float64(ny)-0.5+eps
		hp.X.Padding, hp.Y.Padding = 0, 0
		hp.X.Tick.Marker = indexTicks(g.X)
		hp.Y.Tick.Marker = indexTicks(g.Y)
		if nx <= annotateMax && ny <= annotateMax {
			if l := cellLabels(g, zmin, zmax); l != nil {
				hp.Add(l)
			}
		}

		bp := newPlot("", "", zLabel)
		bp.HideX()
		bp.Add(colourBar{zmin, zmax})
		bp.Y.Min, bp.Y.Max = zmin, zmax
		bp.Y.Padding = 0

		// Size the colour-bar column from its own axis so the bar is a
		// slim strip right beside the heat map, whatever the tick widths.
		const gap, strip, right = 22, 18, 10
		axisW := bp.DataCanvas(dc).Min.X - dc.Min.X
		barW := axisW + vg.Points(gap+strip+right)
		hc := draw.Crop(dc, 0, -barW, 0, 0)
		hp.Draw(hc)
		hd := hp.DataCanvas(hc)

		bc := dc
		bc.Min.X = dc.Max.X - barW + vg.Points(gap)
		bc.Max.X = dc.Max.X - vg.Points(right)
		bd := bp.DataCanvas(bc)
		bc.Min.Y += hd.Min.Y - bd.Min.Y
		bc.Max.Y += hd.Max.Y - bd.Max.Y
		bp.Draw(bc)
	}}
}

// z reads a cell, treating ragged rows as missing data.
func (g Grid) z(xi, yi int) float64 {
	if yi < len(g.Z) && xi < len(g.Z[yi]) {
		return g.Z[yi][xi]
	}
	return nan
}

// gridXYZ adapts Grid to plotter.GridXYZ in index coordinates (see HeatMap
// for why), with NaN for ±Inf so that HeatMap paints them as missing.
type gridXYZ struct{ g Grid }

func (g gridXYZ) Dims() (c, r int)   { return len(g.g.X), len(g.g.Y) }
func (g gridXYZ) X(c int) float64    { return float64(c) }
func (g gridXYZ) Y(r int) float64    { return float64(r) }
func (g gridXYZ) Z(c, r int) float64 { return finiteOrNaN(g.g.z(c, r)) }

func finiteOrNaN(v float64) float64 {
	if finite(v) {
		return v
	}
	return nan
}

// indexTicks labels index positions with parameter values, thinning them
// so that long sweeps do not print overlapping numbers.
func indexTicks(vals []float64) plot.ConstantTicks {
	step := 1
	if len(vals) > 12 {
		step = (len(vals) + 11) / 12
	}
	ticks := make(plot.ConstantTicks, 0, len(vals))
	for i, v := range vals {
		lab := ""
		if i%step == 0 {
			lab = fmtNum(v)
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: lab})
	}
	return ticks
}

// cellLabels prints each finite cell's value, in white on dark cells and
// black on light ones so it stays legible anywhere on the colour scale.
func cellLabels(g Grid, zmin, zmax float64) *plotter.Labels {
	var xys plotter.XYs
	var labs []string
	for yi := range g.Y {
		for xi := range g.X {
			v := g.z(xi, yi)
			if !finite(v) {
				continue
			}
			xys = append(xys, plotter.XY{X: float64(xi), Y: float64(yi)})
			labs = append(labs, fmtSig(v, 3))
		}
	}
	if len(xys) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labs})
	if err != nil {
		return nil
	}
	for i, xy := range xys {
		v := g.z(int(xy.X), int(xy.Y))
		sty := textStyle(noteSize)
		if luminance(viridisAt((v-zmin)/(zmax-zmin))) < 0.45 {
			sty.Color = color.White
		}
		l.TextStyle[i] = sty
	}
	return l
}

// luminance is the relative luminance of c in 0..1 (sRGB weights, no
// gamma: precise enough to choose between black and white text).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
}

// colourBar paints the colour scale as an image spanning zmin..zmax on the
// Y axis. It is used instead of plotter.ColorBar so that the bar shares the
// heat map's own palette type and never panics on a degenerate range.
type colourBar struct{ lo, hi float64 }

func (b colourBar) Plot(c draw.Canvas, p *plot.Plot) {
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, 1, n))
	for i := range n {
		img.Set(0, n-1-i, viridisAt(float64(i)/(n-1)))
	}
	plotter.NewImage(img, 0, b.lo, 1, b.hi).Plot(c, p)
	// Frame the bar so light yellow at the top is not lost on white.
	trX, trY := p.Transforms(&c)
	r := vg.Rectangle{Min: vg.Point{X: trX(0), Y: trY(b.lo)}, Max: vg.Point{X: trX(1), Y: trY(b.hi)}}
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{0x60}, Width: vg.Points(0.5)})
	c.Stroke(r.Path())
}

func (b colourBar) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, b.lo, b.hi }

// viridis is a perceptually uniform, colour-blind-safe sequential palette
// (matplotlib's default), which gonum does not ship. It is interpolated
// from a few anchors; the error against the full table is invisible.
type viridis struct{}

var viridisAnchors = [...]color.NRGBA{
	{0x44, 0x01, 0x54, 0xFF},
	{0x48, 0x28, 0x78, 0xFF},
	{0x3E, 0x4A, 0x89, 0xFF},
	{0x31, 0x68, 0x8E, 0xFF},
	{0x26, 0x82, 0x8E, 0xFF},
	{0x1F, 0x9E, 0x89, 0xFF},
	{0x35, 0xB7, 0x79, 0xFF},
	{0x6E, 0xCE, 0x58, 0xFF},
	{0xB5, 0xDE, 0x2B, 0xFF},
	{0xFD, 0xE7, 0x25, 0xFF},
}

// Colors returns 256 steps, enough that neighbouring cells never look equal
// unless their values are.
func (viridis) Colors() []color.Color {
	out := make([]color.Color, 256)
	for i := range out {
		out[i] = viridisAt(float64(i) / 255)
	}
	return out
}

// viridisAt maps t in [0,1] (clamped; NaN → lowest) to the palette.
func viridisAt(t float64) color.Color {
	if !(t > 0) {
		t = 0
	}
	t = math.Min(t, 1)
	f := t * float64(len(viridisAnchors)-1)
	i := int(f)
	if i >= len(viridisAnchors)-1 {
		return viridisAnchors[len(viridisAnchors)-1]
	}
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	w := f - float64(i)
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-w) + float64(y)*w)) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}
