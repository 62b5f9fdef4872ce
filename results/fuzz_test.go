package results

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadRuns feeds arbitrary bytes as runs.csv next to a valid manifest,
// summary and time series.
func FuzzReadRuns(f *testing.F) {
	f.Add([]byte(readFile(f, filepath.Join(writeSet(f, sampleSet()), RunsFile))))
	f.Add([]byte("run_id,point,design,rep,seed,cost\na,0,x,1,2,NaN\nb,0,x,1,3,-Inf\n"))
	f.Add([]byte("run_id,point,design,rep,seed\n\"a\nb\",0,\"x,y\",0,18446744073709551615\n"))
	f.Add([]byte("\ufeffrun_id,point,design,rep,seed,m\r\na,1,d,2,3,1e-310\r\n"))
	f.Add([]byte("run_id,point,design,rep,seed,m\na,0,d,0,0,\"1\n"))
	f.Add([]byte(""))
	permissive := &Set{Manifest: Manifest{Command: "compare"}}
	fuzzFile(f, writeSet(f, permissive), RunsFile, ManifestFile, SummaryFile, TimeseriesFile)
}

// FuzzReadTable feeds arbitrary bytes as teams.csv next to an otherwise
// valid folder with tables.
func FuzzReadTable(f *testing.F) {
	base := writeSet(f, withTables())
	f.Add([]byte(readFile(f, filepath.Join(base, "teams.csv"))))
	f.Add([]byte("run_id,team,kind\n"))
	f.Add([]byte("run_id,team,kind,a,b\np000-baseline-r0000,\"x\ny\",\"k,\"\"q\"\"\",NaN,-Inf\n"))
	f.Add([]byte("\ufeffrun_id,team,kind,e\r\np000-baseline-r0001,t,,1e-310\r\np000-baseline-r0000,t,,1\r\n"))
	f.Add([]byte("run_id,team,kind,e\np000-baseline-r0000,t,k,1\np000-baseline-r0000,t,k,2\n"))
	f.Add([]byte("run_id,,kind,run_id\n"))
	f.Add([]byte(""))
	fuzzFile(f, base, "teams.csv", ManifestFile, RunsFile, SummaryFile, TimeseriesFile, "services.csv")
}

// fuzzFile fuzzes the content of file next to the files others of the
// folder base. Read must never panic, and whatever it accepts must survive
// a Write and a second Read unchanged: a folder Read accepts but Write
// refuses, or that changes on the way, would break merges.
func fuzzFile(f *testing.F, base, file string, others ...string) {
	f.Helper()
	contents := make(map[string]string, len(others))
	for _, name := range others {
		contents[name] = readFile(f, filepath.Join(base, name))
	}
	// Durability is not under test here, and fsync would dominate each run.
	replace(f, &syncFile, func(*os.File) error { return nil })
	replace(f, &syncDirFn, func(string) error { return nil })
	replace(f, &syncOut, func(File) error { return nil })
	// Calls run one at a time within each fuzzing process, so one pair of
	// folders per process is reused rather than made afresh for every input.
	dir, again := f.TempDir(), filepath.Join(f.TempDir(), "again")
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, content := range contents {
			writeFile(t, filepath.Join(dir, name), content)
		}
		if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
			t.Fatal(err)
		}
		reseal(t, dir) // the parser behind the checksums is under test
		s, err := Read(dir)
		if err != nil {
			return
		}
		if err := Write(again, s); err != nil {
			t.Fatalf("Read accepted a set that Write refuses: %v", err)
		}
		s2, err := Read(again)
		if err != nil {
			t.Fatalf("rewritten folder does not read: %v", err)
		}
		if d := diffSets(s, s2); d != "" {
			t.Fatalf("set changed on rewrite: %s", d)
		}
	})
}

// FuzzOpenJournal feeds arbitrary bytes as a journal: OpenJournal must
// never panic, must keep only whole frames, and every run it reports done
// must read back.
func FuzzOpenJournal(f *testing.F) {
	s := fullSet()
	sc := SchemaOf(s)
	var good []byte
	{
		path := filepath.Join(f.TempDir(), "journal")
		j, err := OpenJournal(OS, path, &sc)
		if err != nil {
			f.Fatal(err)
		}
		for _, d := range runData(s)[:3] {
			r, _ := Render(&sc, d)
			j.Add(r)
		}
		j.AddFailure("p000-collective-r0000", "failed")
		j.Close()
		good = []byte(readFile(f, path))
	}
	f.Add(good)
	f.Add(good[:len(good)-7])
	f.Add(append([]byte(journalMagic+"\xff\xff\xff\x7f"), good...))
	f.Add([]byte(""))
	replace(f, &syncOut, func(File) error { return nil }) // durability is not under test
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "journal")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := OpenJournal(OS, path, &sc)
		if err != nil {
			return // a whole frame that does not decode is refused
		}
		defer j.Close()
		if size := fileSize(t, path); size+j.Dropped() != int64(len(data)) {
			t.Fatalf("kept %d bytes and dropped %d of %d", size, j.Dropped(), len(data))
		}
		for _, id := range j.IDs() {
			if j.Done(id) {
				if _, err := j.Get(id); err != nil {
					t.Fatalf("run %s is done but does not read back: %v", id, err)
				}
			}
		}
	})
}
