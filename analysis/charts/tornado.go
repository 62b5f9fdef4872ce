package charts

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TornadoBar is one row of a tornado chart: what a result is when one
// input is at the low and at the high end of its range, the others at
// their base values.
type TornadoBar struct {
	// Label names the input, e.g. "design.centralized.ops_runbooks".
	Label string
	// Low and High are the result at the input's low and high end; NaN
	// when that end was not run (a count of 1 cannot go lower).
	Low, High float64
	// LowText and HighText are the input's values at its ends, written
	// beside the bars' tips so that the chart says what was varied.
	LowText, HighText string
}

// Tornado colours: the low and the high end of an input's range.
var (
	tornadoLow  = okabeIto[5] // sky blue
	tornadoHigh = okabeIto[3] // vermillion
)

// Tornado draws a tornado chart: one row per input, in the order given
// (the most influential first, at the top), a bar from base, the result
// at the scenario's own values (a dashed line), to the result with the
// input at the low end of its range (sky blue) and one to the result at
// the high end (vermillion), each tip labelled with the input's value. A
// solid line marks zero: for a paired difference between two designs, a
// bar that crosses it is an input whose range flips which design is
// better. The axis always includes zero, so a result far from flipping
// is seen to be. ends names the two colours in the legend ("" for the
// low and the high end of the input's range, "-" to leave one out).
func Tornado(title, xLabel string, base float64, bars []TornadoBar, ends [2]string) Figure {
	for i, def := range []string{"at the low end of its range", "at the high end"} {
		if ends[i] == "" {
			ends[i] = def
		}
	}
	xs := newSpan()
	n := 0
	for _, b := range bars {
		if finite(b.Low) || finite(b.High) {
			xs.add(b.Low, b.High)
			n++
		}
	}
	if n == 0 || !finite(base) {
		return noData(title, chartW, chartH)
	}
	xs.add(base, 0)
	h := 1.5*vg.Inch + vg.Length(len(bars))*0.3*vg.Inch
	return &fig{w: chartW, h: h, draw: func(dc draw.Canvas) {
		p := newPlot(title, xLabel, "")
		addGrid(p, true)
		ticks := make([]plot.Tick, len(bars))
		for i, b := range bars {
			ticks[i] = plot.Tick{Value: -float64(i), Label: b.Label}
		}
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Tick.Length = 0
		p.Y.Min, p.Y.Max = -float64(len(bars))+0.4, 0.6
		lo, hi := xs.padded(0.04)
		w := hi - lo
		// Room for the values written beside the outermost tips.
		p.X.Min, p.X.Max = lo-0.1*w, hi+0.1*w
		p.Add(zeroLine{}, baseLine{x: base}, tornadoBars{bars: bars, base: base})
		leg := newLegend()
		for _, e := range []struct {
			name string
			c    color.Color
		}{{ends[0], tornadoLow}, {ends[1], tornadoHigh}} {
			if e.name != "-" {
				leg.Add(e.name, fillThumb{e.c})
			}
		}
		leg.Add("at the scenario's values", lineThumb{baseStyle})
		outsideLegend(dc, p, leg)
	}}
}

// baseStyle draws the result at the scenario's own values.
var baseStyle = draw.LineStyle{Color: color.Gray{0x60}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}

type baseLine struct{ x float64 }

func (b baseLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(b.x)
	c.StrokeLine2(baseStyle, x, c.Min.Y, x, c.Max.Y)
}

// fillThumb is a legend thumbnail of a filled bar.
type fillThumb struct{ c color.Color }

func (f fillThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	mid := (r.Min.Y + r.Max.Y) / 2
	h := (r.Max.Y - r.Min.Y) * 0.35
	c.FillPolygon(f.c, []vg.Point{{X: r.Min.X, Y: mid - h}, {X: r.Max.X, Y: mid - h}, {X: r.Max.X, Y: mid + h}, {X: r.Min.X, Y: mid + h}})
}

// lineThumb is a legend thumbnail of a line style.
type lineThumb struct{ ls draw.LineStyle }

func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.ls, c.Min.X, y, c.Max.X, y)
}

type tornadoBars struct {
	bars []TornadoBar
	base float64
}

func (t tornadoBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(noteSize)
	half := (trY(0) - trY(-1)) * 0.32
	x0 := trX(t.base)
	for i, b := range t.bars {
		y := trY(-float64(i))
		// Each end's value is written at its tip, on the outer side: the
		// low end's left of the high end's, whichever way the bars point.
		lowLeft := b.Low <= b.High || (!finite(b.High) && b.Low <= t.base)
		highLeft := !lowLeft || (!finite(b.Low) && b.High < t.base)
		for _, end := range []struct {
			v    float64
			text string
			c    color.Color
			left bool
		}{{b.Low, b.LowText, tornadoLow, lowLeft}, {b.High, b.HighText, tornadoHigh, highLeft}} {
			if !finite(end.v) {
				continue
			}
			x := trX(end.v)
			left, right := min(x, x0), max(x, x0)
			if right-left < vg.Points(1.5) { // no effect: a sliver, so the row is not empty
				left, right = x-vg.Points(0.75), x+vg.Points(0.75)
			}
			c.FillPolygon(end.c, []vg.Point{{X: left, Y: y - half}, {X: right, Y: y - half}, {X: right, Y: y + half}, {X: left, Y: y + half}})
			if end.text == "" {
				continue
			}
			s := sty
			at := vg.Point{X: max(right, x0) + vg.Points(4), Y: y}
			s.XAlign = draw.XLeft
			if end.left {
				at.X, s.XAlign = min(left, x0)-vg.Points(4), draw.XRight
			}
			c.FillText(s, at, end.text)
		}
	}
}
