package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An update stopped at any rename of its commit leaves a folder that Read
// refuses, and that Recover completes into the new one; stopped before the
// commit marker, it leaves the old folder and Recover only tidies up.
func TestInterruptedCommit(t *testing.T) {
	newSet := func() *Set {
		s := fullSet()
		s.Manifest.Seed = 1
		return s
	}
	for stop := 1; stop <= 12; stop++ {
		dir := filepath.Join(t.TempDir(), "out")
		if err := Write(dir, withTables()); err != nil {
			t.Fatal(err)
		}
		old := snapshot(t, dir)
		renames := 0
		rename := renameFile
		replace(t, &renameFile, func(from, to string) error {
			if renames++; renames == stop {
				return os.ErrDeadlineExceeded
			}
			return rename(from, to)
		})
		err := Write(dir, newSet())
		renameFile = rename
		if err == nil {
			if stop == 1 {
				t.Fatal("no rename failed: the test needs the first to")
			}
			if stop < 6 {
				t.Fatalf("an update took only %d renames: the test expects one per file", stop-1)
			}
			break // every rename has been stopped at once
		}
		_, rerr := Read(dir)
		marker := stop > 1 // the first rename puts the commit marker in place
		if marker != (rerr != nil && strings.Contains(rerr.Error(), "interrupted before it finished")) {
			t.Fatalf("stop at rename %d: Read says %v", stop, rerr)
		}
		if changed, err := Recover(dir); err != nil || !changed {
			t.Fatalf("stop at rename %d: Recover: %v, changed %v", stop, err, changed)
		}
		got, err := Read(dir)
		if err != nil {
			t.Fatalf("stop at rename %d: after Recover: %v", stop, err)
		}
		want := withTables()
		if marker {
			want = newSet()
		}
		if d := diffSets(want, got); d != "" {
			t.Fatalf("stop at rename %d: after Recover: %s", stop, d)
		}
		if !marker {
			checkSameFiles(t, snapshot(t, dir), old, "after an update stopped before its commit")
		}
		for name := range snapshot(t, dir) {
			if isTemp(name) || name == commitMarker {
				t.Errorf("stop at rename %d: %s left behind", stop, name)
			}
		}
	}
}

// Every edit of a folder, whatever file it touches, is refused by Read,
// Scan and Verify with an error naming that file.
func TestEditsAreRefused(t *testing.T) {
	flip := func(b []byte) []byte { b[len(b)/2] ^= 1; return b }
	edits := []struct {
		name string
		file string
		edit func([]byte) []byte
	}{
		{"flipped bit", RunsFile, flip},
		{"flipped bit", SummaryFile, flip},
		{"flipped bit", TimeseriesFile, flip},
		{"flipped bit", SamplesFile, flip},
		{"flipped bit", "teams.csv", flip},
		{"flipped bit", "services.csv", flip},
		{"truncated", SamplesFile, func(b []byte) []byte { return b[:len(b)-9] }},
		{"truncated", "teams.csv", func(b []byte) []byte { return b[:len(b)/2] }},
		{"line dropped", RunsFile, func(b []byte) []byte {
			lines := strings.SplitAfter(string(b), "\n")
			return []byte(strings.Join(append(lines[:2], lines[3:]...), ""))
		}},
		{"line added", SummaryFile, func(b []byte) []byte { return append(b, b[strings.IndexByte(string(b), '\n')+1:]...) }},
		{"mean set to 1e6", SummaryFile, func(b []byte) []byte { return []byte(strings.Replace(string(b), ",1.5,", ",1000000,", 1)) }},
		{"emptied", "services.csv", func([]byte) []byte { return nil }},
		{"seed changed", ManifestFile, func(b []byte) []byte {
			return []byte(strings.Replace(string(b), `"seed": 18446744073709551608`, `"seed": 1`, 1))
		}},
		{"run dropped from the list", ManifestFile, func(b []byte) []byte {
			return []byte(strings.Replace(string(b), "\"p001-collective-r0001\"\n", "\"p001-collective-r0000\"\n", 1))
		}},
		{"checksum entry edited", ManifestFile, func(b []byte) []byte {
			i := strings.Index(string(b), `"sha256": "`) + len(`"sha256": "`)
			b[i] ^= 1
			return b
		}},
	}
	for _, tc := range edits {
		t.Run(tc.file+" "+tc.name, func(t *testing.T) {
			dir := writeSet(t, fullSet())
			path := filepath.Join(dir, tc.file)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			edited := tc.edit(append([]byte(nil), b...))
			if string(edited) == string(b) {
				t.Fatal("edit changed nothing")
			}
			if err := os.WriteFile(path, edited, 0o644); err != nil {
				t.Fatal(err)
			}
			_, rerr := Read(dir)
			_, serr := Scan(dir, ScanOptions{}, func(*RunData) error { return nil })
			verr := Verify(dir)
			for what, err := range map[string]error{"Read": rerr, "Scan": serr, "Verify": verr} {
				if err == nil || !strings.Contains(err.Error(), path) {
					t.Errorf("%s: %v, want an error naming %s", what, err, path)
				}
			}
		})
	}
	// A results file removed is named too.
	dir := writeSet(t, fullSet())
	if err := os.Remove(filepath.Join(dir, SamplesFile)); err != nil {
		t.Fatal(err)
	}
	if err := Verify(dir); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), SamplesFile) {
		t.Errorf("Verify of a folder without its samples: %v", err)
	}
}

// Bounds on reading: a manifest or a line beyond any real folder's is
// refused before it is read whole.
func TestReadBounds(t *testing.T) {
	dir := writeSet(t, sampleSet())
	huge := filepath.Join(dir, ManifestFile)
	f, err := os.OpenFile(huge, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxManifestBytes + 10); err != nil {
		t.Fatal(err)
	}
	f.Close()
	checkErr(t, Verify(dir), "larger than 64 MiB")

	dir = writeSet(t, sampleSet())
	path := filepath.Join(dir, RunsFile)
	writeFile(t, path, readFile(t, path)+strings.Repeat("x", maxLineBytes+1))
	reseal(t, dir)
	_, err = Read(dir)
	checkErr(t, err, "longer than 1024 KiB")
}
