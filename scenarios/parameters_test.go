package scenarios

import (
	"strings"
	"testing"
)

func TestParameters(t *testing.T) {
	s, err := Load("default.toml")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Parameter{}
	var order []string
	for _, p := range s.Parameters() {
		if _, dup := byPath[p.Path]; dup {
			t.Errorf("%s listed twice", p.Path)
		}
		byPath[p.Path] = p
		order = append(order, p.Path)
	}
	for _, tc := range []struct {
		path, value     string
		explicit        bool
		kind            string
		number          float64
		unit, source    string
		variable, found bool
	}{
		// Written in the file, at its default.
		{"org.engineers_per_team", "6", true, KindInteger, 6, "", srcTeamTopo, true, true},
		// A design default the preset reads, not written: the source is the preset's.
		{"design.centralized.ops_runbooks", "0.5", false, KindNumber, 0.5, "", srcPreset, true, true},
		// Durations and rates in the unit they are written in.
		{"response.handoff", "15m", true, KindDuration, 15, "m", srcAssumption, true, true},
		{"services.incident_rate", "0.3/week", true, KindRate, 0.3, "/week", srcSLOCal, true, true},
		{"work.context_switch", "15m", true, KindDuration, 15, "m", srcRefocus, true, true},
		// A distribution's parameter, with the distribution's source.
		{"work.feature_size.median", "3pd", true, KindDuration, 3, "pd", srcLittle, true, true},
		// A value left to its default.
		{"services.failover_time", "30m", false, KindDuration, 30, "m", srcAssumption, true, true},
		// Strings are listed, with their source, but do not vary.
		{"org.demand", "saturated", true, "", 0, "", "assumption: real product teams have more to build than they can", true, true},
		// A severity's share, with its own source.
		{"incidents.severity.1.share", "0.15", true, KindNumber, 0.15, "", "assumption (the default list's shares)", true, true},
		// Not parameters: the experiment, mechanisms the file leaves off,
		// and design keys the preset does not read.
		{path: "horizon"}, {path: "replications"}, {path: "deploy.batch"}, {path: "costs.pm_hour"},
		{path: "prevention.reserve"}, {path: "fatigue.window"},
		{path: "design.collective.ops_runbooks"}, {path: "design.centralized.sre_cap"},
	} {
		p, ok := byPath[tc.path]
		if ok != tc.found {
			t.Errorf("%s: listed %v, want %v", tc.path, ok, tc.found)
			continue
		}
		if !ok {
			continue
		}
		if p.Value != tc.value || p.Explicit != tc.explicit || p.Kind != tc.kind || p.Number != tc.number || p.Unit != tc.unit || p.Variable != tc.variable {
			t.Errorf("%s: %+v", tc.path, p)
		}
		if tc.source != "" && p.Source != tc.source {
			t.Errorf("%s: source %q, want %q", tc.path, p.Source, tc.source)
		}
	}
	// The reference's order: [org] before [services] before the designs,
	// and a distribution's parameters with their table.
	pos := func(path string) int {
		for i, p := range order {
			if p == path {
				return i
			}
		}
		t.Fatalf("%s not listed", path)
		return -1
	}
	if !(pos("org.product_teams") < pos("services.coupling") && pos("services.coupling") < pos("work.feature_size.median") &&
		pos("work.feature_size.median") < pos("work.change_failure") && pos("learning.floor") < pos("design.centralized.ops_team_size")) {
		t.Errorf("not in the reference's order: %v", order)
	}

	// A documented range is widened to hold the scenario's own value.
	wide, err := Parse("w.toml", []byte(head+"[design.centralized]\nops_familiarity = 4.0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi, _ := parametersByPath(wide)["design.centralized.ops_familiarity"].Range(DefaultSpread); lo != 1 || hi != 4 {
		t.Errorf("ops_familiarity 4 varies over %v to %v, want 1 to 4", lo, hi)
	}

	// A mechanism switched on lists its values, defaults as the reference
	// writes them.
	on, err := Parse("on.toml", []byte(head+"[prevention]\naction_items = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := parametersByPath(on)["prevention.action_effort"]; !ok || p.Value != "1pd" || p.Explicit || p.Number != 1 || p.Unit != "pd" {
		t.Errorf("prevention switched on: action_effort %+v (listed %v)", p, ok)
	}

	// A list of tables left to its default is one value, which cannot vary.
	short, err := Parse("s.toml", []byte(head))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range short.Parameters() {
		if strings.HasPrefix(p.Path, "incidents.severity") && p.Path != "incidents.severity_weight" {
			found = true
			if p.Path != "incidents.severity" || p.Variable || p.Explicit || !strings.HasPrefix(p.Value, "SEV1-SEV4") {
				t.Errorf("default severities: %+v", p)
			}
		}
	}
	if !found {
		t.Error("the default severities are not listed")
	}
}

func TestParameterRange(t *testing.T) {
	s, err := Load("default.toml")
	if err != nil {
		t.Fatal(err)
	}
	byPath := parametersByPath(s)
	for _, tc := range []struct {
		path           string
		lowText, hiTxt string
		from           string
	}{
		{"services.coupling", "0.075", "0.225", "±50%"},
		// A probability stays at most 1.
		{"incidents.monitoring", "0.4", "1", "±50%"},
		// Counts stay whole, within ±50%: 3 varies from 2 to 4.
		{"services.per_team", "2", "4", "±50%"},
		{"org.product_teams", "4", "12", "±50%"},
		// The plausible range the reference documents.
		{"design.centralized.ops_runbooks", "0.25", "1", "the reference's plausible range"},
		{"design.centralized.ops_familiarity", "1", "3", "the reference's plausible range"},
		// Durations and rates in their own unit.
		{"response.handoff", "7.5m", "22.5m", "±50%"},
		{"services.incident_rate", "0.15/week", "0.45/week", "±50%"},
		// Zero with no range of its own: nothing to vary.
		{"services.failover", "0", "0", "±50%"},
	} {
		p := byPath[tc.path]
		lo, hi, from := p.Range(DefaultSpread)
		if p.Format(lo) != tc.lowText || p.Format(hi) != tc.hiTxt || from != tc.from {
			t.Errorf("%s: %s to %s (%s), want %s to %s (%s)", tc.path, p.Format(lo), p.Format(hi), from, tc.lowText, tc.hiTxt, tc.from)
		}
	}
}

// FuzzParameterUnits: a duration or rate read in the unit it is written
// in is written back, at the same value, in a form the parser reads as
// that value.
func FuzzParameterUnits(f *testing.F) {
	for _, s := range []string{"15m", "1.5h", "3pd", "0", "1h30m", "0.3/week", "20/week", "3/2w", "0/day", "4/d", ".5m", "2 h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if d, err := ParseDuration(text); err == nil {
			n, unit, ok := durationInUnit(text)
			if !ok {
				t.Fatalf("%q parses but durationInUnit refuses it", text)
			}
			p := Parameter{Kind: KindDuration, Number: n, Unit: unit}
			back, err := ParseDuration(p.Format(n))
			if err != nil || !closeEnough(back.Hours(), d.Hours()) && !nearRel(back.Hours(), d.Hours()) {
				t.Fatalf("%q: %v %s written as %q reads %v (%v), want %v", text, n, unit, p.Format(n), back, err, d)
			}
			if x, err := p.inUnit(p.Format(n)); err != nil || !nearRel(x, n) {
				t.Fatalf("%q: inUnit(%q) = %v, %v, want %v", text, p.Format(n), x, err, n)
			}
		}
		if r, err := ParseRate(text); err == nil {
			n, unit, ok := rateInUnit(text)
			if !ok {
				t.Fatalf("%q parses but rateInUnit refuses it", text)
			}
			p := Parameter{Kind: KindRate, Number: n, Unit: unit}
			back, err := ParseRate(p.Format(n))
			if err != nil || !nearRel(back.PerHour(), r.PerHour()) {
				t.Fatalf("%q: %v %s written as %q reads %v (%v), want %v", text, n, unit, p.Format(n), back, err, r)
			}
		}
	})
}

// nearRel allows the six significant digits Format writes.
func nearRel(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	m := max(a, b, -a, -b)
	return d <= 1e-5*m
}

// parametersByPath indexes a scenario's parameters by path.
func parametersByPath(s *Scenario) map[string]Parameter {
	out := map[string]Parameter{}
	for _, p := range s.Parameters() {
		out[p.Path] = p
	}
	return out
}
