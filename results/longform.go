package results

import (
	"io"
	"slices"
)

// Time series and samples are both stored in long form, one row per value:
//
//	run_id,<name>,<position>,value
//
// The rows of one (run, name) pair, a group, are contiguous and in order,
// and the position column (a series' day, a sample's index) lets Read tell
// a missing or reordered row from a shorter group.

// runKey is a series', a sample's or a table row's (run, name) pair, which
// must be unique within a Set.
type runKey struct{ run, name string }

// longForm is what reading needs to know about a long-form file whose
// groups are of type G (Series or Sample) and whose position column parses
// as P.
type longForm[G, P any] struct {
	file   string
	header []string
	// what names a group in messages, whose its rows: "series", "series'".
	what, whose string
	// pos parses a row's position cell.
	pos func(p *fields) P
	// group starts a group; add appends a row's value to g, or says why
	// the row's position does not follow g's previous rows.
	group func(k runKey) G
	add   func(g *G, pos P, v float64) string
}

// longGroups gathers a long-form file's rows into groups. A group whose
// rows resume after another group's is an error, as it would otherwise
// read back as two.
type longGroups[G, P any] struct {
	form   longForm[G, P]
	groups []G
	lines  []int // the line each group starts on
	seen   map[runKey]bool
	cur    runKey
}

func newLongGroups[G, P any](form longForm[G, P]) *longGroups[G, P] {
	return &longGroups[G, P]{form: form, seen: make(map[runKey]bool)}
}

// add parses row, which starts on line of c, into the groups.
func (lg *longGroups[G, P]) add(c *csvFile, row []string, line int) error {
	p := fields{row: row, header: lg.form.header}
	k := runKey{p.text(), p.text()}
	pos, v := lg.form.pos(&p), p.float()
	if p.err != "" {
		return c.errf(line, "%s", p.err)
	}
	if len(lg.groups) == 0 || k != lg.cur {
		if lg.seen[k] {
			return c.errf(line, "%s %q of run %q resumes after other rows; each %s rows must be contiguous",
				lg.form.what, k.name, k.run, lg.form.whose)
		}
		lg.seen[k] = true
		lg.groups = append(lg.groups, lg.form.group(k))
		lg.lines = append(lg.lines, line)
		lg.cur = k
	}
	if msg := lg.form.add(&lg.groups[len(lg.groups)-1], pos, v); msg != "" {
		return c.errf(line, "%s", msg)
	}
	return nil
}

// take returns the groups gathered so far and starts afresh, keeping what
// it has seen: Scan takes each run's groups as the run ends.
func (lg *longGroups[G, P]) take() []G {
	g := lg.groups
	lg.groups, lg.lines = nil, nil
	return g
}

// checkLongHeader checks a long-form file's header.
func checkLongHeader[G, P any](c *csvFile, header []string, form longForm[G, P]) error {
	if !slices.Equal(header, form.header) {
		return c.errf(1, "header %q, want %q", header, form.header)
	}
	return nil
}

// readLong reads the long-form file form describes from dir and returns
// its groups with the line each starts on.
func readLong[G, P any](dir string, form longForm[G, P]) (groups []G, lines []int, err error) {
	c, header, err := openCSV(dir, form.file)
	if err != nil {
		return nil, nil, err
	}
	defer c.close()
	if err := checkLongHeader(c, header, form); err != nil {
		return nil, nil, err
	}
	lg := newLongGroups(form)
	for {
		row, line, err := c.next()
		if err == io.EOF {
			return lg.groups, lg.lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if err := lg.add(c, row, line); err != nil {
			return nil, nil, err
		}
	}
}

// longRows writes one group's rows in long form: pos(i) is the position
// column of values[i].
func (c *csvBuffer) longRows(run, name string, values []float64, pos func(i int) string) {
	row := []string{run, name, "", ""}
	for i, v := range values {
		row[2], row[3] = pos(i), formatFloat(v)
		c.row(row)
	}
}
