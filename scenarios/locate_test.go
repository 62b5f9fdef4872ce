package scenarios

import (
	"bytes"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// scenarioTOML is a realistic scenario with every construct LineOf must get
// right, including multi-line strings and arrays whose contents look like
// keys and headers. Line numbers in the tests below refer to it.
const scenarioTOML = `# opsim scenario: centralised vs embedded ops
name = "ops-structure"
description = """
A multi-line description with a trap:
ops_team_size = 99
[design.trap]
"""
seed = 42 # comment with key = 1
horizon = "52w"
motto = """ends in two quotes"""""
weird = "a \" [x] = 1 # not a comment"

[graph]
kind = "small-world"
params = { mean_degree = 4, rewire = 0.1, nested = { depth = 2 } }

[design.centralized]
ops_team_size = 6
"on call" = { rota = "weekly", size = 2 }
escalation.after = "30m"
escalation . to = 'lead'
notes = '''
literal trap:
hidden = "1h" # trap: not a key
'''

[design.embedded] # per team
ops_per_team = 1
handoff = [
  "a = 1", # trap = 2
  { delay = "20m" },
]

[[workload.incidents]]
class = "minor"
rate = "4/day"

[[workload.incidents]]
class = "major"
rate = "0.5/week"
severity = 3

[ design . "quoted.key" ]
value = 1

[sweep]
"ops_team_size" = [4, 6, 8]
'literal key' = "x"
site."eu-west".weight = 2
"caf\u00e9" = true

[design]
default = "centralized"
`

func TestLineOf(t *testing.T) {
	cases := []struct {
		path string // parts separated by "|" so that parts may contain dots
		line int
	}{
		{"name", 2},
		{"description", 3},
		{"seed", 8},    // the [design.trap] inside the string above must not become the current table
		{"horizon", 9}, // a "key = 1" in a comment is not a key
		{"motto", 10},
		{"weird", 11},
		{"ops_team_size", 0}, // only inside the multi-line string: no such top-level key
		{"graph", 13},
		{"graph|kind", 14},
		{"graph|params", 15},
		{"graph|params|rewire", 15},
		{"graph|params|nested|depth", 15},
		{"graph|missing", 13}, // deepest prefix found
		{"design|centralized", 17},
		{"design|centralized|ops_team_size", 18},
		{"design|centralized|on call", 19},
		{"design|centralized|on call|size", 19},
		{"design|centralized|escalation", 20},
		{"design|centralized|escalation|after", 20},
		{"design|centralized|escalation|to", 21},
		{"design|centralized|notes", 22},
		{"design|centralized|hidden", 17}, // only inside a literal multi-line string
		{"design|embedded", 27},
		{"design|embedded|ops_per_team", 28},
		{"design|embedded|handoff", 29},
		{"design|embedded|handoff|delay", 31}, // inline table inside a multi-line array
		{"design|embedded|trap", 27},          // only in a comment inside the array
		{"workload", 34},                      // implicit table: first mention
		{"workload|incidents", 34},            // array of tables: first occurrence
		{"workload|incidents|class", 35},
		{"workload|incidents|rate", 36},
		{"workload|incidents|severity", 41}, // only in the second element
		{"design|quoted.key", 43},
		{"design|quoted.key|value", 44},
		{"design|quoted|key", 52}, // not the same as "quoted.key": falls back to [design]
		{"sweep", 46},
		{"sweep|ops_team_size", 47},
		{"sweep|literal key", 48},
		{"sweep|site", 49},
		{"sweep|site|eu-west|weight", 49},
		{"sweep|café", 50},
		{"design", 52}, // explicit [design] wins over its implicit mention at line 17
		{"design|default", 53},
		{"design|trap", 52},
		{"nope", 0},
		{"nope|deeper", 0},
	}
	src := []byte(scenarioTOML)
	for _, c := range cases {
		path := strings.Split(c.path, "|")
		if got := LineOf(src, path); got != c.line {
			t.Errorf("LineOf(%q) = %d, want %d", path, got, c.line)
		}
	}
	if got := LineOf(src, nil); got != 0 {
		t.Errorf("LineOf(nil) = %d, want 0", got)
	}
}

// TestLineOfAgreesWithBurntSushi cross-checks the scanner against the real
// parser: every key BurntSushi reports must be found on a line that spells
// its last part.
func TestLineOfAgreesWithBurntSushi(t *testing.T) {
	var v map[string]any
	md, err := toml.Decode(scenarioTOML, &v)
	if err != nil {
		t.Fatalf("test scenario is not valid TOML: %v", err)
	}
	lines := strings.Split(scenarioTOML, "\n")
	if len(md.Keys()) < 30 {
		t.Fatalf("only %d keys; the scenario should exercise more", len(md.Keys()))
	}
	for _, k := range md.Keys() {
		l := LineOf([]byte(scenarioTOML), k)
		if l < 1 || l > len(lines) {
			t.Errorf("LineOf(%q) = %d, out of range", k, l)
			continue
		}
		last := k[len(k)-1]
		text := lines[l-1]
		if last == "café" {
			last = `caf\u00e9`
		}
		if !strings.Contains(text, last) {
			t.Errorf("LineOf(%q) = %d, but line %q does not mention %q", k, l, text, last)
		}
	}
}

func TestLineOfEdgeCases(t *testing.T) {
	cases := []struct {
		name string
		src  string
		path []string
		line int
	}{
		{"empty", "", []string{"a"}, 0},
		{"crlf", "a = 1\r\nb = 2\r\n", []string{"b"}, 2},
		{"no trailing newline", "a = 1\nb = 2", []string{"b"}, 2},
		{"escaped quote in multi-line", "s = \"\"\"x\\\"\"\"\n[t]\n\"\"\"\nk = 1", []string{"k"}, 4},
		{"line continuation", "s = \"\"\"a \\\n  b\"\"\"\nk = 1", []string{"k"}, 3},
		{"datetime with space", "d = 1979-05-27 07:32:00Z\nk = 1", []string{"k"}, 2},
		{"nested arrays", "a = [[1, 2], [\"]\", \"[\"]]\nk = 1", []string{"k"}, 2},
		{"array of inline tables", "a = [{x = 1}, {y = 2}]\n", []string{"a", "y"}, 1},
		{"multi-line inline table (TOML 1.1)", "t = {\n  a = 1,\n  b = 2,\n}\nk = 3", []string{"t", "b"}, 3},
		{"header with comment", "[a] # [b]\nk = 1", []string{"a", "k"}, 2},
		{"empty quoted key", "\"\" = 1\n[t]\n'' = 2", []string{"t", ""}, 3},
		{"literal multi-line with quotes", "s = '''it's ''ok'''''\nk = 1", []string{"k"}, 2},
		{"sub-table of array element", "[[a]]\nx = 1\n[a.b]\ny = 2", []string{"a", "b", "y"}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v map[string]any
			if _, err := toml.Decode(c.src, &v); err != nil {
				t.Fatalf("case is not valid TOML: %v", err)
			}
			if got := LineOf([]byte(c.src), c.path); got != c.line {
				t.Errorf("LineOf(%q) = %d, want %d", c.path, got, c.line)
			}
		})
	}
}

// decodeUnknown decodes src into a small scenario struct and returns the
// undecoded keys, the way callers will obtain them.
func decodeUnknown(t *testing.T, src string) []toml.Key {
	t.Helper()
	var cfg struct {
		Name   string
		Design map[string]struct {
			OpsTeamSize int      `toml:"ops_team_size"`
			Handoff     Duration `toml:"handoff"`
		}
		Workload struct {
			Incidents []struct {
				Class string
				Rate  Rate
			}
		}
	}
	md, err := toml.Decode(src, &cfg)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return md.Undecoded()
}

func TestUnknownKeys(t *testing.T) {
	src := `name = "x"
nmae = "typo"

[design.centralized]
ops_tem_size = 4
handoff = "20m"

[extra]
a = 1
b = { c = 2 }

[[workload.incidents]]
class = "minor"
rate = "1/day"

[[workload.incidents]]
class = "major"
rtae = "1/week"
CLSS = "x"
`
	keys := decodeUnknown(t, src)
	known := func(parent []string) []string {
		switch strings.Join(parent, ".") {
		case "":
			return []string{"name", "design", "workload"}
		case "design.centralized":
			// Full dotted paths are accepted as well as bare names.
			return []string{"design.centralized.ops_team_size", "design.centralized.handoff"}
		case "workload.incidents":
			return []string{"class", "rate"}
		}
		return nil
	}
	es := UnknownKeys("s.toml", []byte(src), keys, known)
	want := []struct {
		line         int
		field, msgIs string
	}{
		{2, "nmae", `unknown key (did you mean "name"?)`},
		{5, "design.centralized.ops_tem_size", `unknown key (did you mean "ops_team_size"?)`},
		{8, "extra", "unknown key (valid keys here: design, name, workload)"},
		{18, "workload.incidents.rtae", `unknown key (did you mean "rate"?)`},
		{19, "workload.incidents.CLSS", `unknown key (did you mean "class"?)`}, // case-insensitive distance
	}
	if len(es) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(es), len(want), es)
	}
	for i, w := range want {
		e := es[i]
		if e.File != "s.toml" || e.Line != w.line || e.Field != w.field || e.Msg != w.msgIs {
			t.Errorf("error %d = %+v, want line %d field %q msg %q", i, *e, w.line, w.field, w.msgIs)
		}
	}
	if es.Err() == nil {
		t.Error("Err() of non-empty Errors is nil")
	}
}

func TestUnknownKeysEdges(t *testing.T) {
	src := "name = \"x\"\nzz = 1\n"
	keys := decodeUnknown(t, src)
	if es := UnknownKeys("f", []byte(src), keys, nil); len(es) != 1 || es[0].Msg != "unknown key" || es[0].Line != 2 {
		t.Errorf("without known: %v", es)
	}
	// A one-letter key is never "corrected" to an unrelated one-letter name.
	known := func([]string) []string { return []string{"n"} }
	if es := UnknownKeys("f", []byte("x = 1"), []toml.Key{{"x"}}, known); len(es) != 1 || strings.Contains(es[0].Msg, "did you mean") {
		t.Errorf("short key: %v", es)
	}
	if es := UnknownKeys("f", []byte(src), nil, nil); es != nil || es.Err() != nil {
		t.Errorf("no keys: %v", es)
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		d    int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"rate", "rtae", 1}, // transposition is one edit
		{"ops_team_size", "ops_tem_size", 1},
		{"café", "cafe", 1}, // runes, not bytes
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
		if got := editDistance(c.b, c.a); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d (symmetry)", c.b, c.a, got, c.d)
		}
	}
}

func BenchmarkLineOf(b *testing.B) {
	src := bytes.Repeat([]byte(scenarioTOML+"\n"), 20)
	path := []string{"design", "default"}
	for b.Loop() {
		LineOf(src, path)
	}
}
