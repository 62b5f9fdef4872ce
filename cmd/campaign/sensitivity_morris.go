package campaign

import (
	"context"
	"math"
	"strings"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/scenarios"
)

// morris runs Morris's elementary-effects design over the candidates'
// ranges: s.Trajectories trajectories of len(cands)+1 settings each, every
// value moving once per trajectory, and records each value's μ*, μ and σ
// per metric. A setting that is not a valid scenario (two values that
// only make sense together, say) has no output, and the steps into and
// out of it are left out.
func (s *Sensitivity) morris(ctx context.Context, base *setting, cands []*candidate, out *analysis.Sensitivity) error {
	traj := analysis.MorrisDesign(len(cands), s.Trajectories, s.Levels, s.Seed)
	grid := make([][]*setting, len(traj))
	all := []*setting{base}
	cache := map[string]*setting{}
	for t, tr := range traj {
		for _, u := range tr.Points {
			sets := make([]string, len(cands))
			for i, c := range cands {
				x := c.lo + u[i]*(c.hi-c.lo)
				if c.p.Kind == scenarios.KindInteger {
					x = math.Round(x)
				}
				u[i] = (x - c.lo) / (c.hi - c.lo) // where the value really is, for the effects
				sets[i] = c.p.Path + "=" + c.p.Format(x)
			}
			key := strings.Join(sets, "\x00")
			st, ok := cache[key]
			if !ok {
				var err error
				st, _, err = s.variant(sets)
				switch {
				case err != nil:
					st = &setting{sets: sets, err: err}
				case st == nil:
					st = base // the scenario's own values
				default:
					all = append(all, st)
				}
				cache[key] = st
			}
			grid[t] = append(grid[t], st)
		}
	}
	if err := s.runSettings(ctx, all); err != nil {
		return err
	}
	if base.err != nil {
		return base.err
	}
	out.Params = make([]analysis.SensitivityParam, len(cands))
	for i, c := range cands {
		out.Params[i] = c.param()
	}
	for mi, m := range s.Metrics {
		out.At = append(out.At, base.diff(mi))
		y := make([][]float64, len(traj))
		for t := range traj {
			for _, st := range grid[t] {
				y[t] = append(y[t], float64(st.diff(mi).Mean))
			}
		}
		mu, muStar, sigma := analysis.MorrisEffects(traj, y)
		for i := range cands {
			out.Params[i].Effects = append(out.Params[i].Effects, analysis.SensitivityEffect{Metric: m,
				Swing: analysis.Num(muStar[i]), Mu: analysis.Num(mu[i]), Sigma: analysis.Num(sigma[i]), Moves: muStar[i] > 0})
		}
	}
	s.tally(out, all)
	out.Runs = s.runs
	return nil
}
