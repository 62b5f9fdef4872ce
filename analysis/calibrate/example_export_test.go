package calibrate

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// The bundled PagerDuty example (scenarios/examples) was drawn from known
// parameters (scenarios/examples/README.md); calibrating it recovers each
// inside its interval. 17 intervals at 1 - 0.05/17 (Bonferroni).
func TestPagerDutyExample(t *testing.T) {
	const checks = 17
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	path := "../../scenarios/examples/pagerduty-incidents.csv"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Fit(path, f, Options{Preset: "pagerduty", Location: berlin, Level: 1 - 0.05/checks})
	if err != nil {
		t.Fatal(err)
	}
	for field, col := range map[Field]string{ID: "id", Created: "created_on", Acknowledged: "seconds_to_first_ack",
		Resolved: "resolved_on", Service: "service_name", Team: "escalation_policy_name", Severity: "priority"} {
		if c.Columns[field] != col {
			t.Errorf("%s read from %q, want %q", field, c.Columns[field], col)
		}
	}
	if c.WorkBasis != Acknowledged || c.Open != 2 || c.Incidents != 189 {
		t.Errorf("work from %s, %d open of %d; want acknowledged, 2 of 189", c.WorkBasis, c.Open, c.Incidents)
	}
	n := 0
	in := func(what string, truth float64, iv Interval) {
		t.Helper()
		n++
		if !(iv.Lo <= truth && truth <= iv.Hi) {
			t.Errorf("%s: true %.4g outside the fitted %.4g [%.4g, %.4g] (n=%d)", what, truth, iv.Value, iv.Lo, iv.Hi, iv.N)
		}
	}
	perWeek := map[string]float64{"checkout": 3, "ledger": 1, "query": 2, "indexer": 0.7, "k8s": 1.5}
	for _, s := range c.Services {
		if s.Name == "dns" {
			if !s.Shrunk || s.Rate.N != 3 || !(s.Written.Value > s.Rate.Value && s.Written.Value < c.OrgRate.Value) {
				t.Errorf("dns, 3 incidents: %+v, want shrunk between its own rate and the organisation's", s)
			}
			continue
		}
		in(s.Name+" rate", perWeek[s.Name]/168, s.Rate)
	}
	if !strings.Contains(strings.Join(c.Warnings, "\n"), "dns (3)") {
		t.Errorf("no warning about the thin service: %q", c.Warnings)
	}
	type sev struct{ share, median, p90 float64 }
	truth := []sev{{0.05, 1.5, 5}, {0.15, 1, 4}, {0.4, 40.0 / 60, 2.5}, {0.4, 25.0 / 60, 1.5}}
	for i, want := range truth {
		s := c.Severities[i]
		if s.Key != "P"+string(rune('1'+i)) {
			t.Fatalf("severity %d is %s", i, s.Key)
		}
		in(s.Key+" share", want.share, s.Share)
		if s.Work.N < minFit {
			continue // P1 has 4 rows: the fragment uses the pooled fit
		}
		ln := s.Work.Fits[0]
		in(s.Key+" work mu", math.Log(want.median), Interval{ln.Params[0].Value, ln.Params[0].Lo, ln.Params[0].Hi, s.Work.N})
		in(s.Key+" work sigma", math.Log(want.p90/want.median)/z90, Interval{ln.Params[1].Value, ln.Params[1].Lo, ln.Params[1].Hi, s.Work.N})
	}
	in("ack in business hours", 4.0/60, c.AckBusiness.Mean)
	in("ack after hours", 25.0/60, c.AckAfterHours.Mean)
	if !c.AfterHours.Shown {
		t.Errorf("slower acknowledgement after hours not shown: %+v", c.AfterHours)
	}
	if n != checks {
		t.Errorf("%d intervals checked, the level assumes %d", n, checks)
	}
	base, err := os.ReadFile("../../scenarios/examples/acme.toml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CheckFragment("acme.toml", base, c.Fragment(FragmentOptions{})); err != nil {
		t.Errorf("the fragment does not fit the bundled base scenario: %v", err)
	}
}
