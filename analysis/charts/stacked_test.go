package charts

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestStackedBarsLabels checks where each part's value is written: inside
// a segment wide enough for it, otherwise in the note under its bar as
// "name value", with "n/a" for unknown parts and "no data" for a bar with
// nothing to draw.
func TestStackedBarsLabels(t *testing.T) {
	nan := math.NaN()
	parts := []string{"big", "mid", "small"}
	tests := []struct {
		name        string
		stacks      []Stack
		inside      []string // segment labels
		notes       []string // note items
		notInside   []string
		wantNoData  bool
		wantMissing []string // texts that must not appear at all
	}{
		{"wide parts are labelled inside", []Stack{{Label: "a", Parts: []float64{50, 30, 20}}},
			[]string{"50%", "30%", "20%"}, nil, nil, false, []string{"big 50%", "small 20%"}},
		{"a narrow part goes under the bar", []Stack{{Label: "a", Parts: []float64{96.4, 3.1, 0.5}}},
			[]string{"96%"}, []string{"mid 3.1%", "small 0.5%"}, []string{"3.1%", "0.5%"}, false, nil},
		{"zero and negative parts are listed as 0%", []Stack{{Label: "a", Parts: []float64{100, 0, -4}}},
			[]string{"100%"}, []string{"mid 0%", "small 0%"}, nil, false, nil},
		{"unknown parts are listed as n/a", []Stack{{Label: "a", Parts: []float64{70, nan, 30}}, {Label: "b", Parts: []float64{60, math.Inf(1)}}},
			[]string{"70%", "30%", "60%"}, []string{"mid n/a", "small n/a"}, nil, false, nil},
		{"a bar with nothing to draw says so", []Stack{{Label: "a", Parts: []float64{nan, nan, nan}}, {Label: "b", Parts: []float64{40, 40, 20}}},
			[]string{"40%", "20%"}, nil, nil, true, []string{"big n/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := StackedBars("T", "%", parts, tt.stacks).Encode(&b, "svg"); err != nil {
				t.Fatal(err)
			}
			texts := checkSVG(t, b.Bytes(), "T")
			has := func(s string) bool { return slices.Contains(texts, s) }
			for _, w := range append(slices.Clone(tt.inside), tt.notes...) {
				if !has(w) {
					t.Errorf("no text %q among %q", w, texts)
				}
			}
			for _, w := range append(slices.Clone(tt.notInside), tt.wantMissing...) {
				if has(w) {
					t.Errorf("text %q drawn, want it only elsewhere or not at all", w)
				}
			}
			if got := has("no data"); got != tt.wantNoData {
				t.Errorf("says \"no data\": %v, want %v", got, tt.wantNoData)
			}
			for _, st := range tt.stacks {
				if !has(st.Label) {
					t.Errorf("bar %q is not labelled", st.Label)
				}
			}
		})
	}
}

// TestStackedBarsPalette checks that parts take their own colours, in
// order, and never the design colours, which mean designs elsewhere.
func TestStackedBarsPalette(t *testing.T) {
	var b bytes.Buffer
	f := StackedBars("T", "%", timeParts, []Stack{{Label: "a", Parts: []float64{40, 20, 15, 10, 5, 10}}})
	if err := f.Encode(&b, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := strings.ToUpper(b.String())
	for j := range timeParts {
		c := partPalette[j]
		if hex := fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B); !strings.Contains(svg, hex) {
			t.Errorf("part %d colour %s missing", j, hex)
		}
	}
	for _, c := range okabeIto[:len(okabeIto)-1] { // not black: axes and text are black
		if hex := fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B); strings.Contains(svg, hex) {
			t.Errorf("stacked bars use design colour %s", hex)
		}
	}
	if PartColor(0) == PartColor(1) || PartColor(len(partPalette)) != PartColor(0) {
		t.Error("PartColor does not cycle through distinct colours")
	}
}

// TestStackLayoutNoOverlap checks the vertical layout: however many parts
// need a note, and however much room the figure has, no bar or note runs
// into the next bar or below the data area.
func TestStackLayoutNoOverlap(t *testing.T) {
	narrow := Stack{Label: "narrow", Parts: []float64{95, 1, 1, 1, 1, 1}}
	wide := Stack{Label: "wide", Parts: []float64{20, 20, 20, 20, 10, 10}}
	long := []string{"planned work on features", "interrupts from incidents", "tickets and other toil", "context switching", "postmortems", "idle"}
	tests := []struct {
		name   string
		parts  []string
		stacks []Stack
		dataW  vg.Length
		room   float64 // data area height as a multiple of what the layout needs
	}{
		{"two bars, exact room", timeParts, []Stack{narrow, wide}, 450, 1},
		{"two bars, ample room", timeParts, []Stack{narrow, wide}, 450, 1.8},
		{"long names wrap notes", long, []Stack{narrow, narrow, wide, narrow}, 300, 1},
		{"many bars", timeParts, slices.Repeat([]Stack{narrow, wide}, 8), 450, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb := &stackedBars{parts: tt.parts, stacks: tt.stacks, xMax: 100}
			need := sb.layout(tt.dataW, tt.dataW+20, 0).content
			h := need * vg.Length(tt.room)
			lay := sb.layout(tt.dataW, tt.dataW+20, h)
			if lay.barH < vg.Points(stackBarMin) || lay.barH > vg.Points(stackBarMax) {
				t.Errorf("bar thickness %v outside [%d, %d] pt", lay.barH, stackBarMin, stackBarMax)
			}
			for i := range tt.stacks {
				top := lay.centre[i] + lay.barH/2
				bottom := lay.centre[i] - lay.barH/2
				if n := len(lay.notes[i]); n > 0 {
					bottom -= vg.Points(stackNoteGap) + vg.Length(lay.notes[i][n-1].line+1)*noteLineH()
				}
				if top > h+1e-6 {
					t.Errorf("bar %d's top %v is above the data area (%v)", i, top, h)
				}
				next := vg.Length(0)
				if i+1 < len(tt.stacks) {
					next = lay.centre[i+1] + lay.barH/2
				}
				if bottom-next < vg.Points(stackGap)-1e-6 {
					t.Errorf("bar %d and its note reach down to %v, less than %d pt above %v", i, bottom, stackGap, next)
				}
				for _, it := range lay.notes[i] {
					if it.x+vg.Points(stackNoteSw) > tt.dataW+20 {
						t.Errorf("note item %q starts past the note width", it.text)
					}
				}
			}
			if !slices.ContainsFunc(lay.notes, func(n []noteItem) bool { return len(n) > 0 }) {
				t.Error("no bar needed a note: the test does not exercise notes")
			}
		})
	}
}

func TestPctLabel(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{77.24, "77%"}, {9.96, "10%"}, {9.94, "9.9%"}, {6, "6%"}, {0.74, "0.7%"},
		{0.04, "<0.1%"}, {0, "0%"}, {-3, "0%"}, {math.NaN(), "n/a"}, {math.Inf(1), "n/a"}, {100, "100%"},
	}
	for _, tt := range tests {
		if got := pctLabel(tt.in); got != tt.want {
			t.Errorf("pctLabel(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDesignsDifferBeyondColour: designs differ in dash and marker as well
// as in colour, so lines and bands stay apart in greyscale and where they
// overlap; band edges carry the dash too.
