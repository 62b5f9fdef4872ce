// Package charts draws the plots opsim's reports need — design comparisons,
// distributions, time series with replication bands, scaling curves, heat
// maps of two-parameter sweeps, trade-off scatters and stacked bars of how
// a whole (such as a team's time) divides — with gonum/plot, and renders
// them to PNG or SVG.
//
// The package takes plain data rather than opsim types so that the report
// code, notebooks-by-hand and tests can all feed it without pulling in the
// simulator. Every chart is readable with no further styling: titles, axis
// labels carrying units, legends kept outside the data area, and one colour
// per design taken from the Okabe-Ito palette in the order the designs are
// given, so a reader who learns "orange is the follow-the-sun design" on one
// chart can rely on it on the next, provided callers list designs in the
// same order everywhere. The parts of stacked bars are categories, not
// designs, and take colours from a separate palette (PartColor).
//
// Charts are built lazily: the constructors only capture data (the input
// slices are read again at each Encode, so do not modify them meanwhile),
// and drawing happens in Encode, which turns any panic from the plotting
// library into an error so that one odd data set cannot take down a report
// run. Encoding the same Figure from several goroutines is safe.
package charts

import (
	"bufio"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DPI is the resolution of PNG output. 96 matches a browser's CSS pixel, so
// a PNG embedded in an HTML report shows at its nominal size in inches.
const DPI = 96

// Figure is a rendered-on-demand chart or multi-panel figure.
type Figure interface {
	// Encode writes the figure in the given format: "png" or "svg".
	Encode(w io.Writer, format string) error
	// Size is the figure's size in vg units.
	Size() (w, h vg.Length)
}

// Interval is a value with its 95% confidence interval. Lo or Hi may be NaN
// when the interval is unknown (e.g. a single replication); the value is
// then drawn without an error bar rather than dropped.
type Interval struct{ Mean, Lo, Hi float64 }

// ok reports whether the interval's bounds can be drawn as an error bar.
func (iv Interval) ok() bool {
	return finite(iv.Mean) && finite(iv.Lo) && finite(iv.Hi)
}

// Default sizes. Single charts are wide enough for a right-hand legend next
// to a useful data area; panels are sized per panel so a figure with many
// metrics does not squeeze each one into illegibility.
const (
	chartW = 8 * vg.Inch
	chartH = 5 * vg.Inch
	panelW = 4 * vg.Inch
	panelH = 3.2 * vg.Inch
)

// fig is the single Figure implementation: a size plus a function that
// draws onto whatever canvas the chosen format provides.
type fig struct {
	w, h vg.Length
	draw func(dc draw.Canvas)
}

func (f *fig) Size() (w, h vg.Length) { return f.w, f.h }

func (f *fig) Encode(w io.Writer, format string) (err error) {
	var c vg.CanvasWriterTo
	switch strings.ToLower(format) {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(DPI))}
	case "svg":
		c = vgsvg.New(f.w, f.h)
	default:
		return fmt.Errorf("charts: unsupported format %q (want png or svg)", format)
	}
	defer func() {
		// gonum/plot reports several data problems by panicking; a report
		// should get an error for one chart, not lose the whole run.
		if r := recover(); r != nil {
			err = fmt.Errorf("charts: drawing failed: %v", r)
		}
	}()
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.draw(dc)
	_, err = c.WriteTo(w)
	return err
}

// Save writes f to path in the format named by its extension (.png or
// .svg). It writes to a temporary file in the same directory and renames it
// into place, so a crash or a drawing error never leaves a half-written
// chart where a report expects a whole one.
func Save(f Figure, path string) (err error) {
	if f == nil {
		return errors.New("charts: nil figure")
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".png" && ext != ".svg" {
		return fmt.Errorf("charts: cannot tell format from %q: want .png or .svg", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = f.Encode(bw, ext[1:]); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	// CreateTemp makes the file private; charts are meant to be shared.
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	return nil
}

// okabeIto is the Okabe-Ito palette, reordered so that the first designs —
// the ones every chart has — get the most distinct, strongest colours, and
// yellow (weak on white) and black (confusable with axes) come last.
var okabeIto = [...]color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
	{0x00, 0x00, 0x00, 0xFF}, // black
}

// DesignColor returns the colour of the i-th design (0-based). It is
// exported so that report code drawing its own legends or tables can match
// the charts. Past eight designs the colours repeat; the charts then tell
// designs apart by marker shape and dash pattern as well.
func DesignColor(i int) color.Color {
	if i < 0 {
		i = -i
	}
	return okabeIto[i%len(okabeIto)]
}

// fade returns c with the given alpha, for bands and box fills that must not
// hide what is drawn under them.
func fade(c color.Color, alpha uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = alpha
	return n
}

// glyphShapes are per-design markers, so that designs remain distinguishable
// in greyscale print and when the palette wraps.
var glyphShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{},
	draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

func designGlyph(i int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: DesignColor(i), Radius: vg.Points(3.5), Shape: glyphShapes[i%len(glyphShapes)]}
}

// designLine gives each design a dash pattern as well as a colour (solid,
// dashed, dotted in turn), so that lines stay apart where they cross or
// their bands overlap, in greyscale print, for readers who do not see the
// colours, and when the palette wraps.
func designLine(i int) draw.LineStyle {
	if i < 0 {
		i = -i
	}
	ls := draw.LineStyle{Color: DesignColor(i), Width: vg.Points(2)}
	switch i % 3 {
	case 1:
		ls.Dashes = []vg.Length{vg.Points(7), vg.Points(3)}
	case 2:
		ls.Dashes = []vg.Length{vg.Points(2), vg.Points(2.5)}
	}
	return ls
}

// designIndex assigns each distinct label its first-seen position, which is
// how colours stay fixed per design across the panels of one figure.
type designIndex map[string]int

func (d designIndex) of(label string) int {
	if i, ok := d[label]; ok {
		return i
	}
	i := len(d)
	d[label] = i
	return i
}

// Fonts: sans-serif reads better than gonum's serif default at chart sizes.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func textStyle(size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sans, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: plot.DefaultTextHandler,
	}
}

const (
	titleSize = 15
	labelSize = 12
	tickSize  = 10.5
	noteSize  = 10
)

// newPlot returns a plot in the package's house style, so every chart kind
// shares fonts, sizes and tick density.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Label.Padding = vg.Points(4)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	p.Legend.TextStyle.Font = font.From(sans, labelSize-1)
	return p
}

// addGrid adds faint grid lines so values can be read off without a ruler;
// vertical ones are omitted on nominal axes where they would only cut
// through the bars.
func addGrid(p *plot.Plot, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal = draw.LineStyle{Color: color.Gray{0xDD}, Width: vg.Points(0.5)}
	if vertical {
		g.Vertical = g.Horizontal
	} else {
		g.Vertical.Width = 0
	}
	p.Add(g)
}

// nominalX makes the X axis show design names at integer positions, and
// tilts them when they would otherwise run into each other.
func nominalX(p *plot.Plot, names []string, avail vg.Length) {
	ticks := make([]plot.Tick, len(names))
	var total vg.Length
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
		total += p.X.Tick.Label.Width(n) + vg.Points(8)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Length = 0
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	if total > avail {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
}

var nan = math.NaN()

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// span accumulates a data range over finite values only, so that NaN and
// ±Inf never reach gonum's autoscaling (which would turn them into a
// nonsense or collapsed axis).
type span struct{ lo, hi float64 }

func newSpan() span { return span{math.Inf(1), math.Inf(-1)} }

func (s *span) add(vs ...float64) {
	for _, v := range vs {
		if finite(v) {
			s.lo = math.Min(s.lo, v)
			s.hi = math.Max(s.hi, v)
		}
	}
}

func (s span) empty() bool { return s.lo > s.hi }

// padded returns the range widened by a margin so that markers and error bar
// caps do not sit on the frame, and gives a constant range a visible height
// (gonum would otherwise pick an arbitrary ±1).
func (s span) padded(frac float64) (lo, hi float64) {
	if s.empty() {
		return 0, 1
	}
	lo, hi = s.lo, s.hi
	if hi-lo <= 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) || hi == lo {
		d := math.Abs(lo) * 0.1
		if d == 0 {
			d = 1
		}
		return lo - d, hi + d
	}
	m := (hi - lo) * frac
	return lo - m, hi + m
}

// setY fixes the Y range from s. When zeroBased, the axis starts exactly at
// zero on the side(s) the data do not cross, because bars measured from a
// floating baseline mislead.
func setY(p *plot.Plot, s span, zeroBased bool) {
	if zeroBased {
		s.add(0)
	}
	lo, hi := s.padded(0.06)
	if zeroBased && !s.empty() && s.hi > s.lo {
		if s.lo >= 0 {
			lo = 0
		}
		if s.hi <= 0 {
			hi = 0
		}
	}
	p.Y.Min, p.Y.Max = lo, hi
}

func setX(p *plot.Plot, s span) {
	p.X.Min, p.X.Max = s.padded(0.04)
}

// fmtNum formats a value compactly (4 significant digits) for tick labels
// at arbitrary values.
func fmtNum(v float64) string { return fmtSig(v, 4) }

// fmtSig formats v to sig significant digits, switching to exponent form
// only for very large or small magnitudes.
func fmtSig(v float64, sig int) string {
	if !finite(v) {
		return "–"
	}
	a := math.Abs(v)
	if a != 0 && (a >= 1e6 || a < 1e-3) {
		return strconv.FormatFloat(v, 'e', sig-2, 64)
	}
	return strconv.FormatFloat(v, 'g', sig, 64)
}

// niceTicks puts about five labelled ticks on 1-2-2.5-5 steps, with
// unlabelled minor ticks between. gonum's default aims for three labels,
// too few to read values off a chart in a report, and prints labels like
// "22.50" with trailing zeros.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return nil
	}
	step := niceStep((hi - lo) / 5)
	// Just enough decimals to write the step exactly (2.5 needs one more
	// than 2 or 5), so labels carry no trailing zeros.
	dec := 0
	for ; dec < 12; dec++ {
		scaled := step * math.Pow(10, float64(dec))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			break
		}
	}
	useSig := math.Max(math.Abs(lo), math.Abs(hi)) >= 1e6 || step < 1e-4
	var ticks []plot.Tick
	half := step / 2
	first := math.Ceil(lo/half - 1e-9)
	for k := first; k*half <= hi+half*1e-9; k++ {
		v := k * half
		if math.Abs(v) < half*1e-9 {
			v = 0 // no "-0"
		}
		t := plot.Tick{Value: v}
		if math.Mod(k, 2) == 0 {
			if useSig {
				t.Label = fmtSig(v, 3)
			} else {
				t.Label = strconv.FormatFloat(v, 'f', dec, 64)
			}
		}
		ticks = append(ticks, t)
		if len(ticks) > 100 { // guard against a pathological range
			break
		}
	}
	return ticks
}

// niceStep rounds raw to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f < 1.5:
		return p
	case f < 2.25:
		return 2 * p
	case f < 3.5:
		return 2.5 * p
	case f < 7.5:
		return 5 * p
	default:
		return 10 * p
	}
}

// sweepTicks labels an axis exactly at the swept parameter values when there
// are few of them and they are far enough apart to read, since "5, 10, 20,
// 40 teams" is what the reader is looking for, not gonum's round numbers.
func sweepTicks(p *plot.Plot, xs []float64) {
	uniq := map[float64]bool{}
	for _, x := range xs {
		if finite(x) {
			uniq[x] = true
		}
	}
	if len(uniq) < 2 || len(uniq) > 12 {
		return
	}
	vals := make([]float64, 0, len(uniq))
	for x := range uniq {
		vals = append(vals, x)
	}
	sort.Float64s(vals)
	rng := p.X.Max - p.X.Min
	for i := 1; i < len(vals); i++ {
		if (vals[i]-vals[i-1])/rng < 0.045 {
			return
		}
	}
	ticks := make([]plot.Tick, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: v, Label: fmtNum(v)}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
}

// outsideLegend draws p with its legend in a column to the right of the
// plot instead of gonum's default corner inside the data area, so the
// legend never covers a line or a band whatever the data do.
func outsideLegend(dc draw.Canvas, p *plot.Plot, leg plot.Legend) {
	if r := leg.Rectangle(dc); r.Max.Y <= r.Min.Y {
		p.Draw(dc)
		return
	}
	lw := legendWidth(leg, dc) + vg.Points(24)
	pc := draw.Crop(dc, 0, -lw, 0, 0)
	p.Draw(pc)
	lc := dc
	lc.Min.X = dc.Max.X - lw + vg.Points(10)
	lc.Max.Y = p.DataCanvas(pc).Max.Y
	leg.Top, leg.Left = true, true
	leg.Draw(lc)
}

func legendWidth(leg plot.Legend, dc draw.Canvas) vg.Length {
	leg.Left = true
	r := leg.Rectangle(dc)
	return r.Max.X - r.Min.X
}

func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = textStyle(labelSize - 1)
	l.TextStyle.XAlign = draw.XLeft
	l.Padding = vg.Points(7)
	l.ThumbnailWidth = vg.Points(24)
	return l
}

// figureTitle draws a multi-panel figure's overall title and returns the
// canvas left below it.
func figureTitle(dc draw.Canvas, title string) draw.Canvas {
	if title == "" {
		return dc
	}
	sty := textStyle(titleSize + 1)
	sty.YAlign = draw.YTop
	dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(6)}, title)
	return draw.Crop(dc, 0, 0, 0, -(sty.Height(title) + vg.Points(14)))
}

// noData is the figure for input with nothing to draw: it keeps the title
// so the report still shows which chart is missing and why.
func noData(title string, w, h vg.Length) Figure {
	return &fig{w: w, h: h, draw: func(dc draw.Canvas) {
		figureTitle(dc, title)
		drawNoData(dc)
	}}
}

func drawNoData(dc draw.Canvas) {
	sty := textStyle(14)
	sty.Color = color.Gray{0x70}
	dc.FillText(sty, dc.Center(), "no data")
}

// noDataPlot is a panel-sized stand-in for a panel with nothing to show, so
// the grid keeps its shape and the reader sees which metric is missing.
func noDataPlot(title string) *plot.Plot {
	p := newPlot(title, "", "")
	p.HideAxes()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(noDataMark{})
	return p
}

type noDataMark struct{}

func (noDataMark) Plot(c draw.Canvas, _ *plot.Plot) { drawNoData(c) }
