package analysis

import (
	"cmp"
	"slices"

	"github.com/opsim/opsim/results"
)

// teamsTable, teamKind and engineersColumn locate headcount in a Set: the
// per-team table the CLI writes (teams.csv), its team-kind label and its
// engineers column.
const (
	teamsTable      = "teams"
	teamKind        = "kind"
	engineersColumn = "engineers"
)

// kindOrder is the order team kinds are listed in: the teams that build,
// then those that run things for them.
var kindOrder = []string{"product", "platform", "ops", "sre", "desk"}

// kindLabels name the kinds of team in the decision table.
var kindLabels = map[string]string{
	"product":  "in product teams",
	"platform": "in the platform team",
	"ops":      "in the ops team",
	"sre":      "in the SRE team",
	"desk":     "at the service desk",
}

// heads is one design's headcount at one point: engineers per team kind.
type heads map[string]float64

func (h heads) total() float64 {
	t := 0.0
	for _, n := range h {
		t += n
	}
	return t
}

// Headcount is how many engineers one design employs at one sweep point,
// per kind of team ("product", "platform", "ops", "sre", "desk").
type Headcount struct {
	Point     int
	Design    string
	Engineers map[string]float64
}

// Headcounts reads every design's headcount at every point from the Set's
// teams table (teams.csv): per replication the engineers of each kind of
// team added up, then the mean over replications (the org chart is the
// same in every replication, so the mean is that number). They come in
// point, then manifest design order. Nil when the Set has no teams table
// with a kind label and an engineers column.
func Headcounts(set *results.Set) []Headcount {
	var out []Headcount
	for k, h := range headcountsOf(set) {
		out = append(out, Headcount{Point: k.point, Design: k.design, Engineers: h})
	}
	order := func(d string) int {
		if i := slices.Index(set.Manifest.Designs, d); i >= 0 {
			return i
		}
		return len(set.Manifest.Designs)
	}
	slices.SortFunc(out, func(a, b Headcount) int {
		return cmp.Or(cmp.Compare(a.Point, b.Point), cmp.Compare(order(a.Design), order(b.Design)), cmp.Compare(a.Design, b.Design))
	})
	return out
}

// headcounts is Headcounts by point and design, read once per view.
func (v *view) headcounts() map[rowKey]heads {
	if !v.headsRead {
		v.heads, v.headsRead = headcountsOf(v.set), true
	}
	return v.heads
}

func headcountsOf(set *results.Set) map[rowKey]heads {
	tbl, kindCol, engCol := -1, -1, -1
	for i, tb := range set.Tables {
		k, e := slices.Index(tb.Labels, teamKind), slices.Index(tb.Columns, engineersColumn)
		if tb.Name == teamsTable && k >= 0 && e >= 0 {
			tbl, kindCol, engCol = i, k, e
		}
	}
	if tbl < 0 {
		return nil
	}
	runs := make(map[string]rowKey, len(set.Records))
	for _, r := range set.Records {
		runs[r.ID] = rowKey{point: r.Point, design: r.Design}
	}
	perRun := make(map[string]heads)
	for _, row := range set.Tables[tbl].Rows {
		if _, ok := runs[row.RunID]; !ok || kindCol >= len(row.Labels) || engCol >= len(row.Values) {
			continue
		}
		if perRun[row.RunID] == nil {
			perRun[row.RunID] = heads{}
		}
		perRun[row.RunID][row.Labels[kindCol]] += row.Values[engCol]
	}
	sums := make(map[rowKey]heads)
	counts := make(map[rowKey]float64)
	for id, h := range perRun {
		k := runs[id]
		if sums[k] == nil {
			sums[k] = heads{}
		}
		for kind, n := range h {
			sums[k][kind] += n
		}
		counts[k]++
	}
	for k, h := range sums {
		for kind := range h {
			h[kind] /= counts[k]
		}
	}
	return sums
}

// kinds lists the team kinds any of hs has, in kindOrder, then others by
// name.
func kinds(hs ...heads) []string {
	var out []string
	for _, h := range hs {
		for k := range h {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	rank := func(k string) int {
		if i := slices.Index(kindOrder, k); i >= 0 {
			return i
		}
		return len(kindOrder)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
	})
	return out
}

func kindLabel(k string) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return "in " + k + " teams"
}
