package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/results"
)

// Files of a sensitivity analysis's folder.
const (
	SensitivityJSON     = "sensitivity.json"
	SensitivityCSV      = "sensitivity.csv"
	SensitivityMarkdown = "sensitivity.md"
	SensitivityHTML     = "sensitivity.html"
)

// Sensitivity is a sensitivity analysis of a scenario: for each key
// metric, the paired difference between two designs (Design minus
// Baseline), how far each value the scenario uses moves it over that
// value's range, and where a range flips which design is better. opsim
// sensitivity writes it to sensitivity.json; a compare report of the same
// scenario text (ScenarioHash) reads it back.
type Sensitivity struct {
	ScenarioHash string   `json:"scenario_hash"`
	ScenarioFile string   `json:"scenario_file"`
	Name         string   `json:"name"`
	Overrides    []string `json:"overrides,omitempty"`
	Seed         uint64   `json:"seed"`
	// Replications per design and setting; every setting runs the same
	// replications' random numbers, so settings are paired too.
	Replications int `json:"replications"`
	// Method is "oat" or "morris"; Trajectories and Levels shape Morris's.
	Method       string `json:"method"`
	Trajectories int    `json:"trajectories,omitempty"`
	Levels       int    `json:"levels,omitempty"`
	Baseline     string `json:"baseline"`
	Design       string `json:"design"`
	// Metrics are the key metrics; At, Verdicts and every parameter's
	// Effects follow their order.
	Metrics []string `json:"metrics"`
	// At is the paired difference at the scenario's own values.
	At []SensitivityDiff `json:"at"`
	// Verdicts count, over every setting run, which design was better.
	Verdicts []SensitivityCount `json:"verdicts"`
	// Settings and Runs count what was simulated.
	Settings int                `json:"settings"`
	Runs     int                `json:"runs"`
	Params   []SensitivityParam `json:"params"`
	// Skipped are the values that did not vary, and why.
	Skipped []SensitivitySkip `json:"skipped,omitempty"`
	Build   results.BuildInfo `json:"build"`
}

// SensitivityDiff is a paired difference with its 95% interval.
type SensitivityDiff struct {
	Mean            Num  `json:"mean"`
	Lo              Num  `json:"lo"`
	Hi              Num  `json:"hi"`
	Distinguishable bool `json:"distinguishable"`
}

// SensitivityCount counts settings by verdict.
type SensitivityCount struct {
	Baseline int `json:"baseline_better"`
	Design   int `json:"design_better"`
	Neither  int `json:"not_distinguishable"`
}

// SensitivityParam is one value that varied.
type SensitivityParam struct {
	// Path is the value's dotted path, as --set takes it.
	Path string `json:"path"`
	// Value is the scenario's value, Explicit whether its file writes it,
	// Source where the documented default comes from.
	Value    string `json:"value"`
	Explicit bool   `json:"explicit"`
	Source   string `json:"source"`
	// Low and High are the ends of its range as a scenario writes them,
	// Range what the range comes from ("±50%", ...).
	Low   string `json:"low"`
	High  string `json:"high"`
	Range string `json:"range"`
	// Effects are per key metric, in Sensitivity.Metrics order.
	Effects []SensitivityEffect `json:"effects"`
}

// SensitivityEffect is how far one value moves one metric's difference.
type SensitivityEffect struct {
	Metric string `json:"metric"`
	// AtLow and AtHigh are the difference with the value at the low and
	// the high end of its range (one at a time); nil for an end not run.
	AtLow  *SensitivityDiff `json:"at_low,omitempty"`
	AtHigh *SensitivityDiff `json:"at_high,omitempty"`
	// Swing is how far the value moves the difference over its range:
	// |AtHigh − AtLow| one at a time (an end not run counts as the
	// scenario's value), Morris's μ* (the mean absolute elementary effect
	// over the whole range) otherwise.
	Swing Num `json:"swing"`
	// Moves says the value moves the difference distinguishably: one at a
	// time, the difference at one of its ends differs from the scenario's
	// by more than chance (a paired interval over the replications, which
	// every setting shares, excludes zero); with Morris, μ* is above zero.
	Moves bool `json:"moves"`
	// Mu and Sigma are Morris's mean elementary effect (signed) and its
	// standard deviation, which is large when the value interacts with
	// others or acts non-linearly.
	Mu    Num `json:"mu,omitempty"`
	Sigma Num `json:"sigma,omitempty"`
	// Flips are where the value's range changes which design is better.
	Flips []SensitivityFlip `json:"flips,omitempty"`
}

// SensitivityFlip is a value at which the difference changes sign.
type SensitivityFlip struct {
	// At is the first value, written as a scenario would, on the upper
	// side of the change, which bisection narrowed down between two
	// settings whose differences have opposite signs.
	At string `json:"at"`
	// Below and Above are the designs better below At and at At and
	// above.
	Below string `json:"below"`
	Above string `json:"above"`
	// From and To are the values (as written) of the one-at-a-time
	// settings between which the change was found, both with a
	// distinguishable difference, and FromDiff and ToDiff those
	// differences: the evidence that the verdict flips.
	From     string          `json:"from"`
	To       string          `json:"to"`
	FromDiff SensitivityDiff `json:"from_diff"`
	ToDiff   SensitivityDiff `json:"to_diff"`
}

// SensitivitySkip is a value that did not vary, and why.
type SensitivitySkip struct {
	Path  string `json:"path"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

// Num is a float64 that JSON writes as null when it is NaN (no interval,
// no effect), which encoding/json refuses to write as a number.
type Num float64

// MarshalJSON writes NaN and infinities as null.
func (n Num) MarshalJSON() ([]byte, error) {
	x := float64(n)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(x)
}

// UnmarshalJSON reads null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	x, err := strconv.ParseFloat(string(b), 64)
	*n = Num(x)
	return err
}

// PairedAt is the paired difference alt − base over the replications both
// have a value for (a replication without incidents has no restore time).
func PairedAt(base, alt []float64) SensitivityDiff {
	var bs, as []float64
	for i := range min(len(base), len(alt)) {
		if !math.IsNaN(base[i]) && !math.IsNaN(alt[i]) {
			bs, as = append(bs, base[i]), append(as, alt[i])
		}
	}
	d, err := PairedDiff(bs, as, DefaultLevel)
	if err != nil {
		nan := Num(math.NaN())
		return SensitivityDiff{Mean: nan, Lo: nan, Hi: nan}
	}
	return SensitivityDiff{Mean: Num(d.Mean), Lo: Num(d.Lo), Hi: Num(d.Hi), Distinguishable: d.Distinguishable}
}

// Tally adds a setting's difference in metric mi to the verdict counts.
func (s *Sensitivity) Tally(mi int, d SensitivityDiff) {
	c := &s.Verdicts[mi]
	switch {
	case !d.Distinguishable:
		c.Neither++
	case s.Verdict(s.Metrics[mi], float64(d.Mean)) == s.Design:
		c.Design++
	default:
		c.Baseline++
	}
}

// Verdict says which design a difference favours on metric, by the sign
// of its mean: the design (the difference is Design − Baseline) when it
// moves the metric the better way, else the baseline; "" at zero or NaN.
// For a metric with no better direction it names the design with the
// higher value.
func (s *Sensitivity) Verdict(metric string, d float64) string {
	if d == 0 || math.IsNaN(d) {
		return ""
	}
	if (d < 0) == lowerIsBetter(metric) {
		return s.Design
	}
	return s.Baseline
}

// lowerIsBetter says which way a metric improves; a metric with no
// better direction names the design with the higher value as "better".
func lowerIsBetter(metric string) bool {
	info := Describe(metric)
	return !info.HigherIsBetter && !info.Neutral
}

// does is the verb phrase for the design a metric favours: "restores
// faster", "delivers more features", or "has the lower p90 time to
// restore".
func does(metric string) string {
	info := Describe(metric)
	switch {
	case strings.HasPrefix(metric, "ttr_"):
		return "restores faster"
	case metric == "features_per_week":
		return "delivers more features"
	case lowerIsBetter(metric):
		return "has the lower " + info.Label
	}
	return "has the higher " + info.Label
}

// RoundWithin is the value above lo and at most hi written with the
// fewest significant digits (the nearest to the middle among equals), so
// that a threshold bisection found between 1.125 and 1.1875 reads "1.15",
// not "1.15625". For a whole-valued parameter it is hi, the first value on
// the upper side.
func RoundWithin(lo, hi float64, whole bool) float64 {
	if whole || !(lo < hi) {
		return hi
	}
	mid := (lo + hi) / 2
	for digits := 1; digits <= 15; digits++ {
		e := math.Pow(10, math.Floor(math.Log10(math.Max(math.Abs(lo), math.Abs(hi))))-float64(digits)+1)
		best, found := 0.0, false
		for k := math.Floor(lo/e+1e-9) + 1; k*e <= hi+1e-12*math.Abs(hi); k++ {
			// Through text, so that 7 × 0.1 is 0.7 and not 0.7000000000000001.
			x, _ := strconv.ParseFloat(strconv.FormatFloat(k*e, 'g', digits, 64), 64)
			if !found || math.Abs(x-mid) < math.Abs(best-mid) {
				best, found = x, true
			}
		}
		if found {
			return best
		}
	}
	return mid
}

// Swing is how far an effect's value moves the difference one at a time:
// the distance between its two ends, an end not run counting as the
// scenario's value.
func Swing(at SensitivityDiff, low, high *SensitivityDiff) Num {
	l, h := at.Mean, at.Mean
	if low != nil {
		l = low.Mean
	}
	if high != nil {
		h = high.Mean
	}
	return Num(math.Abs(float64(h - l)))
}

// Ranked returns the indices of s.Params ordered by how far each moves
// metric mi's difference, largest first (path order among equals).
func (s *Sensitivity) Ranked(mi int) []int {
	idx := make([]int, len(s.Params))
	for i := range idx {
		idx[i] = i
	}
	swing := func(i int) float64 {
		v := float64(s.Params[i].Effects[mi].Swing)
		if math.IsNaN(v) {
			return -1
		}
		return v
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch sa, sb := swing(a), swing(b); {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return strings.Compare(s.Params[a].Path, s.Params[b].Path)
	})
	return idx
}

// Movers are Ranked(mi) without the values that do not move metric mi's
// difference distinguishably.
func (s *Sensitivity) Movers(mi int) []int {
	var out []int
	for _, pi := range s.Ranked(mi) {
		if s.Params[pi].Effects[mi].Moves {
			out = append(out, pi)
		}
	}
	return out
}

// Decisive returns the parameters' paths, most decisive first: those
// whose range flips a verdict, then by their largest swing relative to the
// largest of its metric, so that restore time and throughput count alike.
func (s *Sensitivity) Decisive() []string {
	score := make([]float64, len(s.Params))
	for mi := range s.Metrics {
		top := 0.0
		for _, p := range s.Params {
			if v := float64(p.Effects[mi].Swing); v > top {
				top = v
			}
		}
		for i, p := range s.Params {
			e := p.Effects[mi]
			rel := 0.0
			if top > 0 && !math.IsNaN(float64(e.Swing)) {
				rel = float64(e.Swing) / top
			}
			if len(e.Flips) > 0 {
				rel += 1
			}
			score[i] = math.Max(score[i], rel)
		}
	}
	idx := make([]int, len(s.Params))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return strings.Compare(s.Params[a].Path, s.Params[b].Path)
	})
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = s.Params[k].Path
	}
	return out
}

// FlipSentences say, in words, which values decide a verdict: for each
// metric and each value whose range changes which design is better, where
// it changes and which design wins on each side.
func (s *Sensitivity) FlipSentences() []string {
	var out []string
	for mi, m := range s.Metrics {
		info := Describe(m)
		for _, pi := range s.Ranked(mi) {
			p := s.Params[pi]
			flips := p.Effects[mi].Flips
			for _, f := range flips {
				what := fmt.Sprintf("The verdict on %s depends on %s (%s; %s here)", info.Label, p.Path, shortSource(p.Source), p.Value)
				var where string
				if len(flips) == 1 {
					where = fmt.Sprintf("at %s and above, %s %s; below, %s does", f.At, f.Above, does(m), f.Below)
				} else {
					where = fmt.Sprintf("it turns at %s: below, %s %s; from there up, %s does", f.At, f.Below, does(m), f.Above)
				}
				out = append(out, what+": "+where+" ("+s.DescribeDiff(mi, f.FromDiff)+" at "+f.From+", "+s.DescribeDiff(mi, f.ToDiff)+" at "+f.To+").")
			}
		}
	}
	return out
}

// DescribeDiff writes a difference in metric mi's display unit:
// "+0.21 h [0.15, 0.27]".
func (s *Sensitivity) DescribeDiff(mi int, d SensitivityDiff) string {
	info := Describe(s.Metrics[mi])
	sc := scaleOf(info)
	m, lo, hi := float64(d.Mean)*sc, float64(d.Lo)*sc, float64(d.Hi)*sc
	// Two significant digits of the interval's half-width, as the
	// report's changes: the bounds stay apart, no false precision.
	dec := decimals(m, lo, hi, true)
	unit := ""
	if info.Unit != "" {
		unit = " " + info.Unit
	}
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return fmtNum(m, dec, "", true) + unit
	}
	return fmtNum(m, dec, "", true) + unit + " [" + fmtNum(lo, dec, "", true) + ", " + fmtNum(hi, dec, "", true) + "]"
}

// shortSource is a source in a few words: "assumption", or the first
// clause of a citation ("the preset's choice", "SRE book").
func shortSource(source string) string {
	if strings.HasPrefix(strings.ToLower(source), "assumption") {
		return "assumption"
	}
	s := source
	if i := strings.IndexAny(s, ":;(,"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if s == "" {
		return "no source"
	}
	return s
}

// WriteSensitivityJSON writes s as dir/sensitivity.json, atomically.
func WriteSensitivityJSON(dir string, s *Sensitivity) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("analysis: sensitivity: %w", err)
	}
	return results.WriteFileAtomic(filepath.Join(dir, SensitivityJSON), append(b, '\n'))
}

// ReadSensitivity reads dir/sensitivity.json.
func ReadSensitivity(dir string) (*Sensitivity, error) {
	b, err := os.ReadFile(filepath.Join(dir, SensitivityJSON))
	if err != nil {
		return nil, err
	}
	var s Sensitivity
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, SensitivityJSON), err)
	}
	if len(s.At) != len(s.Metrics) || len(s.Verdicts) != len(s.Metrics) {
		return nil, fmt.Errorf("%s: %d metrics but %d differences and %d verdict counts", filepath.Join(dir, SensitivityJSON), len(s.Metrics), len(s.At), len(s.Verdicts))
	}
	for _, p := range s.Params {
		if len(p.Effects) != len(s.Metrics) {
			return nil, fmt.Errorf("%s: %s has %d effects for %d metrics", filepath.Join(dir, SensitivityJSON), p.Path, len(p.Effects), len(s.Metrics))
		}
	}
	return &s, nil
}

// DescribeEffect says in a line how far a value moves metric mi's
// difference: the difference at each end of its range and where it flips
// (one at a time), or Morris's μ* and σ.
func (s *Sensitivity) DescribeEffect(mi int, e SensitivityEffect) string {
	if s.Method == "morris" {
		return "μ* " + s.describeNum(mi, e.Swing) + ", μ " + s.describeNum(mi, e.Mu) + ", σ " + s.describeNum(mi, e.Sigma)
	}
	out := s.describeEnd(mi, e.AtLow) + " to " + s.describeEnd(mi, e.AtHigh)
	for _, f := range e.Flips {
		out += ", flipping at " + f.At
	}
	return out
}

// describeEnd is DescribeDiff for one end of a value's range, which was
// not run when it is the scenario's value (nil).
func (s *Sensitivity) describeEnd(mi int, d *SensitivityDiff) string {
	if d == nil {
		return "(the scenario's value)"
	}
	return s.DescribeDiff(mi, *d)
}
