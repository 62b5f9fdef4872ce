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

// longForm is what readLong needs to know about a long-form file whose
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

// readLong reads the long-form file form describes from dir and returns
// its groups with the line each starts on. A group whose rows resume after
// another group's is an error, as it would otherwise read back as two.
func readLong[G, P any](dir string, form longForm[G, P]) (groups []G, lines []int, err error) {
	c, header, err := openCSV(dir, form.file)
	if err != nil {
		return nil, nil, err
	}
	defer c.close()
	if !slices.Equal(header, form.header) {
		return nil, nil, c.errf(1, "header %q, want %q", header, form.header)
	}
	seen := make(map[runKey]bool)
	var cur runKey
	for {
		row, line, err := c.next()
		if err == io.EOF {
			return groups, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		p := fields{row: row, header: header}
		k := runKey{p.text(), p.text()}
		pos, v := form.pos(&p), p.float()
		if p.err != "" {
			return nil, nil, c.errf(line, "%s", p.err)
		}
		if len(groups) == 0 || k != cur {
			if seen[k] {
				return nil, nil, c.errf(line, "%s %q of run %q resumes after other rows; each %s rows must be contiguous",
					form.what, k.name, k.run, form.whose)
			}
			seen[k] = true
			groups = append(groups, form.group(k))
			lines = append(lines, line)
			cur = k
		}
		if msg := form.add(&groups[len(groups)-1], pos, v); msg != "" {
			return nil, nil, c.errf(line, "%s", msg)
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
