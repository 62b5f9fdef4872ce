package calibrate

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsim/opsim/scenarios"
)

const header = "id,type,created,acknowledged,resolved,service,team,severity,handoffs\n"

func fit(t *testing.T, text string, opt Options) (*Calibration, error) {
	t.Helper()
	return Fit("export.csv", strings.NewReader(text), opt)
}

// Every kind of bad input is an *Error naming the file, the line and the
// column, never a panic.
func TestBadExports(t *testing.T) {
	ok1 := "a,incident,2024-03-04T10:00:00Z,2024-03-04T10:05:00Z,2024-03-04T11:00:00Z,checkout,payments,SEV2,0\n"
	ok2 := "b,incident,2024-03-05T10:00:00Z,2024-03-05T10:05:00Z,2024-03-05T11:00:00Z,checkout,payments,SEV2,0\n"
	for _, tc := range []struct {
		name, text string
		opt        Options
		want       string // prefix of the message: file and line
		has        string
	}{
		{"empty file", "", Options{}, "export.csv: ", "empty file"},
		{"header only", header, Options{}, "export.csv: ", "no rows after the header"},
		{"missing column", "id,when\na,2024-03-04T10:00:00Z\n", Options{}, "export.csv:1: ", `created: no column found: looked for "created"; the file has id, when; map one with --map COLUMN=created`},
		{"missing column, suggestion", "incident_number,created_at_utc\n1,2024-03-04T10:00:00Z\n", Options{Preset: "pagerduty"}, "export.csv:1: ", `did you mean --map "created_at_utc=created"?`},
		{"another tool's export", "number,opened_at,priority\nINC1,2024-03-01 09:30:00,1\n", Options{}, "export.csv:1: ", "looks like a servicenow export: try --preset servicenow"},
		{"mapped column absent", header + ok1 + ok2, Options{Map: []string{"Opened=detected"}}, "export.csv:1: ", `detected: no column found: looked for "Opened"`},
		{"column twice", "id,created,created\na,2024-03-04T10:00:00Z,2024-03-04T10:00:00Z\n", Options{}, "export.csv:1: ", "appears 2 times in the header"},
		{"unparsable time", header + ok1 + "b,incident,yesterday,,,checkout,payments,SEV2,0\n", Options{}, "export.csv:3: ", `column "created": cannot read "yesterday" as a time`},
		{"unparsable resolution", header + ok1 + "b,incident,2024-03-05T10:00:00Z,,soon,checkout,payments,SEV2,0\n", Options{}, "export.csv:3: ", `column "resolved": cannot read "soon" as a time`},
		{"resolved before created", header + ok1 + "b,incident,2024-03-05T10:00:00Z,,2024-03-05T09:00:00Z,checkout,payments,SEV2,0\n", Options{}, "export.csv:3: ",
			"resolved (2024-03-05T09:00:00Z) is before created (2024-03-05T10:00:00Z)"},
		{"acknowledged before detected", "id,created,detected,acknowledged\na,2024-03-04T10:00:00Z,2024-03-04T10:10:00Z,2024-03-04T10:05:00Z\n", Options{}, "export.csv:2: ", "acknowledged (2024-03-04T10:05:00Z) is before detected"},
		{"duplicate id", header + ok1 + ok2 + strings.Replace(ok2, "b,", "a,", 1), Options{}, "export.csv:4: ", `column "id": duplicate id: the same id as line 2`},
		{"empty id", header + ok1 + strings.Replace(ok2, "b,", ",", 1), Options{}, "export.csv:3: ", "every row needs an id"},
		{"empty created", header + ok1 + "b,incident,,,,checkout,payments,SEV2,0\n", Options{}, "export.csv:3: ", "every row needs its creation time"},
		{"field count", header + ok1 + "b,incident,2024-03-05T10:00:00Z\n", Options{}, "export.csv:3: ", "wrong number of fields"},
		{"bad handoffs", header + ok1 + strings.Replace(ok2, ",0\n", ",two\n", 1), Options{}, "export.csv:3: ", `column "handoffs": cannot read "two" as a count`},
		{"negative seconds", "id,created_on,seconds_to_resolve\nP1,2024-03-04T10:00:00Z,-5\n", Options{Preset: "pagerduty"}, "export.csv:2: ", `column "seconds_to_resolve" (resolved): cannot read "-5" as a non-negative number`},
		{"one row", header + ok1, Options{}, "export.csv: ", "at least two are needed"},
		{"one instant", header + ok1 + strings.Replace(ok1, "a,", "b,", 1), Options{}, "export.csv: ", "every row was created at the same time"},
		{"no line breaks", "id,created\n" + strings.Repeat("x", maxLine+10), Options{}, "export.csv", "longer than"},
		{"too many severities", header + manySeverities(maxSeverities+1), Options{}, "export.csv:22: ", "more than 20 distinct values: is this really the severity column?"},
		{"unknown preset", header + ok1 + ok2, Options{Preset: "nagios"}, "unknown preset", "presets: jsm, opsgenie, opsim, pagerduty, servicenow"},
		{"unknown field", header + ok1 + ok2, Options{Map: []string{"Opened=creatd"}}, "--map", `did you mean "created"?`},
		{"duration for created", header + ok1 + ok2, Options{Map: []string{"t=created:s"}}, "--map", "only detected, acknowledged"},
		{"bad level", header + ok1 + ok2, Options{Level: 95}, "confidence level", "between 0 and 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := fit(t, tc.text, tc.opt)
			if err == nil {
				t.Fatalf("no error; %d rows fitted", c.Rows)
			}
			if !strings.HasPrefix(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.has) {
				t.Errorf("error\n  %v\nwant it to start with %q and say %q", err, tc.want, tc.has)
			}
			var e *Error
			if strings.HasPrefix(tc.want, "export.csv") && (!errors.As(err, &e) || e.File != "export.csv") {
				t.Errorf("not an *Error naming the file: %T", err)
			}
		})
	}
}

func manySeverities(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.NewReplacer("#", string(rune('a'+i)), "$", string(rune('A'+i))).Replace(
			"#,incident,2024-03-04T10:00:00Z,,,checkout,payments,S$,0\n"))
	}
	return b.String()
}

// Exports as tools write them: a byte-order mark, CRLF line ends, quoted
// fields with commas, columns in any order and case, timestamps with and
// without zones, Jira's and Unix formats, durations in seconds.
func TestExportFormats(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		opt        Options
		created    time.Time // of the first row
		ackMin     float64   // its acknowledgement, minutes
	}{
		{"BOM, CRLF, quotes", "\ufeffService,ID,Created,Acknowledged\r\n\"checkout, EU\",a,2024-03-04T10:00:00Z,2024-03-04T10:06:00Z\r\nsearch,b,2024-03-05T10:00:00Z,\r\n",
			Options{}, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), 6},
		{"offset", "id,created,acknowledged\na,2024-03-04T10:00:00+01:00,2024-03-04T09:03:00Z\nb,2024-03-05 10:00:00,\n",
			Options{}, time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC), 3},
		{"zone from --tz", "id,created,acknowledged\na,2024-07-01 10:00:00,2024-07-01 10:30:00\nb,2024-07-02 10:00,\n",
			Options{Location: berlin}, time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC), 30},
		{"jira", "Issue key,Issue Type,Created,Resolved,Priority\nOPS-1,Incident,04/Mar/24 9:15 AM,04/Mar/24 11:15 AM,High\nOPS-2,Service Request,5/Mar/24 2:00 PM,,Low\nOPS-3,Change,06/Mar/24 1:00 PM,,Low\n",
			Options{Preset: "jsm"}, time.Date(2024, 3, 4, 9, 15, 0, 0, time.UTC), -1},
		{"unix", "id,created,acknowledged\na,1709546400,1709546520\nb,1709632800000,\n", Options{}, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), 2},
		{"pagerduty seconds", "incident_number,created_on,seconds_to_first_ack,urgency\n1,2024-03-04T10:00:00Z,90,high\n2,2024-03-05T10:00:00Z,,low\n",
			Options{Preset: "pagerduty"}, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), 1.5},
		{"time format", "id,created,acknowledged\na,03.04.2024 10:00,03.04.2024 10:04\nb,03.05.2024 10:00,\n",
			Options{TimeFormat: "01.02.2006 15:04"}, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := fit(t, tc.text, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !c.Start.Equal(tc.created) {
				t.Errorf("first creation %v, want %v", c.Start.UTC(), tc.created)
			}
			if tc.ackMin >= 0 {
				got := c.AckBusiness.Mean.Value * 60
				if c.AckBusiness.N != 1 || got < tc.ackMin-1e-9 || got > tc.ackMin+1e-9 {
					t.Errorf("acknowledgement %v min (n=%d), want %v", got, c.AckBusiness.N, tc.ackMin)
				}
			}
		})
	}
}

// A Jira Service Management export: incidents and service requests are
// kept, changes skipped and counted.
func TestExportTypes(t *testing.T) {
	text := "Issue key,Issue Type,Created,Resolved,Priority,Component/s\n" +
		"OPS-1,Incident,04/Mar/24 9:15 AM,04/Mar/24 11:15 AM,High,checkout\n" +
		"OPS-2,[System] Service request,05/Mar/24 2:00 PM,05/Mar/24 3:00 PM,Low,\n" +
		"OPS-3,Change,06/Mar/24 1:00 PM,,Low,\n" +
		"OPS-4,Incident,07/Mar/24 1:00 PM,07/Mar/24 1:30 PM,Highest,checkout\n"
	c, err := fit(t, text, Options{Preset: "jsm"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Incidents != 2 || c.Tickets != 1 || c.Skipped["Change"] != 1 {
		t.Errorf("%d incidents, %d tickets, skipped %v", c.Incidents, c.Tickets, c.Skipped)
	}
	if len(c.Severities) != 2 || c.Severities[0].Name != "Highest" || c.Severities[1].Name != "High" {
		t.Errorf("severities %+v, want Highest before High", c.Severities)
	}
	if !strings.Contains(strings.Join(c.Warnings, "\n"), `1 rows of type "Change" were skipped`) {
		t.Errorf("no warning about the skipped change: %v", c.Warnings)
	}
}

func TestSeverityRank(t *testing.T) {
	names := []string{"low", "P3", "SEV1", "1 - Critical", "Medium", "", "weird", "high", "P10"}
	// Ties (SEV1 and "1 - Critical", P3 and Medium) go by name.
	want := []string{"1 - Critical", "SEV1", "high", "Medium", "P3", "low", "P10", "weird", ""}
	got := append([]string(nil), names...)
	for i := range got {
		for j := i + 1; j < len(got); j++ {
			a, b := severityRank(got[i]), severityRank(got[j])
			if b < a || b == a && got[j] < got[i] {
				got[i], got[j] = got[j], got[i]
			}
		}
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestParseMap(t *testing.T) {
	f, c, err := ParseMap("Closed = At=resolved:s")
	if err != nil || f != Resolved || c.Name != "Closed = At" || c.Unit != time.Second {
		t.Errorf("got %v %+v %v", f, c, err)
	}
	for _, bad := range []string{"created", "=created", "x=", "x=resolved:weeks", "x=severity:s"} {
		if _, _, err := ParseMap(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBusinessHoursBetween(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		x, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tc := range []struct {
		from, to string
		want     float64
	}{
		{"2024-03-04 10:00", "2024-03-04 11:30", 1.5},  // Monday, in hours
		{"2024-03-04 16:00", "2024-03-05 10:00", 2},    // overnight: 1 h + 1 h
		{"2024-03-08 16:30", "2024-03-11 09:30", 1},    // over the weekend
		{"2024-03-29 12:00", "2024-04-02 12:00", 16},   // Fri 5 h, Mon 8 h, Tue 3 h; daylight saving began on the Sunday
		{"2024-03-04 09:00", "2026-03-02 09:00", 4160}, // exactly 104 weeks of 40 hours
		{"2024-03-04 09:00", "2026-03-03 10:00", 4169}, // and a Monday and an hour
		{"2024-03-09 10:00", "2024-03-10 18:00", 0},    // a weekend
	} {
		if got := businessHoursBetween(at(tc.from), at(tc.to)); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s to %s: %v business hours, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// Duplicates are found across the chunks ids are stored in, and the
// earliest repeat is the one reported.
func TestIDSet(t *testing.T) {
	var s idSet
	n := 3*idChunk + 17
	for i := 0; i < n; i++ {
		s.add("id-"+strconv.Itoa(i), i+2)
	}
	if _, _, found := s.firstDuplicate(); found {
		t.Fatal("a duplicate among distinct ids")
	}
	s.add("id-"+strconv.Itoa(2*idChunk+5), n+2) // repeats line 2*idChunk+7
	s.add("id-"+strconv.Itoa(idChunk/2), n+3)   // repeats an earlier line, but later
	s.add("id-"+strconv.Itoa(2*idChunk+5), n+4) // a third copy
	first, dup, found := s.firstDuplicate()
	if !found || first != 2*idChunk+7 || dup != n+2 {
		t.Errorf("duplicate at line %d of line %d (%v), want %d of %d", dup, first, found, n+2, 2*idChunk+7)
	}
}

func TestFieldPositions(t *testing.T) {
	for i, f := range []Field{ID, Type, Created, Detected, Acknowledged, FirstResponse, Resolved, Service, Team, Responder, Severity, Cause, Detection, Handoffs} {
		if Fields[i] != f {
			t.Errorf("Fields[%d] = %s, want %s", i, Fields[i], f)
		}
	}
	if len(Fields) != nFields || Fields[iHandoffs] != Handoffs || Fields[iCreated] != Created {
		t.Errorf("%d fields, positions out of step", len(Fields))
	}
}

// ServiceNow and Opsgenie layouts: local times in --tz, "1 - Critical"
// priorities, the contact type as the detection channel, and
// acknowledgement and close times in milliseconds since creation.
func TestOtherPresets(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	sn := "number,opened_at,resolved_at,priority,assignment_group,business_service,contact_type\n" +
		"INC001,2024-03-01 09:30:00,2024-03-01 12:30:00,3 - Moderate,Network,VPN,Phone\n" +
		"INC002,2024-03-02 23:00:00,2024-03-03 01:00:00,1 - Critical,Network,VPN,Monitoring\n" +
		"INC003,2024-03-04 10:00:00,,1 - Critical,Apps,Email,Event Management\n"
	c, err := fit(t, sn, Options{Preset: "servicenow", Location: ny})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Start.Equal(time.Date(2024, 3, 1, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("09:30 in New York read as %v", c.Start.UTC())
	}
	if c.Severities[0].Name != "1 - Critical" || c.Severities[0].Key != "1_-_Critical" || c.Severities[1].Name != "3 - Moderate" {
		t.Errorf("severities %q, %q", c.Severities[0].Name, c.Severities[1].Name)
	}
	if c.Monitoring.N != 3 || c.Monitoring.Value != 2.0/3 || c.Open != 1 {
		t.Errorf("monitoring %+v, open %d", c.Monitoring, c.Open)
	}
	if c.Services[0].Name != "Email" || c.Services[0].Team != "Apps" {
		t.Errorf("service %+v", c.Services[0])
	}
	og := "tinyId,createdAt,report.ackTime,report.closeTime,priority,teams,entity\n" +
		"12,2024-03-04T10:00:00Z,120000,3600000,P1,sre,db\n" +
		"13,2024-03-05T10:00:00Z,60000,,P3,sre,db\n"
	c, err = fit(t, og, Options{Preset: "opsgenie"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.AckBusiness.Mean.Value * 60; math.Abs(got-1.5) > 1e-9 || c.Severities[0].Restore.Mean.Value != 1 {
		t.Errorf("ack %v min, restore %v h; want 1.5 min and 1 h", got, c.Severities[0].Restore.Mean.Value)
	}
}

// Durations and rates in a fragment are written to three significant
// digits in units the scenario parser reads back.
func TestFragmentNumbers(t *testing.T) {
	for _, h := range []float64{1e-4, 0.004, 0.0833, 0.5, 0.999, 1, 2.345, 47.9, 48, 1000} {
		d, err := scenarios.ParseDuration(fmtHours(h))
		if err != nil || math.Abs(d.Hours()/h-1) > 0.005 {
			t.Errorf("%v h written as %q, read back as %v (%v)", h, fmtHours(h), d.Hours(), err)
		}
	}
	for _, perWeek := range []float64{0.00123, 0.1, 0.5, 1, 2.37, 150} {
		r, err := scenarios.ParseRate(fmtRate(perWeek / week))
		if err != nil || math.Abs(r.PerHour()*week/perWeek-1) > 0.005 {
			t.Errorf("%v/week written as %q, read back as %v/week (%v)", perWeek, fmtRate(perWeek/week), r.PerHour()*week, err)
		}
	}
}
