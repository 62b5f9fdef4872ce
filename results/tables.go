package results

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Table is a per-entity table: one row per (run, entity), e.g. one row per
// team or per service of every run, for what a model reports about each
// entity (a team's time split, a service's availability). It is written as
// <Name>.csv with the header
//
//	run_id,<Key>,<Labels...>,<Columns...>
//
// and its rows in the order given. The rows of one run are contiguous and
// the runs follow the order of Set.Records, so that a table reads like
// runs.csv broken down by entity.
type Table struct {
	// Name is the file stem, e.g. "teams" for teams.csv: one or more of
	// a-z, 0-9 and '_', and not the stem of a file the folder already
	// has (manifest, runs, summary, timeseries, samples).
	Name string
	// Key is the entity column's name, e.g. "team" or "service".
	Key string
	// Labels are the text columns after the key, e.g. "kind", or "owner"
	// and "layer"; there may be none.
	Labels []string
	// Columns are the numeric columns, e.g. "engineers", "planned_frac".
	Columns []string
	Rows    []TableRow
}

// TableRow is one entity of one run: Labels[i] is the value of
// Table.Labels[i] and Values[i] that of Table.Columns[i].
type TableRow struct {
	RunID  string
	Key    string
	Labels []string
	Values []float64
}

// reservedFiles are the folder's own files, whose stems a table may not
// take: the table's file would replace or shadow one of them.
var reservedFiles = []string{ManifestFile, RunsFile, SummaryFile, TimeseriesFile, SamplesFile}

// checkTableName returns why name cannot be a table's name, or "". The
// names come from manifest.json on Read and on Write's clean-up of stale
// tables, so this is also what keeps a hand-edited manifest from making
// either touch a file outside the folder.
func checkTableName(name string) string {
	if name == "" {
		return "empty name"
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_') {
			return fmt.Sprintf("name %q, want only a-z, 0-9 and '_'", name)
		}
	}
	for _, f := range reservedFiles {
		if stem, _, _ := strings.Cut(f, "."); stem == name {
			return fmt.Sprintf("name %q is reserved: the folder's %s has that stem", name, f)
		}
	}
	return ""
}

func tableFile(name string) string { return name + ".csv" }

func tableNames(tables []Table) []string {
	names := make([]string, len(tables))
	for i := range tables {
		names[i] = tables[i].Name
	}
	return names
}

func tableHeader(t *Table) []string {
	h := make([]string, 0, 2+len(t.Labels)+len(t.Columns))
	h = append(h, "run_id", t.Key)
	h = append(h, t.Labels...)
	return append(h, t.Columns...)
}

// tableLabels is what manifest.json records about each table besides its
// name: its label columns. The header alone cannot tell a text column from
// a numeric one, least of all in a table without rows. The map is encoded
// with sorted keys, so the manifest stays deterministic. It is nil when
// there are no tables, so that manifest.json then has no table_labels.
func tableLabels(tables []Table) map[string][]string {
	if len(tables) == 0 {
		return nil
	}
	m := make(map[string][]string, len(tables))
	for i := range tables {
		// Never nil, so that a table without labels shows as [].
		m[tables[i].Name] = append([]string{}, tables[i].Labels...)
	}
	return m
}

// oldTables returns the table names listed by the manifest already in dir,
// so that Write can remove the files of tables the new Set no longer has.
// A folder without a readable manifest of this format has none that Write
// can know of; a name that is not a valid table name is skipped, so that a
// doctored manifest cannot make Write delete anything else.
func oldTables(dir string) []string {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil
	}
	var mf struct {
		Format string   `json:"format"`
		Tables []string `json:"tables"`
	}
	if json.Unmarshal(data, &mf) != nil || mf.Format != formatTag {
		return nil
	}
	var names []string
	for _, n := range mf.Tables {
		if checkTableName(n) == "" {
			names = append(names, n)
		}
	}
	return names
}

// checkTableLabels checks manifest.json's table_labels against its table
// list before Read relies on them.
func checkTableLabels(m *Manifest, labels map[string][]string) string {
	for _, n := range m.Tables {
		if _, ok := labels[n]; !ok {
			return fmt.Sprintf("table %q has no entry in table_labels", n)
		}
	}
	if len(labels) != len(m.Tables) {
		extra := make([]string, 0, len(labels))
		for n := range labels {
			if !slices.Contains(m.Tables, n) {
				extra = append(extra, n)
			}
		}
		slices.Sort(extra)
		return fmt.Sprintf("table_labels has %q, which tables does not list", extra)
	}
	return ""
}

// readTables reads the tables manifest.json lists, each from its own file;
// a listed table whose file is missing is an error, as for runs.csv. lines
// holds, for every table, the line each of its rows starts on.
func readTables(dir string, s *Set, labels map[string][]string) (lines [][]int, err error) {
	m := &s.Manifest
	if f := validateManifest(m); f != nil {
		// The names become file paths below; refuse bad ones first.
		return nil, fmt.Errorf("results: %s: %s", filepath.Join(dir, ManifestFile), f.msg)
	}
	if msg := checkTableLabels(m, labels); msg != "" {
		return nil, fmt.Errorf("results: %s: %s", filepath.Join(dir, ManifestFile), msg)
	}
	for _, name := range m.Tables {
		t, ln, err := readTable(dir, name, labels[name])
		if err != nil {
			return nil, err
		}
		s.Tables = append(s.Tables, t)
		lines = append(lines, ln)
	}
	return lines, nil
}

func readTable(dir, name string, labels []string) (t Table, lines []int, err error) {
	c, header, t, err := openTable(dir, name, labels)
	if err != nil {
		return t, nil, err
	}
	defer c.close()
	t.Rows, lines, err = readRows(c, header, func(p *fields) TableRow { return parseTableRow(p, &t) })
	if err != nil {
		return t, nil, err
	}
	return t, lines, nil
}

// openTable opens a table's file and returns its header and its shape,
// the label columns being those manifest.json lists.
func openTable(dir, name string, labels []string) (c *csvFile, header []string, t Table, err error) {
	c, header, err = openCSV(dir, tableFile(name))
	if err != nil {
		return nil, nil, t, err
	}
	if len(header) < 2 || header[0] != "run_id" {
		c.close()
		return nil, nil, t, c.errf(1, "header starts %q, want \"run_id\" and the key column", header[:min(2, len(header))])
	}
	want := 2 + len(labels)
	if got := header[2:min(len(header), want)]; !slices.Equal(got, labels) {
		c.close()
		return nil, nil, t, c.errf(1, "label columns %q after the key column, but %s lists %q", got, ManifestFile, labels)
	}
	t.Name, t.Key = name, header[1]
	if len(labels) > 0 {
		t.Labels = slices.Clone(labels)
	}
	if cols := header[want:]; len(cols) > 0 {
		t.Columns = cols
	}
	return c, header, t, nil
}

// parseTableRow parses a row of table t's file.
func parseTableRow(p *fields, t *Table) (r TableRow) {
	r.RunID = p.text()
	r.Key = p.text()
	r.Labels = cells(len(t.Labels), p.text)
	r.Values = cells(len(t.Columns), p.float)
	return r
}

// tableRow appends a table row's cells to buf.
func tableRow(buf []string, r *TableRow) []string {
	buf = append(buf[:0], r.RunID, r.Key)
	buf = append(buf, r.Labels...)
	for _, v := range r.Values {
		buf = append(buf, formatFloat(v))
	}
	return buf
}

// validateTables checks what Read needs to give back the same tables (ids
// maps run ids to record indexes): valid and distinct names that
// Manifest.Tables lists in order, distinct non-empty column names, and rows
// that belong to records, have one label per label column and one value per
// numeric column, do not repeat a (run, key) pair, and follow the records'
// order with each run's rows together.
func validateTables(s *Set, ids map[string]int) *fault {
	seen := make(map[string]int, len(s.Tables))
	for ti := range s.Tables {
		t := &s.Tables[ti]
		bad := func(format string, args ...any) *fault {
			return &fault{in: inTable, item: ti, row: -1, name: t.Name, msg: fmt.Sprintf(format, args...)}
		}
		if msg := checkTableName(t.Name); msg != "" {
			return bad("%s", msg)
		}
		if j, dup := seen[t.Name]; dup {
			return bad("name duplicates table %d", j)
		}
		seen[t.Name] = ti
		for i, col := range tableHeader(t)[1:] {
			what := "key column name"
			switch {
			case i > len(t.Labels):
				what = "numeric column name"
			case i > 0:
				what = "label column name"
			}
			if col == "" {
				return bad("empty %s", what)
			}
			if msg := checkText(what, col, true); msg != "" {
				return bad("%s", msg)
			}
		}
		cols := make(map[string]bool)
		for _, col := range tableHeader(t) {
			if cols[col] {
				return bad("column %q would appear twice in %s", col, tableFile(t.Name))
			}
			cols[col] = true
		}
	}
	if names := tableNames(s.Tables); !slices.Equal(s.Manifest.Tables, names) {
		return faultf(inManifest, -1, "tables %q, but the set has tables %q; Manifest.Tables must list every table's name, in order",
			s.Manifest.Tables, names)
	}

	for ti := range s.Tables {
		t := &s.Tables[ti]
		rowKeys := make(map[runKey]int, len(t.Rows))
		order := runOrder{ids: ids}
		for i := range t.Rows {
			r := &t.Rows[i]
			bad := func(format string, args ...any) *fault {
				return &fault{in: inTable, item: ti, row: i, name: t.Name, msg: fmt.Sprintf(format, args...)}
			}
			k := runKey{r.RunID, r.Key}
			if msg := checkOwner(ids, k, t.Key); msg != "" {
				return bad("%s", msg)
			}
			if len(r.Labels) != len(t.Labels) {
				return bad("%s %q of run %q has %d labels for the %d label columns %q",
					t.Key, r.Key, r.RunID, len(r.Labels), len(t.Labels), t.Labels)
			}
			for j, l := range r.Labels {
				if msg := checkText(t.Labels[j], l, true); msg != "" {
					return bad("%s %q of run %q: %s", t.Key, r.Key, r.RunID, msg)
				}
			}
			if len(r.Values) != len(t.Columns) {
				return bad("%s %q of run %q has %d values for %d columns", t.Key, r.Key, r.RunID, len(r.Values), len(t.Columns))
			}
			if msg := repeated(rowKeys, k, i, t.Key, "row"); msg != "" {
				return bad("%s", msg)
			}
			if msg := order.next(r.RunID); msg != "" {
				return bad("%s", msg)
			}
		}
	}
	return nil
}

// sameTables reports the first way in which b's tables differ in shape from
// a's; rows may differ, as each shard holds its own runs' rows.
func sameTables(a, b *Set, an, bn string) error {
	if !slices.Equal(tableNames(a.Tables), tableNames(b.Tables)) {
		return fmt.Errorf("results: merge: %s has tables %q but %s has %q; shards of one experiment must agree",
			bn, tableNames(b.Tables), an, tableNames(a.Tables))
	}
	if !slices.Equal(a.Manifest.Tables, b.Manifest.Tables) {
		return fmt.Errorf("results: merge: %s's manifest lists tables %q but %s's lists %q; shards of one experiment must agree",
			bn, b.Manifest.Tables, an, a.Manifest.Tables)
	}
	for i := range a.Tables {
		ta, tb := &a.Tables[i], &b.Tables[i]
		if ta.Key != tb.Key || !slices.Equal(ta.Labels, tb.Labels) || !slices.Equal(ta.Columns, tb.Columns) {
			return fmt.Errorf("results: merge: %s has table %q with %s but %s has %s; shards of one experiment must agree",
				bn, tb.Name, tableShape(tb), an, tableShape(ta))
		}
	}
	return nil
}

func tableShape(t *Table) string {
	return fmt.Sprintf("key %q, labels %q, columns %q", t.Key, t.Labels, t.Columns)
}

// mergeTables gathers the shards' rows of each table in canonical run order
// (order maps run ids to their position in the manifest's run list),
// keeping each run's rows in the order the simulation gave them. The shards
// are known to agree on the tables' shapes.
func mergeTables(shards []*Set, order map[string]int) ([]Table, error) {
	ref := shards[0]
	if len(ref.Tables) == 0 {
		return nil, nil
	}
	out := make([]Table, len(ref.Tables))
	for ti := range ref.Tables {
		t := &ref.Tables[ti]
		out[ti] = Table{Name: t.Name, Key: t.Key, Labels: slices.Clone(t.Labels), Columns: slices.Clone(t.Columns)}
		var rows []TableRow
		for i, s := range shards {
			for _, r := range s.Tables[ti].Rows {
				if err := checkRun(order, r.RunID, shardName(i, s), "%s %q of table %q", t.Key, r.Key, t.Name); err != nil {
					return nil, err
				}
				r.Labels = slices.Clone(r.Labels)
				r.Values = slices.Clone(r.Values)
				rows = append(rows, r)
			}
		}
		sortByRun(rows, order, func(r *TableRow) string { return r.RunID })
		out[ti].Rows = rows
	}
	return out, nil
}
