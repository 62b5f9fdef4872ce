package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileBounds(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", MaxScenarioBytes)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{big, "larger than 1024 KiB"},
		{"/dev/zero", "larger than 1024 KiB"},
		{dir, "is a directory"},
		{filepath.Join(dir, "missing", "default.toml"), "no such file"},
		{"default.toml.missing", "no such file"},
		{BundledPrefix + "nope.toml", `no bundled scenario "nope.toml"`},
	} {
		_, err := ReadFile(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFile(%q) = %v, want an error with %q", tc.path, err, tc.want)
		}
	}
	// A missing path is never replaced by a bundled scenario of the same
	// base name; the prefix names one explicitly.
	if _, err := ReadFile(filepath.Join(dir, "default.toml")); err == nil {
		t.Error("a missing default.toml read the bundled one")
	}
	b, err := ReadFile(BundledPrefix + "default.toml")
	if err != nil || !strings.Contains(string(b), "[design.") {
		t.Errorf("bundled default: %v", err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load of an oversized file: %v", err)
	}
}

func TestNesting(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	for _, tc := range []struct {
		name string
		src  string
		want int // depth; > MaxNesting means Parse must refuse on line 2
	}{
		{"flat", "a = 1\nb = 2\n", 0},
		{"table header", "x = 1\n[a.b.c]\n", 3},
		{"array of tables", "x = 1\n[[a.b]]\n", 3},
		{"inline tables", "x = 1\na = " + deep("{b = ", "}", 30) + "\n", 30},
		{"arrays", "x = 1\na = " + deep("[", "]", 40) + "\n", 40},
		{"dotted key", "x = 1\n" + strings.Repeat("k.", 30) + "k = 1\n", 30},
		{"dotted keys inside inline tables", "x = 1\na = {" + strings.Repeat("k.", 30) + "k = 1}\n", 31},
		{"brackets in strings", `a = "[[[[{{{{.."` + "\nb = '[[[['\nc = \"\"\"\n[[[[\n\"\"\"\n", 0},
		{"brackets in comments", "# [[[[{{{{ a.b.c.d\na = 1\n", 0},
		{"floats are no keys", "a = [1.5, 2.5, 3.5]\n", 1},
		{"floats in a multi-line array", "a = [\n[1.5, 2.5],\n[3.5],\n]\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, line := nesting([]byte(tc.src))
			if got != tc.want {
				t.Fatalf("nesting = %d (line %d), want %d", got, line, tc.want)
			}
			_, err := Parse("n.toml", []byte(tc.src))
			if tc.want > MaxNesting {
				if err == nil || !strings.Contains(err.Error(), "n.toml:2: nests") {
					t.Fatalf("Parse: %v, want a nesting error on line 2", err)
				}
			} else if err != nil && strings.Contains(err.Error(), "nests") {
				t.Fatalf("Parse refused legal nesting: %v", err)
			}
		})
	}
	for _, name := range BundledNames() {
		b, _ := Bundled(name)
		if d, _ := nesting(b); d > MaxNesting/3 {
			t.Errorf("%s nests %d deep: MaxNesting leaves too little room", name, d)
		}
	}
}

func TestErrorListIsCut(t *testing.T) {
	var b strings.Builder
	b.WriteString("name = \"x\"\nhorizon = \"1w\"\n[design.a]\npreset = \"collective\"\n[org]\nproduct_teams = 2\n")
	const keys = 5000
	for i := range keys {
		fmt.Fprintf(&b, "unknown%d = 1\n", i)
	}
	_, err := Parse("many.toml", []byte(b.String()))
	var es Errors
	if !errors.As(err, &es) || len(es) < keys {
		t.Fatalf("Parse kept %d problems, want all %d", len(es), keys)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxPrintedErrors+1 || lines[MaxPrintedErrors] != fmt.Sprintf("... and %d more", len(es)-MaxPrintedErrors) {
		t.Fatalf("printed %d lines, last %q", len(lines), lines[len(lines)-1])
	}
	if !strings.HasPrefix(lines[0], "many.toml:7: org.unknown0: unknown key") {
		t.Fatalf("first line %q, want the first problem by line", lines[0])
	}
}

func TestNamesUsedInPaths(t *testing.T) {
	base := strings.Replace(readmeLike, `name = "x"`, `name = "../../../x"`, 1)
	_, err := Parse("s.toml", []byte(base))
	if err == nil || !strings.Contains(err.Error(), `s.toml:1: name: a scenario name must be`) {
		t.Fatalf("a name with path separators: %v", err)
	}
	noName := strings.Replace(readmeLike, "name = \"x\"\n", "", 1)
	s, err := Parse(filepath.Join("some dir", "my scenario.v2.toml"), []byte(noName))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "my-scenario-v2" {
		t.Fatalf("name from the file name %q, want my-scenario-v2", s.Name)
	}
}

// readmeLike is a small valid scenario.
const readmeLike = `name = "x"
horizon = "26w"
warmup = "2w"
replications = 3

[org]
product_teams = 3
engineers_per_team = 5
platform_team = 3

[services]
incident_rate = "0.5/week"

[design.today]
preset = "centralized"
ops_team_size = 6

[design.ybiyri]
preset = "collective"
`

func TestEventEstimateRefusedAtParse(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"horizon beyond the bound", `horizon = "26w"`, `horizon = "2000y"`, "s.toml:2: horizon: warm-up plus horizon is 2e+03 years; at most 1000"},
		{"arrivals beyond the guard", `horizon = "26w"`, "horizon = \"26w\"\nmax_events = 100", "s.toml:2: horizon: design x/today: a replication would fire at least"},
		{"within the guard", `horizon = "26w"`, "horizon = \"26w\"\nmax_events = 1000000", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.toml", []byte(strings.Replace(readmeLike, tc.from, tc.to, 1)))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	// A sweep point beyond the guard is refused when its configurations
	// are built, naming the point and the estimate: the guard is set
	// between the estimates of the two points.
	base, err := Parse("s.toml", []byte(readmeLike))
	if err != nil {
		t.Fatal(err)
	}
	cfgs, err := base.Configs(base.Points()[0])
	if err != nil {
		t.Fatal(err)
	}
	guard := 0.0
	for i := range cfgs {
		guard = max(guard, 3*expectedEvents(&cfgs[i]))
	}
	s, err := Parse("s.toml", []byte(strings.Replace(readmeLike, `horizon = "26w"`, fmt.Sprintf("horizon = \"26w\"\nmax_events = %.0f", guard), 1)+
		"\n[sweep]\n\"org.product_teams\" = [3, 300]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Configs(s.Points()[0]); err != nil {
		t.Fatalf("point 0: %v", err)
	}
	if _, err := s.Configs(s.Points()[1]); err == nil || !strings.Contains(err.Error(), "s.toml:2: horizon: at sweep point 1 (org.product_teams = 300)") {
		t.Fatalf("point 1: %v", err)
	}
}

func FuzzNesting(f *testing.F) {
	for _, name := range BundledNames() {
		b, _ := Bundled(name)
		f.Add(b)
	}
	f.Add([]byte(`a = "\"[" # ]` + "\n'''x\n[''' = {b = [[1]]}"))
	f.Add([]byte("\"\n.0")) // an unterminated string's newline is counted once
	f.Fuzz(func(t *testing.T, src []byte) {
		d, line := nesting(src)
		if d < 0 || line < 0 || line > strings.Count(string(src), "\n")+1 {
			t.Fatalf("nesting = %d at line %d", d, line)
		}
	})
}
