package scenarios

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestWorkshopTable(t *testing.T) {
	src := head + `[workshop]
levers = ["learning.reduction", "design.collective.interrupts"]
grow = [2, 4, 8]
replications = 6
`
	s, err := Parse("w.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Workshop{Levers: []string{"learning.reduction", "design.collective.interrupts"}, Grow: []int{2, 4, 8}, Replications: 6}
	if !reflect.DeepEqual(s.Workshop, want) {
		t.Errorf("workshop %+v, want %+v", s.Workshop, want)
	}
	if got := s.GrowSteps(); !reflect.DeepEqual(got, []int{2, 4, 8}) {
		t.Errorf("grow steps %v, want the table's", got)
	}
	plain, err := Parse("p.toml", []byte(head))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.Workshop, Workshop{}) {
		t.Errorf("workshop of a scenario without [workshop]: %+v", plain.Workshop)
	}
}

// Every bad [workshop] value is an error naming its line and field.
func TestWorkshopErrors(t *testing.T) {
	cases := []struct {
		name, body, field, msg string
	}{
		{"unknown lever", `levers = ["org.product_team"]`, "workshop.levers.0", `did you mean "org.product_teams"`},
		{"experiment key", `levers = ["seed"]`, "workshop.levers.0", "describes the experiment"},
		{"a table", `levers = ["services.graph"]`, "workshop.levers.0", "not a single value"},
		{"twice", `levers = ["services.coupling", "services.coupling"]`, "workshop.levers.1", "listed twice"},
		{"one step", `grow = [5]`, "workshop.grow", "at least two"},
		{"falling", `grow = [5, 3]`, "workshop.grow", "must rise"},
		{"zero teams", `grow = [0, 3]`, "workshop.grow", "1 to 1000"},
		{"one replication", `replications = 1`, "workshop.replications", "at least 2"},
		{"unknown key", `grwo = [1, 2]`, "workshop.grwo", `did you mean "grow"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := head + "[workshop]\n" + tc.body + "\n"
			_, err := Parse("bad.toml", []byte(src))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v, want Errors", err)
			}
			wantLine := strings.Count(head, "\n") + 2
			for _, e := range es {
				if e.Field == tc.field && e.Line == wantLine && strings.Contains(e.Msg, tc.msg) {
					return
				}
			}
			t.Errorf("no error at line %d, field %s, containing %q; got %v", wantLine, tc.field, tc.msg, err)
		})
	}
}

// A [workshop] key cannot be swept or its table set as a value.
func TestWorkshopNotSweepable(t *testing.T) {
	src := head + "[workshop]\nreplications = 4\n[sweep]\n\"workshop.replications\" = [4, 6]\n"
	_, err := Parse("bad.toml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "cannot be swept") {
		t.Errorf("sweeping a workshop key: %v", err)
	}
}

func TestGrowStepsDefaults(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []int
	}{
		{"default.toml", DefaultGrow},         // no sweep
		{"growth.toml", []int{5, 10, 20, 40}}, // its own sweep of the teams
		{"coupling.toml", DefaultGrow},        // another sweep
	} {
		src, err := Bundled(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(tc.file, src)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.GrowSteps(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: grow steps %v, want %v", tc.file, got, tc.want)
		}
	}
}

func TestValueOf(t *testing.T) {
	for _, tc := range []struct {
		file, path, want string
		ok               bool
	}{
		{"default.toml", "org.product_teams", "8", true},
		{"default.toml", "services.coupling", "0.15", true},
		{"default.toml", "org.rotation", "1w", true},
		{"default.toml", "design.centralized.ops_team_size", "12", true},
		{"growth.toml", "incidents.monitoring", "0.8", true},            // left out: the documented default
		{"growth.toml", "design.centralized.ops_team_size", "12", true}, // written
		{"interrupts.toml", "design.shield.interrupts", "shield", true},
		{"default.toml", "org.crews", "", false},        // a rule, not a value
		{"default.toml", "services.graph", "", false},   // a table
		{"default.toml", "org.product_team", "", false}, // no such key
		{"default.toml", "design.nope.ops_team_size", "", false},
	} {
		src, _ := Bundled(tc.file)
		s, err := Parse(tc.file, src)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := s.ValueOf(tc.path)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: ValueOf(%s) = %q, %v; want %q, %v", tc.file, tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestReferenceKey(t *testing.T) {
	for path, want := range map[string]string{
		"org.product_teams":                "org.product_teams",
		"design.centralized.ops_team_size": "design.NAME.ops_team_size",
		"org.team.0.engineers":             "org.team[].engineers",
		"design.x.route.1.chain":           "design.NAME.route[].chain",
	} {
		k, ok := ReferenceKey(path)
		if !ok || k.Path != want {
			t.Errorf("ReferenceKey(%s) = %q, %v; want %q", path, k.Path, ok, want)
		}
	}
	if _, ok := ReferenceKey("org.nope"); ok {
		t.Error("ReferenceKey found an undocumented key")
	}
}

func TestWithSweep(t *testing.T) {
	growth, _ := Bundled("growth.toml")
	def, _ := Bundled("default.toml")

	// Without its sweep, growth.toml runs one point; its focus, which
	// named a sweep value, goes with the sweep, and its comments stay.
	out, err := WithSweep("growth.toml", growth, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("growth.toml", out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sweep) != 0 || len(s.Points()) != 1 || s.Report.Focus != nil {
		t.Errorf("sweep %v, %d points, focus %v after removing the sweep", s.Sweep, len(s.Points()), s.Report.Focus)
	}
	if len(s.Report.Measures) == 0 || !strings.HasPrefix(string(out), "# opsim's growth scenario") || strings.Contains(string(out), "Rewritten") {
		t.Errorf("the rest of the file was not kept:\n%s", out)
	}

	// Swept again over its own values, the focus stays.
	out, err = WithSweep("growth.toml", growth, GrowPath, []any{int64(5), int64(10), int64(20), int64(40)})
	if err != nil {
		t.Fatal(err)
	}
	s, err = Parse("growth.toml", out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points()) != 4 || len(s.Report.Focus) != 1 || s.Report.Focus[0].Value != "10" {
		t.Errorf("%d points, focus %v after re-sweeping", len(s.Points()), s.Report.Focus)
	}

	// The default scenario gains a sweep at its end, its text kept before.
	out, err = WithSweep("default.toml", def, GrowPath, []any{int64(5), int64(10)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), strings.TrimRight(string(def), "\n")) || !strings.HasSuffix(string(out), "[sweep]\n\"org.product_teams\" = [5, 10]\n") {
		t.Errorf("the default scenario with a sweep:\n%s", out[len(out)-200:])
	}
	s, err = Parse("default.toml", out)
	if err != nil {
		t.Fatal(err)
	}
	if pts := s.Points(); len(pts) != 2 || pts[1].Params[0].Value != "10" {
		t.Errorf("points %v", pts)
	}

	// A bad value is an error naming the sweep.
	if _, err := WithSweep("default.toml", def, GrowPath, []any{int64(5), int64(-1)}); err == nil || !strings.Contains(err.Error(), "sweep") {
		t.Errorf("a negative team count: %v", err)
	}
}
