package results

import (
	"fmt"
	"strings"
	"testing"
)

// addedRuns finds runs in order by scanning on, out of order by an index
// made once, and tells a run added twice and one not listed.
func TestAddedRuns(t *testing.T) {
	var ids []string
	for i := range 150 {
		ids = append(ids, fmt.Sprintf("r%03d", i))
	}
	a := newAddedRuns(ids)
	for _, tc := range []struct {
		id        string
		in, first bool
	}{
		{"r000", true, true}, {"r002", true, true}, {"r070", true, true}, {"r149", true, true},
		{"r070", true, false}, {"r001", true, true}, {"r001", true, false}, {"r100", true, true},
		{"r999", false, false}, {"r149", true, false}, {"r003", true, true},
	} {
		if in, first := a.add(tc.id); in != tc.in || first != tc.first {
			t.Errorf("add(%s) = %v, %v, want %v, %v", tc.id, in, first, tc.in, tc.first)
		}
	}
}

// A Writer refuses a run added twice, in order or not, and one the
// manifest does not list.
func TestWriterRefusesRuns(t *testing.T) {
	s := sampleSet()
	sc := SchemaOf(s)
	stray := s.Records[0]
	stray.ID = "stray"
	for _, tc := range []struct {
		name  string
		order []Record
		want  string
	}{
		{"twice", []Record{s.Records[0], s.Records[1], s.Records[1]}, "added twice"},
		{"twice out of order", []Record{s.Records[1], s.Records[0], s.Records[1]}, "added twice"},
		{"stray", []Record{s.Records[0], stray}, `run "stray": run "stray" is not in the manifest's run list`},
	} {
		w, err := NewWriter(OS, t.TempDir(), &s.Manifest, &sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range tc.order {
			err = w.Add(render(&sc, &RunData{Record: r, Rows: make([][]TableRow, len(s.Tables))}))
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		w.Abort()
	}
}
