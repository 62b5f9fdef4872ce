package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strings"
)

// Writer writes a results folder run by run, so that memory holds one run
// at a time however many there are. It writes into a staging folder (see
// [Stage]); [Commit] then puts the folder in place. Runs must be added in
// the manifest's run order, which is what makes the folder the same
// whatever order they finished in.
type Writer struct {
	fsys  FS
	dir   string
	sc    *Schema
	m     Manifest
	check *recordCheck
	files []*outFile      // by part; the samples file opens with the first sample
	runs  *addedRuns      // the manifest's runs added, when it lists them
	ids   map[string]bool // the runs added, when it does not
	err   error
}

// outFile is one file being written, hashed on the way.
type outFile struct {
	name string
	f    File
	bw   *bufio.Writer
	h    hash.Hash
	n    int64
}

// Write writes through the buffer, hashing and counting what it writes.
func (o *outFile) Write(p []byte) (int, error) {
	n, err := o.bw.Write(p)
	o.h.Write(p[:n])
	o.n += int64(n)
	return n, err
}

// NewWriter starts a folder in dir, an empty staging folder, for the
// experiment m describes, its runs having the shape sc. The manifest's run
// list, points and designs are what every added run is checked against.
func NewWriter(fsys FS, dir string, m *Manifest, sc *Schema) (*Writer, error) {
	if f := validateManifest(m); f != nil {
		return nil, fmt.Errorf("results: write %s: %v", dir, f)
	}
	if f := validateColumns(sc.Params, sc.Metrics); f != nil {
		return nil, fmt.Errorf("results: write %s: %v", dir, f)
	}
	shapes := &Set{Tables: sc.Tables}
	shapes.Manifest.Tables = tableNames(sc.Tables)
	if f := validateTables(shapes, nil); f != nil {
		return nil, fmt.Errorf("results: write %s: %v", dir, f)
	}
	if len(m.Points) > 0 && !sameNames(m.Points[0].Params, sc.Params) {
		return nil, fmt.Errorf("results: write %s: the manifest's sweep has parameters %q, the schema %q", dir, namesOf(m.Points[0].Params), sc.Params)
	}
	w := &Writer{fsys: fsys, dir: dir, sc: sc, m: *m, check: newRecordCheck(m, sc.Params),
		files: make([]*outFile, partTables+len(sc.Tables))}
	if len(m.Runs) > 0 {
		w.runs = newAddedRuns(m.Runs)
	} else {
		w.ids = map[string]bool{}
	}
	w.m.Tables = tableNames(sc.Tables)
	c := newCSV()
	c.row(runsHeader(sc.Params, sc.Metrics))
	if err := w.open(partRuns, RunsFile, c.bytes()); err != nil {
		return nil, err
	}
	if err := w.open(partSeries, TimeseriesFile, gzipMember(csvLine(seriesHeader))); err != nil {
		return nil, err
	}
	for i := range sc.Tables {
		if err := w.open(partTables+i, tableFile(sc.Tables[i].Name), csvLine(tableHeader(&sc.Tables[i]))); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func csvLine(fields []string) []byte {
	c := newCSV()
	c.row(fields)
	return c.bytes()
}

// open creates part's file and writes its header.
func (w *Writer) open(part int, name string, header []byte) error {
	o, err := w.create(name, header)
	w.files[part] = o
	return err
}

// create creates a file of the folder and writes its header.
func (w *Writer) create(name string, header []byte) (*outFile, error) {
	f, err := w.fsys.OpenFile(filepath.Join(w.dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, w.fail(fmt.Errorf("results: write %s: %w", filepath.Join(w.dir, name), err))
	}
	o := &outFile{name: name, f: f, bw: bufio.NewWriterSize(f, 256<<10), h: sha256.New()}
	if _, err := o.Write(header); err != nil {
		return o, w.fail(fmt.Errorf("results: write %s: %w", filepath.Join(w.dir, name), err))
	}
	return o, nil
}

func (w *Writer) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return w.err
}

// Add appends a run. It must be a run of the manifest, not added before,
// and come after every run that precedes it in the manifest's run list.
func (w *Writer) Add(r *Rendered) error {
	if w.err != nil {
		return w.err
	}
	id := r.Record.ID
	msg := w.check.text(&r.Record)
	if msg == "" {
		switch in, first := w.added(id); {
		case !in:
			msg = notListed(id)
		case !first:
			return w.fail(fmt.Errorf("results: write %s: run %q added twice", w.dir, id))
		default:
			msg = w.check.rest(&r.Record)
		}
	}
	if msg != "" {
		return w.fail(fmt.Errorf("results: write %s: run %q: %s", w.dir, id, msg))
	}
	if len(r.parts) != len(w.files) {
		return w.fail(fmt.Errorf("results: write %s: run %q was rendered for another schema", w.dir, id))
	}
	for i, p := range r.parts {
		if len(p) == 0 {
			continue
		}
		if w.files[i] == nil { // the first sample
			if err := w.open(i, SamplesFile, gzipMember(csvLine(samplesHeader))); err != nil {
				return err
			}
		}
		if _, err := w.files[i].Write(p); err != nil {
			return w.fail(fmt.Errorf("results: write %s: %w", filepath.Join(w.dir, w.files[i].name), err))
		}
	}
	return nil
}

// added marks run id added: in says it is a run of the manifest, first
// that it was not added before.
func (w *Writer) added(id string) (in, first bool) {
	if w.runs != nil {
		return w.runs.add(id)
	}
	first = !w.ids[id]
	w.ids[id] = true
	return true, first
}

// Close writes summary.csv and then manifest.json, recording every file's
// size and checksum, and makes the folder durable. The manifest is m as
// given to NewWriter.
func (w *Writer) Close(summary []SummaryRow) error {
	if w.err != nil {
		w.Abort()
		return w.err
	}
	if f := validateSummary(summary, w.check); f != nil {
		return w.abort(fmt.Errorf("results: write %s: %v", w.dir, f))
	}
	sumFile, err := w.create(SummaryFile, encodeSummary(summary, w.sc.Params))
	if sumFile != nil {
		w.files = append(w.files, sumFile) // closed with the others
	}
	if err != nil {
		return w.abort(err)
	}
	var sums []FileSum
	order := append([]*outFile{w.files[partRuns], sumFile, w.files[partSeries], w.files[partSamples]}, w.files[partTables:len(w.files)-1]...)
	for _, o := range order {
		if o == nil {
			continue
		}
		if err := closeOut(o); err != nil {
			return w.abort(fmt.Errorf("results: write %s: %w", filepath.Join(w.dir, o.name), err))
		}
		sums = append(sums, FileSum{Name: o.name, Bytes: o.n, SHA256: hex.EncodeToString(o.h.Sum(nil))})
	}
	w.files = nil
	mf := &manifestFile{Manifest: w.m, TableLabels: tableLabels(w.sc.Tables), Files: sums}
	data, err := encodeManifest(mf)
	if err != nil {
		return fmt.Errorf("results: write %s: %v", w.dir, err)
	}
	f, err := w.fsys.OpenFile(filepath.Join(w.dir, ManifestFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("results: write %s: %w", filepath.Join(w.dir, ManifestFile), err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = syncOut(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("results: write %s: %w", filepath.Join(w.dir, ManifestFile), err)
	}
	if err := syncDirFn(w.dir); err != nil {
		return fmt.Errorf("results: write %s: %w", w.dir, err)
	}
	return nil
}

// closeOut flushes, syncs and closes o.
func closeOut(o *outFile) error {
	err := o.bw.Flush()
	if err == nil {
		err = syncOut(o.f)
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (w *Writer) abort(err error) error {
	w.fail(err)
	w.Abort()
	return err
}

// Abort closes the files of an unfinished folder; the caller discards the
// staging folder.
func (w *Writer) Abort() {
	for _, o := range w.files {
		if o != nil {
			o.f.Close()
		}
	}
	w.files = nil
	w.fail(errors.New("results: writer aborted"))
}

// recordCheck checks records against a manifest as validate does, with
// the manifest's lists turned into maps once.
type recordCheck struct {
	names   []string
	m       *Manifest
	points  map[int][]Param
	inRuns  map[string]bool // the manifest's runs, indexed on first use
	designs map[string]bool
}

func newRecordCheck(m *Manifest, names []string) *recordCheck {
	c := &recordCheck{names: names, m: m, points: map[int][]Param{}, designs: map[string]bool{}}
	for _, p := range m.Points {
		c.points[p.Index] = p.Params
	}
	for _, d := range m.Designs {
		c.designs[d] = true
	}
	return c
}

// point ties a row's point and parameters to the manifest's sweep, which
// is what makes the param.* columns trustworthy.
func (c *recordCheck) point(point int, ps []Param) string {
	if !sameNames(ps, c.names) {
		return fmt.Sprintf("parameters %q, want %q", namesOf(ps), c.names)
	}
	for _, p := range ps {
		if msg := checkText("parameter value", p.Value, true); msg != "" {
			return msg
		}
	}
	if len(c.m.Points) == 0 {
		return ""
	}
	want, ok := c.points[point]
	if !ok {
		return fmt.Sprintf("point %d is not in the manifest", point)
	}
	if !sameParams(ps, want) {
		return fmt.Sprintf("parameters %v differ from the manifest's point %d %v", ps, point, want)
	}
	return ""
}

// record checks a record's id, point and design against the manifest.
func (c *recordCheck) record(r *Record) string {
	if msg := c.id(r); msg != "" {
		return msg
	}
	return c.rest(r)
}

// id checks a record's run id.
func (c *recordCheck) id(r *Record) string {
	if msg := c.text(r); msg != "" {
		return msg
	}
	if len(c.m.Runs) > 0 {
		if c.inRuns == nil {
			c.inRuns = make(map[string]bool, len(c.m.Runs))
			for _, id := range c.m.Runs {
				c.inRuns[id] = true
			}
		}
		if !c.inRuns[r.ID] {
			return notListed(r.ID)
		}
	}
	return ""
}

// text checks a record's run id as text.
func (c *recordCheck) text(r *Record) string {
	if r.ID == "" {
		return "empty run id"
	}
	return checkText("run id", r.ID, true)
}

func notListed(id string) string {
	return fmt.Sprintf("run %q is not in the manifest's run list", id)
}

// rest checks a record's point, parameters and design.
func (c *recordCheck) rest(r *Record) string {
	if msg := c.point(r.Point, r.Params); msg != "" {
		return fmt.Sprintf("run %q: %s", r.ID, msg)
	}
	if msg := checkText("design", r.Design, true); msg != "" {
		return fmt.Sprintf("run %q: %s", r.ID, msg)
	}
	if len(c.m.Designs) > 0 && !c.designs[r.Design] {
		return fmt.Sprintf("run %q: design %q is not in the manifest's designs %q", r.ID, r.Design, c.m.Designs)
	}
	return ""
}

// isTemp reports whether name is a staging folder or temporary file that
// an interrupted write left behind.
func isTemp(name string) bool {
	return strings.HasPrefix(name, stagingPrefix) || strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}
