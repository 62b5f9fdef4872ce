package analysis

import (
	"slices"

	"github.com/opsim/opsim/results"
)

// RegimeRow reports whether Regimes reads row of table t: a team flagged
// unstable in the teams table. A caller that streams a large results
// folder keeps these rows only, instead of every table row of every run,
// and its summaries and reports say the same as with all of them.
func RegimeRow(t *results.Table, row *results.TableRow) bool {
	if t.Name != "teams" {
		return false
	}
	ui := slices.Index(t.Columns, "unstable")
	return ui >= 0 && ui < len(row.Values) && row.Values[ui] == 1
}
