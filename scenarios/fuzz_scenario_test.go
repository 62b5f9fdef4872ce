package scenarios

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: no input may panic or hang the parser, every error must be
// located inside the file, and whatever parses must also expand at its
// sweep points without panicking (At may still reject a combination).
func FuzzParse(f *testing.F) {
	for _, name := range BundledNames() {
		src, err := Bundled(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, tc := range malformedCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte(minimal + "[sweep]\n\"work.feature_size.p90\" = [\"5pd\", \"20pd\"]\n\"org.product_teams\" = [1, 2]\n"))
	f.Add([]byte("design = { a = { preset = \"sre\" } }\nhorizon = \"1w\"\norg.product_teams = 1\n"))
	f.Add([]byte("horizon = \"1w\"\n[[incidents.severity]]\nshare = 1.0\neffort = [1, { dist = 3 }]\n"))
	f.Add([]byte(minimal + "[sensitivity]\nspread = 0.25\n[sensitivity.params]\n\"response.handoff\" = [\"5m\", \"1h\"]\n\"org.product_teams\" = [1, 3]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "fuzz.toml"
		s, err := Parse(file, src)
		lines := bytes.Count(src, []byte("\n")) + 1
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is %T %v, want non-empty Errors", err, err)
			}
			for _, e := range es {
				if e.File != file || e.Line < 0 || e.Line > lines || e.Msg == "" {
					t.Fatalf("badly located error %#v in a %d-line file", e, lines)
				}
			}
			return
		}
		if len(s.Designs) == 0 || s.Replications < 2 || s.Org.Horizon <= 0 {
			t.Fatalf("accepted a scenario without designs, replications or horizon: %+v", s)
		}
		// Every value that can vary has a range around it (or the one the
		// file gives it).
		for _, p := range s.Parameters() {
			if p.Kind == "" {
				continue
			}
			lo, hi, from := s.SensitivityRange(p)
			if from != "[sensitivity.params]" && !(lo <= p.Number && p.Number <= hi) || from == "[sensitivity.params]" && !(lo < hi) {
				t.Fatalf("%s = %s varies over %v to %v (%s)", p.Path, p.Value, lo, hi, from)
			}
		}
		if s.gridSize() > 64 {
			return
		}
		for _, p := range s.Points() {
			cfgs, err := s.Configs(p)
			if err == nil && len(cfgs) != len(s.Designs) {
				t.Fatalf("%d configs for %d designs", len(cfgs), len(s.Designs))
			}
		}
		// A --set of a value the file already has must give a file that
		// parses to the same scenario.
		if s.Replications > 0 {
			out, err := Override(file, src, []string{"replications=" + itoa(s.Replications)})
			if err != nil {
				t.Fatalf("Override(replications=%d): %v", s.Replications, err)
			}
			again, err := Parse(file, out)
			if err != nil || again.Replications != s.Replications || again.Org.Horizon != s.Org.Horizon {
				t.Fatalf("re-parse after a no-op --set: %v\n%s", err, out)
			}
		}
	})
}
