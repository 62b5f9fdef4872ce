package charts

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panel is one metric of a design comparison: a bar per design with its
// confidence interval. Designs and Values are parallel; a design whose Mean
// is NaN gets an empty slot rather than shifting the others.
type Panel struct {
	Title, Unit string
	Designs     []string
	Values      []Interval
}

// Comparison draws one panel per metric, a bar per design with a CI error
// bar, in a grid whose data areas are aligned. A design keeps one colour
// across all panels (by first appearance), so the eye can follow it from
// metric to metric; the design names on each axis make a legend redundant.
func Comparison(title string, panels []Panel) Figure {
	if len(panels) == 0 {
		return noData(title, chartW, chartH)
	}
	idx := designIndex{}
	for _, pn := range panels {
		for _, d := range pn.Designs {
			idx.of(d)
		}
	}
	w, h := panelsSize(len(panels), 0)
	cols, _ := gridShape(len(panels))
	avail := (w-0.5*vg.Inch)/vg.Length(cols) - 0.8*vg.Inch
	return &fig{w: w, h: h, draw: func(dc draw.Canvas) {
		dc = figureTitle(dc, title)
		plots := make([]*plot.Plot, len(panels))
		for i, pn := range panels {
			plots[i] = comparisonPanel(pn, idx, avail)
		}
		alignPanels(dc, plots)
	}}
}

func comparisonPanel(pn Panel, idx designIndex, avail vg.Length) *plot.Plot {
	b, s := panelBars(pn, idx)
	if len(b.x) == 0 {
		return noDataPlot(pn.Title)
	}
	yl := pn.Unit
	if yl == "" {
		yl = "value"
	}
	p := newPlot(pn.Title, "", yl)
	p.Title.TextStyle.Font.Size = labelSize + 1
	addGrid(p, false)
	p.Add(b)
	nominalX(p, pn.Designs, avail)
	setY(p, s, true)
	return p
}

// panelBars collects the drawable bars of a panel, coloured by design
// identity (idx) rather than by position within the panel.
func panelBars(pn Panel, idx designIndex) (*bars, span) {
	b := &bars{}
	s := newSpan()
	for i, d := range pn.Designs {
		iv := Interval{Mean: nan, Lo: nan, Hi: nan}
		if i < len(pn.Values) {
			iv = pn.Values[i]
		}
		if !finite(iv.Mean) {
			continue
		}
		b.x = append(b.x, float64(i))
		b.v = append(b.v, iv)
		b.c = append(b.c, DesignColor(idx.of(d)))
		s.add(iv.Mean)
		if iv.ok() {
			s.add(iv.Lo, iv.Hi)
		}
	}
	return b, s
}

// bars is a bar-with-error-bar plotter whose bar width is a fraction of the
// category slot rather than a fixed length, so bars look the same whether a
// panel has two designs or ten, and each bar can take its design's colour.
type bars struct {
	x []float64
	v []Interval
	c []color.Color
}

const barFrac = 0.62

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	err := draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
	if p.Y.Min < 0 && p.Y.Max > 0 {
		// With bars on both sides of zero the baseline is the reference
		// the reader measures from, so draw it.
		y := trY(0)
		c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x40}, Width: vg.Points(0.8)}, c.Min.X, y, c.Max.X, y)
	}
	for i, x := range b.x {
		iv := b.v[i]
		x0, x1 := trX(x-barFrac/2), trX(x+barFrac/2)
		y0, y1 := trY(0), trY(iv.Mean)
		if y0 > y1 {
			y0, y1 = y1, y0
		}
		rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
		c.SetColor(b.c[i])
		c.Fill(rect.Path())
		if !iv.ok() {
			continue
		}
		xm := trX(x)
		capW := (x1 - x0) / 4
		lo, hi := trY(iv.Lo), trY(iv.Hi)
		c.StrokeLine2(err, xm, lo, xm, hi)
		c.StrokeLine2(err, xm-capW, lo, xm+capW, lo)
		c.StrokeLine2(err, xm-capW, hi, xm+capW, hi)
	}
}
