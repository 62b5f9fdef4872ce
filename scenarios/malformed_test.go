package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// malformedCase is a broken scenario and the one error it must produce.
// Lines are 1-based lines of src; sets, when given, are --set flags applied
// with Override before parsing.
type malformedCase struct {
	name  string
	src   string
	sets  []string
	line  int
	field string
	msg   string // substring of the message
	more  bool   // other errors are expected too
}

// head is the smallest valid scenario; cases that break something else
// start from it so that their line numbers stay easy to read.
const head = `horizon = "10w"
[org]
product_teams = 2
[design.collective]
`

var malformedCases = []malformedCase{
	{
		name: "unknown key with suggestion",
		src: `horizon = "10w"
replicatons = 5
[org]
product_teams = 2
[design.collective]
`,
		line: 2, field: "replicatons", msg: `unknown key (did you mean "replications"?)`,
	},
	{
		name: "unknown table",
		src: head + `[servics]
coupling = 0.1
`,
		line: 5, field: "servics", msg: `unknown table (did you mean "services"?)`,
	},
	{
		name: "unknown key in the second array element",
		src: `horizon = "10w"
[org]
product_teams = 2
[[services.service]]
name = "a"
owner = "team-01"
[[services.service]]
name = "b"
owner = "team-01"
criticl = true
[design.collective]
`,
		line: 10, field: "services.service.1.criticl", msg: `did you mean "critical"?`,
	},
	{
		name: "wrong type",
		src: `horizon = "10w"
[org]
product_teams = "8"
[design.collective]
`,
		line: 3, field: "org.product_teams", msg: "wrong type: expected integer, found string",
	},
	{
		name: "float for an integer",
		src: `horizon = "10w"
[org]
product_teams = 8.0
[design.collective]
`,
		line: 3, field: "org.product_teams", msg: "write 8 without the decimal point",
	},
	{
		name: "bad duration",
		src: `horizon = "10 weeks"
[org]
product_teams = 2
[design.collective]
`,
		line: 1, field: "horizon", msg: `unknown unit "weeks"`,
	},
	{
		name: "duration without a unit",
		src: head + `[response]
triage = 30
`,
		line: 6, field: "response.triage", msg: "missing unit after 30",
	},
	{
		name: "bad rate",
		src: `horizon = "10w"
[org]
product_teams = 2
feature_rate = "3 per week"
[design.collective]
`,
		line: 4, field: "org.feature_rate", msg: `invalid rate "3 per week"`,
	},
	{
		name: "negative rate",
		src: `horizon = "10w"
[org]
product_teams = 2
toil_rate = "-1/week"
[design.collective]
`,
		line: 4, field: "org.toil_rate", msg: "negative rate",
	},
	{
		name: "negative count",
		src: `horizon = "10w"
[org]
product_teams = 2
platform_team = -1
[design.collective]
`,
		line: 4, field: "org.platform_team", msg: "must be zero or more, got -1",
	},
	{
		name: "count over its limit",
		src: `horizon = "10w"
[org]
product_teams = 211111111111
[design.collective]
`,
		line: 3, field: "org.product_teams", msg: "must be at most 1000, got 211111111111",
	},
	{
		name: "probability above 1",
		src: head + `[services]
coupling = 1.5
`,
		line: 6, field: "services.coupling", msg: "is a probability and must be between 0 and 1, got 1.5",
	},
	{
		name: "empty team",
		src: `horizon = "10w"
[org]
product_teams = 2
[[org.team]]
name = "noc"
kind = "ops"
engineers = 0
[design.collective]
`,
		line: 7, field: "org.team.0.engineers", msg: "a team needs at least one engineer, got 0",
	},
	{
		name: "explicit team clashing with a preset's team",
		src: `horizon = "10w"
[org]
product_teams = 2
[[org.team]]
name = "ops"
kind = "ops"
engineers = 4
[design.collective]
[design.centralized]
`,
		line: 5, field: "org.team.0.name", msg: `team "ops" is defined twice (in design centralized)`,
	},
	{
		name: "no teams at all",
		src: `horizon = "10w"
[org]
product_teams = 0
[design.collective]
`,
		line: 3, field: "org.product_teams", msg: "the organisation has no teams",
	},
	{
		name: "unknown preset",
		src: head + `[design.follow-the-sun]
preset = "centralised"
`,
		line: 6, field: "design.follow-the-sun.preset", msg: `must be one of "centralized", "collective", "sre", "layered", "custom", got "centralised"`,
	},
	{
		name: "design without a preset",
		src: head + `[design.mine]
interrupts = "shield"
`,
		line: 5, field: "design.mine.preset", msg: "is required",
	},
	{
		name: "unknown team in a route chain",
		src: head + `[design.mine]
preset = "custom"
[[design.mine.route]]
layer = "app"
chain = ["owner"]
[[design.mine.route]]
chain = ["noc", "owner"]
`,
		line: 11, field: "design.mine.route.1.chain", msg: `no team named "noc"`,
	},
	{
		name: "unknown owner of a service",
		src: `horizon = "10w"
[org]
product_teams = 2
[[services.service]]
name = "checkout"
owner = "payments"
[design.collective]
[design.centralized]
`,
		line: 6, field: "services.service.0.owner", msg: `no team named "payments"`,
	},
	{
		name: "edge to an unknown service",
		src: `horizon = "10w"
[org]
product_teams = 1
[[services.service]]
name = "a"
owner = "team-01"
[[services.service]]
name = "b"
owner = "team-01"
[[services.edge]]
from = "a"
to = "b"
[[services.edge]]
from = "a"
to = "c"
[design.collective]
`,
		line: 15, field: "services.edge.1.to", msg: `no service named "c"`,
	},
	{
		name: "self edge",
		src: `horizon = "10w"
[org]
product_teams = 1
[[services.service]]
name = "a"
owner = "team-01"
[[services.edge]]
from = "a"
to = "a"
[design.collective]
`,
		line: 9, field: "services.edge.0.to", msg: `service "a" cannot depend on itself`,
	},
	{
		name: "dependency cycle",
		src: `horizon = "10w"
[org]
product_teams = 1
[[services.service]]
name = "a"
owner = "team-01"
[[services.service]]
name = "b"
owner = "team-01"
[[services.service]]
name = "c"
owner = "team-01"
[[services.edge]]
from = "a"
to = "b"
[[services.edge]]
from = "b"
to = "c"
[[services.edge]]
from = "c"
to = "a"
[design.collective]
`,
		line: 19, field: "services.edge", msg: "dependency cycle: a -> b -> c -> a",
	},
	{
		name: "edge coupling negative",
		src: `horizon = "10w"
[org]
product_teams = 1
[[services.service]]
name = "a"
owner = "team-01"
[[services.service]]
name = "b"
owner = "team-01"
[[services.edge]]
from = "a"
to = "b"
coupling = -0.5
[design.collective]
`,
		line: 13, field: "services.edge.0.coupling", msg: "between 0 and 1, got -0.5",
	},
	{
		name: "severity shares do not add up to 1",
		src: head + `[[incidents.severity]]
share = 0.5
effort = { dist = "exponential", mean = "1h" }
[[incidents.severity]]
share = 0.4
effort = { dist = "exponential", mean = "2h" }
`,
		line: 5, field: "incidents.severity", msg: "shares must add up to 1, they add up to 0.9",
	},
	{
		name: "severity field in the third element",
		src: head + `[[incidents.severity]]
share = 0.5
effort = { dist = "exponential", mean = "1h" }
[[incidents.severity]]
share = 0.25
effort = { dist = "exponential", mean = "2h" }
[[incidents.severity]]
share = 0.25
effort = { dist = "exponential", mean = "2h" }
impact = 2.0
`,
		line: 14, field: "incidents.severity.2.impact", msg: "is a probability",
	},
	{
		name: "severity without an effort",
		src: head + `[[incidents.severity]]
share = 1.0
`,
		line: 5, field: "incidents.severity.0.effort", msg: "is required",
	},
	{
		name: "p90 below median",
		src: head + `[work]
feature_size = { dist = "lognormal", median = "3pd", p90 = "2pd" }
`,
		line: 6, field: "work.feature_size", msg: "p90 (16) must be greater than median (24)",
	},
	{
		name: "unknown distribution kind",
		src: head + `[work]
toil_size = { dist = "exponentail", mean = "2h" }
`,
		line: 6, field: "work.toil_size.dist", msg: `unknown distribution "exponentail" (did you mean "exponential"?)`,
	},
	{
		name: "parameter the distribution does not take",
		src: head + `[work]
toil_size = { dist = "exponential", median = "2h" }
`,
		line: 6, field: "work.toil_size.median", msg: "is not a parameter of this exponential distribution (it takes mean)",
		more: true, // and mean is missing
	},
	{
		name: "duplicate design",
		src: head + `[design.collective]
preset = "collective"
`,
		line: 5, field: "design.collective", msg: "has already been defined",
	},
	{
		name: "no designs",
		src: `horizon = "10w"
[org]
product_teams = 2
`,
		line: 0, field: "design", msg: "at least one design is needed",
	},
	{
		name: "unknown baseline",
		src: `horizon = "10w"
baseline = "colective"
[org]
product_teams = 2
[design.collective]
`,
		line: 2, field: "baseline", msg: `no design named "colective" (did you mean "collective"?)`,
	},
	{
		name: "design key the preset ignores",
		src: head + `ops_team_size = 4
`,
		line: 5, field: "design.collective.ops_team_size", msg: `has no effect: preset "collective" has no ops team`,
	},
	{
		name: "one replication",
		src: `horizon = "10w"
replications = 1
[org]
product_teams = 2
[design.collective]
`,
		line: 2, field: "replications", msg: "must be at least 2",
	},
	{
		name: "missing horizon",
		src: `warmup = "1w"
[org]
product_teams = 2
[design.collective]
`,
		line: 0, field: "horizon", msg: "is required",
	},
	{
		name: "warm-up not shorter than the horizon",
		src: `horizon = "10w"
warmup = "10w"
[org]
product_teams = 2
[design.collective]
`,
		line: 2, field: "warmup", msg: "must be shorter than the horizon (10w), got 10w",
	},
	{
		name: "sweep over an unknown path",
		src: head + `[sweep]
"org.product_team" = [1, 2]
`,
		line: 6, field: `sweep."org.product_team"`, msg: `unknown field "org.product_team" (did you mean "org.product_teams"?)`,
	},
	{
		name: "sweep over a design that is not in the file",
		src: head + `[sweep]
"design.centralized.ops_team_size" = [4, 8]
`,
		line: 6, field: `sweep."design.centralized.ops_team_size"`, msg: `no design named "centralized" in the file`,
	},
	{
		name: "sweep over the experiment",
		src: head + `[sweep]
"replications" = [5, 10]
`,
		line: 6, field: `sweep.replications`, msg: "cannot be swept",
	},
	{
		name: "report: unknown measure",
		src: head + `[report]
measures = ["ttr_mean_h", "first_respons_wait_h"]
`,
		line: 6, field: "report.measures.1", msg: `unknown measure "first_respons_wait_h" (did you mean "first_response_wait_h"?)`,
	},
	{
		name: "report: focus on a path that is not swept",
		src: head + `[report]
focus = { "org.product_teams" = 2 }
`,
		line: 6, field: `report.focus."org.product_teams"`, msg: "org.product_teams is not swept",
	},
	{
		name: "report: focus on a value the sweep does not run",
		src: head + `[sweep]
"org.product_teams" = [2, 4]
[report]
focus = { "org.product_teams" = 3 }
`,
		line: 8, field: `report.focus."org.product_teams"`, msg: "3 is not one of the swept values (2, 4)",
	},
	{
		name: "report: break factor of 1",
		src: head + `[report]
break_factor = 1
`,
		line: 6, field: "report.break_factor", msg: "must be more than 1",
	},
	{
		name: "report: negative floor",
		src: head + `[report]
break_floor = { ttr_mean_h = -0.5 }
`,
		line: 6, field: "report.break_floor.ttr_mean_h", msg: "must be zero or more",
	},
	{
		name: "report: unknown key",
		src: head + `[report]
measure = ["ttr_mean_h"]
`,
		line: 6, field: "report.measure", msg: `unknown key (did you mean "measures"?)`,
	},
	{
		name: "sweep over the report",
		src: head + `[sweep]
"report.break_factor" = [2, 3]
`,
		line: 6, field: `sweep."report.break_factor"`, msg: "cannot be swept",
	},
	{
		name: "sweep with an empty list",
		src: head + `[sweep]
"org.product_teams" = []
`,
		line: 6, field: `sweep."org.product_teams"`, msg: "needs at least one value",
	},
	{
		name: "sweep value of the wrong type",
		src: head + `[sweep]
"org.product_teams" = [5, "ten"]
`,
		line: 6, field: `sweep."org.product_teams"`, msg: `value "ten": wrong type: expected integer, found string`,
	},
	{
		name: "sweep value out of range",
		src: head + `[sweep]
"services.coupling" = [0.1, 1.5]
`,
		line: 6, field: `sweep."services.coupling"`, msg: "value 1.5: is a probability",
	},
	{
		name: "sweep key without quotes",
		src: head + `[sweep]
org.product_teams = [5, 10]
`,
		line: 6, field: `sweep.org`, msg: `a sweep key is a quoted path`,
	},
	{
		name: "TOML syntax error",
		src: `horizon = "10w"
[org
product_teams = 2
`,
		line: 2, field: "", msg: "expected '.' or ']' to end table name",
	},
	{
		name: "unterminated string",
		src: `horizon = "10w
[org]
product_teams = 2
`,
		line: 1, field: "horizon", msg: "strings cannot contain newlines",
	},
	{
		name: "duplicate key",
		src: `horizon = "10w"
[org]
product_teams = 2
product_teams = 3
[design.collective]
`,
		line: 4, field: "org.product_teams", msg: "has already been defined",
	},
	{
		name: "calendar typo",
		src: `horizon = "10w"
[org]
product_teams = 2
calendar = "bussiness"
[design.collective]
`,
		line: 4, field: "org.calendar", msg: `must be one of "business", "24x7", got "bussiness"`,
	},
	{
		name: "interrupts typo",
		src: head + `interrupts = "sheild"
`,
		line: 5, field: "design.collective.interrupts", msg: `must be one of "spread", "shield", got "sheild"`,
	},
	{
		name: "empty string",
		src: `horizon = "10w"
[org]
product_teams = 2
interrupts = ""
[design.collective]
`,
		line: 4, field: "org.interrupts", msg: "is empty",
	},
	{
		name: "slo of 1",
		src: head + `[services]
slo = 1.0
`,
		line: 6, field: "services.slo", msg: "must be between 0 and 1 (e.g. 0.999), got 1",
	},
	{
		name: "negative familiarity",
		src: `horizon = "10w"
[org]
product_teams = 2
familiarity = -0.5
[design.collective]
`,
		line: 4, field: "org.familiarity", msg: "must be zero or more, got -0.5",
	},
	{
		name: "24x7 team without crews",
		src: `horizon = "10w"
[org]
product_teams = 2
[[org.team]]
name = "noc"
kind = "ops"
engineers = 4
crews = 0
[design.collective]
`,
		line: 8, field: "org.team.0.crews", msg: "a 24x7 team needs at least one crew",
	},
	{
		name: "--set with an unknown path",
		src:  head,
		sets: []string{"org.product_team=20"},
		line: 0, field: "--set org.product_team=20", msg: `did you mean "org.product_teams"?`,
	},
	{
		name: "--set with a bad number",
		src:  head,
		sets: []string{"services.coupling=lots"},
		line: 0, field: "--set services.coupling=lots", msg: `bad value "lots": services.coupling wants a number`,
	},
	{
		name: "--set with a bad duration",
		src:  head,
		sets: []string{"work.context_switch=30 minutes"},
		line: 0, field: "--set work.context_switch=30 minutes", msg: `unknown unit "minutes"`,
	},
	{
		name: "--set out of range",
		src:  head,
		sets: []string{"services.coupling=1.5"},
		line: 0, field: "--set services.coupling=1.5", msg: "is a probability",
	},
	{
		name: "--set without a value",
		src:  head,
		sets: []string{"org.product_teams"},
		line: 0, field: "--set org.product_teams", msg: "want PATH=VALUE",
	},
	{
		name: "--set on a table",
		src:  head,
		sets: []string{"services.graph=3"},
		line: 0, field: "--set services.graph=3", msg: "is a table, not a single value",
	},
}

func TestMalformed(t *testing.T) {
	if len(malformedCases) < 30 {
		t.Fatalf("only %d malformed cases", len(malformedCases))
	}
	for _, tc := range malformedCases {
		t.Run(tc.name, func(t *testing.T) {
			const file = "bad.toml"
			src := []byte(tc.src)
			var err error
			if tc.sets != nil {
				src, err = Override(file, src, tc.sets)
			}
			if err == nil {
				_, err = Parse(file, src)
			}
			if err == nil {
				t.Fatalf("no error for:\n%s", tc.src)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want Errors: %v", err, err)
			}
			if !tc.more && len(es) != 1 {
				t.Errorf("want exactly one error, got %d:\n%v", len(es), err)
			}
			for _, e := range es {
				if e.File == file && e.Line == tc.line && e.Field == tc.field && strings.Contains(e.Msg, tc.msg) {
					return
				}
			}
			t.Errorf("no error at %s:%d field %q containing %q; got:\n%v", file, tc.line, tc.field, tc.msg, err)
		})
	}
}

// TestSeveralErrorsSorted checks that one pass reports every problem, in
// the order a user reads the file.
func TestSeveralErrorsSorted(t *testing.T) {
	src := `horizon = "10w"
replications = 1
[org]
product_teams = 2
calendar = "weekdays"
[services]
coupling = 2.0
slo = "high"
[work]
feature_size = { dist = "lognormal", median = "3pd", p90 = "1pd" }
[design.collective]
ops_team_size = 3
`
	_, err := Parse("many.toml", []byte(src))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("got %v", err)
	}
	want := []struct {
		line  int
		field string
	}{
		{2, "replications"},
		{5, "org.calendar"},
		{7, "services.coupling"},
		{8, "services.slo"},
		{10, "work.feature_size"},
		{12, "design.collective.ops_team_size"},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(es), len(want), err)
	}
	for i, w := range want {
		if es[i].Line != w.line || es[i].Field != w.field {
			t.Errorf("error %d: got %d %q, want %d %q", i, es[i].Line, es[i].Field, w.line, w.field)
		}
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) || !strings.HasPrefix(lines[0], "many.toml:2: replications: ") {
		t.Errorf("formatted errors:\n%v", err)
	}
}
