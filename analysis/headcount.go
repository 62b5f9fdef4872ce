package analysis

import (
	"cmp"
	"slices"
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

// headcounts reads the engineers of every design at every point from the
// Set's teams table: per replication the sum over teams of each kind, then
// the mean over replications (the org chart is the same in every
// replication, so the mean is that number). Nil when the Set has no teams
// table with kinds and engineers.
func (v *view) headcounts() map[rowKey]heads {
	tbl, kindCol, engCol := -1, -1, -1
	for i, tb := range v.set.Tables {
		k, e := slices.Index(tb.Labels, teamKind), slices.Index(tb.Columns, engineersColumn)
		if tb.Name == teamsTable && k >= 0 && e >= 0 {
			tbl, kindCol, engCol = i, k, e
		}
	}
	if tbl < 0 {
		return nil
	}
	runs := make(map[string]rowKey, len(v.set.Records))
	for _, r := range v.set.Records {
		runs[r.ID] = rowKey{point: r.Point, design: r.Design}
	}
	perRun := make(map[string]heads)
	for _, row := range v.set.Tables[tbl].Rows {
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
