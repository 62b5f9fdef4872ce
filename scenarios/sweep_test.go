package scenarios

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/opsim/opsim/sim"
)

func TestPointsRowMajor(t *testing.T) {
	src := minimal + `[sweep]
"org.product_teams" = [2, 4]
"services.coupling" = [0.05, 0.1, 0.2]
`
	s, err := Parse("grid.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sweep) != 2 || s.Sweep[0].Path != "org.product_teams" || !reflect.DeepEqual(s.Sweep[1].Values, []any{0.05, 0.1, 0.2}) {
		t.Fatalf("sweep %+v", s.Sweep)
	}
	pts := s.Points()
	var got []string
	for i, p := range pts {
		if p.Index != i {
			t.Errorf("point %d has index %d", i, p.Index)
		}
		got = append(got, p.Params[0].Value+"/"+p.Params[1].Value)
		org, _, err := s.At(p)
		if err != nil {
			t.Fatal(err)
		}
		if itoa(org.ProductTeams) != p.Params[0].Value || formatValue(org.Services.Coupling) != p.Params[1].Value {
			t.Errorf("At(%d) = %d teams, coupling %v; want %v", i, org.ProductTeams, org.Services.Coupling, p.Params)
		}
	}
	want := "2/0.05 2/0.1 2/0.2 4/0.05 4/0.1 4/0.2"
	if strings.Join(got, " ") != want {
		t.Errorf("points %s, want %s", strings.Join(got, " "), want)
	}
}

func TestSweepKinds(t *testing.T) {
	src := minimal + `[[incidents.severity]]
share = 1.0
effort = { dist = "exponential", mean = "1h" }
[sweep]
"work.context_switch" = ["0", "20m", "weinberg"]
"design.collective.interrupts" = ["spread", "shield"]
"services.incident_rate" = ["1/week"]
"incidents.severity.0.impact" = [0.5, 1]
"services.graph.kind" = ["none"]
"design.collective.secondary" = [true]
`
	s, err := Parse("kinds.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pts := s.Points()
	if len(pts) != 12 {
		t.Fatalf("%d points", len(pts))
	}
	last := pts[len(pts)-1]
	want := []Param{
		{"work.context_switch", "weinberg"}, {"design.collective.interrupts", "shield"},
		{"services.incident_rate", "1/week"}, {"incidents.severity.0.impact", "1"},
		{"services.graph.kind", "none"}, {"design.collective.secondary", "true"},
	}
	if !reflect.DeepEqual(last.Params, want) {
		t.Errorf("last point %+v", last.Params)
	}
	org, designs, err := s.At(last)
	if err != nil {
		t.Fatal(err)
	}
	if !org.Work.Weinberg || designs[0].Interrupts != "shield" || !near(org.Incident.Rate, 1/week) ||
		org.Incident.Severities[0].Impact != 1 || org.Services.Graph != "none" || designs[0].Secondary == nil || !*designs[0].Secondary {
		t.Errorf("At(last): %+v %+v", org, designs[0])
	}
	org, _, err = s.At(pts[2]) // context_switch "0", impact 0.5
	if err != nil || org.Work.ContextSwitch != 0 || org.Work.Weinberg || org.Incident.Severities[0].Impact != 0.5 {
		t.Errorf("At(2): %+v %v", org.Work, err)
	}
	// The base scenario keeps the file's values (the default context switch).
	if s.Org.Work.Weinberg || s.Org.Work.ContextSwitch != 0.25 || s.Designs[0].Interrupts != "" {
		t.Errorf("base changed: %+v", s.Org.Work)
	}
}

func TestAtCombination(t *testing.T) {
	src := `horizon = "4w"
[org]
product_teams = 2
[design.collective]
[sweep]
"horizon" = ["1w", "4w"]
"warmup" = ["0", "2w"]
`
	s, err := Parse("combo.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pts := s.Points()
	if _, _, err := s.At(pts[0]); err != nil {
		t.Errorf("point 0: %v", err)
	}
	_, _, err = s.At(pts[1])
	if err == nil || !strings.Contains(err.Error(), "combo.toml: warmup: must be shorter than the horizon (1w), got 2w (at sweep point 1: horizon=1w, warmup=2w)") {
		t.Errorf("point 1: %v", err)
	}
	if _, err := s.Configs(pts[1]); err == nil {
		t.Error("Configs at an invalid point succeeded")
	}
	if _, _, err := s.At(Point{Index: 4}); err == nil {
		t.Error("At(4) of 4 points succeeded")
	}
}

func TestNoSweep(t *testing.T) {
	s := mustBundled(t, "default.toml")
	pts := s.Points()
	if len(pts) != 1 || pts[0].Index != 0 || len(pts[0].Params) != 0 {
		t.Fatalf("points %+v", pts)
	}
	org, designs, err := s.At(pts[0])
	if err != nil || !reflect.DeepEqual(org, s.Org) || !reflect.DeepEqual(designs, s.Designs) {
		t.Errorf("At: %v", err)
	}
	if _, _, err := s.At(Point{Index: 1}); err == nil {
		t.Error("At(1) without a sweep succeeded")
	}
}

func TestSweepPathsCoverSchema(t *testing.T) {
	// Every value a file can hold is reachable by a sweep or --set path;
	// spot-check a few from each section against resolve.
	paths := sweepPaths()
	for _, want := range []string{"org.product_teams", "org.team.N.engineers", "services.graph.mean_degree",
		"services.edge.N.coupling", "work.feature_size.median", "incidents.severity.N.effort.mean",
		"response.ack", "learning.floor", "design.NAME.ops_team_size", "design.NAME.route.N.layer", "horizon"} {
		found := false
		for _, p := range paths {
			found = found || p == want
		}
		if !found {
			t.Errorf("%s missing from %v", want, paths)
		}
	}
}

// lineDiff returns the lines of b that are not at the same place in a,
// for texts of equal line counts.
func changedLines(t *testing.T, a, b string) []string {
	t.Helper()
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(la) != len(lb) {
		t.Fatalf("line count changed from %d to %d", len(la), len(lb))
	}
	var out []string
	for i := range la {
		if la[i] != lb[i] {
			out = append(out, lb[i])
		}
	}
	return out
}

// addedLines checks that b is a with lines inserted, and returns them.
func addedLines(t *testing.T, a, b string) []string {
	t.Helper()
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	i := 0
	for _, l := range lb {
		if i < len(la) && l == la[i] {
			i++
			continue
		}
		out = append(out, l)
	}
	if i != len(la) {
		t.Fatalf("original line %d (%q) lost", i+1, la[i])
	}
	return out
}

func override(t *testing.T, name string, sets ...string) (string, string, *Scenario) {
	t.Helper()
	src, err := Bundled(name)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Override(name, src, sets)
	if err != nil {
		t.Fatalf("Override(%v): %v", sets, err)
	}
	s, err := Parse(name, out)
	if err != nil {
		t.Fatalf("overridden file does not parse: %v\n%s", err, out)
	}
	return string(src), string(out), s
}

func TestOverrideInPlace(t *testing.T) {
	src, out, s := override(t, "default.toml", "org.product_teams=20")
	if s.Org.ProductTeams != 20 {
		t.Errorf("product teams %d", s.Org.ProductTeams)
	}
	ch := changedLines(t, src, out)
	if len(ch) != 1 || !strings.HasPrefix(ch[0], "product_teams = 20 ") || !strings.Contains(ch[0], "# product teams, named team-01") {
		t.Errorf("changed lines %q", ch)
	}
	base := mustBundled(t, "default.toml")
	s.Org.ProductTeams = base.Org.ProductTeams
	if !reflect.DeepEqual(s.Org, base.Org) || !reflect.DeepEqual(s.Designs, base.Designs) {
		t.Error("other values changed")
	}

	_, out, s = override(t, "default.toml", "services.graph.mean_degree=3", "services.coupling=0.05",
		"work.context_switch=30m", "incidents.severity.2.impact=0.3", "design.centralized.ops_team_size=10",
		"design.centralized.preset=\"layered\"")
	if s.Org.Services.MeanDegree != 3 || s.Org.Services.Coupling != 0.05 || s.Org.Work.ContextSwitch != 0.5 ||
		s.Org.Incident.Severities[2].Impact != 0.3 || s.Designs[0].OpsTeamSize != 10 || s.Designs[0].Preset != "layered" {
		t.Errorf("values not set: %+v %+v", s.Org.Services, s.Designs[0])
	}
	ch = changedLines(t, src, out)
	want := []string{
		`graph = { kind = "scale-free", mean_degree = 3, infra_share = 0.3 }`,
		"coupling = 0.05",
		`context_switch = "30m"`,
		"impact = 0.3",
		`preset = "layered"`,
		"ops_team_size = 10",
	}
	if len(ch) != len(want) {
		t.Fatalf("changed lines %q", ch)
	}
	for i := range want {
		if !strings.HasPrefix(ch[i], want[i]) {
			t.Errorf("changed line %q, want prefix %q", ch[i], want[i])
		}
	}
}

func TestOverrideAddsMissingKeys(t *testing.T) {
	// max_events must stay above what a replication needs: a guard that
	// its arrivals alone exceed is refused at parse time.
	src, out, s := override(t, "default.toml", "design.collective.interrupts=shield", "max_events=500000", "org.crews=2")
	added := addedLines(t, src, out)
	want := []string{`max_events = 500000 # --set`, `crews = 2 # --set`, `interrupts = "shield" # --set`}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("added %q, want %q", added, want)
	}
	if s.Designs[1].Interrupts != "shield" || s.MaxEvents != 500000 || s.Org.ProductTeam.Crews != 2 {
		t.Errorf("values not set")
	}
	// A table the file leaves out is appended.
	src, out, s = override(t, "growth.toml", "response.triage=1h", "learning.blameless=false")
	added = addedLines(t, src, out)
	if strings.Join(added, "|") != "[response]|triage = \"1h\" # --set||[learning]|blameless = false # --set|" {
		t.Errorf("added %q", added)
	}
	if !reflect.DeepEqual(s.Org.Response.Triage, sim.DistSpec{Kind: "deterministic", Mean: 1}) || s.Org.Learning.Blameless {
		t.Errorf("values not set: %+v", s.Org.Response)
	}
}

func TestOverrideRewritesWhenItMust(t *testing.T) {
	src := minimal + `[services]
graph = { kind = "random" }
`
	out, err := Override("inline.toml", []byte(src), []string{"services.graph.mean_degree=3"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "# Rewritten by --set") {
		t.Errorf("want a rewritten file, got:\n%s", out)
	}
	s, err := Parse("inline.toml", out)
	if err != nil || s.Org.Services.MeanDegree != 3 || s.Org.Services.Graph != "random" || s.Org.ProductTeams != 3 {
		t.Errorf("rewritten file: %v", err)
	}
}

func TestOverrideErrors(t *testing.T) {
	growth, _ := Bundled("growth.toml")
	for _, tc := range []struct {
		src  string
		sets []string
		want string
	}{
		{string(growth), []string{"org.product_teams=20"}, "f.toml: --set org.product_teams=20: org.product_teams is swept in [sweep]"},
		{minimal, []string{"org.product_teams=lots"}, `f.toml: --set org.product_teams=lots: bad value "lots": org.product_teams wants an integer`},
		{minimal, []string{"design.centralised.ops_team_size=3"}, `f.toml: --set design.centralised.ops_team_size=3: no design named "centralised" in the file`},
		{minimal, []string{"incidents.severity.0.share=1"}, "the file has no [[incidents.severity]] tables to index"},
		{minimal, []string{"org.secondary=yes"}, "wants true or false"},
		{minimal, []string{"services.incident_rate=4 a day"}, `invalid rate "4 a day"`},
		{minimal, []string{"sweep=1"}, "the sweep itself cannot be changed"},
		{minimal, []string{"org.team=1"}, "org.team is a list, not a single value"},
		{minimal, []string{"org.product_teams.x=1"}, `org.product_teams is a value, not a table: it has no "x"`},
		{minimal, []string{"=1"}, "want PATH=VALUE"},
		// Problems the new value causes name the flag, even when found on a parent field.
		{minimal + "[[incidents.severity]]\nshare = 1.0\neffort = { dist = \"exponential\", mean = \"1h\" }\n",
			[]string{"incidents.severity.0.share=0.5"}, "f.toml: --set incidents.severity.0.share=0.5: incidents.severity: shares must add up to 1"},
		{minimal, []string{"work.feature_size.p90=1h"}, "f.toml: --set work.feature_size.p90=1h: work.feature_size: p90 (1) must be greater than median (24)"},
		// ... and on a field no flag names, the problem says which flags made it.
		{"warmup = \"4w\"\n" + minimal, []string{"horizon=1w", "org.product_teams=2"}, "warmup: must be shorter than the horizon (1w), got 4w (with --set horizon=1w, --set org.product_teams=2)"},
	} {
		_, err := Override("f.toml", []byte(tc.src), tc.sets)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Override(%v) = %v, want %q", tc.sets, err, tc.want)
		}
		var es Errors
		if err != nil && !errors.As(err, &es) {
			t.Errorf("Override(%v) error is %T", tc.sets, err)
		}
	}
}

// TestOverrideKeepsOtherLines: errors that a --set does not cause still
// point at the user's line, even after lines were inserted above them.
func TestOverrideKeepsOtherLines(t *testing.T) {
	src := `horizon = "10w"
[org]
product_teams = 2
[services]
coupling = 1.5
[design.collective]
`
	_, err := Override("f.toml", []byte(src), []string{"org.engineers_per_team=4", "replications=5"})
	if err == nil || err.Error() != "f.toml:5: services.coupling: is a probability and must be between 0 and 1, got 1.5" {
		t.Errorf("got %v", err)
	}
	out, err := Override("f.toml", []byte(src), nil)
	if err != nil || string(out) != src {
		t.Errorf("no sets: %v", err)
	}
	if _, err := Override("f.toml", []byte("a = \n"), []string{"seed=1"}); err == nil || !strings.HasPrefix(err.Error(), "f.toml:1: a: ") {
		t.Errorf("syntax error: %v", err)
	}
}

func TestValueSpans(t *testing.T) {
	for _, tc := range []struct {
		line, key string
		want      []string
	}{
		{`a = 1 # a = 2`, "a", []string{"1", "2"}}, // the edit is verified, so a comment is harmless
		{`x = { kind = "a b", mean_degree = 2 }`, "mean_degree", []string{"2"}},
		{`x = { kind = "mean_degree = 5", mean_degree = 2 }`, "mean_degree", []string{"2"}},
		{`"on call" = 'x'`, "on call", []string{"'x'"}},
		{`s = "a \" b"`, "s", []string{`"a \" b"`}},
		{`m = """x"""`, "m", nil},
		{`arr = [1, 2]`, "arr", nil},
		{`dotted.key = 3`, "key", []string{"3"}},
		{`notkey = 3`, "key", nil},
	} {
		var got []string
		for _, sp := range valueSpans(tc.line, tc.key) {
			got = append(got, tc.line[sp[0]:sp[1]])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("valueSpans(%q, %q) = %q, want %q", tc.line, tc.key, got, tc.want)
		}
	}
}

func TestTOMLScalar(t *testing.T) {
	for v, want := range map[any]string{
		int64(3): "3", 1.0: "1.0", 0.15: "0.15", 1e21: "1e+21", true: "true",
		"a\"b\\c\n\x01": `"a\"b\\c\n\u0001"`,
	} {
		if got := tomlScalar(v); got != want {
			t.Errorf("tomlScalar(%v) = %s, want %s", v, got, want)
		}
	}
}

// TestDefaultTablesKeepTheirOtherKeys: changing one parameter of a default
// distribution the file does not write keeps the rest of that default.
func TestDefaultTablesKeepTheirOtherKeys(t *testing.T) {
	s, err := Parse("dist.toml", []byte(minimal+`[sweep]
"work.feature_size.p90" = ["5pd", "20pd"]
`))
	if err != nil {
		t.Fatal(err)
	}
	org, _, err := s.At(s.Points()[1])
	if err != nil {
		t.Fatal(err)
	}
	if fs := org.Work.FeatureSize; fs.Kind != "lognormal" || fs.Median != 24 || fs.P90 != 160 {
		t.Errorf("feature size at p90=20pd: %+v", fs)
	}
	out, err := Override("dist.toml", []byte(minimal), []string{"work.toil_size.mean=3h"})
	if err != nil {
		t.Fatal(err)
	}
	if added := addedLines(t, minimal, string(out)); strings.Join(added, "|") != `[work]|toil_size = { dist = "exponential", mean = "3h" } # --set|` {
		t.Errorf("added %q", added)
	}
	s, err = Parse("dist.toml", out)
	if err != nil || s.Org.Work.ToilSize.Mean != 3 || s.Org.Work.ToilSize.Kind != "exponential" {
		t.Errorf("toil size %+v, %v", s.Org.Work.ToilSize, err)
	}
}

func TestOverrideArrayElements(t *testing.T) {
	src, out, s := override(t, "mmc.toml", "incidents.severity.0.escalate_after=2h", "design.pool.route.0.critical=true")
	added := addedLines(t, src, out)
	want := []string{`escalate_after = "2h" # --set`, `critical = true # --set`}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("added %q, want %q", added, want)
	}
	if s.Org.Incident.Severities[0].EscalateAfter != 2 || !*s.Designs[0].Routes[0].Critical {
		t.Errorf("values not set")
	}
	src, out, s = override(t, "mmc.toml", "org.team.0.engineers=7", "services.service.0.incident_rate=120/day")
	ch := changedLines(t, src, out)
	if len(ch) != 2 || !strings.HasPrefix(ch[0], "engineers = 7 ") || !strings.HasPrefix(ch[1], `incident_rate = "120/day"  # λ = 4.5/h`) {
		t.Errorf("changed %q", ch)
	}
	if s.Org.Teams[0].Engineers != 7 || s.Org.Services.List[0].IncidentRate != 5 {
		t.Errorf("values not set: %+v", s.Org.Teams[0])
	}
	if _, err := Override("mmc.toml", []byte(src), []string{"org.team.1.engineers=7"}); err == nil ||
		!strings.Contains(err.Error(), "index 1 is out of range: the file has 1 [[org.team]] tables (0 to 0)") {
		t.Errorf("index out of range: %v", err)
	}
}
