package models

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/opsim/opsim/sim"
)

func TestExpandPresets(t *testing.T) {
	org := smallOrg()
	for _, tc := range []struct {
		preset    string
		teams     []string // extra teams besides product and platform
		firstHops []string // chain of each route
		toil      string
	}{
		{PresetCentralized, []string{"ops"}, []string{"ops>owner"}, "ops"},
		{PresetCollective, nil, []string{"owner"}, "owner"},
		{PresetSRE, []string{"sre"}, []string{"sre>owner", "owner"}, "owner"},
		{PresetLayered, []string{"ops"}, []string{"ops>owner", "owner"}, "owner"},
	} {
		t.Run(tc.preset, func(t *testing.T) {
			cfg, err := Expand(org, Design{Name: tc.preset, Preset: tc.preset})
			if err != nil {
				t.Fatal(err)
			}
			var extra []string
			for _, tm := range cfg.Teams {
				if tm.Kind != KindProduct && tm.Kind != KindPlatform {
					extra = append(extra, tm.Name)
				}
			}
			if !reflect.DeepEqual(extra, tc.teams) {
				t.Errorf("extra teams %v, want %v", extra, tc.teams)
			}
			var chains []string
			for _, r := range cfg.Routing.Routes {
				chains = append(chains, strings.Join(r.Chain, ">"))
			}
			if !reflect.DeepEqual(chains, tc.firstHops) {
				t.Errorf("routes %v, want %v", chains, tc.firstHops)
			}
			if cfg.Routing.ToilTo != tc.toil {
				t.Errorf("toil to %q, want %q", cfg.Routing.ToilTo, tc.toil)
			}
			if n := len(cfg.Teams); n < org.ProductTeams+1 {
				t.Errorf("%d teams", n)
			}
		})
	}
}

func TestExpandOverrides(t *testing.T) {
	no := false
	cfg, err := Expand(smallOrg(), Design{Name: "x", Preset: PresetCentralized, OpsTeamSize: 3, Interrupts: "shield", OnCall: &no,
		Routes: []Route{{Layer: LayerInfra, Chain: []string{"platform"}}, {Chain: []string{"ops"}}}, ToilTo: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range cfg.Teams {
		if tm.Name == "ops" && tm.Engineers != 3 {
			t.Errorf("ops size %d", tm.Engineers)
		}
		if tm.Kind == KindProduct && (tm.Interrupts != "shield" || tm.OnCall) {
			t.Errorf("product team %+v ignores the design's overrides", tm)
		}
	}
	if len(cfg.Routing.Routes) != 2 || cfg.Routing.ToilTo != "owner" {
		t.Errorf("routing %+v", cfg.Routing)
	}
	if _, err := Expand(smallOrg(), Design{Name: "bad", Preset: "matrix"}); err == nil || !strings.Contains(err.Error(), "unknown preset") {
		t.Errorf("unknown preset: %v", err)
	}
	_, err = Expand(smallOrg(), Design{Name: "bad", Routes: []Route{{Chain: []string{"noc"}}}})
	var fe FieldErrors
	if !errors.As(err, &fe) || fe[0].Path != "design.bad.route.0.chain" {
		t.Errorf("unknown team in a chain: %v", err)
	}
}

func TestValidatePaths(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(o *Org)
		path string
	}{
		{"negative coupling", func(o *Org) { o.Services.Coupling = -0.1 }, "services.coupling"},
		{"probability above 1", func(o *Org) { o.Response.Misroute = 1.5 }, "response.misroute"},
		{"empty team", func(o *Org) { o.Teams = []TeamConfig{{Name: "x", Kind: KindOps}} }, "org.team.0.engineers"},
		{"no teams", func(o *Org) { o.ProductTeams = 0 }, "org.product_teams"},
		{"shares", func(o *Org) { o.Incident.Severities[0].Share = 0.5 }, "incidents.severity"},
		{"bad dist", func(o *Org) { o.Work.FeatureSize.P90 = 1 }, "work.feature_size"},
		{"calendar", func(o *Org) { o.ProductTeam.Calendar = "weekdays" }, "org.calendar"},
		{"familiarity", func(o *Org) { o.ProductTeam.Familiarity = -0.5 }, "org.familiarity"},
		{"slo", func(o *Org) { o.Services.SLO = 1 }, "services.slo"},
		{"cycle", func(o *Org) {
			o.Teams = []TeamConfig{{Name: "t", Kind: KindProduct, Engineers: 2}}
			o.Services.List = []ServiceConfig{{Name: "a", Owner: "t"}, {Name: "b", Owner: "t"}, {Name: "c", Owner: "t"}}
			o.Services.Edges = []EdgeConfig{{From: "a", To: "b", Coupling: -1}, {From: "b", To: "c", Coupling: -1}, {From: "c", To: "a", Coupling: -1}}
		}, "services.edge"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := smallOrg()
			tc.edit(&o)
			err := o.Validate()
			var fe FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("no field errors: %v", err)
			}
			for _, e := range fe {
				if e.Path == tc.path {
					if tc.name == "cycle" && !strings.Contains(e.Msg, "a -> b -> c -> a") {
						t.Errorf("cycle message %q does not list the cycle", e.Msg)
					}
					return
				}
			}
			t.Errorf("no error at %s: %v", tc.path, err)
		})
	}
	o := smallOrg()
	if err := o.Validate(); err != nil {
		t.Fatalf("valid org rejected: %v", err)
	}
}

func TestRunIsDeterministic(t *testing.T) {
	cfg, err := Expand(smallOrg(), Design{Name: "c", Preset: PresetCentralized})
	if err != nil {
		t.Fatal(err)
	}
	run := func(id string) *Result {
		r, err := Run(context.Background(), cfg, sim.NewStreams(5, id))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run("rep=1"), run("rep=1")
	// Compare printed forms: NaN metrics (no SRE team here) are equal in
	// print but never under ==.
	if fmt.Sprintf("%+v", *a) != fmt.Sprintf("%+v", *b) {
		t.Fatal("same streams gave different results")
	}
	if fmt.Sprint(a.Metrics) == fmt.Sprint(run("rep=2").Metrics) {
		t.Fatal("different streams gave identical metrics")
	}
	if len(a.Series) == 0 || len(a.Series[0].Values) != int(cfg.Horizon/day) {
		t.Fatalf("daily series: %d series, first has %d values, want %d", len(a.Series), len(a.Series[0].Values), int(cfg.Horizon/day))
	}
	if len(a.Restore) == 0 {
		t.Fatal("no restore times")
	}
}

func TestRunHonoursContextAndLimits(t *testing.T) {
	cfg, _ := Expand(smallOrg(), collective)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, cfg, sim.NewStreams(1, "x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	cfg.MaxEvents = 1000
	if _, err := Run(context.Background(), cfg, sim.NewStreams(1, "x")); !errors.Is(err, sim.ErrLimit) {
		t.Fatalf("runaway guard: %v", err)
	}
}
