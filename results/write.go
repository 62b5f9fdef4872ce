package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// manifestFile is manifest.json's layout: the Manifest's fields, preceded by
// a format tag so a future layout can be told apart, and followed by each
// table's label columns (see tableLabels), which Read needs to split a
// table's header.
type manifestFile struct {
	Format string `json:"format"`
	Manifest
	TableLabels map[string][]string `json:"table_labels,omitempty"`
}

// formatFloat is the shortest text that parses back to the same float64, so
// values survive a write and read exactly; NaN and ±Inf come out as "NaN",
// "+Inf" and "-Inf", which strconv.ParseFloat and most CSV tools accept.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Write stores s in dir, creating dir if needed. The Set is validated and
// every file encoded before anything on disk is touched, so an invalid Set
// leaves an existing folder exactly as it was. Each file is replaced
// atomically; manifest.json is removed first and written last, so that if
// Write is interrupted the folder has no manifest and Read refuses it,
// instead of pairing the old manifest with new rows. The files of tables
// that the old manifest lists and s no longer has are removed even before
// it, while it still names them, so that no crash can leave them behind
// unlisted; an interrupted Write then leaves a manifest whose table file is
// missing, which Read refuses too.
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
// (samples.csv is written only when there are samples). A table must have a
// valid name (see [Table]) that Manifest.Tables lists in order, distinct
// non-empty column names, and rows that belong to records, carry one label
// per label column and one value per numeric column, do not repeat a
// (run, key) pair and follow the records' order, each run's rows together.
// Text that CSV or JSON would alter on the way back (invalid UTF-8, or a
// carriage return in a CSV field) is refused.
func Write(dir string, s *Set) error {
	if s == nil {
		return fmt.Errorf("results: write %s: nil Set", dir)
	}
	if f := validate(s); f != nil {
		return fmt.Errorf("results: write %s: %v", dir, f)
	}
	names := paramNames(s)
	manifest, err := encodeManifest(&s.Manifest, s.Tables)
	if err != nil {
		return fmt.Errorf("results: write %s: %v", dir, err)
	}
	files := []fileData{
		{RunsFile, encodeRuns(s, names)},
		{SummaryFile, encodeSummary(s, names)},
		{TimeseriesFile, encodeSeries(s)},
		{SamplesFile, encodeSamples(s)}, // nil: no samples, remove a stale file
	}
	for i := range s.Tables {
		files = append(files, fileData{tableFile(s.Tables[i].Name), encodeTable(&s.Tables[i])})
	}
	files = append(files, fileData{ManifestFile, manifest})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("results: write %s: %w", dir, err)
	}
	for _, name := range oldTables(dir) {
		if !slices.Contains(s.Manifest.Tables, name) {
			if err := removeFile(dir, tableFile(name)); err != nil {
				return err
			}
		}
	}
	if err := removeFile(dir, ManifestFile); err != nil {
		return err
	}
	for _, f := range files {
		if f.data == nil {
			if err := removeFile(dir, f.name); err != nil {
				return err
			}
			continue
		}
		if err := WriteFileAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// removeFile deletes dir/name if it is there and makes the removal
// durable. Write uses it for manifest.json, and for files the Set being
// written no longer has, so that a rewrite cannot leave another
// experiment's samples or tables behind.
func removeFile(dir, name string) error {
	err := os.Remove(filepath.Join(dir, name))
	switch {
	case err == nil:
		if err := syncDirFn(dir); err != nil {
			return fmt.Errorf("results: write %s: %w", dir, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("results: write %s: %w", dir, err)
	}
	return nil
}

// fileData is one file Write puts in the folder; nil data means the file
// is not part of this Set and a stale copy is removed.
type fileData struct {
	name string
	data []byte
}

func encodeManifest(m *Manifest, tables []Table) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Scenario text is full of '<', '>' and '&' in comments and formulas;
	// HTML escaping would make the manifest needlessly hard to read.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(manifestFile{Format: formatTag, Manifest: *m, TableLabels: tableLabels(tables)}); err != nil {
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

func encodeRuns(s *Set, names []string) []byte {
	c := newCSV()
	c.row(runsHeader(names, s.Metrics))
	row := make([]string, 0, 5+len(names)+len(s.Metrics))
	for _, r := range s.Records {
		row = append(row[:0], r.ID, strconv.Itoa(r.Point))
		for _, p := range r.Params {
			row = append(row, p.Value)
		}
		row = append(row, r.Design, strconv.Itoa(r.Rep), strconv.FormatUint(r.Seed, 10))
		for _, v := range r.Values {
			row = append(row, formatFloat(v))
		}
		c.row(row)
	}
	return c.bytes()
}

func encodeSummary(s *Set, names []string) []byte {
	c := newCSV()
	c.row(summaryHeader(names))
	row := make([]string, 0, 1+len(names)+len(summaryTail))
	for _, r := range s.Summary {
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

func encodeSeries(s *Set) []byte {
	c := newCSV()
	c.row(seriesHeader)
	for _, sr := range s.Series {
		c.longRows(sr.RunID, sr.Name, sr.Values, func(i int) string { return formatFloat(float64(i+1) * sr.Step) })
	}
	return c.bytes()
}
