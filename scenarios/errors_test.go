package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		e    Error
		want string
	}{
		{Error{"s.toml", 12, "design.centralized.ops_team_size", "must be positive"}, "s.toml:12: design.centralized.ops_team_size: must be positive"},
		{Error{"s.toml", 0, "design", "no designs"}, "s.toml: design: no designs"},
		{Error{"s.toml", 3, "", "syntax"}, "s.toml:3: syntax"},
		{Error{"s.toml", 0, "", "empty file"}, "s.toml: empty file"},
		{Error{"", 4, "k", "m"}, "line 4: k: m"},
		{Error{"", 0, "k", "m"}, "k: m"},
		{Error{"", 0, "", "m"}, "m"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("%+v.Error() = %q, want %q", c.e, got, c.want)
		}
	}
}

func TestErrorsSortedAndJoined(t *testing.T) {
	es := Errors{
		{File: "b.toml", Line: 1, Field: "x", Msg: "4th"},
		{File: "a.toml", Line: 9, Field: "y", Msg: "3rd"},
		nil, // dropped, not a crash
		{File: "a.toml", Line: 2, Field: "z", Msg: "1st"},
		{File: "a.toml", Line: 2, Field: "w", Msg: "2nd (same line: insertion order kept)"},
	}
	want := strings.Join([]string{
		"a.toml:2: z: 1st",
		"a.toml:2: w: 2nd (same line: insertion order kept)",
		"a.toml:9: y: 3rd",
		"b.toml:1: x: 4th",
	}, "\n")
	if got := es.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if es[0].Msg != "4th" {
		t.Error("Error() reordered the caller's slice")
	}
	err := es.Err()
	if err == nil || err.Error() != want {
		t.Fatalf("Err() = %v", err)
	}
	sorted, ok := err.(Errors)
	if !ok || sorted[0].Msg != "1st" || len(sorted) != 4 {
		t.Errorf("Err() should return the sorted Errors, got %#v", err)
	}
	var one *Error
	if !errors.As(err, &one) || one.Msg != "1st" {
		t.Errorf("errors.As found %v; Unwrap should expose the individual errors", one)
	}
}

func TestErrorsErrNil(t *testing.T) {
	var es Errors
	if err := es.Err(); err != nil {
		t.Errorf("Err() of empty Errors = %#v, want a nil error", err)
	}
	if err := (Errors{}).Err(); err != nil {
		t.Errorf("Err() of Errors{} = %#v, want nil", err)
	}
}

// scenarioForErrors has a Duration and an int field so that both of
// BurntSushi's error shapes are produced by real decodes: UnmarshalText
// failures come back as toml.ParseError, type mismatches as plain errors.
type scenarioForErrors struct {
	Horizon Duration
	Seed    int
	Team    struct {
		Size     int
		Incident Rate
	}
	Incidents []struct{ Rate Rate }
	Design    map[string]struct {
		OpsTeamSize int `toml:"ops_team_size"`
	}
}

func TestFromTOMLError(t *testing.T) {
	cases := []struct {
		name       string
		src        string
		parseError bool // which of BurntSushi's two shapes this case produces
		line       int
		field      string
		msg        string // substring of Msg
	}{
		{"duration UnmarshalText", "seed = 1\nhorizon = \"3x\"\n", true, 2, "horizon", `invalid duration "3x": unknown unit "x"`},
		{"negative duration", "\n\nhorizon = \"-3d\"", true, 3, "horizon", "negative duration"},
		{"integer for duration", "horizon = 5", true, 1, "horizon", "missing unit"},
		{"rate in table", "[team]\nsize = 3\nincident = \"1/0d\"", true, 3, "team.incident", "division by zero"},
		{"rate in array of tables", "[[incidents]]\nrate = \"4/day\"\n[[incidents]]\nrate = \"often\"", true, 4, "incidents.rate", `"often" is not a number`},
		{"syntax error", "seed = 1\nhorizon = = 3", true, 2, "horizon", "expected value"},
		{"int overflow", "seed = 99999999999999999999", true, 1, "seed", "out of range"},
		{"string for int", "horizon = \"3d\"\n\nseed = \"forty-two\"", false, 3, "seed", "wrong type: expected integer, found string"},
		{"float for int in table", "[team]\nsize = 2.5", false, 2, "team.size", "wrong type: expected integer, found float"},
		{"array for duration", "horizon = [\"3d\"]", false, 1, "horizon", "wrong type: expected string, found array"},
		{"scalar for table", "team = 3", false, 1, "team", "wrong type: expected table, found integer"},
		{"quoted key in path", "[design.\"on call\"]\nops_team_size = \"six\"", false, 2, `design."on call".ops_team_size`, "expected integer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s scenarioForErrors
			_, raw := toml.Decode(c.src, &s)
			if raw == nil {
				t.Fatal("decode succeeded; the case must fail")
			}
			var pe toml.ParseError
			if got := errors.As(raw, &pe); got != c.parseError {
				t.Fatalf("BurntSushi returned %T (%v); the case expects ParseError=%v", raw, raw, c.parseError)
			}
			err := FromTOMLError("s.toml", raw)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("FromTOMLError returned %T, want *Error", err)
			}
			if e.File != "s.toml" || e.Line != c.line || e.Field != c.field || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("got %+v, want line %d field %q msg containing %q", *e, c.line, c.field, c.msg)
			}
			if strings.Contains(e.Msg, "toml:") || strings.Contains(e.Msg, "last key") {
				t.Errorf("message not cleaned: %q", e.Msg)
			}
			want := fmt.Sprintf("s.toml:%d: %s: ", c.line, c.field)
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

func TestFromTOMLErrorOtherShapes(t *testing.T) {
	if FromTOMLError("f", nil) != nil {
		t.Error("nil error must stay nil")
	}
	// Position-less plain error (a key the decoder has no line for).
	e := FromTOMLError("f", errors.New(`toml: (last key "a.b"): incompatible types: TOML value has type bool; destination has type integer`))
	if got, want := e.Error(), "f: a.b: wrong type: expected integer, found boolean"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Unrecognised errors keep their text.
	e = FromTOMLError("f", errors.New("toml: cannot decode to type int"))
	if got, want := e.Error(), "f: cannot decode to type int"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A pointer ParseError and a wrapped one are unwrapped too.
	pe := &toml.ParseError{Message: "boom", LastKey: "k", Position: toml.Position{Line: 7}}
	e = FromTOMLError("f", fmt.Errorf("reading: %w", pe))
	if got, want := e.Error(), "f:7: k: boom"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// An already located error gets the file only if it had none.
	e = FromTOMLError("f", &Error{Line: 2, Field: "x", Msg: "m"})
	if got, want := e.Error(), "f:2: x: m"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	es := Errors{{File: "g", Line: 3, Msg: "n"}, {File: "g", Line: 1, Msg: "m"}}
	if got := FromTOMLError("f", es); got.Error() != "g:1: m\ng:3: n" {
		t.Errorf("Errors passed through as %q", got)
	}
}
