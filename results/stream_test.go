package results

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// runData splits a valid Set into its runs' data, in record order.
func runData(s *Set) []*RunData {
	var out []*RunData
	for _, r := range s.Records {
		d := &RunData{Record: r, Rows: make([][]TableRow, len(s.Tables))}
		for _, sr := range s.Series {
			if sr.RunID == r.ID {
				d.Series = append(d.Series, sr)
			}
		}
		for _, sm := range s.Samples {
			if sm.RunID == r.ID {
				d.Samples = append(d.Samples, sm)
			}
		}
		for ti, t := range s.Tables {
			for _, row := range t.Rows {
				if row.RunID == r.ID {
					d.Rows[ti] = append(d.Rows[ti], row)
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// fullSet has series, samples and tables.
func fullSet() *Set {
	s := withTables()
	s.Samples = withSamples().Samples
	return s
}

// writeStream writes s run by run through a Writer and a journal, as a
// campaign does, and commits it to dir.
func writeStream(t *testing.T, fsys FS, dir string, s *Set) error {
	t.Helper()
	sc := SchemaOf(s)
	j, err := OpenJournal(fsys, filepath.Join(t.TempDir(), "journal"), &sc)
	if err != nil {
		return err
	}
	defer j.Close()
	for _, d := range runData(s) {
		r, err := Render(&sc, d)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Add(r); err != nil {
			return err
		}
	}
	staging, err := Stage(dir)
	if err != nil {
		return err
	}
	w, err := NewWriter(fsys, staging, &s.Manifest, &sc)
	if err != nil {
		Discard(staging)
		return err
	}
	for _, r := range s.Records {
		rd, err := j.Get(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(rd); err != nil {
			Discard(staging)
			return err
		}
	}
	if err := w.Close(s.Summary); err != nil {
		Discard(staging)
		return err
	}
	return Commit(dir, staging, StaleFiles(dir))
}

// A folder written run by run through the journal is byte for byte the
// folder Write makes of the whole set.
func TestStreamingWriteMatchesWrite(t *testing.T) {
	for _, set := range []func() *Set{sampleSet, withSamples, withTables, fullSet} {
		dir := filepath.Join(t.TempDir(), "out")
		if err := writeStream(t, OS, dir, set()); err != nil {
			t.Fatal(err)
		}
		checkSameFiles(t, snapshot(t, dir), snapshot(t, writeSet(t, set())), "from Write")
	}
}

func TestRenderedDataRoundTrip(t *testing.T) {
	s := fullSet()
	sc := SchemaOf(s)
	for _, d := range runData(s) {
		r, err := Render(&sc, d)
		if err != nil {
			t.Fatal(err)
		}
		back, err := r.Data(&sc)
		if err != nil {
			t.Fatal(err)
		}
		a := &Set{Records: []Record{d.Record}, Series: d.Series, Samples: d.Samples}
		b := &Set{Records: []Record{back.Record}, Series: back.Series, Samples: back.Samples}
		for ti := range sc.Tables {
			a.Tables = append(a.Tables, Table{Rows: d.Rows[ti]})
			b.Tables = append(b.Tables, Table{Rows: back.Rows[ti]})
		}
		if diff := diffSets(a, b); diff != "" {
			t.Fatalf("run %s: %s", d.Record.ID, diff)
		}
	}
	bad := runData(s)[0]
	bad.Record.Values = bad.Record.Values[:1]
	if _, err := Render(&sc, bad); err == nil || !strings.Contains(err.Error(), "has 1 values for 3 metrics") {
		t.Errorf("Render of a record short of values: %v", err)
	}
}

// Scan gives the runs Read gives, one at a time, and skips the detail of
// runs not asked for.
func TestScanMatchesRead(t *testing.T) {
	want := fullSet()
	dir := writeSet(t, want)
	got := &Set{}
	head, err := Scan(dir, ScanOptions{}, func(d *RunData) error {
		got.Records = append(got.Records, d.Record)
		got.Series = append(got.Series, d.Series...)
		got.Samples = append(got.Samples, d.Samples...)
		for len(got.Tables) < len(d.Rows) {
			got.Tables = append(got.Tables, Table{})
		}
		for i, rows := range d.Rows {
			got.Tables[i].Rows = append(got.Tables[i].Rows, rows...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got.Manifest, got.Metrics, got.Summary = head.Manifest, head.Metrics, head.Summary
	for i := range got.Tables {
		rows := got.Tables[i].Rows
		got.Tables[i] = head.Tables[i]
		got.Tables[i].Rows = rows
	}
	if d := diffSets(want, got); d != "" {
		t.Fatalf("Scan differs from the set written: %s", d)
	}
	var detailed []string
	_, err = Scan(dir, ScanOptions{Detail: func(r *Record) bool { return r.Point == 1 }}, func(d *RunData) error {
		if len(d.Series) > 0 || len(d.Samples) > 0 || len(d.Rows) > 0 {
			detailed = append(detailed, d.Record.ID)
			if d.Record.Point != 1 {
				t.Errorf("run %s: detail not asked for", d.Record.ID)
			}
		}
		return nil
	})
	if err != nil || len(detailed) != 4 {
		t.Fatalf("detail of %v, error %v; want the 4 runs of point 1", detailed, err)
	}
	stop := errors.New("stop")
	if _, err := Scan(dir, ScanOptions{}, func(*RunData) error { return stop }); err != stop {
		t.Errorf("an error from fn came back as %v", err)
	}
}

func TestScanRefusesRowsOutOfOrder(t *testing.T) {
	dir := writeSet(t, fullSet())
	path := filepath.Join(dir, TimeseriesFile)
	// Move the first run's rows after the second run's.
	var first, rest []string
	for _, line := range strings.SplitAfter(readFile(t, path), "\n") {
		if strings.HasPrefix(line, "p000-baseline-r0000,") {
			first = append(first, line)
		} else {
			rest = append(rest, line)
			if strings.HasPrefix(line, "p000-baseline-r0001,queue,0.4,") {
				rest = append(rest, first...)
			}
		}
	}
	writeFile(t, path, strings.Join(rest, ""))
	reseal(t, dir)
	_, err := Scan(dir, ScanOptions{}, func(*RunData) error { return nil })
	checkErr(t, err, path+":")
	checkErr(t, err, `a row of run "p000-baseline-r0000" comes after the rows of run`)
}

// failingFS fails every write once limit bytes have been written through
// it, as a disk that fills up does.
type failingFS struct {
	limit, written int64
}

func (f *failingFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	file, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &failingFile{File: file, fs: f}, nil
}

type failingFile struct {
	*os.File
	fs *failingFS
}

func (f *failingFile) Write(p []byte) (int, error) {
	room := f.fs.limit - f.fs.written
	if int64(len(p)) <= room {
		f.fs.written += int64(len(p))
		return f.File.Write(p)
	}
	n, _ := f.File.Write(p[:max(0, room)])
	f.fs.written += int64(n)
	return n, &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
}

// A disk that fills up while a folder is written leaves the folder as it
// was, with no staging folder or temp file behind, at any byte.
func TestDiskFullLeavesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, sampleSet()); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	full := fullSet()
	full.Manifest.Seed = 1
	for _, limit := range []int64{0, 100, 2000, 5000, 9000} {
		err := writeStream(t, &failingFS{limit: limit}, dir, full)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("limit %d: error %v, want ENOSPC", limit, err)
		}
		checkSameFiles(t, snapshot(t, dir), before, "after a full disk")
		if _, err := Read(dir); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJournal(t *testing.T) {
	s := fullSet()
	sc := SchemaOf(s)
	path := filepath.Join(t.TempDir(), "journal")
	j, err := OpenJournal(OS, path, &sc)
	if err != nil {
		t.Fatal(err)
	}
	runs := runData(s)
	var rendered []*Rendered
	for i, d := range runs[:5] {
		r, _ := Render(&sc, d)
		rendered = append(rendered, r)
		if i == 2 {
			if err := j.AddFailure(d.Record.ID, "sim: run limit reached"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := j.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	// The failed run is retried and succeeds: the later frame counts.
	if err := j.AddFailure(runs[3].Record.ID, "panic"); err != nil {
		t.Fatal(err)
	}
	if err := j.Add(rendered[3]); err != nil {
		t.Fatal(err)
	}
	j.Close()
	size := fileSize(t, path)

	// A kill mid-write leaves part of a frame: it is dropped on reopening.
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.Write([]byte(journalMagic + "\x40\x00\x00\x00abc"))
	f.Close()
	j, err = OpenJournal(OS, path, &sc)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if j.Dropped() != 11 || fileSize(t, path) != size {
		t.Errorf("dropped %d bytes, size %d; want the 11 torn bytes gone and size %d", j.Dropped(), fileSize(t, path), size)
	}
	for i, d := range runs[:5] {
		id := d.Record.ID
		done := j.Done(id)
		msg, failed := j.Failed(id)
		if done != (i != 2) || failed != (i == 2) || failed && msg != "sim: run limit reached" {
			t.Errorf("run %s: done %v, failed %v %q", id, done, failed, msg)
		}
		if !done {
			continue
		}
		got, err := j.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(got.parts, rendered[i].parts, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("run %s reads back different bytes", id)
		}
		if d := diffSets(&Set{Records: []Record{got.Record}}, &Set{Records: []Record{d.Record}}); d != "" {
			t.Errorf("run %s: record %s", id, d)
		}
	}
	if len(j.IDs()) != 5 {
		t.Errorf("IDs %v, want the 5 runs", j.IDs())
	}
	// A damaged frame in the middle drops it and what follows.
	j.Close()
	b, _ := os.ReadFile(path)
	b[frameHead+5] ^= 0xff
	os.WriteFile(path, b, 0o644)
	j, err = OpenJournal(OS, path, &sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.IDs()) != 0 || j.Dropped() != int64(len(b)) {
		t.Errorf("after damage to the first frame: %d runs, %d bytes dropped", len(j.IDs()), j.Dropped())
	}
}

// A full disk while a run is added leaves the journal with the runs added
// before, whole.
func TestJournalDiskFull(t *testing.T) {
	s := fullSet()
	sc := SchemaOf(s)
	path := filepath.Join(t.TempDir(), "journal")
	fsys := &failingFS{limit: 1500}
	j, err := OpenJournal(fsys, path, &sc)
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, d := range runData(s) {
		r, _ := Render(&sc, d)
		if err := j.Add(r); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
		added = append(added, d.Record.ID)
	}
	j.Close()
	if len(added) == 0 || len(added) == len(s.Records) {
		t.Fatalf("%d runs added before the disk filled; the test needs some but not all", len(added))
	}
	j, err = OpenJournal(OS, path, &sc)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if j.Dropped() != 0 || !slices.Equal(j.IDs(), added) {
		t.Errorf("after a full disk: runs %v (dropped %d bytes), want %v", j.IDs(), j.Dropped(), added)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
