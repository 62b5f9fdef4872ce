package results

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
)

// Schema is the shape of a results folder that every run's rows must fit:
// the sweep parameters, the metrics and the per-entity tables. It is all
// that [Render] and [Writer] need to know before the first run finishes.
type Schema struct {
	// Params are the sweep parameter names, in sweep order.
	Params []string
	// Metrics are the per-run metric names, in column order.
	Metrics []string
	// Tables are the per-entity tables' shapes; their Rows are ignored.
	Tables []Table
}

// SchemaOf returns the schema of s.
func SchemaOf(s *Set) Schema {
	sc := Schema{Params: paramNames(s), Metrics: slices.Clone(s.Metrics)}
	for _, t := range s.Tables {
		sc.Tables = append(sc.Tables, Table{Name: t.Name, Key: t.Key, Labels: slices.Clone(t.Labels), Columns: slices.Clone(t.Columns)})
	}
	return sc
}

// RunData is everything one run contributes to a results folder.
type RunData struct {
	Record  Record
	Series  []Series
	Samples []Sample
	// Rows[i] are the run's rows of Schema.Tables[i].
	Rows [][]TableRow
}

// The parts of a Rendered run, one per file; tables follow.
const (
	partRuns = iota
	partSeries
	partSamples
	partTables
)

// Rendered is one run's rows as the bytes they add to each file of a
// results folder: its runs.csv row, a gzip member of its timeseries.csv.gz
// rows and one of its samples.csv.gz rows, and its rows of each table. A
// folder's files are the headers followed by the runs' parts in run order,
// so a run is rendered once, where it finishes, and assembling a folder is
// copying bytes; the bytes depend on the run's data alone, which is what
// makes a folder byte-identical whatever the order runs finished in.
type Rendered struct {
	// Record is the run's record, for summaries.
	Record Record
	parts  [][]byte
}

// Size is the number of bytes r adds to a folder.
func (r *Rendered) Size() int {
	n := 0
	for _, p := range r.parts {
		n += len(p)
	}
	return n
}

// Render checks d against sc, as Write checks a Set, and renders it.
func Render(sc *Schema, d *RunData) (*Rendered, error) {
	if f := checkRunData(sc, d); f != nil {
		return nil, fmt.Errorf("results: run %q: %v", d.Record.ID, f)
	}
	return render(sc, d), nil
}

// render renders d, which is known to fit sc.
func render(sc *Schema, d *RunData) *Rendered {
	r := &Rendered{Record: d.Record, parts: make([][]byte, partTables+len(sc.Tables))}
	c := newCSV()
	c.row(runRow(nil, &d.Record))
	r.parts[partRuns] = c.bytes()
	if len(d.Series) > 0 {
		c := newCSV()
		for _, sr := range d.Series {
			c.longRows(sr.RunID, sr.Name, sr.Values, func(i int) string { return formatFloat(float64(i+1) * sr.Step) })
		}
		r.parts[partSeries] = gzipMember(c.bytes())
	}
	if len(d.Samples) > 0 {
		c := newCSV()
		for _, sm := range d.Samples {
			c.longRows(sm.RunID, sm.Name, sm.Values, strconv.Itoa)
		}
		r.parts[partSamples] = gzipMember(c.bytes())
	}
	for i := range sc.Tables {
		if i < len(d.Rows) && len(d.Rows[i]) > 0 {
			c := newCSV()
			for j := range d.Rows[i] {
				c.row(tableRow(nil, &d.Rows[i][j]))
			}
			r.parts[partTables+i] = c.bytes()
		}
	}
	return r
}

// checkRunData checks d as validate checks a Set of one record.
func checkRunData(sc *Schema, d *RunData) *fault {
	s := &Set{Metrics: sc.Metrics, Records: []Record{d.Record}, Series: d.Series, Samples: d.Samples}
	if len(sc.Params) > 0 && len(d.Record.Params) == 0 {
		return faultf(inRecord, 0, "parameters %q missing", sc.Params)
	}
	if !sameNames(d.Record.Params, sc.Params) {
		return faultf(inRecord, 0, "parameters %q, want %q", namesOf(d.Record.Params), sc.Params)
	}
	if len(d.Rows) > len(sc.Tables) {
		return faultf(inRecord, 0, "rows for %d tables, the schema has %d", len(d.Rows), len(sc.Tables))
	}
	for i, t := range sc.Tables {
		t.Rows = nil
		if i < len(d.Rows) {
			t.Rows = d.Rows[i]
		}
		s.Tables = append(s.Tables, t)
		s.Manifest.Tables = append(s.Manifest.Tables, t.Name)
	}
	return validate(s)
}

// gzipWriters recycles compressors: a new one allocates about a megabyte.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// gzipMember compresses b into one gzip member. With no name and no
// modification time in the header, the bytes depend on b alone.
func gzipMember(b []byte) []byte {
	var buf bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(b) // writing to a bytes.Buffer cannot fail
	w.Close()
	gzipWriters.Put(w)
	return buf.Bytes()
}

// Data decodes r back into the run's data: the record, and the series,
// samples and table rows of its parts.
func (r *Rendered) Data(sc *Schema) (*RunData, error) {
	d := &RunData{Record: r.Record}
	var err error
	if d.Series, err = decodeLong(r.parts[partSeries], seriesForm); err != nil {
		return nil, err
	}
	if d.Samples, err = decodeLong(r.parts[partSamples], samplesForm); err != nil {
		return nil, err
	}
	for i := range sc.Tables {
		rows, err := r.TableRows(sc, i)
		if err != nil {
			return nil, err
		}
		d.Rows = append(d.Rows, rows)
	}
	return d, nil
}

// TableRows decodes r's rows of table i of sc, without decompressing its
// series and samples.
func (r *Rendered) TableRows(sc *Schema, i int) ([]TableRow, error) {
	t := &sc.Tables[i]
	part := r.parts[partTables+i]
	if len(part) == 0 {
		return nil, nil
	}
	var rows []TableRow
	cr := csv.NewReader(bytes.NewReader(part))
	header := tableHeader(t)
	cr.FieldsPerRecord = len(header)
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("results: run %q, table %s: %w", r.Record.ID, t.Name, err)
		}
		p := fields{row: row, header: header}
		rows = append(rows, parseTableRow(&p, t))
		if p.err != "" {
			return nil, fmt.Errorf("results: run %q, table %s: %s", r.Record.ID, t.Name, p.err)
		}
	}
}

// decodeLong decodes a long-form gzip member back into its groups.
func decodeLong[G, P any](member []byte, form longForm[G, P]) ([]G, error) {
	if len(member) == 0 {
		return nil, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(member))
	if err != nil {
		return nil, fmt.Errorf("results: %s: %w", form.file, err)
	}
	c := newCSVFile(form.file, zr, io.NopCloser(nil))
	c.width = len(form.header)
	lg := newLongGroups(form)
	for {
		row, line, err := c.next()
		if err == io.EOF {
			return lg.groups, nil
		}
		if err != nil {
			return nil, err
		}
		if err := lg.add(c, row, line); err != nil {
			return nil, err
		}
	}
}
