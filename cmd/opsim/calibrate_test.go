package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis/calibrate"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// roundTripScenario is a known organisation with every mechanism off that
// would blur the link between its parameters and its event log.
var roundTripScenario = filepath.Join("..", "..", "analysis", "calibrate", "testdata", "roundtrip.toml")

// calibrateLog simulates the round-trip scenario with --events and fits
// its first run's log at the given level.
func calibrateLog(t *testing.T, seed string, level float64) (*calibrate.Calibration, *scenarios.Scenario, string) {
	t.Helper()
	dir := t.TempDir()
	if code, _, errs := opsim(t, "run", roundTripScenario, "--events", "-o", dir, "-q", "--reps", "2", "--seed", seed); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	log := filepath.Join(dir, results.EventsDir, "p000-collective-r0000.csv")
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := calibrate.Fit(log, f, calibrate.Options{Level: level})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(roundTripScenario)
	if err != nil {
		t.Fatal(err)
	}
	return cal, sc, log
}

// TestCalibrateRoundTrip: simulate a known organisation, calibrate from
// its event log, and find every parameter inside its interval: each
// service's incident rate (those with enough incidents for a rate of their
// own), the severity mix, each severity's effort distribution, the
// acknowledgement times in and after business hours, detection, ticket
// rates and ticket sizes. There are 26 intervals, so each is at
// 1 - 0.05/26 (Bonferroni): a correct calibration fails one with
// probability under 5% on a fresh seed; the seed here is fixed.
func TestCalibrateRoundTrip(t *testing.T) {
	const checks = 26
	cal, sc, _ := calibrateLog(t, "14", 1-0.05/checks)
	org := sc.Org
	n := 0
	in := func(what string, truth float64, iv calibrate.Interval) {
		t.Helper()
		n++
		if !(iv.Lo <= truth && truth <= iv.Hi) {
			t.Errorf("%s: true %.4g outside the fitted %.4g [%.4g, %.4g] (n=%d)", what, truth, iv.Value, iv.Lo, iv.Hi, iv.N)
		}
	}
	rates := map[string]calibrate.ServiceRate{}
	for _, s := range cal.Services {
		rates[s.Name] = s
	}
	for _, s := range org.Services.List {
		r, ok := rates[s.Name]
		if !ok {
			t.Fatalf("service %s not in the calibration", s.Name)
		}
		if r.Team != s.Owner {
			t.Errorf("%s: owner %s, want %s", s.Name, r.Team, s.Owner)
		}
		if r.Shrunk {
			continue // too few incidents for a rate of its own
		}
		in("incident rate of "+s.Name, s.IncidentRate, r.Rate)
	}
	if len(cal.Severities) != len(org.Incident.Severities) {
		t.Fatalf("%d severities, want %d", len(cal.Severities), len(org.Incident.Severities))
	}
	const z90 = 1.2815515655446004
	for i, sv := range org.Incident.Severities {
		got := cal.Severities[i]
		if got.Key != sv.Name {
			t.Fatalf("severity %d is %s, want %s", i, got.Key, sv.Name)
		}
		in(sv.Name+" share", sv.Share, got.Share)
		w := got.Work.Fits[0] // the lognormal
		if w.Kind != calibrate.LogNormal {
			t.Fatalf("first fit is %s", w.Kind)
		}
		mu, sigma := math.Log(sv.Effort.Median), math.Log(sv.Effort.P90/sv.Effort.Median)/z90
		in(sv.Name+" effort mu", mu, calibrate.Interval{Value: w.Params[0].Value, Lo: w.Params[0].Lo, Hi: w.Params[0].Hi, N: got.Work.N})
		in(sv.Name+" effort sigma", sigma, calibrate.Interval{Value: w.Params[1].Value, Lo: w.Params[1].Lo, Hi: w.Params[1].Hi, N: got.Work.N})
	}
	in("ack in business hours", org.Response.AckBusiness, cal.AckBusiness.Mean)
	in("ack after hours", org.Response.AckAfterHours, cal.AckAfterHours.Mean)
	if !cal.AfterHours.Shown {
		t.Errorf("a 6x slower acknowledgement at night not shown: p = %v", cal.AfterHours.P)
	}
	in("monitoring share", org.Incident.Monitoring, cal.Monitoring)
	in("alert delay", org.Incident.AlertDelay, cal.AlertDelay.Mean)
	in("customer delay", org.Incident.CustomerDelay, cal.CustomerDelay.Mean)
	for _, tm := range org.Teams {
		found := false
		for _, ct := range cal.Teams {
			if ct.Name == tm.Name {
				found = true
				in("ticket rate of "+tm.Name, tm.ToilRate, ct.TicketRate)
			}
		}
		if !found {
			t.Errorf("team %s not in the calibration", tm.Name)
		}
	}
	in("ticket size", org.Work.ToilSize.Mean, cal.TicketWork.Mean)
	if n != checks {
		t.Errorf("%d intervals checked, the level assumes %d", n, checks)
	}
}

// TestReadmeCalibration runs the README's calibration commands exactly as
// written, from a folder where scenarios/ is the repository's.
func TestReadmeCalibration(t *testing.T) {
	text := string(read(t, filepath.Join("..", "..", "README.md")))
	i := strings.Index(text, "## Calibrating from your own data")
	if i < 0 {
		t.Fatal(`README has no "Calibrating from your own data" section`)
	}
	block := text[i:]
	start := strings.Index(block, "```sh\n")
	if start < 0 {
		t.Fatal("no sh block in the section")
	}
	block = block[start+len("```sh\n"):]
	block = block[:strings.Index(block, "```")]
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.Symlink(filepath.Join(root, "scenarios"), "scenarios"); err != nil {
		t.Fatal(err)
	}
	var ran int
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		args := strings.Fields(line)
		if len(args) == 0 || args[0] != "opsim" {
			t.Fatalf("not an opsim command: %q", line)
		}
		if code, _, errs := opsim(t, args[1:]...); code != 0 {
			t.Fatalf("%s: exit %d: %s", line, code, errs)
		}
		ran++
	}
	if ran != 2 {
		t.Fatalf("%d commands in the README block, want calibrate and compare", ran)
	}
	for _, f := range []string{"out/acme.toml", "out/acme-calibration.md", "out/acme-figures/work-p2.png", "out/acme-figures/work-p2.svg", "out/acme/report.html"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("the README's commands left no %s", f)
		}
	}
	// The fitted scenario is the base's designs on the export's organisation.
	sc, err := scenarios.Load("out/acme.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Designs) != 2 || len(sc.Org.Teams) != 3 || len(sc.Org.Services.List) != 6 || len(sc.Org.Incident.Severities) != 4 {
		t.Errorf("fitted scenario: %d designs, %d teams, %d services, %d severities; want 2, 3, 6, 4",
			len(sc.Designs), len(sc.Org.Teams), len(sc.Org.Services.List), len(sc.Org.Incident.Severities))
	}
	report := string(read(t, "out/acme-calibration.md"))
	for _, want := range []string{"dns", "shrunk", "P1: 4 work times", "Welch", "![work, P2](acme-figures/work-p2.png)"} {
		if !strings.Contains(report, want) {
			t.Errorf("the calibration report lacks %q", want)
		}
	}
}

func TestCalibrateCommand(t *testing.T) {
	_, _, log := calibrateLog(t, "3", 0.95)
	dir := t.TempDir()
	frag := filepath.Join(dir, "fitted.toml")
	code, out, errs := opsim(t, "calibrate", log, "-o", frag, "--engineers", "4")
	if code != 0 || !strings.Contains(out, "fragment: "+frag) || !strings.Contains(errs, "warning: ") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	text := read(t, frag)
	if !strings.HasPrefix(string(text), calibrate.FragmentHeader) || !strings.Contains(string(text), "engineers = 4") {
		t.Errorf("fragment:\n%.400s", text)
	}
	// Calibrate's own output may be replaced; a scenario it did not write
	// may not, unless forced.
	if code, _, errs := opsim(t, "calibrate", log, "-o", frag); code != 0 {
		t.Errorf("rerun over its own fragment: exit %d: %s", code, errs)
	}
	mine := writeScenario(t, tiny)
	if code, _, errs := opsim(t, "calibrate", log, "-o", mine); code != 2 || !strings.Contains(errs, "did not write it") {
		t.Errorf("over a hand-written scenario: exit %d: %s", code, errs)
	}
	if string(read(t, mine)) != tiny {
		t.Error("a refused -o file was changed")
	}
	if code, _, errs := opsim(t, "calibrate", log, "-o", mine, "--force"); code != 0 {
		t.Errorf("--force: exit %d: %s", code, errs)
	}
	// A base that sets a table the fragment sets is refused before anything is written.
	base := writeScenario(t, tiny)
	out2 := filepath.Join(dir, "combined.toml")
	code, _, errs = opsim(t, "calibrate", log, "--base", base, "-o", out2)
	if code != 1 || !strings.Contains(errs, "does not parse") || !strings.Contains(errs, "services") {
		t.Errorf("a base with [services]: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Error("output written although it does not parse")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", log}, "want one export file and -o"},
		{[]string{"calibrate", log, "-o", frag, "--tz", "Mars/Olympus"}, "--tz"},
		{[]string{"calibrate", log, "-o", frag, "--preset", "nagios"}, "unknown preset"},
		{[]string{"calibrate", log, "-o", frag, "--map", "x=nonsense"}, "unknown field"},
		{[]string{"calibrate", log, "-o", frag, "--ticket-clock", "lunar"}, "ticket clock"},
		{[]string{"calibrate", filepath.Join(dir, "missing.csv"), "-o", frag}, "no such file"},
		{[]string{"calibrate", roundTripScenario, "-o", frag}, "roundtrip.toml:1: "},
	} {
		if code, _, errs := opsim(t, tc.args...); code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args[1:], code, errs, tc.want)
		}
	}
}
