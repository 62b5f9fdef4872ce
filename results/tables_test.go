package results

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTablesRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		set  func() *Set
	}{
		{"teams and services with NaN, Inf and quoted text", withTables},
		{"no labels, no rows", func() *Set {
			s := sampleSet()
			s.Tables = []Table{{Name: "teams", Key: "team", Columns: []string{"engineers"}}}
			s.Manifest.Tables = []string{"teams"}
			return s
		}},
		{"labels only, no numeric columns", func() *Set {
			return &Set{
				Manifest: Manifest{Tables: []string{"owners_2"}},
				Records:  []Record{{Run: Run{ID: "a"}}, {Run: Run{ID: "b"}}},
				Tables: []Table{{Name: "owners_2", Key: "service", Labels: []string{"owner"}, Rows: []TableRow{
					{RunID: "a", Key: "s1", Labels: []string{"t1"}},
					{RunID: "b", Key: "s1", Labels: []string{""}},
					{RunID: "b", Key: "s2", Labels: []string{"t,2"}},
				}}},
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkRoundTrip(t, tt.set()) })
	}
}

// TestTablesDiffSets guards the comparator for the fields tables add.
func TestTablesDiffSets(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Set)
	}{
		{"label", func(s *Set) { s.Tables[0].Rows[4].Labels[0] = "other" }},
		{"value -0 vs 0", func(s *Set) { s.Tables[1].Rows[0].Values[0] = math.Copysign(0, -1) }},
		{"column", func(s *Set) { s.Tables[0].Columns[1] = "x" }},
		{"key", func(s *Set) { s.Tables[1].Key = "svc" }},
		{"manifest tables", func(s *Set) { s.Manifest.Tables = s.Manifest.Tables[:1] }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDiffDetects(t, withTables, tt.change) })
	}
}

// TestTablesFormat pins the exact bytes of a table file and of the
// manifest's entries for it.
func TestTablesFormat(t *testing.T) {
	s := &Set{
		Manifest: Manifest{Runs: []string{"r0", "r1"}, Tables: []string{"teams", "services"}},
		Metrics:  []string{"cost"},
		Records: []Record{
			{Run: Run{ID: "r0"}, Values: []float64{1}},
			{Run: Run{ID: "r1"}, Values: []float64{2}},
		},
		Tables: []Table{
			{Name: "teams", Key: "team", Labels: []string{"kind"}, Columns: []string{"engineers", "planned_frac"}, Rows: []TableRow{
				{RunID: "r0", Key: "ops", Labels: []string{"platform"}, Values: []float64{4, 0.25}},
				{RunID: "r0", Key: "web, \"front\"", Labels: []string{"stream-aligned"}, Values: []float64{math.NaN(), math.Inf(-1)}},
				{RunID: "r1", Key: "ops", Labels: []string{""}, Values: []float64{5, 1e-7}},
			}},
			{Name: "services", Key: "service", Columns: []string{"availability"}},
		},
	}
	m := checkFiles(t, s, map[string]string{
		"teams.csv": "run_id,team,kind,engineers,planned_frac\n" +
			"r0,ops,platform,4,0.25\n" +
			"r0,\"web, \"\"front\"\"\",stream-aligned,NaN,-Inf\n" +
			"r1,ops,,5,1e-07\n",
		"services.csv": "run_id,service,availability\n",
	})[ManifestFile]
	tail := "  \"tables\": [\n    \"teams\",\n    \"services\"\n  ],\n" +
		"  \"table_labels\": {\n    \"services\": [],\n    \"teams\": [\n      \"kind\"\n    ]\n  }\n}\n"
	if !strings.Contains(m, strings.TrimSuffix(tail, "  }\n}\n")) {
		t.Errorf("manifest.json does not have\n%s\nit is:\n%s", tail, m)
	}
}

// TestTablesStaleRemoved: rewriting a folder drops the files of tables the
// new Set no longer has, and a folder without tables looks exactly as it
// did before tables existed.
func TestTablesStaleRemoved(t *testing.T) {
	dir := writeSet(t, withTables())
	for _, name := range []string{"teams.csv", "services.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("no %s after writing a set with tables: %v", name, err)
		}
	}
	onlyTeams := withTables()
	onlyTeams.Tables, onlyTeams.Manifest.Tables = onlyTeams.Tables[:1], onlyTeams.Manifest.Tables[:1]
	if err := Write(dir, onlyTeams); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "services.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale services.csv left after writing a set without it (stat: %v)", err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffSets(onlyTeams, got); d != "" {
		t.Errorf("read back a different set: %s", d)
	}

	if err := Write(dir, sampleSet()); err != nil {
		t.Fatal(err)
	}
	a := snapshot(t, dir)
	checkSameFiles(t, a, snapshot(t, writeSet(t, sampleSet())), "from a fresh write of the same set")
	if strings.Contains(a[ManifestFile], "table") {
		t.Errorf("manifest.json of a set without tables mentions tables:\n%s", a[ManifestFile])
	}
	if got, err := Read(dir); err != nil || got.Tables != nil || got.Manifest.Tables != nil {
		t.Errorf("Read: tables %v, manifest tables %v, error %v; want none", got.Tables, got.Manifest.Tables, err)
	}
}

// TestTablesStaleNamesChecked: a doctored manifest cannot make Write delete
// files outside the folder, nor trip it up with names no table can have.
func TestTablesStaleNamesChecked(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "exp")
	if err := Write(dir, withTables()); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(root, "victim.csv")
	writeFile(t, victim, "keep me\n")
	path := filepath.Join(dir, ManifestFile)
	content := readFile(t, path)
	doctored := strings.Replace(content, "\"tables\": [\n", "\"tables\": [\n    \"../victim\",\n    \"runs\",\n    \"Teams\",\n", 1)
	if doctored == content {
		t.Fatal("edit changed nothing")
	}
	writeFile(t, path, doctored)
	if err := Write(dir, sampleSet()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("Write removed a file outside the folder named by the old manifest: %v", err)
	}
	if _, err := Read(dir); err != nil {
		t.Error(err)
	}
}

func TestTablesRejected(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Set)
		want   string
	}{
		{"upper-case name", func(s *Set) { s.Tables[0].Name, s.Manifest.Tables[0] = "Teams", "Teams" }, `manifest: tables: name "Teams", want only a-z, 0-9 and '_'`},
		{"name with a path", func(s *Set) { s.Tables[0].Name, s.Manifest.Tables[0] = "../teams", "../teams" }, `name "../teams", want only`},
		{"name with a dot", func(s *Set) { s.Tables[0].Name, s.Manifest.Tables[0] = "teams.v2", "teams.v2" }, `name "teams.v2", want only`},
		{"empty name", func(s *Set) { s.Tables[0].Name, s.Manifest.Tables[0] = "", "" }, "tables: empty name"},
		{"reserved name runs", func(s *Set) { s.Tables[0].Name, s.Manifest.Tables[0] = "runs", "runs" }, `name "runs" is reserved: the folder's runs.csv`},
		{"reserved name manifest", func(s *Set) { s.Tables[1].Name, s.Manifest.Tables[1] = "manifest", "manifest" }, `name "manifest" is reserved: the folder's manifest.json`},
		{"reserved name samples", func(s *Set) { s.Tables[1].Name, s.Manifest.Tables[1] = "samples", "samples" }, `name "samples" is reserved`},
		{"name listed twice", func(s *Set) { s.Tables[1].Name, s.Manifest.Tables[1] = "teams", "teams" }, `manifest: table "teams" listed twice`},
		{"bad name in the set only", func(s *Set) { s.Tables[1].Name = "Services" }, `table "Services": name "Services", want only`},
		{"table missing from the manifest", func(s *Set) { s.Manifest.Tables = s.Manifest.Tables[:1] }, `manifest: tables ["teams"], but the set has tables ["teams" "services"]`},
		{"manifest tables in another order", func(s *Set) { slices.Reverse(s.Manifest.Tables) }, "Manifest.Tables must list every table's name, in order"},
		{"empty key column", func(s *Set) { s.Tables[0].Key = "" }, `table "teams": empty key column name`},
		{"empty label column", func(s *Set) { s.Tables[1].Labels[1] = "" }, `table "services": empty label column name`},
		{"empty numeric column", func(s *Set) { s.Tables[0].Columns[2] = "" }, `table "teams": empty numeric column name`},
		{"key named run_id", func(s *Set) { s.Tables[0].Key = "run_id" }, `table "teams": column "run_id" would appear twice in teams.csv`},
		{"label named like a column", func(s *Set) { s.Tables[0].Labels[0] = "engineers" }, `column "engineers" would appear twice`},
		{"carriage return in a column name", func(s *Set) { s.Tables[0].Columns[0] = "a\rb" }, "numeric column name \"a\\rb\" contains a carriage return"},
		{"too few labels", func(s *Set) { s.Tables[1].Rows[2].Labels = s.Tables[1].Rows[2].Labels[:1] }, `table "services" row 2: service "checkout" of run "p000-collective-r0000" has 1 labels for the 2 label columns ["owner" "layer"]`},
		{"too many values", func(s *Set) { s.Tables[0].Rows[4].Values = append(s.Tables[0].Rows[4].Values, 1) }, `table "teams" row 4: team "payments, core" of run "p000-baseline-r0001" has 4 values for 3 columns`},
		{"no values", func(s *Set) { s.Tables[1].Rows[0].Values = nil }, "has 0 values for 1 columns"},
		{"unknown run", func(s *Set) { s.Tables[0].Rows[0].RunID = "ghost" }, `table "teams" row 0: run "ghost" has no record`},
		{"duplicate key", func(s *Set) { s.Tables[0].Rows[2].Key = "platform" }, `table "teams" row 2: team "platform" of run "p000-baseline-r0000" duplicates row 0`},
		{"rows not contiguous", func(s *Set) {
			rows := s.Tables[0].Rows
			rows[2], rows[3] = rows[3], rows[2]
		}, `table "teams" row 3: rows of run "p000-baseline-r0000" resume after rows of run "p000-baseline-r0001"; each run's rows must be contiguous`},
		{"runs out of record order", func(s *Set) {
			rows := s.Tables[1].Rows
			rows[0], rows[1], rows[2], rows[3] = rows[2], rows[3], rows[0], rows[1]
		}, `table "services" row 2: run "p000-baseline-r0000" comes after run "p000-collective-r0000", but its record comes first; rows must follow the records' order`},
		{"empty key", func(s *Set) { s.Tables[1].Rows[1].Key = "" }, `table "services" row 1: run "p000-baseline-r0000": empty service`},
		{"carriage return in a key", func(s *Set) { s.Tables[0].Rows[1].Key = "a\r\nb" }, "carriage return"},
		{"carriage return in a label", func(s *Set) { s.Tables[1].Rows[1].Labels[1] = "a\rb" }, `service "ledger" of run "p000-baseline-r0000": layer "a\rb" contains a carriage return`},
		{"invalid UTF-8 in a label", func(s *Set) { s.Tables[0].Rows[1].Labels[0] = "\xff" }, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkWriteRejects(t, withTables, tt.change, tt.want) })
	}
}

func TestTablesReadCorrupt(t *testing.T) {
	// The teams rows of the first two runs, as withTables writes them.
	const (
		r0platform = "p000-baseline-r0000,platform,platform,3,+Inf,-Inf\n"
		r0payments = "p000-baseline-r0000,\"payments, core\",stream-aligned,3,-0,5e-324\n"
		r1platform = "p000-baseline-r0001,platform,platform,4,"
	)
	tests := []struct {
		name string
		file string
		edit func(t *testing.T, c string) (edited string, wantLine int)
		want string // besides file:line
	}{
		{"bad value", "teams.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, r0payments, strings.Replace(r0payments, ",-0,", ",zero,", 1), 1), 3
		}, `column planned_frac: "zero" is not a number`},
		{"extra field", "teams.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, r0platform, strings.TrimSuffix(r0platform, "\n")+",1\n", 1), 2
		}, "7 fields, want 6 as in the header"},
		{"truncated inside a quoted field", "teams.csv", func(t *testing.T, c string) (string, int) {
			return c[:strings.Index(c, "\"payments")+len("\"payments")], 3
		}, "quote"},
		{"unknown run", "teams.csv", func(t *testing.T, c string) (string, int) {
			return c + "ghost,platform,platform,1,2,3\n", strings.Count(c, "\n") + 1
		}, `run "ghost" has no record`},
		{"duplicate key", "teams.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "\"payments, core\"", "platform", 1), 3
		}, `team "platform" of run "p000-baseline-r0000" duplicates row 0`},
		{"not contiguous", "teams.csv", func(t *testing.T, c string) (string, int) {
			c = strings.Replace(c, r0payments, "", 1)
			return strings.Replace(c, "p000-collective-r0000,platform,", r0payments+"p000-collective-r0000,platform,", 1),
				lineOf(t, c, "p000-collective-r0000,platform,")
		}, `rows of run "p000-baseline-r0000" resume after rows of run "p000-baseline-r0001"`},
		{"out of record order", "teams.csv", func(t *testing.T, c string) (string, int) {
			i, j := strings.Index(c, "\n")+1, strings.Index(c, r1platform)
			return c[:i] + c[j:] + c[i:j], lineOf(t, c, "p000-baseline-r0000,platform") + strings.Count(c[j:], "\n")
		}, `run "p000-baseline-r0000" comes after run "p001-collective-r0001", but its record comes first`},
		{"empty key", "services.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "\np000-baseline-r0000,ledger,", "\np000-baseline-r0000,,", 1), 3
		}, `run "p000-baseline-r0000": empty service`},
		{"misspelt run_id", "teams.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "run_id", "run", 1), 1
		}, `header starts ["run" "team"], want "run_id" and the key column`},
		{"label column renamed", "services.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, ",layer,", ",tier,", 1), 1
		}, `label columns ["owner" "tier"] after the key column, but manifest.json lists ["owner" "layer"]`},
		{"label column dropped", "teams.csv", func(t *testing.T, c string) (string, int) {
			return "run_id,team\n", 1
		}, `label columns [] after the key column, but manifest.json lists ["kind"]`},
		{"numeric column named like the key", "teams.csv", func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "engineers", "team", 1), 1
		}, `column "team" would appear twice in teams.csv`},
		{"empty", "services.csv", func(t *testing.T, c string) (string, int) { return "", 1 }, "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkReadCorrupt(t, withTables, tt.file, tt.edit, tt.want) })
	}
}

func TestTablesReadManifestProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"table outside the folder", func(c string) string {
			return strings.Replace(c, "\"teams\",\n    \"services\"", "\"teams\",\n    \"../services\"", 1)
		}, `tables: name "../services", want only a-z, 0-9 and '_'`},
		{"reserved name", func(c string) string {
			return strings.Replace(c, "\"teams\",\n    \"services\"", "\"teams\",\n    \"summary\"", 1)
		}, `name "summary" is reserved`},
		{"table without labels entry", func(c string) string {
			return strings.Replace(c, "\"teams\",\n    \"services\"", "\"teams\",\n    \"services\",\n    \"incidents\"", 1)
		}, `table "incidents" has no entry in table_labels`},
		{"labels of an unlisted table", func(c string) string {
			return strings.Replace(c, "\"teams\",\n    \"services\"", "\"teams\"", 1)
		}, `table_labels has ["services"], which tables does not list`},
		{"table_labels gone", func(c string) string {
			return c[:strings.Index(c, ",\n  \"table_labels\"")] + c[strings.Index(c, ",\n  \"files\""):]
		}, `table "teams" has no entry in table_labels`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkManifestRefused(t, withTables, tt.edit, tt.want) })
	}
}

func TestTablesReadMissingFile(t *testing.T) {
	checkMissingFile(t, withTables, "services.csv")
}

func TestTablesMerge(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			got, shards := mergeReversed(t, withTables(), n)
			want := withTables()
			want.Summary = nil
			if d := diffSets(want, got); d != "" {
				t.Errorf("merged set differs from the unsharded one: %s", d)
			}
			// The result must not alias the shards.
			got.Tables[0].Rows[0].Values[0] = 42
			got.Tables[0].Rows[0].Labels[0] = "changed"
			got.Tables[0].Columns[0] = "changed"
			got.Tables[1].Labels[0] = "changed"
			got.Manifest.Tables[0] = "changed"
			for _, s := range shards {
				for _, tb := range s.Tables {
					if tb.Columns[0] == "changed" || tb.Labels[0] == "changed" {
						t.Fatal("Merge result shares a table's columns with a shard")
					}
					for _, r := range tb.Rows {
						if r.Values[0] == 42 || r.Labels[0] == "changed" {
							t.Fatal("Merge result shares memory with a shard's table rows")
						}
					}
				}
				if s.Manifest.Tables[0] == "changed" {
					t.Fatal("Merge result shares the manifest's table list with a shard")
				}
			}
		})
	}
}

// TestTablesMergeFromDisk: shards written, read back, merged and written
// give the same files as the unsharded run.
func TestTablesMergeFromDisk(t *testing.T) {
	checkMergeFromDisk(t, withTables)
}

func TestTablesMergeErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func([]*Set)
		want   string
	}{
		{"different columns", func(s []*Set) {
			s[1].Tables[0].Columns = []string{"engineers", "planned_frac"}
		}, `shard 2 (1/2) has table "teams" with key "team", labels ["kind"], columns ["engineers" "planned_frac"] but shard 1 (0/2) has key "team", labels ["kind"], columns ["engineers" "planned_frac" "unplanned_frac"]`},
		{"different labels", func(s []*Set) {
			s[1].Tables[1].Labels = []string{"owner"}
		}, `shard 2 (1/2) has table "services" with key "service", labels ["owner"]`},
		{"different key", func(s []*Set) {
			s[1].Tables[0].Key = "squad"
		}, `shard 2 (1/2) has table "teams" with key "squad"`},
		{"table missing from a shard", func(s []*Set) {
			s[1].Tables, s[1].Manifest.Tables = s[1].Tables[:1], s[1].Manifest.Tables[:1]
		}, `shard 2 (1/2) has tables ["teams"] but shard 1 (0/2) has ["teams" "services"]`},
		{"tables in another order", func(s []*Set) {
			slices.Reverse(s[1].Tables)
			slices.Reverse(s[1].Manifest.Tables)
		}, `shard 2 (1/2) has tables ["services" "teams"] but shard 1 (0/2) has ["teams" "services"]`},
		{"manifest table lists differ", func(s []*Set) {
			s[1].Manifest.Tables = []string{"teams"}
		}, `shard 2 (1/2)'s manifest lists tables ["teams"] but shard 1 (0/2)'s lists ["teams" "services"]`},
		{"row of a run outside the run list", func(s []*Set) {
			s[0].Tables[1].Rows = append(s[0].Tables[1].Rows, TableRow{RunID: "stray", Key: "checkout", Labels: []string{"a", "b"}, Values: []float64{1}})
		}, `service "checkout" of table "services" of shard 1 (0/2) belongs to run "stray", which is not in the manifest's run list`},
		{"same row in two shards", func(s []*Set) {
			s[1].Tables[0].Rows = append(s[1].Tables[0].Rows, s[0].Tables[0].Rows[0])
		}, `team "platform" of run "p000-baseline-r0000" duplicates row 0`},
		{"row invalid", func(s []*Set) {
			s[0].Tables[0].Rows[0].Values = nil
		}, "has 0 values for 3 columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkMergeRefuses(t, withTables, tt.change, tt.want) })
	}
}
