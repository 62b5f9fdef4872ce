package campaign

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/scenarios"
)

// flipSearch is a stretch of a value's range over which a metric's
// difference changes sign, narrowed by bisection: the settings at a and
// b have differences of opposite signs.
type flipSearch struct {
	mi     int
	a, b   float64
	sa, sb *setting
	done   bool
	// from and to are the one-at-a-time settings it started from.
	from, to   float64
	sfrom, sto *setting
}

// bisect finds, for every value and metric whose one-at-a-time settings
// (low end, the scenario's value, high end) disagree on which design is
// better, each distinguishably (a difference that only loses its
// distinction is no flip), where between them it changes, halving up to
// s.Bisections times (a count until the two ends are neighbours). The
// settings of one round run in one pool; a setting serves every metric.
// It returns the searches per candidate and the settings it added.
func (s *Sensitivity) bisect(ctx context.Context, base *setting, cands []*candidate) (map[*candidate][]*flipSearch, []*setting, error) {
	out := map[*candidate][]*flipSearch{}
	type point struct {
		x  float64
		st *setting
	}
	for _, c := range cands {
		// In order of value: a range of [sensitivity.params] need not
		// hold the scenario's own value.
		var pts []point
		for _, pt := range []point{{c.lo, c.low}, {c.p.Number, base}, {c.hi, c.top}} {
			if pt.st != nil {
				pts = append(pts, pt)
			}
		}
		slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
		for mi := range s.Metrics {
			// Neighbours among the settings with a distinguishable
			// difference; those between them, not distinguishable, only
			// narrow the stretch by the sign of their mean.
			var sure []int
			for k, pt := range pts {
				if pt.st.diff(mi).Distinguishable {
					sure = append(sure, k)
				}
			}
			for n := 1; n < len(sure); n++ {
				i, j := sure[n-1], sure[n]
				di := float64(pts[i].st.diff(mi).Mean)
				if !opposite(di, float64(pts[j].st.diff(mi).Mean)) {
					continue
				}
				f := &flipSearch{mi: mi, a: pts[i].x, b: pts[j].x, sa: pts[i].st, sb: pts[j].st,
					from: pts[i].x, to: pts[j].x, sfrom: pts[i].st, sto: pts[j].st}
				for k := i + 1; k < j; k++ {
					if d := float64(pts[k].st.diff(mi).Mean); opposite(d, di) {
						f.b, f.sb = pts[k].x, pts[k].st
						break
					} else if d != 0 {
						f.a, f.sa = pts[k].x, pts[k].st
					}
				}
				out[c] = append(out[c], f)
			}
		}
	}
	var added []*setting
	cache := map[string]*setting{}
	for round := 0; round < s.Bisections; round++ {
		var fresh []*setting
		type step struct {
			f  *flipSearch
			x  float64
			st *setting
		}
		var steps []step
		for _, c := range cands {
			for _, f := range out[c] {
				if f.done {
					continue
				}
				x := (f.a + f.b) / 2
				if c.p.Kind == scenarios.KindInteger {
					x = math.Floor(x)
				}
				text := c.p.Format(x)
				if text == c.p.Format(f.a) || text == c.p.Format(f.b) {
					f.done = true // as fine as the value can be written
					continue
				}
				set := c.p.Path + "=" + text
				st, ok := cache[set]
				if !ok {
					var err error
					if st, _, err = s.variant([]string{set}); err != nil || st == nil {
						s.logf("bisection of %s stopped at %s: %v\n", c.p.Path, text, err)
					}
					cache[set] = st
					if st != nil {
						fresh = append(fresh, st)
					}
				}
				if st == nil {
					f.done = true
					continue
				}
				steps = append(steps, step{f, x, st})
			}
		}
		if len(steps) == 0 {
			break
		}
		if err := s.runSettings(ctx, fresh); err != nil {
			return nil, nil, err
		}
		added = append(added, fresh...)
		for _, sp := range steps {
			d := float64(sp.st.diff(sp.f.mi).Mean)
			switch {
			case sp.st.err != nil || math.IsNaN(d) || d == 0:
				sp.f.done = true
			case opposite(d, float64(sp.f.sa.diff(sp.f.mi).Mean)):
				sp.f.b, sp.f.sb = sp.x, sp.st
			default:
				sp.f.a, sp.f.sa = sp.x, sp.st
			}
		}
	}
	return out, added, nil
}

// opposite reports whether two differences have opposite signs.
func opposite(a, b float64) bool { return a < 0 && b > 0 || a > 0 && b < 0 }

// oatParam is a candidate's one-at-a-time result.
func (s *Sensitivity) oatParam(out *analysis.Sensitivity, c *candidate, base *setting, flips []*flipSearch) analysis.SensitivityParam {
	p := c.param()
	for mi, m := range s.Metrics {
		e := analysis.SensitivityEffect{Metric: m}
		for _, end := range []struct {
			st *setting
			at **analysis.SensitivityDiff
		}{{c.low, &e.AtLow}, {c.top, &e.AtHigh}} {
			if end.st == nil {
				continue
			}
			d := end.st.diff(mi)
			*end.at = &d
			// The change from the scenario's difference, paired by
			// replication: every setting runs the same random numbers.
			e.Moves = e.Moves || analysis.PairedAt(base.deltas(mi), end.st.deltas(mi)).Distinguishable
		}
		e.Swing = analysis.Swing(base.diff(mi), e.AtLow, e.AtHigh)
		for _, f := range flips {
			if f.mi != mi {
				continue
			}
			df, dt := f.sfrom.diff(mi), f.sto.diff(mi)
			at := analysis.RoundWithin(f.a, f.b, c.p.Kind == scenarios.KindInteger)
			e.Flips = append(e.Flips, analysis.SensitivityFlip{At: c.p.Format(at),
				Below: out.Verdict(m, float64(df.Mean)), Above: out.Verdict(m, float64(dt.Mean)),
				From: c.p.Format(f.from), To: c.p.Format(f.to), FromDiff: df, ToDiff: dt})
		}
		p.Effects = append(p.Effects, e)
	}
	return p
}

// tally counts every setting's verdicts once.
func (s *Sensitivity) tally(out *analysis.Sensitivity, settings []*setting) {
	for _, st := range settings {
		if st.err != nil {
			continue
		}
		out.Settings++
		for mi := range s.Metrics {
			out.Tally(mi, st.diff(mi))
		}
	}
}
