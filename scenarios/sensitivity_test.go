package scenarios

import (
	"reflect"
	"testing"
)

// two is head with a second design, so that [sensitivity] designs has a
// pair to name; its tables start on line 6.
const two = head + "[design.centralized]\n"

// sensitivityCases are malformed [sensitivity] tables; TestMalformed runs
// them with the others, checking file, line and field.
var sensitivityCases = []malformedCase{
	{name: "sensitivity: unknown metric", src: two + "[sensitivity]\nmetrics = [\"ttr_maen_h\"]\n",
		line: 7, field: "sensitivity.metrics.0", msg: `unknown measure "ttr_maen_h" (did you mean "ttr_mean_h"?)`},
	{name: "sensitivity: one design", src: two + "[sensitivity]\ndesigns = [\"collective\"]\n",
		line: 7, field: "sensitivity.designs", msg: "needs two designs"},
	{name: "sensitivity: the same design twice", src: two + "[sensitivity]\ndesigns = [\"collective\", \"collective\"]\n",
		line: 7, field: "sensitivity.designs", msg: "twice"},
	{name: "sensitivity: unknown design", src: two + "[sensitivity]\ndesigns = [\"collective\", \"sre\"]\n",
		line: 7, field: "sensitivity.designs.1", msg: `no design named "sre"`},
	{name: "sensitivity: unknown method", src: two + "[sensitivity]\nmethod = \"sobol\"\n",
		line: 7, field: "sensitivity.method", msg: `must be "oat"`},
	{name: "sensitivity: spread of 0", src: two + "[sensitivity]\nspread = 0\n",
		line: 7, field: "sensitivity.spread", msg: "more than 0"},
	{name: "sensitivity: one trajectory", src: two + "[sensitivity]\ntrajectories = 1\n",
		line: 7, field: "sensitivity.trajectories", msg: "between 2 and 1000"},
	{name: "sensitivity: unknown key", src: two + "[sensitivity]\nmetric = [\"ttr_mean_h\"]\n",
		line: 7, field: "sensitivity.metric", msg: `did you mean "metrics"?`},
	{name: "sensitivity: a param that is no value", src: two + "[sensitivity.params]\n\"services.couplng\" = [0.1, 0.2]\n",
		line: 7, field: `sensitivity.params."services.couplng"`, msg: `did you mean "services.coupling"?`},
	{name: "sensitivity: a param that is a string", src: two + "[sensitivity.params]\n\"org.interrupts\" = [\"spread\", \"shield\"]\n",
		line: 7, field: `sensitivity.params."org.interrupts"`, msg: "is not a number, duration or rate"},
	{name: "sensitivity: a range of three", src: two + "[sensitivity.params]\n\"services.coupling\" = [0.1, 0.2, 0.3]\n",
		line: 7, field: `sensitivity.params."services.coupling"`, msg: "wants a range of two values, low and high, e.g. [0.05, 0.15]"},
	{name: "sensitivity: a range backwards", src: two + "[sensitivity.params]\n\"response.handoff\" = [\"30m\", \"5m\"]\n",
		line: 7, field: `sensitivity.params."response.handoff"`, msg: `from low to high, got "30m" to "5m"`},
	{name: "sensitivity: a number for a duration", src: two + "[sensitivity.params]\n\"response.handoff\" = [5, 30]\n",
		line: 7, field: `sensitivity.params."response.handoff"`, msg: `wants a duration string, e.g. "15m"`, more: true},
	{name: "sensitivity: a probability above 1", src: two + "[sensitivity.params]\n\"services.coupling\" = [0.1, 1.5]\n",
		line: 7, field: `sensitivity.params."services.coupling"`, msg: "value 1.5:"},
	{name: "sensitivity: a range for a design its preset ignores", src: two + "[sensitivity.params]\n\"design.collective.ops_runbooks\" = [0.25, 1.0]\n",
		line: 7, field: `sensitivity.params."design.collective.ops_runbooks"`, msg: "is not a number, duration or rate the scenario uses"},
	{name: "sensitivity: only with nothing listed", src: two + "[sensitivity]\nonly = true\n",
		line: 7, field: "sensitivity.only", msg: "lists nothing"},
	{name: "sensitivity: exclude an unknown path", src: two + "[sensitivity]\nexclude = [\"org.product_team\"]\n",
		line: 7, field: "sensitivity.exclude.0", msg: `did you mean "org.product_teams"?`},
	{name: "sensitivity cannot be swept", src: two + "[sweep]\n\"sensitivity.spread\" = [0.1, 0.2]\n",
		line: 7, field: `sweep."sensitivity.spread"`, msg: "cannot be swept"},
}

func init() { malformedCases = append(malformedCases, sensitivityCases...) }

func TestSensitivityTable(t *testing.T) {
	src := two + `[sensitivity]
metrics = ["ttr_p90_h"]
designs = ["centralized", "collective"]
method = "morris"
trajectories = 6
levels = 6
replications = 5
spread = 0.25
exclude = ["org.product_teams"]
[sensitivity.params]
"response.handoff" = ["5m", "30m"]
"services.coupling" = [0.05, 0.3]
`
	s, err := Parse("s.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Sensitivity{
		Metrics: []string{"ttr_p90_h"}, Designs: []string{"centralized", "collective"}, Method: MethodMorris,
		Trajectories: 6, Levels: 6, Replications: 5, Spread: 0.25, Exclude: []string{"org.product_teams"},
		// In file order.
		Params: []SensitivityRange{{"response.handoff", "5m", "30m"}, {"services.coupling", 0.05, 0.3}},
	}
	if !reflect.DeepEqual(s.Sensitivity, want) {
		t.Errorf("sensitivity %+v,\nwant %+v", s.Sensitivity, want)
	}
	byPath := parametersByPath(s)
	for _, tc := range []struct {
		path     string
		lo, hi   float64
		from     string
		lowText  string
		highText string
	}{
		// A range of its own, read in the unit the value is written in.
		{"response.handoff", 5, 30, "[sensitivity.params]", "5m", "30m"},
		{"services.coupling", 0.05, 0.3, "[sensitivity.params]", "0.05", "0.3"},
		// The table's spread elsewhere: ±25% of 0.8.
		{"incidents.monitoring", 0.6, 1, "±25%", "0.6", "1"},
	} {
		p := byPath[tc.path]
		lo, hi, from := s.SensitivityRange(p)
		if !near(lo, tc.lo) || !near(hi, tc.hi) || from != tc.from || p.Format(lo) != tc.lowText || p.Format(hi) != tc.highText {
			t.Errorf("%s: range %v to %v (%s, %q to %q), want %v to %v (%s, %q to %q)", tc.path, lo, hi, from, p.Format(lo), p.Format(hi),
				tc.lo, tc.hi, tc.from, tc.lowText, tc.highText)
		}
	}
	plain, err := Parse("p.toml", []byte(two))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.Sensitivity, Sensitivity{}) {
		t.Errorf("sensitivity of a scenario without [sensitivity]: %+v", plain.Sensitivity)
	}
}
