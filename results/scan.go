package results

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
)

// ScanOptions says what [Scan] parses.
type ScanOptions struct {
	// Detail says whether to parse a run's series, samples and table
	// rows; nil parses every run's. The rows of other runs are skipped
	// unparsed, so that a report over a few runs of a large folder costs
	// memory for those runs only.
	Detail func(r *Record) bool
	// Tables parses every run's table rows, even those of runs whose
	// series and samples Detail leaves out.
	Tables bool
}

// Scan reads the results folder dir run by run, in the order of runs.csv,
// and calls fn with each run's data; memory holds one run at a time. It
// first checks the folder as Read does (its manifest, and every file
// against its checksum) and then every row it parses; an error names the
// file and line. It returns the folder's Set without the per-run data:
// the manifest, metrics, summary and the tables' shapes (no rows). An
// error from fn stops the scan and is returned as it is.
func Scan(dir string, opt ScanOptions, fn func(d *RunData) error) (*Set, error) {
	st, err := openScan(dir)
	if err != nil {
		return nil, err
	}
	defer st.close()
	s, runs, header, names, sides, sc := st.s, st.runs, st.header, st.names, st.sides, &st.sc
	check := newRecordCheck(&s.Manifest, names)
	seen := map[string]bool{}
	series, samples := newLongGroups(seriesForm), newLongGroups(samplesForm)
	for {
		row, line, err := runs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		p := fields{row: row, header: header}
		d := &RunData{Record: parseRecord(&p, names, len(s.Metrics))}
		r := &d.Record
		if p.err != "" {
			return nil, runs.errf(line, "%s", p.err)
		}
		if msg := check.record(r); msg != "" {
			return nil, runs.errf(line, "%s", msg)
		}
		if seen[r.ID] {
			return nil, runs.errf(line, "run %q appears twice", r.ID)
		}
		seen[r.ID] = true
		want := opt.Detail == nil || opt.Detail(r)
		for i, sd := range sides {
			if sd == nil {
				continue
			}
			var add func(row []string, line int) error
			switch {
			case !want && (i < partTables || !opt.Tables):
				add = func([]string, int) error { return nil }
			case i == partSeries:
				add = func(row []string, line int) error { return series.add(sd.c, row, line) }
			case i == partSamples:
				add = func(row []string, line int) error { return samples.add(sd.c, row, line) }
			default:
				t := &s.Tables[i-partTables]
				d.Rows = append(d.Rows, nil)
				add = func(row []string, line int) error {
					p := fields{row: row, header: sd.header}
					tr := parseTableRow(&p, t)
					if p.err != "" {
						return sd.c.errf(line, "%s", p.err)
					}
					d.Rows[len(d.Rows)-1] = append(d.Rows[len(d.Rows)-1], tr)
					return nil
				}
			}
			if err := sd.rowsOf(r.ID, seen, add); err != nil {
				return nil, err
			}
		}
		d.Series, d.Samples = series.take(), samples.take()
		if want || opt.Tables {
			if f := checkRunData(sc, d); f != nil {
				return nil, runs.errf(line, "run %q: %v", r.ID, f)
			}
		}
		if err := fn(d); err != nil {
			return nil, err
		}
	}
	for _, sd := range sides {
		if sd == nil {
			continue
		}
		if err := sd.fill(); err != nil {
			return nil, err
		}
		if sd.row != nil {
			return nil, sd.c.errf(sd.line, "run %q has no record", sd.row[0])
		}
	}
	if f := validateSummary(s.Summary, check); f != nil {
		return nil, fmt.Errorf("results: %s/%s: %v", dir, SummaryFile, f)
	}
	return s, nil
}

// side is a file whose rows belong to runs (series, samples, a table),
// read alongside runs.csv: it holds the next row until its run comes.
type side struct {
	c      *csvFile
	header []string
	row    []string // the next row, nil at the end
	line   int
	loaded bool
}

// openSide opens a long-form file and checks its header.
func openSide(dir, name string, want []string) (*side, error) {
	c, header, err := openCSV(dir, name)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(header, want) {
		c.close()
		return nil, c.errf(1, "header %q, want %q", header, want)
	}
	return &side{c: c, header: header}, nil
}

// fill reads the next row if none is held.
func (sd *side) fill() error {
	if sd.loaded {
		return nil
	}
	row, line, err := sd.c.next()
	switch {
	case err == io.EOF:
		sd.row = nil
	case err != nil:
		return err
	default:
		sd.row, sd.line = slices.Clone(row), line
	}
	sd.loaded = true
	return nil
}

// rowsOf passes the rows of run to add. A row of a run already passed
// (seen, and not run) is out of order.
func (sd *side) rowsOf(run string, seen map[string]bool, add func(row []string, line int) error) error {
	for {
		if err := sd.fill(); err != nil {
			return err
		}
		if sd.row == nil {
			return nil
		}
		if r := sd.row[0]; r != run {
			if seen[r] {
				return sd.c.errf(sd.line, "a row of run %q comes after the rows of run %q; rows must follow the order of %s", r, run, RunsFile)
			}
			return nil
		}
		if err := add(sd.row, sd.line); err != nil {
			return err
		}
		sd.loaded = false
	}
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// Head reads what the results folder dir says of itself, without its
// runs: the manifest, metrics, summary and tables' shapes, after the same
// checks as Scan (the checksums of every file included).
func Head(dir string) (*Set, error) {
	st, err := openScan(dir)
	if err != nil {
		return nil, err
	}
	st.close()
	return st.s, nil
}

// scanState is a folder opened for Scan: its head read, its files open at
// their first row.
type scanState struct {
	s      *Set
	runs   *csvFile
	header []string
	names  []string
	sides  []*side
	sc     Schema
}

func (st *scanState) close() {
	if st.runs != nil {
		st.runs.close()
	}
	for _, sd := range st.sides {
		if sd != nil {
			sd.c.close()
		}
	}
}

func openScan(dir string) (_ *scanState, err error) {
	s := &Set{}
	st := &scanState{s: s}
	defer func() {
		if err != nil {
			st.close()
		}
	}()
	labels, err := openFolder(dir, &s.Manifest)
	if err != nil {
		return nil, err
	}
	if f := validateManifest(&s.Manifest); f != nil {
		return nil, fmt.Errorf("results: %s: %s", dir+"/"+ManifestFile, f.msg)
	}
	if msg := checkTableLabels(&s.Manifest, labels); msg != "" {
		return nil, fmt.Errorf("results: %s: %s", dir+"/"+ManifestFile, msg)
	}
	if st.runs, st.header, st.names, err = openRuns(dir, s); err != nil {
		return nil, err
	}
	if f := validateColumns(st.names, s.Metrics); f != nil {
		return nil, st.runs.errf(1, "%s", f.msg)
	}
	if _, err := readSummary(dir, s, st.names); err != nil {
		return nil, err
	}
	st.sides = make([]*side, partTables+len(s.Manifest.Tables))
	if st.sides[partSeries], err = openSide(dir, TimeseriesFile, seriesHeader); err != nil {
		return nil, err
	}
	if st.sides[partSamples], err = openSide(dir, SamplesFile, samplesHeader); err != nil && !isNotExist(err) {
		return nil, err
	}
	for i, name := range s.Manifest.Tables {
		c, header, t, err := openTable(dir, name, labels[name])
		if err != nil {
			return nil, err
		}
		st.sides[partTables+i] = &side{c: c, header: header}
		s.Tables = append(s.Tables, t)
	}
	st.sc = Schema{Params: st.names, Metrics: s.Metrics, Tables: s.Tables}
	return st, nil
}
