package charts

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Stack is one bar of a StackedBars chart: a label (usually a design) and
// the size of each part, in percent of the bar's whole, in the order of
// the chart's parts.
type Stack struct {
	Label string
	Parts []float64
}

// partPalette colours the parts of stacked bars. Parts are categories of
// one whole, not designs, so they must not borrow the design colours: this
// is Paul Tol's colour-blind-safe "muted" scheme, whose soft tones are
// unlike the saturated Okabe-Ito design colours, ordered so the first
// parts alternate dark and light and neighbouring segments stand apart.
var partPalette = [...]color.NRGBA{
	{0x33, 0x22, 0x88, 0xFF}, // indigo
	{0xCC, 0x66, 0x77, 0xFF}, // rose
	{0xDD, 0xCC, 0x77, 0xFF}, // sand
	{0x44, 0xAA, 0x99, 0xFF}, // teal
	{0xAA, 0x44, 0x99, 0xFF}, // purple
	{0x88, 0xCC, 0xEE, 0xFF}, // cyan
	{0x11, 0x77, 0x33, 0xFF}, // green
	{0x99, 0x99, 0x33, 0xFF}, // olive
	{0x88, 0x22, 0x55, 0xFF}, // wine
}

// PartColor returns the colour of the i-th part (0-based) of stacked bars,
// for report code that needs to match the chart. Past nine parts the
// colours repeat.
func PartColor(i int) color.Color {
	if i < 0 {
		i = -i
	}
	return partPalette[i%len(partPalette)]
}

// Layout of stacked bars, in points. Every bar has the same thickness;
// the space under each is as tall as its note needs, so notes never run
// into the next bar whatever the data.
const (
	stackBarH     = 30 // preferred bar thickness
	stackBarMin   = 20 // thinnest bar: still holds an 11 pt label
	stackBarMax   = 44 // thickest bar, however much room there is
	stackGap      = 16 // between one bar's note and the next bar
	stackNoteGap  = 4  // between a bar and its note
	stackEdge     = 8  // above the first bar
	stackSwatch   = 11 // legend swatch side
	stackNoteSw   = 8  // swatch side in the notes under bars
	stackNoteSep  = 14 // between items of a note
	stackLabelPad = 3  // room a segment label needs on each side
	stackPadL     = 10 // figure margin left of the design names
	stackPadR     = 14 // figure margin right of the last tick label
)

// stackHeader is the height of the title, a two-row legend and the X axis,
// for sizing the figure before anything is drawn.
const stackHeader = 1.9 * vg.Inch

// StackedBars draws one horizontal bar per stack, first stack at the top,
// each split into segments in the order of parts: how a whole (e.g. a
// team's working time) divides, compared across designs. Stacks[i].Parts
// are percentages of that bar's whole and are drawn as given, so a bar
// whose parts do not add to 100 shows it; the X axis spans 0–100% (more if
// a bar is longer) and is labelled unit.
//
// Segments are coloured by part from a palette distinct from the design
// colours (PartColor), explained by a legend between the title and the
// bars, and carry their percentage when it fits inside them. Parts too
// narrow to hold their label (or zero) are listed with their value in a
// line of small swatches under the bar, so every part of every bar can be
// read. A NaN, infinite, negative or missing part is drawn as zero and
// listed as "n/a" (negative values as 0%); a stack with nothing to draw
// keeps its row and says "no data". With no stacks, no parts or nothing
// positive to draw anywhere the figure is a "no data" figure. The figure
// grows taller with the number of bars and the notes they need.
func StackedBars(title, unit string, parts []string, stacks []Stack) Figure {
	if len(parts) == 0 || len(stacks) == 0 {
		return noData(title, chartW, chartH)
	}
	maxTotal := 0.0
	for _, st := range stacks {
		sum := 0.0
		for j := range parts {
			sum += partValue(st, j)
		}
		maxTotal = math.Max(maxTotal, sum)
	}
	if maxTotal == 0 {
		return noData(title, chartW, chartH)
	}
	xMax := 100.0
	if maxTotal > 100.5 {
		xMax = maxTotal * 1.02
	}
	if unit == "" {
		unit = "% of the whole"
	}
	sb := &stackedBars{parts: parts, stacks: stacks, xMax: xMax}
	// Size the figure from an estimate of the data area's width (the
	// figure's less the design names and margins); drawing lays out again
	// with the real one.
	var nameW vg.Length
	tick := textStyle(tickSize)
	for _, st := range stacks {
		nameW = max(nameW, tick.Width(st.Label))
	}
	dataW := chartW - nameW - vg.Points(stackPadL+stackPadR+20)
	content := sb.layout(dataW, dataW+vg.Points(stackPadR), 0).content
	h := min(max(stackHeader+content, 3.6*vg.Inch), 40*vg.Inch)
	return &fig{w: chartW, h: h, draw: func(dc draw.Canvas) {
		dc = figureTitle(dc, title)
		dc = partLegend(dc, parts)
		dc = draw.Crop(dc, vg.Points(stackPadL), -vg.Points(stackPadR), 0, 0)
		p := newPlot("", unit, "")
		g := plotter.NewGrid()
		g.Vertical = draw.LineStyle{Color: color.Gray{0xDD}, Width: vg.Points(0.5)}
		g.Horizontal.Color = nil
		p.Add(g)
		n := len(stacks)
		ticks := make(plot.ConstantTicks, n)
		for i, st := range stacks {
			ticks[i] = plot.Tick{Value: 0.5, Label: st.Label}
		}
		p.Y.Tick.Marker = ticks
		p.Y.Tick.Length = 0
		p.Y.LineStyle.Width = 0
		p.Y.Padding = 0
		p.Y.Min, p.Y.Max = 0, 1
		p.X.Min, p.X.Max = 0, xMax
		p.X.Padding = 0
		// Measure the data area with every name at mid-height (so none
		// sticks out and shrinks it), then lay the bars out in points:
		// one Y unit is one point of the data area.
		da := p.DataCanvas(dc)
		dh := da.Max.Y - da.Min.Y
		lay := sb.layout(da.Max.X-da.Min.X, dc.Max.X+vg.Points(stackPadR)-da.Min.X, dh)
		for i := range ticks {
			ticks[i].Value = float64(lay.centre[i])
		}
		p.Y.Max = float64(dh)
		sb := *sb
		sb.lay = lay
		p.Add(&sb)
		p.Draw(dc)
	}}
}

// partValue is what is drawn for part j of st: its value when finite and
// positive, zero otherwise.
func partValue(st Stack, j int) float64 {
	if j >= len(st.Parts) || !finite(st.Parts[j]) || st.Parts[j] < 0 {
		return 0
	}
	return st.Parts[j]
}

// partText is how part j of st is written: a percentage, or "n/a" when the
// value is missing, NaN or infinite.
func partText(st Stack, j int) string {
	if j >= len(st.Parts) || !finite(st.Parts[j]) {
		return "n/a"
	}
	return pctLabel(st.Parts[j])
}

// pctLabel writes a percentage for a segment: whole percents from 10 up,
// at most one decimal below (where a point of difference matters; "6%",
// not "6.0%"), and "<0.1%" rather than a misleading "0%" for a sliver.
func pctLabel(v float64) string {
	switch {
	case !finite(v):
		return "n/a"
	case v <= 0:
		return "0%"
	case v < 0.05:
		return "<0.1%"
	}
	r := math.Round(v*10) / 10
	if r >= 10 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(r, 'f', -1, 64) + "%"
}

// partLegend draws one swatch and name per part, left to right in segment
// order, wrapped into centred rows of even length, and returns the canvas
// below it.
func partLegend(dc draw.Canvas, parts []string) draw.Canvas {
	sty := textStyle(labelSize - 1)
	sty.XAlign = draw.XLeft
	sw := vg.Points(stackSwatch)
	gap, inner := vg.Points(18), vg.Points(5)
	maxW := dc.Max.X - dc.Min.X - vg.Points(24)
	width := func(j int) vg.Length { return sw + inner + sty.Width(parts[j]) }
	wrap := func(limit vg.Length) [][]int {
		var rows [][]int
		var rowW vg.Length
		for j := range parts {
			w := width(j)
			if len(rows) == 0 || rowW+gap+w > limit {
				rows = append(rows, []int{j})
				rowW = w
				continue
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], j)
			rowW += gap + w
		}
		return rows
	}
	rows := wrap(maxW)
	// Balance the rows: the narrowest width that needs no more rows, so a
	// wrapped legend reads as even lines rather than full ones and a
	// straggler.
	if k := len(rows); k > 1 {
		for limit := maxW / vg.Length(k); limit < maxW; limit += vg.Points(6) {
			if r := wrap(limit); len(r) == k {
				rows = r
				break
			}
		}
	}
	lineH := max(sty.Height("Mg"), sw) + vg.Points(6)
	y := dc.Max.Y - lineH/2
	for _, row := range rows {
		var total vg.Length
		for k, j := range row {
			if k > 0 {
				total += gap
			}
			total += width(j)
		}
		x := dc.Center().X - total/2
		for _, j := range row {
			swatch(dc, vg.Point{X: x, Y: y}, sw, PartColor(j))
			dc.FillText(sty, vg.Point{X: x + sw + inner, Y: y}, parts[j])
			x += width(j) + gap
		}
		y -= lineH
	}
	return draw.Crop(dc, 0, 0, 0, -(vg.Length(len(rows))*lineH + vg.Points(4)))
}

// swatch fills a square of side s, vertically centred on at.Y and starting
// at at.X, with a hairline frame so that light colours stay visible on
// white.
func swatch(c draw.Canvas, at vg.Point, s vg.Length, col color.Color) {
	r := vg.Rectangle{Min: vg.Point{X: at.X, Y: at.Y - s/2}, Max: vg.Point{X: at.X + s, Y: at.Y + s/2}}
	c.SetColor(col)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{0x80}, Width: vg.Points(0.4)})
	c.Stroke(r.Path())
}

// stackedBars is the plotter of StackedBars: segments, their labels and
// the note under each bar listing the parts too narrow to label.
type stackedBars struct {
	parts  []string
	stacks []Stack
	xMax   float64
	lay    stackLayout
}

// stackLayout places the bars in a data area, in points from its bottom.
type stackLayout struct {
	barH    vg.Length
	centre  []vg.Length // of each bar
	labels  [][]bool    // whether part j of stack i is labelled inside
	notes   [][]noteItem
	content vg.Length // height the bars and notes need at the preferred thickness
}

// noteItem is one part listed under a bar, at an offset from the bar's
// left end on a line (0 = first) of its note.
type noteItem struct {
	part int
	text string
	x    vg.Length
	line int
}

var (
	segmentStyle = func() text.Style { return textStyle(labelSize - 1) }
	noteStyle    = func() text.Style {
		s := textStyle(noteSize)
		s.XAlign = draw.XLeft
		return s
	}
)

func noteLineH() vg.Length { return noteStyle().Height("Mg") + vg.Points(3) }

// layout decides which segments carry their label (dataW wide for xMax)
// and wraps each bar's note within noteW, then spaces the bars to fill
// height (0: only measure what they need).
func (b *stackedBars) layout(dataW, noteW, height vg.Length) stackLayout {
	n := len(b.stacks)
	lay := stackLayout{centre: make([]vg.Length, n), labels: make([][]bool, n), notes: make([][]noteItem, n)}
	seg, note := segmentStyle(), noteStyle()
	pad := vg.Points(stackLabelPad)
	sw, sep := vg.Points(stackNoteSw), vg.Points(stackNoteSep)
	below := make([]vg.Length, n) // under each bar: note and gap
	for i, st := range b.stacks {
		lay.labels[i] = make([]bool, len(b.parts))
		drawn := false
		var idx []int
		for j := range b.parts {
			v := partValue(st, j)
			if v == 0 {
				idx = append(idx, j)
				continue
			}
			drawn = true
			w := dataW * vg.Length(v/b.xMax)
			if seg.Width(partText(st, j))+2*pad > w {
				idx = append(idx, j)
				continue
			}
			lay.labels[i][j] = true
		}
		if !drawn {
			idx = nil // the row says "no data" instead
		}
		var x vg.Length
		line := 0
		for _, j := range idx {
			t := b.parts[j] + " " + partText(st, j)
			w := sw + vg.Points(4) + note.Width(t)
			if x > 0 && x+w > noteW {
				x, line = 0, line+1
			}
			lay.notes[i] = append(lay.notes[i], noteItem{part: j, text: t, x: x, line: line})
			x += w + sep
		}
		below[i] = vg.Points(stackGap)
		if len(idx) > 0 {
			below[i] += vg.Points(stackNoteGap) + vg.Length(line+1)*noteLineH()
		}
	}
	var fixed vg.Length
	for _, h := range below {
		fixed += h
	}
	edge := vg.Points(stackEdge)
	lay.barH = vg.Points(stackBarH)
	lay.content = edge + fixed + vg.Length(n)*lay.barH
	if height <= 0 {
		return lay
	}
	lay.barH = min(max((height-edge-fixed)/vg.Length(n), vg.Points(stackBarMin)), vg.Points(stackBarMax))
	// Share what is left over between the bars' slots, so the chart is
	// evenly spaced rather than crowded at the top.
	spare := max(0, height-edge-fixed-vg.Length(n)*lay.barH) / vg.Length(n)
	y := height - edge
	for i := range b.stacks {
		y -= spare / 2
		lay.centre[i] = y - lay.barH/2
		y -= lay.barH + below[i] + spare/2
	}
	return lay
}

func (b *stackedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	seg, note := segmentStyle(), noteStyle()
	sep := draw.LineStyle{Color: color.White, Width: vg.Points(1)}
	sw := vg.Points(stackNoteSw)
	lineH := noteLineH()
	for i, st := range b.stacks {
		yc := trY(float64(b.lay.centre[i]))
		y0, y1 := yc-b.lay.barH/2, yc+b.lay.barH/2
		x := 0.0
		drawn := false
		for j := range b.parts {
			v := partValue(st, j)
			if v == 0 {
				continue
			}
			x0, x1 := trX(x), trX(x+v)
			x += v
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
			c.SetColor(PartColor(j))
			c.Fill(rect.Path())
			if drawn {
				c.StrokeLine2(sep, x0, y0, x0, y1)
			}
			drawn = true
			if !b.lay.labels[i][j] {
				continue
			}
			sty := seg
			if luminance(PartColor(j)) < 0.45 {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: yc}, partText(st, j))
		}
		if !drawn {
			grey := note
			grey.Color = color.Gray{0x70}
			c.FillText(grey, vg.Point{X: trX(0) + vg.Points(4), Y: yc}, "no data")
			continue
		}
		top := y0 - vg.Points(stackNoteGap)
		for _, it := range b.lay.notes[i] {
			at := vg.Point{X: trX(0) + it.x, Y: top - lineH/2 - vg.Length(it.line)*lineH}
			swatch(c, at, sw, PartColor(it.part))
			at.X += sw + vg.Points(4)
			c.FillText(note, at, it.text)
		}
	}
}
