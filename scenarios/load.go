package scenarios

import (
	"fmt"
	"strings"

	"github.com/opsim/opsim/models"
)

// nearCapacity is the estimated load from which a team is warned about:
// the estimate leaves out misroutes, higher-order cascades and the time
// lost to switching, which add a few percent to ten percent in the bundled
// scenarios, and a queue near capacity takes longer to settle than a
// horizon may allow.
const nearCapacity = 0.85

// maxLoadPoints bounds the sweep points LoadWarnings estimates, so that a
// 100,000-point grid is checked in moments; a warning says when it stopped.
const maxLoadPoints = 500

// LoadWarnings estimates, before anything runs, the work each team of each
// design is offered against what it can do (models.OfferedLoad), and
// returns a line for every team at or above capacity: its queue would grow
// without bound, so the run's means would describe nothing. Near capacity
// (nearCapacity and above) is said too, because a run's results there
// depend on its horizon.
func (s *Scenario) LoadWarnings() []string {
	var out []string
	pts := s.Points()
	if len(pts) > maxLoadPoints {
		out = append(out, fmt.Sprintf("%s: offered load checked at the first %d of %d sweep points only", s.File, maxLoadPoints, len(pts)))
		pts = pts[:maxLoadPoints]
	}
	for _, p := range pts {
		cfgs, err := s.Configs(p)
		if err != nil {
			continue // the run reports it
		}
		where := ""
		if len(s.Sweep) > 0 {
			where = fmt.Sprintf(" at sweep point %d (%s)", p.Index, s.describe(p))
		}
		for _, cfg := range cfgs {
			loads, err := models.OfferedLoad(cfg)
			if err != nil {
				continue
			}
			prefix := fmt.Sprintf("%s: design %s%s: ", s.File, cfg.Routing.Design, where)
			out = append(out, group(prefix, loads, 1, "its queue will grow without bound")...)
			out = append(out, group(prefix, loads, nearCapacity, "near capacity, so results depend on the horizon")...)
		}
	}
	return out
}

// group says the teams in one band of load in one line: the most loaded
// in full, and how many more there are like it, so that eight product
// teams over capacity are one warning, not eight.
func group(prefix string, loads []models.TeamLoad, from float64, verdict string) []string {
	var hit []models.TeamLoad
	for _, l := range loads {
		if x := l.Load(); x >= from && (from >= 1 || x < 1) {
			hit = append(hit, l)
		}
	}
	if len(hit) == 0 {
		return nil
	}
	worst := hit[0]
	for _, l := range hit {
		if l.Load() > worst.Load() {
			worst = l
		}
	}
	more := ""
	if n := len(hit) - 1; n > 0 {
		names := make([]string, 0, n)
		for _, l := range hit {
			if l.Team != worst.Team {
				names = append(names, l.Team)
			}
		}
		if len(names) > 3 {
			names = append(names[:3], fmt.Sprintf("%d more", n-3))
		}
		more = " (also " + strings.Join(names, ", ") + ")"
	}
	return []string{prefix + worst.String() + ": " + verdict + more}
}

// describe is a point's parameters as path=value pairs.
func (s *Scenario) describe(p Point) string {
	var parts []string
	for _, q := range p.Params {
		parts = append(parts, q.Name+"="+q.Value)
	}
	return strings.Join(parts, ", ")
}
