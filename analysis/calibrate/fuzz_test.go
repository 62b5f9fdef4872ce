package calibrate

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzFit: whatever the bytes, Fit never panics; it either fails with an
// *Error naming the file, or returns a calibration whose fragment parses
// as a scenario, with rates and shares in range.
func FuzzFit(f *testing.F) {
	f.Add("id,type,created,detected,acknowledged,first_response,resolved,service,team,responder,severity,cause,detection,handoffs\n"+
		"inc-1,incident,2024-01-01T09:00:00.000Z,2024-01-01T09:05:00.000Z,2024-01-01T09:06:00.000Z,2024-01-01T09:06:00.000Z,2024-01-01T10:00:00.000Z,checkout,payments,payments,SEV2,base,monitoring,0\n"+
		"tkt-1,ticket,2024-01-02T09:00:00.000Z,,,2024-01-02T09:30:00.000Z,2024-01-02T11:00:00.000Z,,payments,payments,,,,\n"+
		"inc-2,incident,2024-01-03T22:00:00.000Z,2024-01-03T22:10:00.000Z,2024-01-03T22:40:00.000Z,,,search,discovery,,SEV1,cascade,customer,2\n", "opsim")
	f.Add("incident_number,created_on,seconds_to_first_ack,seconds_to_resolve,service_name,urgency\n1,2024-03-04T10:00:00Z,90,600,a,high\n2,2024-03-05T10:00:00Z,,,b,low\n", "pagerduty")
	f.Add("Issue key,Issue Type,Created,Resolved,Priority\nOPS-1,Incident,04/Mar/24 9:15 AM,04/Mar/24 11:15 AM,High\nOPS-2,Service Request,5/Mar/24 2:00 PM,,Low\n", "jsm")
	f.Add("number,opened_at,resolved_at,priority,assignment_group,contact_type\nINC1,2024-03-01 09:30:00,2024-03-01 12:00:00,1 - Critical,Network,Monitoring\nINC2,2024-03-02 09:30:00,,4 - Low,Network,Phone\n", "servicenow")
	f.Add("id,created\n\"a\"\"b,2024-01-01T00:00:00Z\nc,1709546400\n", "opsim")
	f.Add("\x00\xff,\n\n\"", "opsim")
	f.Fuzz(func(t *testing.T, text, preset string) {
		c, err := Fit("fuzz.csv", strings.NewReader(text), Options{Preset: preset, Reservoir: 64})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) && !strings.Contains(err.Error(), "unknown preset") {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if e != nil && e.File != "fuzz.csv" {
				t.Fatalf("error names %q", e.File)
			}
			return
		}
		if !(c.Hours > 0) || math.IsInf(c.Hours, 0) {
			t.Fatalf("window %v hours", c.Hours)
		}
		for _, s := range c.Services {
			if !(s.Written.Value >= 0) || math.IsInf(s.Written.Value, 0) {
				t.Fatalf("service %q rate %v", s.Name, s.Written.Value)
			}
		}
		for _, s := range c.Severities {
			if !(s.Share.Value >= 0 && s.Share.Value <= 1) && s.Share.N > 0 {
				t.Fatalf("severity %q share %v", s.Name, s.Share.Value)
			}
		}
		if _, err := CheckFragment("fuzz.toml", nil, c.Fragment(FragmentOptions{})); err != nil {
			t.Fatalf("the fragment does not parse:\n%v\n%s", err, c.Fragment(FragmentOptions{}))
		}
	})
}
