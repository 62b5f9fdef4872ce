package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
)

// manifestFile is manifest.json's layout: the Manifest's fields, preceded by
// a format tag so a future layout can be told apart, and followed by each
// table's label columns (see tableLabels), which Read needs to split a
// table's header, the size and SHA-256 of every other file of the folder,
// and the manifest's own checksum.
type manifestFile struct {
	Format string `json:"format"`
	Manifest
	TableLabels map[string][]string `json:"table_labels,omitempty"`
	Files       []FileSum           `json:"files"`
	// Checksum is the SHA-256 of the manifest written with Checksum "",
	// so that an edit of the manifest itself is caught like one of the
	// files it lists.
	Checksum string `json:"checksum"`
}

// FileSum is what manifest.json records of each results file: Read and
// Scan refuse a folder whose files no longer match.
type FileSum struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// formatFloat is the shortest text that parses back to the same float64, so
// values survive a write and read exactly; NaN and ±Inf come out as "NaN",
// "+Inf" and "-Inf", which strconv.ParseFloat and most CSV tools accept.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Write stores s in dir, creating dir if needed. The Set is validated and
// the new files are written in full to a staging folder inside dir before
// anything of the folder's present content is touched; they then replace
// it with renames ([Commit]), so a failure or a kill at any point leaves
// either the old folder or the new one, never a mix, and no stray files.
// Files of the old content that the new one does not have (a table or the
// samples of another experiment) are removed.
//
// Validation is about what Read and Merge must be able to trust, so it is
// strict where the manifest says something: each record's run id must be in
// Manifest.Runs (when that is non-empty), its point and parameters must be
// one of Manifest.Points (when non-empty), and its design one of
// Manifest.Designs (when non-empty). Every record and summary row carries
// the same parameter names in the same order, run ids are unique, Values
// has one entry per metric, and column names do not repeat. A series must
// belong to a record, have at least one value (long form cannot show an
// empty one) and a positive Step; a sample likewise must belong to a
// record, have at least one value and not repeat its run and name
// (samples.csv.gz is written only when there are samples). Series, samples
// and each table's rows follow the records' order, each run's together, so
// that every file can be read run by run ([Scan]). A table must have a
// valid name (see [Table]) that Manifest.Tables lists in order, distinct
// non-empty column names, and rows that carry one label per label column
// and one value per numeric column and do not repeat a (run, key) pair.
// Text that CSV or JSON would alter on the way back (invalid UTF-8, or a
// carriage return in a CSV field) is refused.
func Write(dir string, s *Set) error {
	if s == nil {
		return fmt.Errorf("results: write %s: nil Set", dir)
	}
	if f := validate(s); f != nil {
		return fmt.Errorf("results: write %s: %v", dir, f)
	}
	staging, err := Stage(dir)
	if err != nil {
		return err
	}
	if err := writeStaged(staging, s); err != nil {
		Discard(staging)
		return err
	}
	return Commit(dir, staging, StaleFiles(dir))
}

// writeStaged writes the valid Set s into the empty folder staging.
func writeStaged(staging string, s *Set) error {
	sc := SchemaOf(s)
	w, err := NewWriter(OS, staging, &s.Manifest, &sc)
	if err != nil {
		return err
	}
	series, samples := 0, 0
	rows := make([]int, len(s.Tables))
	for i := range s.Records {
		d := RunData{Record: s.Records[i], Rows: make([][]TableRow, len(s.Tables))}
		id := d.Record.ID
		start := series
		for series < len(s.Series) && s.Series[series].RunID == id {
			series++
		}
		d.Series = s.Series[start:series]
		start = samples
		for samples < len(s.Samples) && s.Samples[samples].RunID == id {
			samples++
		}
		d.Samples = s.Samples[start:samples]
		for ti := range s.Tables {
			t := s.Tables[ti].Rows
			start := rows[ti]
			for rows[ti] < len(t) && t[rows[ti]].RunID == id {
				rows[ti]++
			}
			d.Rows[ti] = t[start:rows[ti]]
		}
		if err := w.Add(render(&sc, &d)); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close(s.Summary)
}

// encodeManifest encodes m for manifest.json with its checksum set.
func encodeManifest(mf *manifestFile) ([]byte, error) {
	mf.Format = formatTag
	mf.Checksum = ""
	b, err := marshalManifest(mf)
	if err != nil {
		return nil, err
	}
	mf.Checksum = sha256Hex(b)
	return marshalManifest(mf)
}

func marshalManifest(mf *manifestFile) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Scenario text is full of '<', '>' and '&' in comments and formulas;
	// HTML escaping would make the manifest needlessly hard to read.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(mf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// csvBuffer collects rows; writing to a bytes.Buffer cannot fail, so the
// encoders need no error paths.
type csvBuffer struct {
	buf bytes.Buffer
	w   *csv.Writer
}

func newCSV() *csvBuffer {
	c := &csvBuffer{}
	c.w = csv.NewWriter(&c.buf)
	return c
}

func (c *csvBuffer) row(fields []string) { c.w.Write(fields) }

func (c *csvBuffer) bytes() []byte {
	c.w.Flush()
	return c.buf.Bytes()
}

// runRow appends a record's runs.csv cells to buf.
func runRow(buf []string, r *Record) []string {
	buf = append(buf[:0], r.ID, strconv.Itoa(r.Point))
	for _, p := range r.Params {
		buf = append(buf, p.Value)
	}
	buf = append(buf, r.Design, strconv.Itoa(r.Rep), strconv.FormatUint(r.Seed, 10))
	for _, v := range r.Values {
		buf = append(buf, formatFloat(v))
	}
	return buf
}

func encodeSummary(rows []SummaryRow, names []string) []byte {
	c := newCSV()
	c.row(summaryHeader(names))
	row := make([]string, 0, 1+len(names)+len(summaryTail))
	for _, r := range rows {
		row = append(row[:0], strconv.Itoa(r.Point))
		for _, p := range r.Params {
			row = append(row, p.Value)
		}
		row = append(row, r.Design, r.Metric, strconv.Itoa(r.N))
		for _, v := range [...]float64{r.Mean, r.StdDev, r.Lo, r.Hi} {
			row = append(row, formatFloat(v))
		}
		row = append(row, r.Baseline)
		for _, v := range [...]float64{r.Diff, r.DiffLo, r.DiffHi, r.Rel, r.RelLo, r.RelHi} {
			row = append(row, formatFloat(v))
		}
		row = append(row, strconv.FormatBool(r.Distinguishable))
		c.row(row)
	}
	return c.bytes()
}
