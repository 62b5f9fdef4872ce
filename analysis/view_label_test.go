package analysis

import "testing"

// TestParamLabel: a swept path reads as words, its table dropped, and an
// element of a top-level array of tables (a [[schedule]] step) by its
// number from 1 rather than a bare index.
func TestParamLabel(t *testing.T) {
	for path, want := range map[string]string{
		"org.product_teams":          "product teams",
		"services.incident_rate":     "incident rate",
		"schedule.0.incident_rate":   "schedule #1 incident rate",
		"incidents.severity.0.share": "severity 0 share",
		"design.collective.swarm":    "collective swarm",
		"horizon":                    "horizon",
	} {
		if got := paramLabel(path); got != want {
			t.Errorf("paramLabel(%q) = %q, want %q", path, got, want)
		}
	}
}
