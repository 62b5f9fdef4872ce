package results

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// sampleSet is a two-point, two-design, two-replication sweep whose values
// and strings exercise everything the format must carry exactly: NaN, ±Inf,
// -0, subnormals, and text that needs CSV quoting.
func sampleSet() *Set {
	scenario := "# büro <ops> & co\r\n[org]\r\nteams = 3\r\n"
	points := []Point{
		{Index: 0, Params: []Param{{"arrival", "0.5"}, {"note", `plain`}}},
		{Index: 1, Params: []Param{{"arrival", "1.0"}, {"note", "has, comma \"quote\"\nand newline"}}},
	}
	designs := []string{"baseline", "collective"}
	metrics := []string{"cost", "backlog", "util"}
	weird := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, 0.1, 1e21, -123456.789}
	s := &Set{
		Manifest: Manifest{
			Scenario:     scenario,
			ScenarioFile: "scenarios/büro.toml",
			ScenarioHash: HashScenario(scenario),
			Seed:         math.MaxUint64 - 7,
			Command:      "sweep",
			Overrides:    []string{"org.teams=3", "sim.days=90"},
			Designs:      designs,
			Baseline:     "baseline",
			Points:       points,
			Build:        BuildInfo{"v1.2.3", "abc123", true, "go1.26.8", "v0.17.0", "v0.17.0"},
		},
		Metrics: metrics,
	}
	k := 0
	for _, p := range points {
		for _, d := range designs {
			for rep := range 2 {
				id := fmt.Sprintf("p%03d-%s-r%04d", p.Index, d, rep)
				s.Manifest.Runs = append(s.Manifest.Runs, id)
				vals := make([]float64, len(metrics))
				for i := range vals {
					vals[i] = weird[(k+i)%len(weird)]
				}
				k++
				s.Records = append(s.Records, Record{
					Run:    Run{ID: id, Point: p.Index, Params: slices.Clone(p.Params), Design: d, Rep: rep, Seed: uint64(1000*k) + 1<<63},
					Values: vals,
				})
				s.Series = append(s.Series,
					Series{RunID: id, Name: "backlog", Step: 1, Values: []float64{float64(k), math.NaN(), 3}},
					Series{RunID: id, Name: "queue", Step: 0.1, Values: []float64{0.1, 0.2, 0.30000000000000004, math.Inf(1)}},
				)
			}
			for _, mt := range metrics {
				row := SummaryRow{Point: p.Index, Params: slices.Clone(p.Params), Design: d, Metric: mt,
					N: 2, Mean: 1.5, StdDev: 0.70710678118654757, Lo: -4.853, Hi: 7.853}
				if d == "baseline" {
					row.Diff, row.DiffLo, row.DiffHi = math.NaN(), math.NaN(), math.NaN()
					row.Rel, row.RelLo, row.RelHi = math.NaN(), math.NaN(), math.NaN()
				} else {
					row.Baseline = "baseline"
					row.Diff, row.DiffLo, row.DiffHi = -0.25, -0.5, -1e-9
					row.Rel, row.RelLo, row.RelHi = -1.0/6, math.Inf(-1), 0
					row.Distinguishable = true
				}
				s.Summary = append(s.Summary, row)
			}
		}
	}
	return s
}

// withSamples is sampleSet plus samples on some runs, in the records'
// order, with values the format must carry exactly.
func withSamples() *Set {
	s := sampleSet()
	ids := s.Manifest.Runs
	s.Samples = []Sample{
		{RunID: ids[0], Name: "restore_h", Values: []float64{math.Inf(1)}},
		{RunID: ids[0], Name: "wait, \"first\"", Values: []float64{math.Copysign(0, -1), 5e-324}},
		{RunID: ids[3], Name: "restore_h", Values: []float64{0.25, math.NaN(), 1e21}},
		{RunID: ids[6], Name: "restore_h", Values: []float64{3, 2, 1, 0.1}},
	}
	return s
}

// withTables is sampleSet plus a teams table with one row per team of
// every run, and a services table with rows for some runs only, in record
// order. Keys and labels need CSV quoting; values include NaN, ±Inf, -0
// and subnormals.
func withTables() *Set {
	s := sampleSet()
	teams := Table{
		Name: "teams", Key: "team", Labels: []string{"kind"},
		Columns: []string{"engineers", "planned_frac", "unplanned_frac"},
	}
	services := Table{
		Name: "services", Key: "service", Labels: []string{"owner", "layer"},
		Columns: []string{"availability"},
	}
	weird := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, 0.1, 1e21, -123456.789}
	k := 0
	next := func() float64 { k++; return weird[k%len(weird)] }
	for i, r := range s.Records {
		for _, tm := range []struct{ key, kind string }{
			{"platform", "platform"},
			{"payments, core", "stream-aligned"},
			{`the "night" shift`, "ops\nrotation"},
		} {
			teams.Rows = append(teams.Rows, TableRow{RunID: r.ID, Key: tm.key, Labels: []string{tm.kind},
				Values: []float64{float64(3 + i), next(), next()}})
		}
		if i%3 == 1 {
			continue // services are not reported by every run
		}
		services.Rows = append(services.Rows,
			TableRow{RunID: r.ID, Key: "checkout", Labels: []string{"payments, core", "edge"}, Values: []float64{0.999}},
			TableRow{RunID: r.ID, Key: "ledger", Labels: []string{"", `"db"`}, Values: []float64{next()}},
		)
	}
	s.Tables = []Table{teams, services}
	s.Manifest.Tables = []string{"teams", "services"}
	return s
}

// diffSets returns "" when a and b are identical, comparing floats by bits
// (so -0 differs from 0) except that any NaN equals any NaN, and telling nil
// from empty slices apart as reflect.DeepEqual does. Otherwise it returns
// the path of the first difference.
func diffSets(a, b *Set) string {
	return diffValues("Set", reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

func diffValues(path string, a, b reflect.Value) string {
	switch a.Kind() {
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if math.IsNaN(x) && math.IsNaN(y) || math.Float64bits(x) == math.Float64bits(y) {
			return ""
		}
		return fmt.Sprintf("%s: %v != %v", path, x, y)
	case reflect.Struct:
		for i := range a.NumField() {
			if d := diffValues(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v != nil %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d != %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diffValues(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.String, reflect.Int, reflect.Uint64, reflect.Bool:
		if a.Interface() != b.Interface() {
			return fmt.Sprintf("%s: %#v != %#v", path, a.Interface(), b.Interface())
		}
		return ""
	}
	panic("diffValues: unhandled kind " + a.Kind().String() + " at " + path)
}

// snapshot maps every file name in dir to its content, so a test can check
// that a failed operation changed nothing, stray temp files included.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string)
	for _, e := range entries {
		if e.IsDir() {
			m[e.Name()+"/"] = ""
			continue
		}
		m[e.Name()] = readFile(t, dir+"/"+e.Name())
	}
	return m
}

func keys(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

// lineOf returns the 1-based line of the first occurrence of sub.
func lineOf(t *testing.T, content, sub string) int {
	t.Helper()
	i := strings.Index(content, sub)
	if i < 0 {
		t.Fatalf("%q not found", sub)
	}
	return 1 + strings.Count(content[:i], "\n")
}

// replace sets *v to x until the test ends and returns the value it had:
// it installs the hooks through which tests force failures.
func replace[T any](tb testing.TB, v *T, x T) (old T) {
	tb.Helper()
	old = *v
	tb.Cleanup(func() { *v = old })
	*v = x
	return old
}

// writeSet writes s to a fresh folder and returns the folder.
func writeSet(tb testing.TB, s *Set) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := Write(dir, s); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// readFile returns a file's content, decompressed if it is a .gz file, so
// that tests read timeseries.csv.gz as the CSV it holds.
func readFile(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			tb.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			tb.Fatal(err)
		}
	}
	return string(b)
}

// writeFile writes content to path, compressed if it is a .gz file.
func writeFile(tb testing.TB, path, content string) {
	tb.Helper()
	b := []byte(content)
	if strings.HasSuffix(path, ".gz") {
		b = gzipMember(b)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// reseal records the present size and checksum of every file dir's
// manifest lists, and the manifest's own checksum, as if opsim had written
// the files as they are: tests edit a folder and reseal it to reach the
// checks behind the checksums. A manifest that does not parse is left.
func reseal(tb testing.TB, dir string) {
	tb.Helper()
	path := filepath.Join(dir, ManifestFile)
	var mf manifestFile
	if json.Unmarshal([]byte(readFile(tb, path)), &mf) != nil {
		return
	}
	for i := range mf.Files {
		if n, sum, err := hashFile(filepath.Join(dir, mf.Files[i].Name)); err == nil {
			mf.Files[i].Bytes, mf.Files[i].SHA256 = n, sum
		}
	}
	mf.Checksum = ""
	b, err := marshalManifest(&mf)
	if err != nil {
		tb.Fatal(err)
	}
	mf.Checksum = sha256Hex(b)
	if b, err = marshalManifest(&mf); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// checkSameFiles reports a difference between two snapshots of a folder:
// in the files they hold, or in any file's content. what says what got is
// compared with, e.g. "after a read and rewrite".
func checkSameFiles(t *testing.T, got, want map[string]string, what string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("folder holds %v, want %v (%s)", keys(got), keys(want), what)
	}
	for name, content := range want {
		if got[name] != content {
			t.Errorf("%s differs %s:\n%s\nwant:\n%s", name, what, got[name], content)
		}
	}
}

// checkFiles writes s and checks the exact bytes of each file want lists.
// It returns the folder's snapshot for further checks.
func checkFiles(t *testing.T, s *Set, want map[string]string) map[string]string {
	t.Helper()
	got := snapshot(t, writeSet(t, s))
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got[name], w)
		}
	}
	return got
}

// checkRoundTrip writes want and reads it back: the set must come back
// unchanged, and writing what was read must give the same bytes.
func checkRoundTrip(t *testing.T, want *Set) {
	t.Helper()
	dir := writeSet(t, want)
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffSets(want, got); d != "" {
		t.Errorf("read back a different set: %s", d)
	}
	checkSameFiles(t, snapshot(t, writeSet(t, got)), snapshot(t, dir), "after a read and rewrite")
}

// checkDiffDetects checks that diffSets finds two sets made by set equal,
// and tells them apart once change has changed one.
func checkDiffDetects(t *testing.T, set func() *Set, change func(*Set)) {
	t.Helper()
	a, b := set(), set()
	if d := diffSets(a, b); d != "" {
		t.Fatalf("identical sets differ: %s", d)
	}
	change(b)
	if diffSets(a, b) == "" {
		t.Error("change not detected")
	}
}

// checkWriteRejects writes set() to a folder, then set() altered by change
// over it: Write must refuse the altered set with an error containing want
// and leave the folder exactly as it was.
func checkWriteRejects(t *testing.T, set func() *Set, change func(*Set), want string) {
	t.Helper()
	dir := writeSet(t, set())
	before := snapshot(t, dir)
	s := set()
	change(s)
	err := Write(dir, s)
	if err == nil {
		t.Fatal("Write accepted an invalid set")
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
	checkSameFiles(t, snapshot(t, dir), before, "although Write failed")
}

// checkReadCorrupt writes set() to a folder and edits its file: edit
// returns the new content and the line the error must name. Read must
// refuse the folder with an error naming file:line and containing want.
func checkReadCorrupt(t *testing.T, set func() *Set, file string, edit func(t *testing.T, content string) (edited string, wantLine int), want string) {
	t.Helper()
	dir := writeSet(t, set())
	path := filepath.Join(dir, file)
	content := readFile(t, path)
	edited, line := edit(t, content)
	if edited == content {
		t.Fatal("edit changed nothing")
	}
	writeFile(t, path, edited)
	// The checksums catch the edit first; behind them, the parser must
	// still say what is wrong and where.
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Read of an edited folder: %v, want an error naming %s", err, path)
	}
	reseal(t, dir)
	_, err := Read(dir)
	if err == nil {
		t.Fatal("Read accepted a corrupt folder")
	}
	loc := fmt.Sprintf("%s:%d:", path, line)
	if !strings.Contains(err.Error(), loc) || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want %q and %q", err, loc, want)
	}
}

// checkManifestRefused writes set() to a folder and edits its
// manifest.json: Read must refuse the folder with an error naming the
// manifest and containing want.
func checkManifestRefused(t *testing.T, set func() *Set, edit func(content string) string, want string) {
	t.Helper()
	path := filepath.Join(writeSet(t, set()), ManifestFile)
	content := readFile(t, path)
	edited := edit(content)
	if edited == content {
		t.Fatal("edit changed nothing")
	}
	writeFile(t, path, edited)
	if _, err := Read(filepath.Dir(path)); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Read of an edited manifest: %v, want an error naming %s", err, path)
	}
	reseal(t, filepath.Dir(path))
	_, err := Read(filepath.Dir(path))
	if err == nil || !strings.Contains(err.Error(), path+": ") || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q naming %s", err, want, path)
	}
}

// checkMissingFile writes set() to a folder and removes its file name:
// Read must fail with a not-exist error naming it.
func checkMissingFile(t *testing.T, set func() *Set, name string) {
	t.Helper()
	dir := writeSet(t, set())
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	_, err := Read(dir)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), name) {
		t.Errorf("error %v, want a not-exist error naming %s", err, name)
	}
}

// split deals full's runs round-robin into n shards, the way an indexed job
// whose task i takes every n-th run would; each run's series, samples and
// table rows go to its shard. The shards share the records, series,
// samples and rows dealt to them and the manifest's lists, tables aside,
// with full; the rest is their own.
func split(full *Set, n int) []*Set {
	shards := make([]*Set, n)
	owner := make(map[string]int)
	for i := range shards {
		s := sampleSet() // a fresh copy, so shards share no memory with full
		s.Manifest = full.Manifest
		s.Manifest.Shard = fmt.Sprintf("%d/%d", i, n)
		s.Manifest.Tables = slices.Clone(full.Manifest.Tables)
		s.Records, s.Series = nil, nil
		// A shard's own summary covers only its runs; Merge must drop it.
		s.Summary = s.Summary[:1]
		for _, t := range full.Tables {
			s.Tables = append(s.Tables, Table{Name: t.Name, Key: t.Key, Labels: slices.Clone(t.Labels), Columns: slices.Clone(t.Columns)})
		}
		shards[i] = s
	}
	for k, r := range full.Records {
		owner[r.ID] = k % n
		shards[k%n].Records = append(shards[k%n].Records, r)
	}
	for _, sr := range full.Series {
		sh := shards[owner[sr.RunID]]
		sh.Series = append(sh.Series, sr)
	}
	for _, sm := range full.Samples {
		sh := shards[owner[sm.RunID]]
		sh.Samples = append(sh.Samples, sm)
	}
	for ti, t := range full.Tables {
		for _, r := range t.Rows {
			sh := shards[owner[r.RunID]]
			sh.Tables[ti].Rows = append(sh.Tables[ti].Rows, r)
		}
	}
	return shards
}

// mergeReversed splits full into n shards and merges them in reverse
// order, as shards finish in any order. It returns the merged set and the
// shards, to check that the two share no memory.
func mergeReversed(t *testing.T, full *Set, n int) (*Set, []*Set) {
	t.Helper()
	shards := split(full, n)
	slices.Reverse(shards)
	got, err := Merge(shards...)
	if err != nil {
		t.Fatal(err)
	}
	return got, shards
}

// checkMergeFromDisk is the researcher's path: shards written by separate
// jobs, read back, merged and written; the files must match those of the
// unsharded set, whose summary Merge leaves to the caller.
func checkMergeFromDisk(t *testing.T, set func() *Set) {
	t.Helper()
	full := set()
	full.Summary = nil
	var read []*Set
	for _, s := range split(set(), 3) {
		r, err := Read(writeSet(t, s))
		if err != nil {
			t.Fatal(err)
		}
		read = append(read, r)
	}
	merged, err := Merge(read[2], read[0], read[1])
	if err != nil {
		t.Fatal(err)
	}
	checkSameFiles(t, snapshot(t, writeSet(t, merged)), snapshot(t, writeSet(t, full)), "from the unsharded one")
}

// checkMergeRefuses splits set() into two shards and lets change spoil
// them: Merge must refuse them with an error containing want.
func checkMergeRefuses(t *testing.T, set func() *Set, change func([]*Set), want string) {
	t.Helper()
	shards := split(set(), 2)
	change(shards)
	_, err := Merge(shards...)
	checkErr(t, err, want)
}

// checkErr reports err unless it contains want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want it to contain %q", err, want)
	}
}
