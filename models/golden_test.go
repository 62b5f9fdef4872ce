package models

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// The model grows mechanisms that are off by default (a delivery pipeline,
// coordination costs, money). With every new key at its default, each
// replication must measure exactly what the model measured before them:
// not within an interval, bit for bit. testdata/golden_defaults.json holds
// the metrics, team rows and service rows the model without those
// mechanisms produced on fixed seeds; it was written by this test run on a
// tree whose model is main's (git archive main, this file copied in, go
// test ./models -run TestDefaultsReproduceTheModel -golden). Metrics added
// since are not in it and are not compared.

var writeGolden = flag.Bool("golden", false, "rewrite testdata/golden_defaults.json from the current model (only on a tree whose model is the one to pin)")

// goldenCases are small organisations covering every preset and the
// effects a mechanism could disturb: saturated demand, Weinberg's table,
// failover, shielded interrupts, a secondary on call, explicit services.
// The sre preset's error-budget freeze, added since, is switched off: with
// it off the preset is what it was.
func goldenCases() map[string]struct {
	org Org
	d   Design
} {
	short := func(o Org) Org { o.Horizon, o.Warmup = 10*week, week; return o }
	base := short(smallOrg())
	saturated := base
	saturated.ProductTeam.Saturated = true
	weinberg := base
	weinberg.Work.Weinberg = true
	weinberg.Incident.Rate *= 3
	failover := base
	failover.Services.Failover, failover.Services.FailoverTime = 0.5, 0.5
	failover.Services.Coupling = 0.4
	shield := base
	shield.ProductTeam.Interrupts = "shield"
	shield.ProductTeam.Secondary = true
	mmc, pool := mmcOrg(3, 2)
	mmc.Horizon, mmc.Warmup = 2000, 100
	out := map[string]struct {
		org Org
		d   Design
	}{
		"collective": {base, collective}, "centralized": {base, Design{Name: "centralized", Preset: PresetCentralized}},
		"sre": {base, Design{Name: "sre", Preset: PresetSRE, ErrorBudget: FreezeOff}}, "layered": {base, Design{Name: "layered", Preset: PresetLayered}},
		"saturated": {saturated, collective}, "weinberg": {weinberg, Design{Name: "centralized", Preset: PresetCentralized}},
		"failover": {failover, collective}, "shield": {shield, collective}, "mmc": {mmc, pool},
	}
	return out
}

// goldenRecord is what one replication measured, as exact decimal strings
// (strconv 'g' -1 round-trips every float64, NaN included).
type goldenRecord struct {
	Metrics  map[string]string
	Teams    []string
	Services []string
}

func exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func recordOf(r *Result) goldenRecord {
	g := goldenRecord{Metrics: map[string]string{}}
	for _, m := range r.Metrics {
		g.Metrics[m.Name] = exact(m.Value)
	}
	for _, t := range r.Teams {
		g.Teams = append(g.Teams, fmt.Sprintf("%s %s %d util=%s planned=%s interrupt=%s toil=%s learning=%s switch=%s idle=%s ah=%s q=%s fw=%s ew=%s pages=%d pps=%s ahp=%s fpw=%s growth=%s unstable=%v load=%s",
			t.Name, t.Kind, t.Engineers, exact(t.Utilisation), exact(t.Planned), exact(t.Interrupt), exact(t.Toil), exact(t.Learning),
			exact(t.Switch), exact(t.Idle), exact(t.AfterHoursPerEngWeek), exact(t.QueueMean), exact(t.FirstWaitMean), exact(t.EscalatedWaitMean),
			t.Pages, exact(t.PagesPerShift), exact(t.AfterHoursPagesPerEngWeek), exact(t.FeaturesPerWeek), exact(t.PendingGrowthPerWeek), t.Unstable, exact(t.Load)))
	}
	for _, s := range r.Services {
		g.Services = append(g.Services, fmt.Sprintf("%s %s %s %v deps=%d inc=%d avail=%s slo=%s att=%s",
			s.Name, s.Owner, s.Layer, s.Critical, s.Dependents, s.Incidents, exact(s.Availability), exact(s.SLO), exact(s.SLOAttainment)))
	}
	return g
}

// TestDefaultsReproduceTheModel: with every key added since the golden
// file was written at its default, every metric, team row and service row
// the model then reported is reproduced exactly.
func TestDefaultsReproduceTheModel(t *testing.T) {
	path := filepath.Join("testdata", "golden_defaults.json")
	got := map[string][]goldenRecord{}
	cases := goldenCases()
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c := cases[name]
		for _, r := range runReps(t, c.org, c.d, 2, 1234) {
			got[name] = append(got[name], recordOf(r))
		}
	}
	if *writeGolden {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][]goldenRecord
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(names) {
		t.Fatalf("golden file has %d cases, the test runs %d", len(want), len(names))
	}
	compared := 0
	for _, name := range names {
		w, g := want[name], got[name]
		if len(w) != len(g) {
			t.Fatalf("%s: %d golden replications, %d run", name, len(w), len(g))
		}
		for i := range w {
			for metric, wv := range w[i].Metrics {
				gv, ok := g[i].Metrics[metric]
				if !ok {
					t.Errorf("%s rep %d: metric %s is no longer reported", name, i, metric)
					continue
				}
				compared++
				if gv != wv {
					wf, _ := strconv.ParseFloat(wv, 64)
					gf, _ := strconv.ParseFloat(gv, 64)
					t.Errorf("%s rep %d: %s = %s, was %s (relative change %.3g)", name, i, metric, gv, wv, (gf-wf)/math.Abs(wf))
				}
			}
			if fmt.Sprint(w[i].Teams) != fmt.Sprint(g[i].Teams) {
				t.Errorf("%s rep %d: team rows differ:\n got %q\nwant %q", name, i, g[i].Teams, w[i].Teams)
			}
			if fmt.Sprint(w[i].Services) != fmt.Sprint(g[i].Services) {
				t.Errorf("%s rep %d: service rows differ", name, i)
			}
		}
	}
	if compared < 1000 {
		t.Errorf("only %d metric values compared: the golden file is too thin to pin anything", compared)
	}
}
