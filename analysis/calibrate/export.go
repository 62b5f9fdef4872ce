package calibrate

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/opsim/opsim/scenarios"
)

// Error is a problem with an export, located as precisely as possible:
// the file, the line (1 is the header; 0 for the file as a whole) and the
// column and field concerned.
type Error struct {
	File   string
	Line   int
	Column string
	Field  Field
	Msg    string
}

// Error formats the problem as FILE:LINE: column "NAME" (field): message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	switch {
	case e.Column != "" && e.Field != "" && e.Column != string(e.Field):
		fmt.Fprintf(&b, "column %q (%s): ", e.Column, e.Field)
	case e.Column != "":
		fmt.Fprintf(&b, "column %q: ", e.Column)
	case e.Field != "":
		fmt.Fprintf(&b, "%s: ", e.Field)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// maxLine bounds one physical line of an export, so a file without line
// breaks (a binary, a JSON dump) is refused instead of read whole into
// memory.
const maxLine = 1 << 20

// lineLimit passes bytes through and fails on a line longer than maxLine.
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
}

var errLongLine = fmt.Errorf("a line is longer than %d bytes: this does not look like a CSV export", maxLine)

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.run += len(b)
			break
		}
		if l.run+i > maxLine {
			return 0, errLongLine
		}
		l.run = 0
		b = b[i+1:]
	}
	if l.run > maxLine {
		return 0, errLongLine
	}
	return n, err
}

// row kinds.
const (
	kindIncident = iota
	kindTicket
	kindOther
)

// row is one parsed data row. Absent times are the zero Time; absent
// handoffs are -1.
type row struct {
	line                                      int
	id, typ                                   string
	kind                                      int
	created, detected, acked, first, resolved time.Time
	service, team, responder, severity        string
	cause, detection                          string // normalised; "" unknown
	handoffs                                  int
}

// reader streams rows out of an export.
type reader struct {
	file    string
	cr      *csv.Reader
	col     map[Field]int // index of each mapped field's column
	name    map[Field]string
	unit    map[Field]time.Duration
	at      [nFields]int           // col by position in Fields, -1 when absent: the per-row lookups
	units   [nFields]time.Duration // unit by position
	loc     *time.Location
	layouts []string
	last    [nFields]int // 1 + index of the layout that last worked for each field, tried first
}

// newReader reads the header and resolves the mapping against it. Fields
// in explicit (given by --map) must be found; the others are optional but
// for ID and Created.
func newReader(file string, r io.Reader, m Mapping, explicit map[Field]bool, loc *time.Location, layout string) (*reader, error) {
	cr := csv.NewReader(&lineLimit{r: r})
	cr.ReuseRecord = true
	cr.LazyQuotes = true // tools quote carelessly; a stray quote is data, not a reason to refuse the file
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: file, Msg: fmt.Sprintf("empty file: want a header line naming the columns, e.g. %s", strings.Join(fieldNames(), ","))}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	rd := &reader{file: file, cr: cr, col: map[Field]int{}, name: map[Field]string{}, unit: map[Field]time.Duration{},
		loc: loc}
	if layout != "" {
		rd.layouts = append(rd.layouts, layout)
	}
	rd.layouts = append(rd.layouts, timeLayouts...)
	index := map[string][]int{}
	names := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		names[i] = h
		k := strings.ToLower(h)
		index[k] = append(index[k], i)
	}
	for i, f := range Fields {
		rd.at[i] = -1
		for _, c := range m[f] {
			at := index[strings.ToLower(strings.TrimSpace(c.Name))]
			if len(at) > 1 {
				return nil, &Error{File: file, Line: 1, Column: c.Name, Field: f, Msg: fmt.Sprintf("appears %d times in the header; rename one, or map another column with --map COLUMN=%s", len(at), f)}
			}
			if len(at) == 1 {
				rd.col[f], rd.name[f], rd.unit[f] = at[0], names[at[0]], c.Unit
				rd.at[i], rd.units[i] = at[0], c.Unit
				break
			}
		}
		if _, ok := rd.col[f]; !ok && (f == ID || f == Created || explicit[f]) {
			return nil, missingColumn(file, f, m[f], names)
		}
	}
	return rd, nil
}

func missingColumn(file string, f Field, want []Column, have []string) error {
	var looked []string
	for _, c := range want {
		looked = append(looked, strconv.Quote(c.Name))
	}
	msg := fmt.Sprintf("no column found: looked for %s; the file has %s", strings.Join(looked, " or "), strings.Join(have, ", "))
	if len(msg) > 600 {
		msg = msg[:600] + "..."
	}
	if p := matchingPreset(have); p != "" {
		return &Error{File: file, Line: 1, Field: f, Msg: msg + fmt.Sprintf("; the header looks like a %s export: try --preset %s", p, p)}
	}
	if s, ok := suggestColumn(f, want, have); ok {
		return &Error{File: file, Line: 1, Field: f, Msg: msg + fmt.Sprintf(" (did you mean --map %q?)", s+"="+string(f))}
	}
	return &Error{File: file, Line: 1, Field: f, Msg: msg + fmt.Sprintf("; map one with --map COLUMN=%s", f)}
}

// matchingPreset names a preset whose ID and Created columns the header
// has, "" if none does.
func matchingPreset(have []string) string {
	cols := map[string]bool{}
	for _, h := range have {
		cols[strings.ToLower(h)] = true
	}
	found := func(cs []Column) bool {
		for _, c := range cs {
			if cols[strings.ToLower(c.Name)] {
				return true
			}
		}
		return false
	}
	for _, name := range PresetNames() {
		if m := Presets[name]; found(m[ID]) && found(m[Created]) {
			return name
		}
	}
	return ""
}

// suggestColumn finds the column a user probably meant: one a typo away
// from a wanted name, else one that contains the field's name.
func suggestColumn(f Field, want []Column, have []string) (string, bool) {
	for _, c := range want {
		if s, ok := scenarios.Suggest(c.Name, have); ok {
			return s, true
		}
	}
	for _, h := range have {
		if strings.Contains(strings.ToLower(h), string(f)) {
			return h, true
		}
	}
	return "", false
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields: every row must have as many as the header"
		}
		return &Error{File: file, Line: pe.Line, Msg: msg}
	}
	return &Error{File: file, Msg: err.Error()}
}

// next reads the next row; io.EOF at the end.
func (rd *reader) next(r *row) error {
	rec, err := rd.cr.Read()
	if err != nil {
		if err == io.EOF {
			return err
		}
		return csvError(rd.file, err)
	}
	line, _ := rd.cr.FieldPos(0)
	*r = row{line: line, handoffs: -1}
	get := func(i int) string {
		if j := rd.at[i]; j >= 0 {
			return strings.TrimSpace(rec[j])
		}
		return ""
	}
	bad := func(i int, format string, args ...any) error {
		f := Fields[i]
		return &Error{File: rd.file, Line: line, Column: rd.name[f], Field: f, Msg: fmt.Sprintf(format, args...)}
	}
	if r.id = get(iID); r.id == "" {
		return bad(iID, "is empty: every row needs an id")
	}
	r.typ = get(iType)
	r.kind = kindOf(r.typ, rd.at[iType] >= 0)
	c := get(iCreated)
	if c == "" {
		return bad(iCreated, "is empty: every row needs its creation time")
	}
	if r.created, err = rd.parseTime(iCreated, c); err != nil {
		return bad(iCreated, "%v", err)
	}
	for _, i := range []int{iDetected, iAcknowledged, iFirstResponse, iResolved} {
		v := get(i)
		if v == "" {
			continue
		}
		var t time.Time
		if u := rd.units[i]; u != 0 {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || !(x >= 0) || math.IsInf(x, 0) || x > 1e15 {
				return bad(i, "cannot read %q as a non-negative number of %v since created", v, u)
			}
			t = r.created.Add(time.Duration(x * float64(u)))
		} else if t, err = rd.parseTime(i, v); err != nil {
			return bad(i, "%v", err)
		}
		if t.Before(r.created) {
			return bad(i, "%s (%s) is before created (%s)", Fields[i], t.Format(time.RFC3339), r.created.Format(time.RFC3339))
		}
		switch i {
		case iDetected:
			r.detected = t
		case iAcknowledged:
			r.acked = t
		case iFirstResponse:
			r.first = t
		case iResolved:
			r.resolved = t
		}
	}
	if !r.detected.IsZero() && !r.acked.IsZero() && r.acked.Before(r.detected) {
		return bad(iAcknowledged, "acknowledged (%s) is before detected (%s)", r.acked.Format(time.RFC3339), r.detected.Format(time.RFC3339))
	}
	r.service, r.team, r.responder, r.severity = get(iService), get(iTeam), get(iResponder), get(iSeverity)
	r.cause, r.detection = causeOf(get(iCause)), detectionOf(get(iDetection))
	if h := get(iHandoffs); h != "" {
		n, err := strconv.Atoi(h)
		if err != nil || n < 0 {
			return bad(iHandoffs, "cannot read %q as a count of handoffs (a whole number, 0 or more)", h)
		}
		r.handoffs = n
	}
	return nil
}

func hasField(col map[Field]int, f Field) bool { _, ok := col[f]; return ok }

// kindOf classifies a row's type: without a type column every row is an
// incident; with one, incidents and tickets (service requests, tasks) are
// kept and other types (problems, changes) skipped.
func kindOf(typ string, hasType bool) int {
	if !hasType {
		return kindIncident
	}
	t := strings.ToLower(typ)
	switch {
	case strings.Contains(t, "incident") || strings.Contains(t, "outage") || strings.Contains(t, "alert") || strings.Contains(t, "page"):
		return kindIncident
	case strings.Contains(t, "ticket") || strings.Contains(t, "request") || strings.Contains(t, "task") || strings.Contains(t, "toil"):
		return kindTicket
	}
	return kindOther
}

func causeOf(v string) string {
	switch l := strings.ToLower(v); {
	case l == "":
		return ""
	case l == "base" || strings.Contains(l, "own") || strings.Contains(l, "spontaneous"):
		return "base"
	case strings.Contains(l, "change") || strings.Contains(l, "deploy") || strings.Contains(l, "release"):
		return "change"
	case strings.Contains(l, "cascade") || strings.Contains(l, "dependency") || strings.Contains(l, "upstream"):
		return "cascade"
	}
	return "other"
}

func detectionOf(v string) string {
	l := strings.ToLower(v)
	if l == "" {
		return ""
	}
	for _, w := range []string{"monitor", "alert", "event", "automat", "synthetic", "integration"} {
		if strings.Contains(l, w) {
			return "monitoring"
		}
	}
	for _, w := range []string{"customer", "phone", "mail", "self-service", "self service", "portal", "chat", "walk", "user", "web"} {
		if strings.Contains(l, w) {
			return "customer"
		}
	}
	return "other"
}

// timeLayouts are tried in order (after a --time-format); a layout
// without a zone reads the time in the --tz location.
var timeLayouts = []string{
	time.RFC3339,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"02/Jan/06 3:04 PM", // Jira's default
	"2/Jan/06 3:04 PM",
	"02/Jan/2006 3:04 PM",
	"2006/01/02 15:04:05",
}

// parseTime reads a timestamp: any layout above, or Unix seconds or
// milliseconds. The layout that worked last for the field is tried first,
// since a column keeps one format.
func (rd *reader) parseTime(f int, v string) (time.Time, error) {
	if i := rd.last[f] - 1; i >= 0 {
		if t, err := time.ParseInLocation(rd.layouts[i], v, rd.loc); err == nil {
			return t, nil
		}
	}
	if strings.HasSuffix(v, " UTC") || strings.HasSuffix(v, " GMT") {
		v = v[:len(v)-4] + "Z"
	}
	for i, l := range rd.layouts {
		if t, err := time.ParseInLocation(l, v, rd.loc); err == nil {
			rd.last[f] = i + 1
			return t, nil
		}
	}
	if x, err := strconv.ParseFloat(v, 64); err == nil && x > 1e8 && x < 1e14 {
		if x >= 1e11 {
			return time.UnixMilli(int64(x)), nil
		}
		return time.Unix(int64(x), int64((x-math.Floor(x))*1e9)), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time: want RFC 3339 such as 2024-03-01T09:30:00Z, \"2024-03-01 09:30:00\" (read in --tz), Jira's \"01/Mar/24 9:30 AM\", Unix seconds or milliseconds, or give the layout with --time-format", v)
}
