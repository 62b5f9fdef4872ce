package workshop

import (
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/scenarios"
)

// Every standard lever's range lies inside the range the scenario
// reference documents for its key, so the page never offers a value the
// parser refuses.
func TestStandardLeversInsideDocumentedRanges(t *testing.T) {
	for _, spec := range standardLevers {
		k, ok := scenarios.ReferenceKey(strings.Replace(spec.path, "NAME", "x", 1))
		if !ok {
			t.Errorf("%s: not in the scenario reference", spec.path)
			continue
		}
		lo, hi := spec.min, spec.max
		if spec.kind == "rate" || spec.kind == "choice" {
			continue // rates are checked through the parser below; choices are values
		}
		if k.Min != nil && lo < *k.Min || k.Max != nil && hi > *k.Max {
			t.Errorf("%s: the page's %v to %v leaves the documented %s", spec.path, lo, hi, k.Path)
		}
	}
}

func TestLeversOfTheBundledScenarios(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"bundled:default.toml", []string{"org.product_teams", "services.incident_rate", "org.toil_rate", "services.coupling",
			"incidents.monitoring", "design.centralized.ops_team_size", "org.rotation", "org.interrupts"}},
		{"bundled:interrupts.toml", []string{"org.product_teams", "services.incident_rate", "org.toil_rate", "services.coupling",
			"incidents.monitoring", "org.rotation", "org.interrupts"}}, // no ops team
		{"bundled:delivery.toml", []string{"org.product_teams", "services.incident_rate", "org.toil_rate", "services.coupling",
			"incidents.monitoring", "design.centralized.ops_team_size", "org.rotation", "org.interrupts", "deploy.batch"}},
	} {
		s, err := loadScenario(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range s.levers {
			got = append(got, l.Path)
			// Every lever's own value passes its check, and the page's
			// ends do too, through the scenario parser.
			if err := l.check(l.Value); err != nil {
				t.Errorf("%s: %s's own value: %v", tc.id, l.Path, err)
			}
			for _, end := range []float64{l.Min, l.Max} {
				if l.Kind != "int" && l.Kind != "number" && l.Kind != "rate" {
					break
				}
				v := fmtNum(end)
				if l.Kind == "rate" {
					v = rateText(end)
				}
				if _, err := prepare(State{Scenario: s.ID, Sets: []string{l.Path + "=" + v}, Seed: 1, Reps: 2}, s, false); err != nil {
					t.Errorf("%s: %s=%s, an end of its slider, is refused: %v", tc.id, l.Path, v, err)
				}
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: levers %v, want %v", tc.id, got, tc.want)
		}
	}
	s, _ := loadScenario("bundled:delivery.toml")
	batch := s.levers[len(s.levers)-1]
	if batch.Kind != "int" || batch.Min != 0 || batch.Max != 30 || batch.Value != "3" {
		t.Errorf("the [workshop] lever deploy.batch: %+v", batch)
	}
}
