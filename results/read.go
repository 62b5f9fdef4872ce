package results

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Read loads the results folder dir. It checks the folder as strictly as
// Write checks a Set, because a folder may have been edited by hand or
// assembled from several machines; errors name the file and, for CSV files,
// the line ("runs.csv:12: ..."). Each table Manifest.Tables lists is read
// from its own <name>.csv, which must be there; a manifest without tables
// means there are none. Empty lists read back as nil slices.
func Read(dir string) (*Set, error) {
	s := &Set{}
	labels, err := openFolder(dir, &s.Manifest)
	if err != nil {
		return nil, err
	}
	names, recLines, err := readRuns(dir, s)
	if err != nil {
		return nil, err
	}
	sumLines, err := readSummary(dir, s, names)
	if err != nil {
		return nil, err
	}
	serLines, err := readSeries(dir, s)
	if err != nil {
		return nil, err
	}
	smpLines, err := readSamples(dir, s)
	if err != nil {
		return nil, err
	}
	tabLines, err := readTables(dir, s, labels)
	if err != nil {
		return nil, err
	}
	if f := validate(s); f != nil {
		file, line := ManifestFile, 0
		switch f.in {
		case inHeader:
			file, line = RunsFile, 1
		case inRecord:
			file, line = RunsFile, recLines[f.item]
		case inSeries:
			file, line = TimeseriesFile, serLines[f.item]
		case inSummary:
			file, line = SummaryFile, sumLines[f.item]
		case inSamples:
			file, line = SamplesFile, smpLines[f.item]
		case inTable:
			file, line = tableFile(f.name), 1
			if f.row >= 0 {
				line = tabLines[f.item][f.row]
			}
		}
		path := filepath.Join(dir, file)
		if line == 0 {
			return nil, fmt.Errorf("results: %s: %s", path, f.msg)
		}
		return nil, fmt.Errorf("results: %s:%d: %s", path, line, f.msg)
	}
	return s, nil
}

// readManifest reads manifest.json into m and returns its table_labels
// and file list, checking its format and its own checksum.
func readManifest(dir string, m *Manifest) (mf *manifestFile, err error) {
	path := filepath.Join(dir, ManifestFile)
	data, err := readAtMost(path, maxManifestBytes)
	if err != nil {
		return nil, err
	}
	mf = &manifestFile{}
	if err := json.Unmarshal(data, mf); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, fmt.Errorf("results: %s:%d: %w", path, lineAt(data, syn.Offset), err)
		case errors.As(err, &typ):
			return nil, fmt.Errorf("results: %s:%d: %w", path, lineAt(data, typ.Offset), err)
		}
		return nil, fmt.Errorf("results: %s: %w", path, err)
	}
	if mf.Format != formatTag {
		return nil, fmt.Errorf("results: %s: format %q, want %q: not an opsim results folder, or one from an incompatible version",
			path, mf.Format, formatTag)
	}
	if err := checkManifestSum(path, mf); err != nil {
		return nil, err
	}
	*m = mf.Manifest
	return mf, nil
}

// lineAt converts a byte offset from encoding/json into a 1-based line.
func lineAt(data []byte, offset int64) int {
	offset = max(0, min(offset, int64(len(data))))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// csvFile reads one CSV file of a results folder and turns every problem
// into an error naming the file and line.
type csvFile struct {
	path  string
	f     io.Closer
	r     *csv.Reader
	width int
}

// openCSV opens dir/name, decompressing a .gz file, and returns its
// header. A UTF-8 byte order mark is skipped because spreadsheet programs
// add one when a file is saved back.
func openCSV(dir, name string) (*csvFile, []string, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("results: %w", err)
	}
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bufio.NewReader(f))
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("results: %s: %w", path, err)
		}
		r = zr
	}
	c := newCSVFile(path, r, f)
	header, err := c.header()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return c, header, nil
}

// newCSVFile reads CSV rows from r, naming path in errors; closer is
// closed by close. No line may be longer than maxLineBytes.
func newCSVFile(path string, r io.Reader, closer io.Closer) *csvFile {
	br := bufio.NewReader(&lineLimit{r: r, path: path})
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	c := &csvFile{path: path, f: closer, r: csv.NewReader(br)}
	c.r.ReuseRecord = true
	return c
}

// header reads the first row as the header; every later row must have as
// many fields.
func (c *csvFile) header() ([]string, error) {
	header, _, err := c.next()
	if err == io.EOF {
		err = c.errf(1, "empty file, want a header")
	}
	if err != nil {
		return nil, err
	}
	c.width = len(header)
	return slices.Clone(header), nil
}

// next returns the next row and the line it starts on, or io.EOF. The row
// is only valid until the following call.
func (c *csvFile) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err == nil {
		line, _ := c.r.FieldPos(0)
		return rec, line, nil
	}
	if err == io.EOF {
		return nil, 0, err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return nil, 0, c.errf(pe.StartLine, "%d fields, want %d as in the header", len(rec), c.width)
		}
		return nil, 0, fmt.Errorf("results: %s:%d:%d: %w", c.path, pe.Line, pe.Column, pe.Err)
	}
	return nil, 0, fmt.Errorf("results: %s: %w", c.path, err)
}

func (c *csvFile) errf(line int, format string, args ...any) error {
	return fmt.Errorf("results: %s:%d: %s", c.path, line, fmt.Sprintf(format, args...))
}

func (c *csvFile) close() { c.f.Close() }

// fields parses a row's cells in order and remembers the first failure, so
// the row parsers read as a list of columns instead of a ladder of ifs.
type fields struct {
	row    []string
	header []string
	i      int
	err    string
}

func (p *fields) next() (string, string) {
	v, col := p.row[p.i], p.header[p.i]
	p.i++
	return v, col
}

// text is the next cell as a string of its own: csv.Reader hands out
// substrings of one string per row, and a record kept from a row of a
// hundred numbers would otherwise keep the whole row's text alive.
func (p *fields) text() string { v, _ := p.next(); return strings.Clone(v) }

func (p *fields) int() int {
	v, col := p.next()
	n, err := strconv.Atoi(v)
	if err != nil && p.err == "" {
		p.err = fmt.Sprintf("column %s: %q is not an integer", col, v)
	}
	return n
}

func (p *fields) uint64() uint64 {
	v, col := p.next()
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil && p.err == "" {
		p.err = fmt.Sprintf("column %s: %q is not an unsigned 64-bit integer", col, v)
	}
	return n
}

func (p *fields) float() float64 {
	v, col := p.next()
	x, err := strconv.ParseFloat(v, 64)
	if err != nil && p.err == "" {
		p.err = fmt.Sprintf("column %s: %q is not a number", col, v)
	}
	return x
}

func (p *fields) bool() bool {
	v, col := p.next()
	switch v {
	case "true":
		return true
	case "false":
	default:
		if p.err == "" {
			p.err = fmt.Sprintf("column %s: %q, want true or false", col, v)
		}
	}
	return false
}

// cells reads the next n cells with cell, e.g. p.float; it returns nil for
// none, as Read gives back empty lists as nil.
func cells[T any](n int, cell func() T) []T {
	if n == 0 {
		return nil
	}
	vs := make([]T, n)
	for i := range vs {
		vs[i] = cell()
	}
	return vs
}

func (p *fields) params(names []string) []Param {
	if len(names) == 0 {
		return nil
	}
	ps := make([]Param, len(names))
	for i, n := range names {
		ps[i] = Param{Name: n, Value: p.text()}
	}
	return ps
}

// readRows parses every row after c's header with parse, which reads the
// row's cells from p in order, and returns the rows with the line each
// starts on. The first cell that does not parse ends the reading with an
// error naming its line and column.
func readRows[T any](c *csvFile, header []string, parse func(p *fields) T) (rows []T, lines []int, err error) {
	for {
		row, line, err := c.next()
		if err == io.EOF {
			return rows, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		p := fields{row: row, header: header}
		r := parse(&p)
		if p.err != "" {
			return nil, nil, c.errf(line, "%s", p.err)
		}
		rows = append(rows, r)
		lines = append(lines, line)
	}
}

// splitParams takes the param.* columns starting at header[from], then
// checks that the fixed columns follow.
func splitParams(c *csvFile, header []string, from int, after []string) ([]string, error) {
	var names []string
	i := from
	for ; i < len(header) && strings.HasPrefix(header[i], "param."); i++ {
		n := strings.TrimPrefix(header[i], "param.")
		if n == "" {
			return nil, c.errf(1, "column %d: empty parameter name", i+1)
		}
		if slices.Contains(names, n) {
			return nil, c.errf(1, "parameter %q appears twice", n)
		}
		names = append(names, n)
	}
	if len(header) < i+len(after) || !slices.Equal(header[i:i+len(after)], after) {
		got := header[i:min(len(header), i+len(after))]
		return nil, c.errf(1, "columns %q after the parameters, want %q", got, after)
	}
	return names, nil
}

func readRuns(dir string, s *Set) (names []string, lines []int, err error) {
	c, header, names, err := openRuns(dir, s)
	if err != nil {
		return nil, nil, err
	}
	defer c.close()
	s.Records, lines, err = readRows(c, header, func(p *fields) Record { return parseRecord(p, names, len(s.Metrics)) })
	if err != nil {
		return nil, nil, err
	}
	return names, lines, nil
}

// openRuns opens runs.csv and checks its header against the manifest in
// s, setting s.Metrics; it returns the header and the parameter names.
func openRuns(dir string, s *Set) (c *csvFile, header, names []string, err error) {
	c, header, err = openCSV(dir, RunsFile)
	if err != nil {
		return nil, nil, nil, err
	}
	bad := func(err error) (*csvFile, []string, []string, error) {
		c.close()
		return nil, nil, nil, err
	}
	if len(header) < 2 || header[0] != "run_id" || header[1] != "point" {
		return bad(c.errf(1, "header starts %q, want \"run_id\",\"point\"", header[:min(2, len(header))]))
	}
	fixed := []string{"design", "rep", "seed"}
	names, err = splitParams(c, header, 2, fixed)
	if err != nil {
		return bad(err)
	}
	if pts := s.Manifest.Points; len(pts) > 0 && !slices.Equal(names, namesOf(pts[0].Params)) {
		return bad(c.errf(1, "parameter columns %q, but the manifest's sweep has %q", names, namesOf(pts[0].Params)))
	}
	if m := header[2+len(names)+len(fixed):]; len(m) > 0 {
		s.Metrics = m
	}
	return c, header, names, nil
}

// parseRecord parses a runs.csv row.
func parseRecord(p *fields, names []string, metrics int) (r Record) {
	r.ID = p.text()
	r.Point = p.int()
	r.Params = p.params(names)
	r.Design = p.text()
	r.Rep = p.int()
	r.Seed = p.uint64()
	r.Values = cells(metrics, p.float)
	return r
}

func readSummary(dir string, s *Set, names []string) (lines []int, err error) {
	c, header, err := openCSV(dir, SummaryFile)
	if err != nil {
		return nil, err
	}
	defer c.close()
	if len(header) < 1 || header[0] != "point" {
		return nil, c.errf(1, "header starts %q, want \"point\"", header[:min(1, len(header))])
	}
	got, err := splitParams(c, header, 1, summaryTail)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(got, names) {
		return nil, c.errf(1, "parameter columns %q, but %s has %q", got, RunsFile, names)
	}
	if len(header) != 1+len(names)+len(summaryTail) {
		return nil, c.errf(1, "%d columns, want %d", len(header), 1+len(names)+len(summaryTail))
	}
	s.Summary, lines, err = readRows(c, header, func(p *fields) (r SummaryRow) {
		r.Point = p.int()
		r.Params = p.params(names)
		r.Design = p.text()
		r.Metric = p.text()
		r.N = p.int()
		r.Mean, r.StdDev, r.Lo, r.Hi = p.float(), p.float(), p.float(), p.float()
		r.Baseline = p.text()
		r.Diff, r.DiffLo, r.DiffHi = p.float(), p.float(), p.float()
		r.Rel, r.RelLo, r.RelHi = p.float(), p.float(), p.float()
		r.Distinguishable = p.bool()
		return r
	})
	if err != nil {
		return nil, err
	}
	return lines, nil
}

// dayTolerance absorbs the rounding of a spreadsheet that saved the day
// column back with fewer digits; anything larger means rows are missing or
// out of order, which would silently shift the series.
const dayTolerance = 1e-9

// seriesForm reads timeseries.csv: a series' first day is its step, and
// each further day must be the next multiple of it.
var seriesForm = longForm[Series, float64]{
	file: TimeseriesFile, header: seriesHeader, what: "series", whose: "series'",
	pos:   (*fields).float,
	group: func(k runKey) Series { return Series{RunID: k.run, Name: k.name} },
	add: func(sr *Series, day, v float64) string {
		if len(sr.Values) == 0 {
			if !(day > 0) || math.IsInf(day, 0) {
				return fmt.Sprintf("series %q of run %q starts at day %v, want its positive step", sr.Name, sr.RunID, day)
			}
			sr.Step = day
		} else if want := float64(len(sr.Values)+1) * sr.Step; !(math.Abs(day-want) <= dayTolerance*want) {
			return fmt.Sprintf("series %q of run %q: day %v, want %v; rows missing or out of order", sr.Name, sr.RunID, day, want)
		}
		sr.Values = append(sr.Values, v)
		return ""
	},
}

func readSeries(dir string, s *Set) (lines []int, err error) {
	s.Series, lines, err = readLong(dir, seriesForm)
	return lines, err
}
