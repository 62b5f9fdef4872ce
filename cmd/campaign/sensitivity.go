package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// SensitivityDir is where a results folder keeps the sensitivity analysis
// of its scenario: opsim sensitivity writes out/NAME/sensitivity by
// default, and a report of out/NAME finds it there (if it is of the same
// scenario text).
const SensitivityDir = "sensitivity"

// Sensitivity varies the values a scenario uses over their ranges, the
// others at the scenario's values, runs every setting on the same
// replications' random numbers as the scenario itself (so settings are
// paired as designs are), and measures how far each value moves the
// paired difference between two designs in each key metric, and where a
// value's range flips which design is better. The statistics are
// analysis'; this is the experiment.
type Sensitivity struct {
	// Scenario is the parsed scenario, overrides applied; Overrides are
	// the --set flags, recorded with the result.
	Scenario  *scenarios.Scenario
	Overrides []string
	// Reps and Seed are the replications per design and setting and the
	// master seed.
	Reps int
	Seed uint64
	// Baseline and Design are the two designs compared: the difference
	// is Design − Baseline.
	Baseline, Design string
	// Metrics are the key metrics.
	Metrics []string
	// Method is scenarios.MethodOAT or scenarios.MethodMorris, with
	// Morris's Trajectories and Levels.
	Method               string
	Trajectories, Levels int
	// Bisections bounds the settings bisection adds to find where a
	// verdict flips, per value and change of sign.
	Bisections int
	// Workers bounds the runs in progress; 0 means GOMAXPROCS.
	Workers int
	// Progress, if set, is called as runs finish with the runs done and
	// the runs planned so far (bisection plans more as it goes).
	Progress func(done, total int)
	// Log receives what a user should know along the way.
	Log io.Writer

	base    []models.Config // the compared designs' configurations at the scenario's values
	designs [2]int          // their indices in the scenario
	runs    int             // runs done
	planned int             // runs planned
}

// ErrSensitivityInput is wrapped by the errors of an analysis its input
// makes impossible (a scenario with a sweep or one design, a design or a
// metric it does not have), as opposed to a run that fails.
var ErrSensitivityInput = errors.New("cannot analyse")

// DefaultBisections halves a range six times: the flip point is known to
// within 1/64 of the range it was found in.
const DefaultBisections = 6

// NewSensitivity is a sensitivity analysis of sc as its [sensitivity]
// table asks, with the defaults for what it leaves out: the baseline
// against the first other design, restore time and feature throughput,
// one at a time, DefaultSensitivityReplications replications.
func NewSensitivity(sc *scenarios.Scenario) *Sensitivity {
	t := sc.Sensitivity
	s := &Sensitivity{Scenario: sc, Seed: sc.Seed, Metrics: t.Metrics, Method: t.Method, Trajectories: t.Trajectories,
		Levels: t.Levels, Reps: t.Replications, Bisections: DefaultBisections}
	if len(s.Metrics) == 0 {
		s.Metrics = scenarios.DefaultSensitivityMetrics
	}
	if s.Method == "" {
		s.Method = scenarios.MethodOAT
	}
	if s.Trajectories == 0 {
		s.Trajectories = scenarios.DefaultTrajectories
	}
	if s.Levels == 0 {
		s.Levels = scenarios.DefaultLevels
	}
	if s.Reps == 0 {
		s.Reps = scenarios.DefaultSensitivityReplications
	}
	if len(t.Designs) == 2 {
		s.Baseline, s.Design = t.Designs[0], t.Designs[1]
	} else {
		s.Baseline = sc.Baseline
		for _, d := range sc.Designs {
			if d.Name != s.Baseline {
				s.Design = d.Name
				break
			}
		}
	}
	return s
}

func (s *Sensitivity) logf(format string, args ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, format, args...)
	}
}

// setting is one point of the analysis: the scenario with some values
// changed, and what its runs gave.
type setting struct {
	sets []string // the --set overrides that make it
	plan *Plan
	// vals[d][m][rep] is design d's (0 baseline, 1 design) metric m.
	vals [2][][]float64
	err  error // why it could not run, or why a run failed
}

// diff is the setting's paired difference in metric mi.
func (st *setting) diff(mi int) analysis.SensitivityDiff {
	if st.err != nil {
		nan := analysis.Num(math.NaN())
		return analysis.SensitivityDiff{Mean: nan, Lo: nan, Hi: nan}
	}
	return analysis.PairedAt(st.vals[0][mi], st.vals[1][mi])
}

// deltas are the setting's per-replication differences in metric mi,
// design minus baseline (NaN where either is).
func (st *setting) deltas(mi int) []float64 {
	out := make([]float64, len(st.vals[0][mi]))
	for r := range out {
		out[r] = st.vals[1][mi][r] - st.vals[0][mi][r]
	}
	return out
}

// candidate is a value that varies over [lo, hi].
type candidate struct {
	p        scenarios.Parameter
	lo, hi   float64
	from     string
	low, top *setting // the one-at-a-time settings at lo and hi (nil: not run)
}

// param is the candidate as the result lists it, without its effects.
func (c *candidate) param() analysis.SensitivityParam {
	return analysis.SensitivityParam{Path: c.p.Path, Value: c.p.Value, Explicit: c.p.Explicit, Source: c.p.Provenance(),
		Low: c.p.Format(c.lo), High: c.p.Format(c.hi), Range: c.from}
}

// Run runs the analysis and returns its result; nothing is written (see
// WriteSensitivity). A setting whose runs fail is left out, saying why;
// ctx's cancellation stops it with context.Cause(ctx).
func (s *Sensitivity) Run(ctx context.Context) (*analysis.Sensitivity, error) {
	sc := s.Scenario
	if len(sc.Sweep) > 0 {
		return nil, fmt.Errorf("%w: %s has a [sweep]: a sensitivity analysis varies the values of one organisation itself; remove the sweep (or copy the scenario without it) and set its values with --set", ErrSensitivityInput, sc.File)
	}
	if err := s.resolveDesigns(); err != nil {
		return nil, err
	}
	base, err := s.newSetting(sc, nil)
	if err != nil {
		return nil, fmt.Errorf("the scenario's own setting: %w", err)
	}
	if base.plan != nil {
		for _, m := range s.Metrics {
			if !slices.Contains(base.plan.Schema.Metrics, m) {
				return nil, fmt.Errorf("%w: metric %q: the scenario's runs do not report it (the metrics are the columns of runs.csv)", ErrSensitivityInput, m)
			}
		}
	}
	out := &analysis.Sensitivity{
		ScenarioHash: results.HashScenario(sc.Text), ScenarioFile: sc.File, Name: sc.Name, Overrides: s.Overrides,
		Seed: s.Seed, Replications: s.Reps, Method: s.Method, Baseline: s.Baseline, Design: s.Design,
		Metrics: s.Metrics, Verdicts: make([]analysis.SensitivityCount, len(s.Metrics)), Build: results.ReadBuildInfo(),
	}
	if s.Method == scenarios.MethodMorris {
		out.Trajectories, out.Levels = s.Trajectories, s.Levels
	}
	cands, skipped := s.candidates()
	out.Skipped = skipped
	settings := []*setting{base}
	if s.Method == scenarios.MethodMorris {
		if err := s.morris(ctx, base, cands, out); err != nil {
			return nil, err
		}
		return out, nil
	}
	for _, c := range cands {
		for _, st := range []*setting{c.low, c.top} {
			if st != nil {
				settings = append(settings, st)
			}
		}
	}
	if err := s.runSettings(ctx, settings); err != nil {
		return nil, err
	}
	if base.err != nil {
		return nil, fmt.Errorf("the scenario's own setting: %w", base.err)
	}
	for mi := range s.Metrics {
		out.At = append(out.At, base.diff(mi))
	}
	var kept []*candidate
	for _, c := range cands {
		if c.low != nil && c.low.err != nil {
			s.logf("%s = %s left out: %v\n", c.p.Path, c.p.Format(c.lo), c.low.err)
			c.low = nil
		}
		if c.top != nil && c.top.err != nil {
			s.logf("%s = %s left out: %v\n", c.p.Path, c.p.Format(c.hi), c.top.err)
			c.top = nil
		}
		if c.low == nil && c.top == nil {
			out.Skipped = append(out.Skipped, analysis.SensitivitySkip{Path: c.p.Path, Value: c.p.Value, Why: "no setting of its range could run"})
			continue
		}
		kept = append(kept, c)
	}
	flips, added, err := s.bisect(ctx, base, kept)
	if err != nil {
		return nil, err
	}
	for _, c := range kept {
		out.Params = append(out.Params, s.oatParam(out, c, base, flips[c]))
	}
	s.tally(out, append(settings, added...))
	out.Runs = s.runs
	return out, nil
}

// resolveDesigns checks the two designs and finds their configurations.
func (s *Sensitivity) resolveDesigns() error {
	sc := s.Scenario
	if s.Design == "" || s.Baseline == s.Design {
		return fmt.Errorf("%w: %s: a sensitivity analysis compares two designs, and the scenario has one", ErrSensitivityInput, sc.File)
	}
	for i, name := range []string{s.Baseline, s.Design} {
		k := slices.IndexFunc(sc.Designs, func(d models.Design) bool { return d.Name == name })
		if k < 0 {
			return fmt.Errorf("%w: design %q: no such design in %s", ErrSensitivityInput, name, sc.File)
		}
		s.designs[i] = k
	}
	cfgs, err := sc.Configs(sc.Points()[0])
	if err != nil {
		return err
	}
	s.base = []models.Config{cfgs[s.designs[0]], cfgs[s.designs[1]]}
	return nil
}

// candidates are the values that vary, with the one-at-a-time settings of
// their ends prepared (not run), and those that do not, with the reason.
func (s *Sensitivity) candidates() ([]*candidate, []analysis.SensitivitySkip) {
	sc := s.Scenario
	t := sc.Sensitivity
	listed := func(path string) bool {
		return slices.ContainsFunc(t.Params, func(r scenarios.SensitivityRange) bool { return r.Path == path })
	}
	var cands []*candidate
	var skipped []analysis.SensitivitySkip
	skip := func(p scenarios.Parameter, why string) {
		skipped = append(skipped, analysis.SensitivitySkip{Path: p.Path, Value: p.Value, Why: why})
	}
	for _, p := range sc.Parameters() {
		switch {
		case p.Kind == "" || !p.Variable, t.Only && !listed(p.Path):
			continue
		case slices.Contains(t.Exclude, p.Path):
			skip(p, "excluded by [sensitivity] exclude")
			continue
		case p.Key.Measure && !listed(p.Path):
			skip(p, "it sets how a result is measured or priced, not what happens (list it in [sensitivity.params] to vary it)")
			continue
		}
		lo, hi, from := sc.SensitivityRange(p)
		if !(lo < hi) {
			if p.Number == 0 {
				skip(p, "it is 0 and the reference documents no range for it")
			} else {
				skip(p, fmt.Sprintf("nothing to vary within %s and its bounds", from))
			}
			continue
		}
		c := &candidate{p: p, lo: lo, hi: hi, from: from}
		var why []string
		changes := false
		for _, end := range []struct {
			x  float64
			st **setting
		}{{lo, &c.low}, {hi, &c.top}} {
			if end.x == p.Number {
				continue
			}
			st, changed, err := s.variant([]string{p.Path + "=" + p.Format(end.x)})
			if err != nil {
				why = append(why, err.Error())
				continue
			}
			changes = changes || changed
			*end.st = st
		}
		switch {
		case c.low == nil && c.top == nil && len(why) > 0:
			skip(p, "its range gives no valid scenario: "+why[0])
		case !changes:
			skip(p, fmt.Sprintf("it changes neither %s nor %s", s.Baseline, s.Design))
		default:
			cands = append(cands, c)
		}
	}
	return cands, skipped
}

// variant is the setting the overrides make, and whether it changes the
// compared designs at all (a key of another design, for instance, does
// not); an override that makes the scenario invalid is an error naming it.
func (s *Sensitivity) variant(sets []string) (*setting, bool, error) {
	sc := s.Scenario
	text, err := scenarios.Override(sc.File, []byte(sc.Text), sets)
	if err != nil {
		return nil, false, oneLine(err)
	}
	v, err := scenarios.Parse(sc.File, text)
	if err != nil {
		return nil, false, oneLine(err)
	}
	cfgs, err := v.Configs(v.Points()[0])
	if err != nil {
		return nil, false, oneLine(err)
	}
	changed := !reflect.DeepEqual(cfgs[s.designs[0]], s.base[0]) || !reflect.DeepEqual(cfgs[s.designs[1]], s.base[1])
	if !changed {
		return nil, false, nil
	}
	st, err := s.newSetting(v, sets)
	return st, true, err
}

// oneLine keeps the first line of a scenario error, with the --set flag it
// names, for a reason in a table.
func oneLine(err error) error {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return errors.New(msg)
}

// newSetting plans the runs of the compared designs on sc.
func (s *Sensitivity) newSetting(sc *scenarios.Scenario, sets []string) (*setting, error) {
	plan, err := NewPlan(sc, s.Reps, s.Seed)
	if err != nil {
		return nil, err
	}
	st := &setting{sets: sets, plan: plan}
	for d := range st.vals {
		st.vals[d] = make([][]float64, len(s.Metrics))
		for m := range st.vals[d] {
			st.vals[d][m] = make([]float64, s.Reps)
		}
	}
	return st, nil
}

// runSettings runs every setting's runs of the two designs in one pool,
// so that the workers stay busy across settings; every setting runs
// replications 0 to Reps−1 at sweep point 0, with the same random numbers.
func (s *Sensitivity) runSettings(ctx context.Context, settings []*setting) error {
	type job struct {
		st   *setting
		run  Run
		side int   // 0 the baseline, 1 the design
		cols []int // the key metrics' columns in the run's values
	}
	var jobs []job
	for _, st := range settings {
		if st.err != nil {
			continue
		}
		cols := make([]int, len(s.Metrics))
		for mi, m := range s.Metrics {
			cols[mi] = slices.Index(st.plan.Schema.Metrics, m)
		}
		for _, r := range st.plan.Runs() {
			if side := slices.Index(s.designs[:], r.Design); side >= 0 {
				jobs = append(jobs, job{st, r, side, cols})
			}
		}
	}
	s.planned += len(jobs)
	if s.Progress != nil {
		s.Progress(s.runs, s.planned)
	}
	type result struct {
		job int
		o   Outcome
	}
	drop := Options{Keep: func(Run) bool { return false }} // only the records are read
	return pool(ctx, len(jobs), s.Workers, func(ctx context.Context, i int) result {
		return result{i, jobs[i].st.plan.runOne(ctx, jobs[i].run, drop)}
	}, func(r result) error {
		j := jobs[r.job]
		s.runs++
		if s.Progress != nil {
			s.Progress(s.runs, s.planned)
		}
		if r.o.Err != nil {
			if j.st.err == nil {
				j.st.err = r.o.Err
			}
			return nil
		}
		for mi, col := range j.cols {
			v := math.NaN()
			if col >= 0 {
				v = r.o.Data.Record.Values[col]
			}
			j.st.vals[j.side][mi][j.run.Rep] = v
		}
		return nil
	})
}

// WriteSensitivity writes a sensitivity analysis into dir (created if
// needed): sensitivity.json, which a report of the same scenario reads,
// the table as CSV, Markdown and self-contained HTML, and the tornado
// charts, replacing at once what an earlier analysis wrote there. A
// results folder is refused: a sensitivity analysis goes in a folder of
// its own, out/NAME/sensitivity by default.
func WriteSensitivity(dir string, s *analysis.Sensitivity) error {
	if err := CheckSensitivityDir(dir); err != nil {
		return err
	}
	staging, err := results.Stage(dir)
	if err != nil {
		return err
	}
	if _, err := analysis.WriteSensitivityFiles(staging, s); err != nil {
		results.Discard(staging)
		return err
	}
	return results.Commit(dir, staging, nil)
}

// CheckSensitivityDir says, before anything runs, whether a sensitivity
// analysis may be written into dir: not into a results folder, whose
// figures and files are another experiment's.
func CheckSensitivityDir(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, results.ManifestFile)); err == nil {
		return fmt.Errorf("%w: %s holds the results of an experiment; a sensitivity analysis goes in a folder of its own, e.g. %s",
			ErrRefused, dir, filepath.Join(dir, SensitivityDir))
	}
	return nil
}

// FindSensitivity returns the sensitivity analysis of the scenario text
// whose hash is scenarioHash from the first of dirs that holds one: an
// analysis of any other text (another scenario, other overrides, an
// edited file) is never used. It returns nil when none matches.
func FindSensitivity(scenarioHash string, dirs ...string) (*analysis.Sensitivity, string) {
	for _, d := range dirs {
		s, err := analysis.ReadSensitivity(d)
		if err == nil && s.ScenarioHash == scenarioHash {
			return s, d
		}
	}
	return nil, ""
}
