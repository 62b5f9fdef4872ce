package workshop

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/scenarios"
)

// maxLiveReps bounds the replications a page may ask for, so that a link
// cannot keep the machine busy for minutes: a study runs with opsim run.
const maxLiveReps = 100

// State is what the page shows, and what its link restores: a scenario,
// the levers moved, the seed and the replications per design.
type State struct {
	// Scenario is a bundled scenario ("bundled:growth.toml") or the file
	// opsim serve was given.
	Scenario string
	// Sets are the levers moved, "path=value" as --set takes them, in the
	// order of the page's levers.
	Sets []string
	Seed uint64
	Reps int
}

// Query is the state as a link's query string, the inverse of parseState.
func (st State) Query() url.Values {
	q := url.Values{"scenario": {st.Scenario}, "seed": {strconv.FormatUint(st.Seed, 10)}, "reps": {strconv.Itoa(st.Reps)}}
	for _, s := range st.Sets {
		q.Add("set", s)
	}
	return q
}

// Command is the opsim command that prints the numbers the page shows for
// this state: the same scenario file, overrides, replications and seed.
// file is the scenario as State.Scenario names it, or the file an export
// wrote when the page changed more than --set can (it removed a sweep, or
// added one to grow the organisation).
func (st State) Command(file string, sweep bool) string {
	parts := []string{"opsim", "run", shellQuote(file)}
	if sweep {
		parts[1] = "sweep"
	}
	for _, s := range st.Sets {
		parts = append(parts, "--set", shellQuote(s))
	}
	return strings.Join(append(parts, "--reps", strconv.Itoa(st.Reps), "--seed", strconv.FormatUint(st.Seed, 10)), " ")
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " '\"$`\\*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// scenario is one scenario the page offers, loaded once.
type scenario struct {
	ID    string // as State.Scenario names it
	Title string // the first line of its opening comment
	src   []byte
	sc    *scenarios.Scenario
	// point is the scenario's text without its sweep: the page runs its
	// designs at one point, the levers setting the values.
	point  []byte
	levers []Lever
}

func loadScenario(id string) (*scenario, error) {
	src, err := scenarios.ReadFile(id)
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Parse(id, src)
	if err != nil {
		return nil, err
	}
	point := src
	if len(sc.Sweep) > 0 {
		if point, err = scenarios.WithSweep(id, src, "", nil); err != nil {
			return nil, err
		}
	}
	one, err := scenarios.Parse(id, point)
	if err != nil {
		return nil, err
	}
	return &scenario{ID: id, Title: title(src), src: src, sc: sc, point: point, levers: leversOf(one)}, nil
}

// title is the first line of a scenario's opening comment, without the
// '#', or "" when it has none.
func title(src []byte) string {
	line, _, _ := strings.Cut(string(src), "\n")
	if t, ok := strings.CutPrefix(strings.TrimSpace(line), "#"); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// reps is the replications per design the page runs by default.
func (s *scenario) reps() int {
	if s.sc.Workshop.Replications > 0 {
		return s.sc.Workshop.Replications
	}
	return s.sc.Replications
}

// parseState reads a state from a link's query, checking every value
// against the page's levers, so that a hand-edited link gets a message
// saying what is wrong rather than a run of something else.
func (srv *Server) parseState(q url.Values) (State, *scenario, error) {
	id := q.Get("scenario")
	if id == "" {
		id = srv.scenarios[0].ID
	}
	i := slices.IndexFunc(srv.scenarios, func(s *scenario) bool { return s.ID == id })
	if i < 0 {
		var ids []string
		for _, s := range srv.scenarios {
			ids = append(ids, s.ID)
		}
		return State{}, nil, fmt.Errorf("no scenario %q on this page (it offers %s)", id, strings.Join(ids, ", "))
	}
	s := srv.scenarios[i]
	st := State{Scenario: id, Seed: s.sc.Seed, Reps: s.reps()}
	var errs []error
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("seed = %q: the seed is a whole number, 0 or more", v))
		}
		st.Seed = n
	}
	if v := q.Get("reps"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n > maxLiveReps {
			errs = append(errs, fmt.Errorf("reps = %q: replications per design are 2 to %d on this page (a confidence interval needs two; run larger studies with opsim run)", v, maxLiveReps))
		}
		st.Reps = n
	}
	seen := map[string]bool{}
	for _, set := range q["set"] {
		path, val, ok := strings.Cut(set, "=")
		li := slices.IndexFunc(s.levers, func(l Lever) bool { return l.Path == path })
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("set = %q: want PATH=VALUE, e.g. org.product_teams=20", set))
			continue
		case li < 0:
			errs = append(errs, fmt.Errorf("%s is not a lever of %s (its levers: %s)", path, id, leverPaths(s.levers)))
			continue
		case seen[path]:
			errs = append(errs, fmt.Errorf("%s is set twice", path))
			continue
		}
		seen[path] = true
		if err := s.levers[li].check(val); err != nil {
			errs = append(errs, err)
			continue
		}
		st.Sets = append(st.Sets, set)
	}
	if len(errs) > 0 {
		return State{}, nil, errors.Join(errs...)
	}
	// In the page's lever order, so that one state has one link.
	slices.SortStableFunc(st.Sets, func(a, b string) int {
		return leverIndex(s.levers, a) - leverIndex(s.levers, b)
	})
	return st, s, nil
}

func leverIndex(ls []Lever, set string) int {
	path, _, _ := strings.Cut(set, "=")
	return slices.IndexFunc(ls, func(l Lever) bool { return l.Path == path })
}

func leverPaths(ls []Lever) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Path)
	}
	return strings.Join(out, ", ")
}

// job is a state made ready to run: its plan, and what a results folder
// would record as its command and overrides.
type job struct {
	state State
	s     *scenario
	plan  *campaign.Plan
	// text is the scenario as run, overrides applied, for the export.
	text []byte
	// grow lists the team counts when the job grows the organisation.
	grow []int
}

// prepare applies a state's overrides to the scenario, at one point or,
// for grow, swept over its team counts. The overrides are checked by the
// scenario parser too, which names what a combination breaks.
func prepare(st State, s *scenario, grow bool) (*job, error) {
	text, sets := s.point, st.Sets
	var steps []int
	if grow {
		steps = s.sc.GrowSteps()
		vals := make([]any, len(steps))
		for i, n := range steps {
			vals[i] = int64(n)
		}
		var err error
		if text, err = scenarios.WithSweep(s.ID, s.src, scenarios.GrowPath, vals); err != nil {
			return nil, err
		}
		// The sweep sets the teams at every point.
		sets = slices.DeleteFunc(slices.Clone(sets), func(set string) bool { return strings.HasPrefix(set, scenarios.GrowPath+"=") })
	}
	text, err := scenarios.Override(s.ID, text, sets)
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Parse(s.ID, text)
	if err != nil {
		return nil, err
	}
	plan, err := campaign.NewPlan(sc, st.Reps, st.Seed)
	if err != nil {
		return nil, err
	}
	if grow {
		st.Sets = sets
	}
	return &job{state: st, s: s, plan: plan, text: text, grow: steps}, nil
}

// command is what the job is called in a manifest.
func (j *job) command() string {
	if j.grow != nil {
		return "sweep"
	}
	return "run"
}

// key identifies the job's results: the same key, the same numbers.
func (j *job) key() string {
	return j.command() + "\x00" + j.state.Query().Encode()
}
