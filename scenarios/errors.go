package scenarios

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Error is a scenario problem located in its file. Users fix scenario files
// in an editor, so every problem carries the file, line and dotted key path
// they need to jump straight to it.
type Error struct {
	File  string
	Line  int    // 1-based; 0 when the problem has no single line (e.g. a missing table)
	Field string // dotted key path, e.g. "design.centralized.ops_team_size"
	Msg   string
}

// Error uses the "FILE:LINE: " prefix that editors and terminals recognise
// as a clickable location.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		if e.File == "" {
			b.WriteString("line ") // a bare ":12" would read as a typo
		} else {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.File != "" || e.Line > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is several problems at once: validation reports everything it finds
// so that a user fixes a file in one pass rather than one error per run.
// Error and Err present them sorted by file and line, the order in which a
// user reads the file.
type Errors []*Error

// Error joins the sorted problems with newlines, one location per line,
// printing at most MaxPrintedErrors and then how many more there are.
func (es Errors) Error() string {
	sorted := es.sorted()
	lines := make([]string, 0, min(len(sorted), MaxPrintedErrors)+1)
	for _, e := range sorted[:min(len(sorted), MaxPrintedErrors)] {
		lines = append(lines, e.Error())
	}
	if more := len(sorted) - MaxPrintedErrors; more > 0 {
		lines = append(lines, moreErrors(more))
	}
	return strings.Join(lines, "\n")
}

// Err exists because a nil Errors stored in an error interface is not a nil
// error; validators collect into Errors and return es.Err().
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es.sorted()
}

// Unwrap lets errors.As find an individual *Error inside the collection.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sorted returns a sorted copy so that formatting never reorders a caller's
// slice behind its back. Nil entries are dropped rather than crashing.
func (es Errors) sorted() Errors {
	out := make(Errors, 0, len(es))
	for _, e := range es {
		if e != nil {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// tomlErrRE matches the plain errors BurntSushi's decoder builds with
// fmt.Errorf for type mismatches: `toml: line N (last key "k"): msg`, where
// the line part is missing when the key has no recorded position.
var tomlErrRE = regexp.MustCompile(`(?s)^toml: (?:line (\d+) )?\(last key ("(?:[^"\\]|\\.)*")\): (.*)$`)

// incompatibleRE matches the decoder's type-mismatch wording, which speaks of
// Go destinations; users think in TOML types.
var (
	incompatibleRE = regexp.MustCompile(`^incompatible types: TOML value has type (.+); destination has type (.+)$`)
	notTableRE     = regexp.MustCompile(`^type mismatch for .*: expected table but found (.+)$`)
)

// FromTOMLError converts errors from toml.Decode into a located *Error so
// that syntax errors, type mismatches and UnmarshalText failures (a bad
// "3x" duration) all read the same way as validation errors. BurntSushi
// reports them in two shapes: toml.ParseError (syntax errors and errors from
// UnmarshalText, which it wraps with the key's position) and plain fmt errors
// "toml: line N (last key "k"): ..." (type mismatches); both are handled.
// Errors it does not recognise keep their message with only the file added.
func FromTOMLError(file string, err error) error {
	if err == nil {
		return nil
	}
	// Errors first: errors.As would otherwise pick one *Error out of it.
	var les Errors
	if errors.As(err, &les) {
		return les
	}
	var le *Error
	if errors.As(err, &le) {
		out := *le
		if out.File == "" {
			out.File = file
		}
		return &out
	}
	var pe toml.ParseError
	var ppe *toml.ParseError
	switch {
	case errors.As(err, &pe):
	case errors.As(err, &ppe) && ppe != nil:
		pe = *ppe
	default:
		return fromPlainTOMLError(file, err)
	}
	line := pe.Position.Line
	if line == 0 {
		//lint:ignore SA1019 errors built without a Position (UnmarshalText wrapping) carry only Line
		line = pe.Line
	}
	return &Error{File: file, Line: line, Field: pe.LastKey, Msg: cleanTOMLMessage(pe.Message)}
}

func fromPlainTOMLError(file string, err error) *Error {
	msg := err.Error()
	if m := tomlErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		field, uerr := strconv.Unquote(m[2])
		if uerr != nil {
			field = strings.Trim(m[2], `"`)
		}
		return &Error{File: file, Line: line, Field: field, Msg: cleanTOMLMessage(m[3])}
	}
	return &Error{File: file, Msg: cleanTOMLMessage(strings.TrimPrefix(msg, "toml: "))}
}

// wantNames maps the decoder's destination descriptions, and gotNames the Go
// types of parsed TOML values, to the TOML vocabulary a scenario author knows.
var (
	wantNames = map[string]string{
		"primitive (string-like)": "string",
		"slice":                   "array",
		"map":                     "table",
		"float":                   "number",
		"boolean":                 "boolean (true or false)",
	}
	gotNames = map[string]string{
		"string":           "string",
		"int64":            "integer",
		"float64":          "float",
		"bool":             "boolean",
		"[]any":            "array",
		"map[string]any":   "table",
		"[]map[string]any": "array of tables",
		"time.Time":        "datetime",
		"toml.LocalDate":   "local date",
		"toml.LocalTime":   "local time",
	}
)

func cleanTOMLMessage(msg string) string {
	msg = strings.TrimSpace(strings.TrimPrefix(msg, "toml: "))
	if m := incompatibleRE.FindStringSubmatch(msg); m != nil {
		want := m[2]
		if t, ok := wantNames[want]; ok {
			want = t
		}
		got := m[1]
		if t, ok := gotNames[got]; ok {
			got = t
		}
		return "wrong type: expected " + want + ", found " + got
	}
	if m := notTableRE.FindStringSubmatch(msg); m != nil {
		got := m[1]
		if t, ok := gotNames[got]; ok {
			got = t
		}
		return "wrong type: expected table, found " + got
	}
	return msg
}
