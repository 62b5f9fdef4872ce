package charts

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Change is one design's paired change against the baseline on one
// measure: a row of a Changes figure.
type Change struct {
	// Measure labels the row group, e.g. "Mean time to restore".
	Measure string
	// Design is the design compared with the baseline; it picks the
	// colour and marker, by its position in the designs given to Changes.
	Design string
	// Pct is the change in percent of the baseline's value with its
	// confidence interval.
	Pct Interval
	// Text is printed beside the interval, e.g. "−34.5% better": the
	// verdict in words, so that colour is never the only cue.
	Text string
}

// Changes draws paired changes against a baseline as a forest plot: one
// row group per measure, in the order first given, one row per design in
// it, a marker at the change and a bar for its interval, and a line at
// zero, where a design would be no different from the baseline. All rows
// share one percent axis that includes zero, so a change of 0.1% sits on
// the zero line and one of 35% far from it: no axis is stretched to make a
// small difference look large. designs fixes each design's colour and
// marker (the baseline is usually designs[0] and has no rows). Rows with
// a NaN change are left out.
func Changes(title, xLabel string, designs []string, rows []Change) Figure {
	idx := designIndex{}
	for _, d := range designs {
		idx.of(d)
	}
	var measures []string
	byMeasure := map[string][]Change{}
	xs := newSpan()
	for _, r := range rows {
		if !finite(r.Pct.Mean) {
			continue
		}
		if _, ok := byMeasure[r.Measure]; !ok {
			measures = append(measures, r.Measure)
		}
		byMeasure[r.Measure] = append(byMeasure[r.Measure], r)
		xs.add(r.Pct.Mean)
		if r.Pct.ok() {
			xs.add(r.Pct.Lo, r.Pct.Hi)
		}
	}
	if len(measures) == 0 {
		return noData(title, chartW, chartH)
	}
	xs.add(0)
	// Lay the rows out top to bottom: y falls by one per row and by a
	// further half between measures.
	var marks changeMarks
	var ticks []plot.Tick
	y := 0.0
	designsShown := map[string]bool{}
	for _, m := range measures {
		first := y
		for _, r := range byMeasure[m] {
			marks = append(marks, changeMark{y: y, c: r, di: idx.of(r.Design)})
			designsShown[r.Design] = true
			y--
		}
		ticks = append(ticks, plot.Tick{Value: (first + y + 1) / 2, Label: m})
		y -= 0.5
	}
	n := len(marks)
	h := 1.3*vg.Inch + vg.Length(n)*0.34*vg.Inch + vg.Length(len(measures))*0.17*vg.Inch
	// Narrower than other charts: it stands beside the decision table on
	// a report's first screen, and its labels must stay legible there.
	return &fig{w: changesW, h: h, draw: func(dc draw.Canvas) {
		p := newPlot(title, xLabel, "")
		addGrid(p, true)
		p.Add(zeroLine{})
		p.Add(marks)
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Tick.Length = 0
		p.Y.Min, p.Y.Max = y+0.5, 0.7
		lo, hi := xs.padded(0.06)
		// Room for the text beside the outermost bars.
		w := hi - lo
		p.X.Min, p.X.Max = lo-0.05*w, hi+0.22*w
		if len(designsShown) < 2 {
			p.Draw(dc)
			return
		}
		leg := newLegend()
		for _, d := range designs {
			if designsShown[d] {
				g := &plotter.Scatter{GlyphStyle: designGlyph(idx.of(d))}
				leg.Add(d, g)
			}
		}
		outsideLegend(dc, p, leg)
	}}
}

const changesW = 6.4 * vg.Inch

// zeroLine marks "no change" across the data area.
type zeroLine struct{}

func (zeroLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(0)
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x30}, Width: vg.Points(1.2)}, x, c.Min.Y, x, c.Max.Y)
}

type changeMark struct {
	y  float64
	c  Change
	di int
}

type changeMarks []changeMark

func (ms changeMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(labelSize - 1)
	sty.XAlign = draw.XLeft
	for _, m := range ms {
		y := trY(m.y)
		x := trX(m.c.Pct.Mean)
		ls := draw.LineStyle{Color: DesignColor(m.di), Width: vg.Points(1.6)}
		left, right := x, x
		if m.c.Pct.ok() {
			left, right = trX(m.c.Pct.Lo), trX(m.c.Pct.Hi)
			capH := vg.Points(4)
			c.StrokeLine2(ls, left, y, right, y)
			c.StrokeLine2(ls, left, y-capH, left, y+capH)
			c.StrokeLine2(ls, right, y-capH, right, y+capH)
		}
		g := designGlyph(m.di)
		g.Radius = vg.Points(4)
		c.DrawGlyph(g, vg.Point{X: x, Y: y})
		if m.c.Text == "" {
			continue
		}
		// Beside the bar on the right, or on the left when the right
		// runs out of room.
		gap := vg.Points(7)
		at := vg.Point{X: max(right, x+g.Radius) + gap, Y: y}
		s := sty
		if at.X+sty.Width(m.c.Text) > c.Max.X {
			s.XAlign = draw.XRight
			at.X = min(left, x-g.Radius) - gap
		}
		c.FillText(s, at, m.c.Text)
	}
}
