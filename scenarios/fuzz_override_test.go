package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// FuzzOverride: no --set value may panic Override. A refused one is an
// error naming the file and the --set flag as given; an accepted one
// gives a text that Parse either takes or refuses with located errors.
func FuzzOverride(f *testing.F) {
	const file = "default.toml"
	src, err := Bundled(file)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"org.product_teams=20", "services.coupling=0.05", "work.context_switch=30m",
		"design.collective.interrupts=shield", "design.centralized.ops_team_size=1e9",
		"nosuch=1", "org.product_teams=-1", "=", "a", "horizon=1e99y", "org=1",
		"design.new.preset=sre", "incidents.severity.0.share=2", "sweep.x=[1,2]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		out, err := Override(file, src, []string{set})
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, file+":") || !strings.Contains(msg, "--set") {
				t.Fatalf("Override(%q) error %q names neither the file nor the --set flag", set, msg)
			}
			return
		}
		if _, err := Parse(file, out); err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("Parse after Override(%q): error is %T %v, want non-empty Errors", set, err, err)
			}
			for _, e := range es {
				if e.File != file || e.Msg == "" {
					t.Fatalf("Parse after Override(%q): badly located error %#v", set, e)
				}
			}
		}
	})
}
