package results

import (
	"fmt"
	"slices"
	"sort"
)

// Merge joins the shards of one experiment into the Set an unsharded run
// would have produced. The shards must agree on what the experiment was:
// scenario hash, seed, metrics, command, overrides, designs, baseline, sweep
// points and run list; the scenario file's path and the build may differ,
// since shards run on different machines, and the first shard's are kept.
// A run in two shards is an error rather than a choice between them, and so
// is a run of the experiment that no shard holds, because a summary silently
// computed over fewer replications is worse than no summary. The shards
// must also have the same tables, each with the same name, key, labels and
// columns. Records, series, samples and table rows are put in the
// manifest's canonical run order, Shard is cleared, and Summary is left
// empty for the caller to recompute over all runs. The result shares no
// memory with the shards.
func Merge(shards ...*Set) (*Set, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("results: merge: no shards")
	}
	for i, s := range shards {
		if s == nil {
			return nil, fmt.Errorf("results: merge: shard %d is nil", i+1)
		}
	}
	ref := shards[0]
	for i, s := range shards[1:] {
		if err := sameExperiment(ref, s, shardName(0, ref), shardName(i+1, s)); err != nil {
			return nil, err
		}
		if err := sameTables(ref, s, shardName(0, ref), shardName(i+1, s)); err != nil {
			return nil, err
		}
	}

	m := ref.Manifest
	order := make(map[string]int, len(m.Runs))
	for i, id := range m.Runs {
		order[id] = i
	}
	owner := make(map[string]int)
	var records []Record
	var series []Series
	for i, s := range shards {
		for _, r := range s.Records {
			if j, dup := owner[r.ID]; dup {
				return nil, fmt.Errorf("results: merge: run %q is in both %s and %s", r.ID, shardName(j, shards[j]), shardName(i, s))
			}
			owner[r.ID] = i
			if _, ok := order[r.ID]; !ok {
				return nil, fmt.Errorf("results: merge: run %q of %s is not in the manifest's run list", r.ID, shardName(i, s))
			}
			r.Params = slices.Clone(r.Params)
			r.Values = slices.Clone(r.Values)
			records = append(records, r)
		}
		for _, sr := range s.Series {
			if err := checkRun(order, sr.RunID, shardName(i, s), "series %q", sr.Name); err != nil {
				return nil, err
			}
			sr.Values = slices.Clone(sr.Values)
			series = append(series, sr)
		}
	}
	if missing := len(m.Runs) - len(records); missing > 0 {
		for _, id := range m.Runs {
			if _, ok := owner[id]; !ok {
				return nil, fmt.Errorf("results: merge: %d of the experiment's %d runs are in no shard, the first being %q; is a shard missing?",
					missing, len(m.Runs), id)
			}
		}
	}
	samples, err := mergeSamples(shards, order)
	if err != nil {
		return nil, err
	}
	tables, err := mergeTables(shards, order)
	if err != nil {
		return nil, err
	}
	sortByRun(records, order, func(r *Record) string { return r.ID })
	sortByRun(series, order, func(sr *Series) string { return sr.RunID })

	m.Shard = ""
	m.Overrides = slices.Clone(m.Overrides)
	m.Designs = slices.Clone(m.Designs)
	m.Runs = slices.Clone(m.Runs)
	m.Tables = slices.Clone(m.Tables)
	m.Points = slices.Clone(m.Points)
	for i := range m.Points {
		m.Points[i].Params = slices.Clone(m.Points[i].Params)
	}
	out := &Set{
		Manifest: m,
		Metrics:  slices.Clone(ref.Metrics),
		Records:  records,
		Series:   series,
		Samples:  samples,
		Tables:   tables,
	}
	if f := validate(out); f != nil {
		return nil, fmt.Errorf("results: merge: %v", f)
	}
	return out, nil
}

// checkRun is Merge's check that an item of shard, which what and args
// name, belongs to a run of the manifest's run list (order).
func checkRun(order map[string]int, run, shard, what string, args ...any) error {
	if _, ok := order[run]; ok {
		return nil
	}
	return fmt.Errorf("results: merge: %s of %s belongs to run %q, which is not in the manifest's run list",
		fmt.Sprintf(what, args...), shard, run)
}

// sortByRun puts items in the manifest's run order (order maps run ids to
// their positions; run returns an item's run id). It is stable, so each
// run's series, samples or table rows keep the order the simulation gave
// them.
func sortByRun[T any](items []T, order map[string]int, run func(*T) string) {
	sort.SliceStable(items, func(a, b int) bool { return order[run(&items[a])] < order[run(&items[b])] })
}

func shardName(i int, s *Set) string {
	if s.Manifest.Shard == "" {
		return fmt.Sprintf("shard %d", i+1)
	}
	return fmt.Sprintf("shard %d (%s)", i+1, s.Manifest.Shard)
}

// sameExperiment reports the first way in which b is not a shard of the
// same experiment as a.
func sameExperiment(a, b *Set, an, bn string) error {
	ma, mb := &a.Manifest, &b.Manifest
	differ := func(what string, va, vb any) error {
		return fmt.Errorf("results: merge: %s has %s %v but %s has %v; shards of one experiment must agree", bn, what, vb, an, va)
	}
	switch {
	case ma.ScenarioHash != mb.ScenarioHash:
		return differ("scenario hash", short(ma.ScenarioHash), short(mb.ScenarioHash))
	case ma.Seed != mb.Seed:
		return differ("seed", ma.Seed, mb.Seed)
	case !slices.Equal(a.Metrics, b.Metrics):
		return differ("metrics", fmt.Sprintf("%q", a.Metrics), fmt.Sprintf("%q", b.Metrics))
	case ma.Command != mb.Command:
		return differ("command", fmt.Sprintf("%q", ma.Command), fmt.Sprintf("%q", mb.Command))
	case !slices.Equal(ma.Overrides, mb.Overrides):
		return differ("overrides", fmt.Sprintf("%q", ma.Overrides), fmt.Sprintf("%q", mb.Overrides))
	case !slices.Equal(ma.Designs, mb.Designs):
		return differ("designs", fmt.Sprintf("%q", ma.Designs), fmt.Sprintf("%q", mb.Designs))
	case ma.Baseline != mb.Baseline:
		return differ("baseline", fmt.Sprintf("%q", ma.Baseline), fmt.Sprintf("%q", mb.Baseline))
	case ma.Detail != mb.Detail:
		return differ("detail", fmt.Sprintf("%q", ma.Detail), fmt.Sprintf("%q", mb.Detail))
	case ma.Replications != mb.Replications:
		return differ("replications", ma.Replications, mb.Replications)
	case !slices.EqualFunc(ma.Points, mb.Points, func(p, q Point) bool { return p.Index == q.Index && slices.Equal(p.Params, q.Params) }):
		return differ("sweep points", ma.Points, mb.Points)
	case !slices.Equal(ma.Runs, mb.Runs):
		if len(ma.Runs) != len(mb.Runs) {
			return fmt.Errorf("results: merge: %s lists %d runs but %s lists %d; shards of one experiment must agree",
				bn, len(mb.Runs), an, len(ma.Runs))
		}
		for i := range ma.Runs {
			if ma.Runs[i] != mb.Runs[i] {
				return fmt.Errorf("results: merge: run %d is %q in %s but %q in %s; shards of one experiment must agree",
					i+1, mb.Runs[i], bn, ma.Runs[i], an)
			}
		}
	}
	return nil
}

// short abbreviates a hash the way git does: enough to tell two apart.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	if h == "" {
		return `""`
	}
	return h
}

// CheckShards reports the first way in which the folders' heads (see
// [Head]) are not shards of one experiment, as Merge checks its shards:
// scenario, seed, metrics, command, overrides, designs, baseline, sweep
// points, run list and tables must agree. names name the folders in the
// error.
func CheckShards(heads []*Set, names []string) error {
	for i := 1; i < len(heads); i++ {
		if err := sameExperiment(heads[0], heads[i], names[0], names[i]); err != nil {
			return err
		}
		if err := sameTables(heads[0], heads[i], names[0], names[i]); err != nil {
			return err
		}
	}
	return nil
}
