package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

var designs = []string{"central-noc", "follow-the-sun", "team-owned", "hybrid"}

func iv(m, hw float64) Interval { return Interval{Mean: m, Lo: m - hw, Hi: m + hw} }

func normalSamples(r *rand.Rand, n int, mu, sd float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = mu + sd*r.NormFloat64()
	}
	return out
}

// fixtures returns one realistic figure per chart kind (and a few layout
// variants), keyed by a name that doubles as the file name.
func fixtures() []struct {
	name, title string
	fig         Figure
} {
	r := rand.New(rand.NewPCG(1, 2))
	var samples [][]float64
	for i := range designs {
		s := normalSamples(r, 60, 4+2*float64(i), 1+0.5*float64(i))
		s = append(s, 14+float64(i)) // an outlier per design
		samples = append(samples, s)
	}

	var bands []Band
	for d := range 3 {
		b := Band{Label: designs[d]}
		for t := 0; t <= 168; t += 2 {
			m := 10 + 5*math.Sin(float64(t)/24*2*math.Pi) + 3*float64(d)
			hw := 1.5 + 0.5*float64(d)
			b.T = append(b.T, float64(t))
			b.Mean = append(b.Mean, m)
			b.Lo = append(b.Lo, m-hw)
			b.Hi = append(b.Hi, m+hw)
		}
		if d == 1 { // a gap in the middle, e.g. a window with no incidents
			for j := 30; j < 35; j++ {
				b.Mean[j], b.Lo[j], b.Hi[j] = math.NaN(), math.NaN(), math.NaN()
			}
		}
		bands = append(bands, b)
	}

	teams := []float64{5, 10, 20, 40}
	var curves []Curve
	for d := range 3 {
		c := Curve{Label: designs[d]}
		for _, n := range teams {
			m := 20 + float64(d)*5 + math.Pow(n/10, 1.5+0.6*float64(2-d))*4
			c.X = append(c.X, n)
			c.Y = append(c.Y, iv(m, 1+m*0.08))
		}
		curves = append(curves, c)
	}
	var curves2 []Curve
	for d := range 3 {
		c := Curve{Label: designs[d]}
		for _, n := range teams {
			m := 0.99 - 0.0004*n*float64(d+1)
			c.X = append(c.X, n)
			c.Y = append(c.Y, iv(m, 0.002))
		}
		curves2 = append(curves2, c)
	}

	small := Grid{XLabel: "Teams", YLabel: "Incident rate (per day)", X: teams, Y: []float64{1, 2, 4, 8, 16}}
	for yi, y := range small.Y {
		row := make([]float64, len(small.X))
		for xi, x := range small.X {
			row[xi] = 5 + 0.3*x*math.Sqrt(y)
		}
		if yi == 2 {
			row[1] = math.NaN()
		}
		small.Z = append(small.Z, row)
	}
	big := Grid{XLabel: "On-call rotation size", YLabel: "Alert threshold (σ)"}
	for i := range 20 {
		big.X = append(big.X, float64(2+i))
	}
	for j := range 15 {
		big.Y = append(big.Y, 1+0.25*float64(j))
	}
	for _, y := range big.Y {
		row := make([]float64, len(big.X))
		for xi, x := range big.X {
			row[xi] = math.Sin(x/4) * math.Cos(y)
		}
		big.Z = append(big.Z, row)
	}

	return []struct {
		name, title string
		fig         Figure
	}{
		{"comparison", "Design comparison", Comparison("Design comparison", []Panel{
			{Title: "Time to resolve", Unit: "hours", Designs: designs, Values: []Interval{iv(5.2, 0.6), iv(3.9, 0.4), iv(4.4, 0.9), iv(4.1, 0.5)}},
			{Title: "Pages per engineer", Unit: "pages/week", Designs: designs, Values: []Interval{iv(12, 2), iv(6, 1), {Mean: 9, Lo: math.NaN(), Hi: math.NaN()}, iv(7, 1.5)}},
			{Title: "Cost vs baseline", Unit: "%", Designs: designs, Values: []Interval{iv(0, 0.5), iv(12, 3), iv(-4, 2), iv(3, 2)}},
		})},
		{"comparison4", "Four metrics", Comparison("Four metrics", []Panel{
			{Title: "A", Unit: "h", Designs: designs[:2], Values: []Interval{iv(1, 0.1), iv(2, 0.2)}},
			{Title: "B", Unit: "h", Designs: []string{designs[1], designs[0]}, Values: []Interval{iv(3, 0.1), iv(2, 0.2)}},
			{Title: "C (missing)", Unit: "h"},
			{Title: "D", Unit: "incidents", Designs: designs, Values: []Interval{iv(10, 1), iv(20, 2), iv(30, 3), iv(40, 4)}},
		})},
		{"boxplots", "Time to resolve per design", BoxPlots("Time to resolve per design", "hours", designs, samples)},
		{"ecdf", "Time to resolve, ECDF", ECDF("Time to resolve, ECDF", "hours", designs, samples)},
		{"timeseries", "Open incidents over a week", TimeSeries("Open incidents over a week", "Simulated time (hours)", "Open incidents (count)", bands)},
		{"timeseriespanels", "Open incidents by team count", TimeSeriesPanels("Open incidents by team count", "Simulated time (hours)", "Open incidents (count)", []SeriesPanel{
			{Title: "teams = 5", Bands: bands}, {Title: "teams = 10", Bands: bands[:2]}, {Title: "teams = 20", Bands: bands[1:]}, {Title: "teams = 40", Bands: bands},
		})},
		{"scaling", "Time to resolve vs organisation size", Scaling("Time to resolve vs organisation size", "Teams", "Time to resolve (minutes)", curves)},
		{"scalingpanels", "Scaling of two metrics", ScalingPanels("Scaling of two metrics", []ScalingPanel{
			{Title: "Time to resolve", XLabel: "Teams", YLabel: "minutes", Curves: curves},
			{Title: "Availability", XLabel: "Teams", YLabel: "fraction", Curves: curves2,
				Marks: []Mark{{Design: designs[0], X: 20, Label: designs[0] + " breaks"}}},
		})},
		{"heatmap_small", "Time to resolve over the sweep", HeatMap("Time to resolve over the sweep", "Time to resolve (hours)", small)},
		{"heatmap_big", "Sensitivity", HeatMap("Sensitivity", "Change in pages (%)", big)},
		{"tradeoff", "Cost against speed", Tradeoff("Cost against speed", "Cost (engineer-hours/week)", "Time to resolve (hours)", []TradeoffPoint{
			{Label: designs[0], X: iv(120, 8), Y: iv(5.2, 0.6)},
			{Label: designs[1], X: iv(160, 10), Y: iv(3.9, 0.4)},
			{Label: designs[2], X: iv(100, 12), Y: iv(4.4, 0.9)},
			{Label: designs[3], X: Interval{Mean: 140, Lo: math.NaN(), Hi: math.NaN()}, Y: iv(4.1, 0.5)},
		})},
		{"changes", "Change against centralized", Changes("Change against centralized", "Paired change against centralized (%)", designs, []Change{
			{Measure: "Mean time to restore", Design: designs[1], Pct: Interval{Mean: -34.5, Lo: -35.2, Hi: -33.7}, Text: "−34.5% better"},
			{Measure: "Mean time to restore", Design: designs[2], Pct: Interval{Mean: 3, Lo: -1, Hi: 7}, Text: "+3% not distinguishable"},
			{Measure: "Feature throughput", Design: designs[1], Pct: Interval{Mean: -0.13, Lo: -0.18, Hi: -0.07}, Text: "−0.13% worse"},
			{Measure: "After-hours pages", Design: designs[1], Pct: Interval{Mean: 74, Lo: 71, Hi: 77}, Text: "+74% worse"},
			{Measure: "Handoffs", Design: designs[2], Pct: Interval{Mean: -100, Lo: math.NaN(), Hi: math.NaN()}, Text: "−100% better"},
		})},
		{"tornado", "What moves the difference in restore time", Tornado("What moves the difference in restore time", "collective − centralized (h)", -1.2, []TornadoBar{
			{Label: "design.centralized.ops_familiarity", Low: -0.4, High: -2, LowText: "1", HighText: "3"},
			{Label: "design.centralized.ops_runbooks", Low: -1.05, High: 0.3, LowText: "0.25", HighText: "1"},
			{Label: "services.per_team", Low: nan, High: -1.3, HighText: "4"},
			{Label: "services.cascade_delay", Low: -1.2, High: -1.2, LowText: "5m", HighText: "15m"},
		}, [2]string{})},
		{"stackedbars", "Where product teams' time goes", StackedBars("Where product teams' time goes", "% of working time", timeParts, []Stack{
			{Label: designs[0], Parts: []float64{77.2, 0.7, 0, 0.3, 0.6, 21.2}},
			{Label: designs[1], Parts: []float64{70.5, 9.5, 6, 3, 0.5, 10.5}},
			{Label: designs[2], Parts: []float64{60, 15, 12, 6, 2, 5}},
			{Label: designs[3], Parts: []float64{68, 8, math.NaN(), 4, 2, 18}},
		})},
	}
}

// timeParts are the parts of a team's working time, as the report names
// them.
var timeParts = []string{"planned work", "interrupts (incidents)", "tickets (toil)", "context switching", "postmortems", "idle"}

// TestRenderAll renders every chart kind to PNG and SVG through Save and
// checks the files are real, correctly sized, non-blank pictures.
func TestRenderAll(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("CHARTS_OUT"); d != "" {
		dir = d // for looking at the pictures by hand
	}
	for _, tc := range fixtures() {
		t.Run(tc.name, func(t *testing.T) {
			pngPath := filepath.Join(dir, tc.name+".png")
			svgPath := filepath.Join(dir, tc.name+".svg")
			if err := Save(tc.fig, pngPath); err != nil {
				t.Fatalf("Save png: %v", err)
			}
			if err := Save(tc.fig, svgPath); err != nil {
				t.Fatalf("Save svg: %v", err)
			}
			checkPNGFile(t, pngPath, tc.fig, true)
			checkSVGFile(t, svgPath, tc.title)
		})
	}
}

func pixelSize(f Figure) (int, int) {
	w, h := f.Size()
	return int(float64(w/vg.Inch)*DPI + 0.5), int(float64(h/vg.Inch)*DPI + 0.5)
}

func checkPNGFile(t *testing.T, path string, f Figure, busy bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b, f, busy)
}

// checkPNG decodes the image, checks its size against Size at DPI, and —
// when busy — that it is a chart rather than a blank or near-blank canvas.
func checkPNG(t *testing.T, b []byte, f Figure, busy bool) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png decode: %v", err)
	}
	wantW, wantH := pixelSize(f)
	bnd := img.Bounds()
	if bnd.Dx() == 0 || bnd.Dy() == 0 || bnd.Dx() != wantW || bnd.Dy() != wantH {
		t.Fatalf("png is %dx%d, want %dx%d", bnd.Dx(), bnd.Dy(), wantW, wantH)
	}
	colours, ink := inkStats(img)
	if colours < 4 {
		t.Errorf("png has %d distinct colours, want ≥ 4", colours)
	}
	if !busy {
		return
	}
	if area := bnd.Dx() * bnd.Dy(); ink*100 < area {
		t.Errorf("png has %d non-white pixels of %d (< 1%%)", ink, area)
	}
	if colours < 16 {
		t.Errorf("png has %d distinct colours, want ≥ 16 for a chart with data", colours)
	}
}

func inkStats(img image.Image) (colours, ink int) {
	// Walk Pix directly: going through image.At per pixel dominated the
	// package's test time.
	rgba, ok := img.(*image.RGBA)
	if !ok {
		b := img.Bounds()
		rgba = image.NewRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				rgba.Set(x, y, img.At(x, y))
			}
		}
	}
	seen := map[uint32]struct{}{}
	var last uint32 = 1 << 31 // not a valid packed colour
	for i := 0; i+3 < len(rgba.Pix); i += 4 {
		r, g, b := rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2]
		key := uint32(r)<<24 | uint32(g)<<16 | uint32(b)<<8 | uint32(rgba.Pix[i+3])
		if key != last {
			seen[key] = struct{}{}
			last = key
		}
		if r < 0xF8 || g < 0xF8 || b < 0xF8 {
			ink++
		}
	}
	return len(seen), ink
}

func checkSVGFile(t *testing.T, path, title string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkSVG(t, b, title)
}

// checkSVG parses the SVG as XML and checks it draws shapes and text,
// including the title.
func checkSVG(t *testing.T, b []byte, title string) (texts []string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var paths, nText int
	var inText bool
	var sawSVG bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("svg does not parse: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			switch v.Name.Local {
			case "svg":
				sawSVG = true
			case "path":
				paths++
			case "text":
				nText++
				inText = true
			}
		case xml.EndElement:
			if v.Name.Local == "text" {
				inText = false
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(v))
			}
		}
	}
	if !sawSVG {
		t.Error("no <svg> element")
	}
	if paths == 0 || nText == 0 {
		t.Errorf("svg has %d <path> and %d <text> elements; want some of each", paths, nText)
	}
	if !containsText(texts, title) {
		t.Errorf("svg texts do not include the title %q", title)
	}
	return texts
}

func containsText(texts []string, s string) bool {
	for _, x := range texts {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// TestEdgeCases checks that awkward inputs render in both formats without
// error, and that inputs with nothing to draw say so.
func TestEdgeCases(t *testing.T) {
	nan := math.NaN()
	nanIv := Interval{Mean: nan, Lo: nan, Hi: nan}
	cases := []struct {
		name   string
		fig    Figure
		noData bool
	}{
		{"comparison/empty", Comparison("T", nil), true},
		{"comparison/empty-panel", Comparison("T", []Panel{{Title: "p"}}), true},
		{"comparison/all-nan", Comparison("T", []Panel{{Title: "p", Designs: []string{"a"}, Values: []Interval{nanIv}}}), true},
		{"comparison/constant", Comparison("T", []Panel{{Title: "p", Designs: []string{"a", "b"}, Values: []Interval{iv(3, 0), iv(3, 0)}}}), false},
		{"comparison/zero", Comparison("T", []Panel{{Title: "p", Designs: []string{"a"}, Values: []Interval{iv(0, 0)}}}), false},
		{"comparison/negative", Comparison("T", []Panel{{Title: "p", Designs: []string{"a", "b"}, Values: []Interval{iv(-3, 1), iv(-5, 1)}}}), false},
		{"comparison/short-values", Comparison("T", []Panel{{Title: "p", Designs: []string{"a", "b"}, Values: []Interval{iv(1, 1)}}}), false},
		{"boxplots/empty", BoxPlots("T", "h", nil, nil), true},
		{"boxplots/nan", BoxPlots("T", "h", []string{"a"}, [][]float64{{nan, nan}}), true},
		{"boxplots/constant", BoxPlots("T", "h", []string{"a", "b"}, [][]float64{{2, 2, 2}, {2}}), false},
		{"boxplots/missing-samples", BoxPlots("T", "h", []string{"a", "b"}, [][]float64{{1, 2, 3}}), false},
		{"boxplots/inf", BoxPlots("T", "h", []string{"a"}, [][]float64{{1, math.Inf(1), 2, nan}}), false},
		{"ecdf/empty", ECDF("T", "h", nil, nil), true},
		{"ecdf/nan", ECDF("T", "h", []string{"a"}, [][]float64{{nan}}), true},
		{"ecdf/constant", ECDF("T", "h", []string{"a"}, [][]float64{{5, 5, 5}}), false},
		{"ecdf/single", ECDF("T", "h", []string{"a"}, [][]float64{{-1}}), false},
		{"timeseries/empty", TimeSeries("T", "x", "y", nil), true},
		{"timeseries/nan", TimeSeries("T", "x", "y", []Band{{Label: "a", T: []float64{0, 1}, Mean: []float64{nan, nan}}}), true},
		{"timeseries/constant", TimeSeries("T", "x", "y", []Band{{Label: "a", T: []float64{0, 1, 2}, Mean: []float64{1, 1, 1}, Lo: []float64{1, 1, 1}, Hi: []float64{1, 1, 1}}}), false},
		{"timeseries/one-point", TimeSeries("T", "x", "y", []Band{{Label: "a", T: []float64{3}, Mean: []float64{4}}}), false},
		{"timeseries/ragged", TimeSeries("T", "x", "y", []Band{{Label: "a", T: []float64{0, 1, 2}, Mean: []float64{1, 2}, Lo: []float64{0}}}), false},
		{"scaling/empty", Scaling("T", "x", "y", nil), true},
		{"scaling/nan", Scaling("T", "x", "y", []Curve{{Label: "a", X: []float64{1, nan}, Y: []Interval{nanIv, iv(1, 1)}}}), true},
		{"scaling/constant", Scaling("T", "x", "y", []Curve{{Label: "a", X: []float64{1, 1}, Y: []Interval{iv(2, 0), iv(2, 0)}}}), false},
		{"scaling/negative", Scaling("T", "x", "y", []Curve{{Label: "a", X: []float64{-2, -1, 0}, Y: []Interval{iv(-2, 1), {Mean: -3, Lo: nan, Hi: nan}, iv(-1, 0.5)}}}), false},
		{"scalingpanels/empty", ScalingPanels("T", nil), true},
		{"scalingpanels/all-empty", ScalingPanels("T", []ScalingPanel{{Title: "p"}}), true},
		{"scalingpanels/one-empty", ScalingPanels("T", []ScalingPanel{{Title: "p"}, {Title: "q", Curves: []Curve{{Label: "a", X: []float64{1, 2}, Y: []Interval{iv(1, 0.1), iv(2, 0.1)}}}}}), true},
		{"heatmap/empty", HeatMap("T", "z", Grid{}), true},
		{"heatmap/nan", HeatMap("T", "z", Grid{X: []float64{1}, Y: []float64{1}, Z: [][]float64{{nan}}}), true},
		{"heatmap/constant", HeatMap("T", "z", Grid{X: []float64{1, 2}, Y: []float64{1, 2}, Z: [][]float64{{3, 3}, {3, 3}}}), false},
		{"heatmap/single-cell", HeatMap("T", "z", Grid{X: []float64{1}, Y: []float64{1}, Z: [][]float64{{-3}}}), false},
		{"heatmap/ragged", HeatMap("T", "z", Grid{X: []float64{1, 2, 3}, Y: []float64{1, 2}, Z: [][]float64{{1, 2}}}), false},
		{"changes/empty", Changes("T", "x", nil, nil), true},
		{"changes/nan", Changes("T", "x", []string{"a"}, []Change{{Measure: "m", Design: "a", Pct: nanIv}}), true},
		{"timeseriespanels/empty", TimeSeriesPanels("T", "x", "y", nil), true},
		{"timeseriespanels/nan", TimeSeriesPanels("T", "x", "y", []SeriesPanel{{Title: "a", Bands: []Band{{Label: "a", T: []float64{0, 1}, Mean: []float64{nan, nan}}}}}), true},
		{"tradeoff/empty", Tradeoff("T", "x", "y", nil), true},
		{"tradeoff/nan", Tradeoff("T", "x", "y", []TradeoffPoint{{Label: "a", X: nanIv, Y: iv(1, 1)}}), true},
		{"tradeoff/single", Tradeoff("T", "x", "y", []TradeoffPoint{{Label: "a", X: iv(1, 0), Y: iv(-1, 0)}}), false},
		{"tornado/empty", Tornado("T", "x", 0, nil, [2]string{}), true},
		{"tornado/all-nan", Tornado("T", "x", 1, []TornadoBar{{Label: "a", Low: nan, High: nan}}, [2]string{}), true},
		{"tornado/nan-base", Tornado("T", "x", nan, []TornadoBar{{Label: "a", Low: 1, High: 2}}, [2]string{}), true},
		{"tornado/no-effect", Tornado("T", "x", 0, []TornadoBar{{Label: "a", Low: 0, High: 0}}, [2]string{}), false},
		{"tornado/one-end", Tornado("T", "x", 2, []TornadoBar{{Label: "a", Low: nan, High: -1, HighText: "9"}}, [2]string{"-", "μ"}), false},
		{"stackedbars/empty", StackedBars("T", "%", timeParts, nil), true},
		{"stackedbars/no-parts", StackedBars("T", "%", nil, []Stack{{Label: "a", Parts: []float64{50, 50}}}), true},
		{"stackedbars/all-nan", StackedBars("T", "%", []string{"x", "y"}, []Stack{{Label: "a", Parts: []float64{nan, math.Inf(1)}}}), true},
		{"stackedbars/all-zero", StackedBars("T", "%", []string{"x", "y"}, []Stack{{Label: "a", Parts: []float64{0, -3}}}), true},
		{"stackedbars/one-nan-stack", StackedBars("T", "%", []string{"x", "y"}, []Stack{{Label: "a", Parts: []float64{nan, nan}}, {Label: "b", Parts: []float64{40, 60}}}), true},
		{"stackedbars/short-parts", StackedBars("T", "", []string{"x", "y", "z"}, []Stack{{Label: "a", Parts: []float64{100}}}), false},
		{"stackedbars/over-100", StackedBars("T", "%", []string{"x", "y"}, []Stack{{Label: "a", Parts: []float64{90, 40}}}), false},
		{"stackedbars/single-part", StackedBars("T", "%", []string{"x"}, []Stack{{Label: "a", Parts: []float64{100}}}), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var pb, sb bytes.Buffer
			if err := tc.fig.Encode(&pb, "png"); err != nil {
				t.Fatalf("png: %v", err)
			}
			checkPNG(t, pb.Bytes(), tc.fig, false)
			if err := tc.fig.Encode(&sb, "svg"); err != nil {
				t.Fatalf("svg: %v", err)
			}
			texts := checkSVG(t, sb.Bytes(), "T")
			if got := containsText(texts, "no data"); got != tc.noData {
				t.Errorf("says \"no data\": %v, want %v", got, tc.noData)
			}
		})
	}
}

// TestSaveBadExtension checks that an unknown extension is refused before
// anything is written.
func TestSaveBadExtension(t *testing.T) {
	dir := t.TempDir()
	f := fixtures()[0].fig
	for _, name := range []string{"chart.jpg", "chart", "chart.png.bak"} {
		p := filepath.Join(dir, name)
		if err := Save(f, p); err == nil {
			t.Errorf("Save(%q) succeeded, want error", name)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("Save(%q) left a file (stat err %v)", name, err)
		}
	}
	assertEmptyDir(t, dir)
}

type failingFigure struct{}

func (failingFigure) Encode(w io.Writer, _ string) error {
	io.WriteString(w, "partial")
	return errors.New("boom")
}
func (failingFigure) Size() (vg.Length, vg.Length) { return vg.Inch, vg.Inch }

// TestSaveFailureLeavesNothing checks the temp-and-rename promise: a figure
// that fails midway leaves neither the target nor a temp file, and an
// existing good file is not clobbered.
func TestSaveFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	if err := Save(failingFigure{}, p); err == nil {
		t.Fatal("Save of a failing figure succeeded")
	}
	assertEmptyDir(t, dir)

	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(failingFigure{}, p); err == nil {
		t.Fatal("Save of a failing figure succeeded")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("failed Save replaced the existing file with %q", b)
	}
	if err := Save(nil, p); err == nil {
		t.Error("Save(nil) succeeded")
	}
}

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("file left behind: %s", e.Name())
	}
}

// TestBlankDetector checks that the non-blank thresholds used above can
// tell a chart from a near-empty canvas, so TestRenderAll can really fail.
func TestBlankDetector(t *testing.T) {
	var b bytes.Buffer
	f := TimeSeries("Empty", "x", "y", nil)
	if err := f.Encode(&b, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	_, ink := inkStats(img)
	if area := img.Bounds().Dx() * img.Bounds().Dy(); ink*100 >= area {
		t.Errorf("a no-data figure passes the 1%% ink threshold (%d of %d pixels)", ink, area)
	}
}

func TestEncodeUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	if err := fixtures()[0].fig.Encode(&b, "gif"); err == nil {
		t.Error("Encode(gif) succeeded")
	}
	if b.Len() != 0 {
		t.Errorf("Encode(gif) wrote %d bytes", b.Len())
	}
}

// TestDesignColourFollowsDesign checks that a design keeps its colour when
// a later panel lists designs in a different order.
func TestDesignColourFollowsDesign(t *testing.T) {
	idx := designIndex{}
	for _, d := range []string{"a", "b", "c"} {
		idx.of(d)
	}
	b1, _ := panelBars(Panel{Title: "1", Designs: []string{"a", "b", "c"}, Values: []Interval{iv(1, 0), iv(2, 0), iv(3, 0)}}, idx)
	b2, _ := panelBars(Panel{Title: "2", Designs: []string{"c", "a"}, Values: []Interval{iv(1, 0), iv(2, 0)}}, idx)
	if b2.c[0] != b1.c[2] || b2.c[1] != b1.c[0] {
		t.Errorf("colours moved with position: panel1 %v, panel2 %v", b1.c, b2.c)
	}
	if b1.c[0] == b1.c[1] || b1.c[1] == b1.c[2] {
		t.Errorf("designs share a colour: %v", b1.c)
	}
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 168, []string{"0", "25", "50", "75", "100", "125", "150"}},
		{0.94, 0.99, []string{"0.94", "0.95", "0.96", "0.97", "0.98", "0.99"}},
		{-5.5, 15.5, []string{"-5", "0", "5", "10", "15"}},
		{0, 1.02, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{2.7, 3.3, []string{"2.7", "2.8", "2.9", "3.0", "3.1", "3.2", "3.3"}},
	}
	for _, tc := range cases {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("ticks(%g, %g) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
	if ts := (niceTicks{}).Ticks(1, 1); len(ts) != 0 {
		t.Errorf("empty range gave ticks %v", ts)
	}
}

// TestPaletteInSVG checks that designs are drawn in the Okabe-Ito colours,
// in input order.
func TestPaletteInSVG(t *testing.T) {
	var b bytes.Buffer
	if err := fixtures()[0].fig.Encode(&b, "svg"); err != nil {
		t.Fatal(err)
	}
	for _, hex := range []string{"#0072B2", "#E69F00", "#009E73", "#D55E00"} {
		if !bytes.Contains(b.Bytes(), []byte(hex)) {
			t.Errorf("comparison SVG lacks design colour %s", hex)
		}
	}
	if bytes.Contains(b.Bytes(), []byte("#CC79A7")) {
		t.Error("comparison SVG uses a fifth design colour for four designs")
	}
}

// TestConcurrentEncode backs the package doc's promise that one Figure may
// be encoded from several goroutines (run with -race to make it bite).
func TestConcurrentEncode(t *testing.T) {
	fx := fixtures()
	errs := make(chan error, 4)
	for _, i := range []int{0, 6, 7, 6} {
		go func() { errs <- fx[i].fig.Encode(io.Discard, "svg") }()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
