package scenarios

import (
	"fmt"
	"strings"

	"github.com/opsim/opsim/models"
)

func convertOrg(c *checker, f *fileTOML, name string) models.Org {
	o := models.Org{Name: name, Warmup: f.Warmup.Hours()}
	if f.Horizon != nil {
		o.Horizon = f.Horizon.Hours()
	}
	ot := &f.Org
	o.ProductTeams = capInt(c, "org.product_teams", ot.ProductTeams, maxTeams)
	o.EngineersPerTeam = capInt(c, "org.engineers_per_team", ot.EngineersPerTeam, maxEngineers)
	o.PlatformTeamSize = capInt(c, "org.platform_team", ot.PlatformTeam, maxEngineers)
	o.PlatformEngineering = ot.PlatformEng
	share(c, "org.platform_engineering", ot.PlatformEng)
	if ot.Familiarity == 0 {
		c.add("org.familiarity", "is an effort multiplier for unfamiliar services and must be more than 0, got 0")
	}
	if ot.Rotation == 0 {
		c.add("org.rotation", "must be longer than zero: how long an engineer stays on call")
	}
	o.ProductTeam = models.TeamConfig{
		Kind:           models.KindProduct,
		Calendar:       ot.Calendar,
		Crews:          crews(c, "org", ot.Crews, ot.Calendar, ot.EngineersPerTeam),
		OnCall:         true,
		RotationLength: ot.Rotation.Hours(),
		Secondary:      ot.Secondary,
		Interrupts:     ot.Interrupts,
		Familiarity:    ot.Familiarity,
		Runbooks:       ot.Runbooks,
		FeatureRate:    ot.FeatureRate.PerHour(),
		Saturated:      demand(c, "org.demand", ot.Demand),
		WIPLimit:       ot.WIPLimit,
		ToilRate:       ot.ToilRate.PerHour(),
	}
	if len(ot.Team) > maxTeams {
		c.add("org.team", "at most %d explicit teams, got %d", maxTeams, len(ot.Team))
	}
	for i, t := range ot.Team {
		o.Teams = append(o.Teams, convertTeam(c, fmt.Sprintf("org.team.%d", i), t, ot))
	}

	st := &f.Services
	o.Services = models.ServicesConfig{
		PerTeam:      capInt(c, "services.per_team", st.PerTeam, maxServices),
		InfraPerTeam: capInt(c, "services.infra_per_team", st.InfraPerTeam, maxServices),
		Graph:        st.Graph.Kind, MeanDegree: st.Graph.MeanDegree, InfraShare: st.Graph.InfraShare,
		Coupling: st.Coupling, CascadeDelay: st.CascadeDelay.Hours(),
		Failover: st.Failover, FailoverTime: st.FailoverTime.Hours(),
		RateSpread: st.RateSpread, Critical: st.Critical, SLO: st.SLO,
	}
	for _, sv := range st.Service {
		sc := models.ServiceConfig{Name: sv.Name, Owner: sv.Owner, Layer: sv.Layer, Critical: sv.Critical,
			IncidentRate: st.IncidentRate.PerHour(), SLO: st.SLO}
		if sv.IncidentRate != nil {
			sc.IncidentRate = sv.IncidentRate.PerHour()
		}
		if sv.SLO != nil {
			sc.SLO = *sv.SLO
		}
		o.Services.List = append(o.Services.List, sc)
	}
	for i, e := range st.Edge {
		ec := models.EdgeConfig{From: e.From, To: e.To, Coupling: -1}
		if e.Coupling != nil {
			ec.Coupling = *e.Coupling
			if *e.Coupling < 0 || *e.Coupling > 1 {
				// models reads a negative coupling as "the default": say so.
				c.add(fmt.Sprintf("services.edge.%d.coupling", i), "is a probability and must be between 0 and 1, got %v", *e.Coupling)
			}
		}
		o.Services.Edges = append(o.Services.Edges, ec)
	}

	wt := &f.Work
	o.Work = models.WorkConfig{
		ContextSwitch: wt.ContextSwitch.hours, Weinberg: wt.ContextSwitch.weinberg,
		ChangeFailure: wt.ChangeFailure, ReferenceSize: wt.ReferenceSize.Hours(), BatchExponent: wt.BatchExponent,
	}
	if wt.FeatureSize != nil {
		wt.FeatureSize.check("work.feature_size", c.addf)
		o.Work.FeatureSize = wt.FeatureSize.spec()
	}
	if wt.ToilSize != nil {
		wt.ToilSize.check("work.toil_size", c.addf)
		o.Work.ToilSize = wt.ToilSize.spec()
	}

	it := &f.Incidents
	o.Incident = models.IncidentConfig{
		Rate: st.IncidentRate.PerHour(), Monitoring: it.Monitoring,
		AlertDelay: it.AlertDelay.Hours(), CustomerDelay: it.CustomerDelay.Hours(),
		PMHours: it.PMHours.Hours(), SeverityWeight: it.SeverityWeight,
	}
	for i, sv := range it.Severity {
		p := fmt.Sprintf("incidents.severity.%d", i)
		s := models.Severity{Name: sv.Name, EscalateAfter: sv.EscalateAfter.Hours(), Postmortem: sv.Postmortem, Impact: sv.Impact, Responders: sv.Responders}
		if s.Name == "" {
			s.Name = fmt.Sprintf("SEV%d", i+1)
		}
		if sv.Responders < 1 {
			c.add(p+".responders", "is a number of engineers and must be at least 1, got %d", sv.Responders)
		}
		if sv.Share == nil {
			c.add(p+".share", "is required: the fraction of incidents at this severity")
		} else {
			s.Share = *sv.Share
		}
		if sv.Effort == nil {
			c.add(p+".effort", `is required: a distribution table, e.g. { dist = "lognormal", median = "1h", p90 = "4h" }`)
		} else {
			sv.Effort.check(p+".effort", c.addf)
			s.Effort = sv.Effort.spec()
		}
		o.Incident.Severities = append(o.Incident.Severities, s)
	}

	rt := &f.Response
	o.Response = models.ResponseConfig{
		AckBusiness: rt.Ack.Hours(), AckAfterHours: rt.AckAfterHours.Hours(), Handoff: rt.Handoff.Hours(),
		Misroute: rt.Misroute, MisrouteCascade: rt.MisrouteCascade, AnswerWithin: rt.AnswerWithin.Hours(),
	}
	if rt.Triage != nil {
		rt.Triage.check("response.triage", c.addf)
		o.Response.Triage = rt.Triage.spec()
	}
	lt := &f.Learning
	o.Learning = models.LearningConfig{Blameless: lt.Blameless, Effort: lt.PostmortemEffort.Hours(), Reduction: lt.Reduction, Floor: lt.Floor,
		BlameHidden: lt.BlameHidden, BlameEscalation: lt.BlameEscalation.Hours(), Ownership: lt.Ownership, OwnershipFloor: lt.OwnershipFloor}
	convertDelivery(c, f, &o)
	convertFeedback(c, f, &o)
	return o
}

func (c *checker) addf(path, msg string) { c.add(path, "%s", msg) }

// capInt reports a count over its limit and returns it clamped, so that
// expanding a rejected file for its other errors cannot allocate billions
// of teams.
func capInt(c *checker, path string, v, max int) int {
	if v > max {
		c.add(path, "must be at most %d, got %d", max, v)
		return max
	}
	return v
}

// crews defaults a team's crews from its calendar: 24x7 teams work in four
// 8-hour crews, as the ops preset does; other teams have no shifts.
func crews(c *checker, path string, given *int, calendar string, engineers int) int {
	if given == nil {
		if calendar == models.AllHours {
			return min(4, max(engineers, 1))
		}
		return 0
	}
	n := *given
	switch {
	case n > maxCrews:
		c.add(path+".crews", "must be at most %d, got %d", maxCrews, n)
	case calendar == models.AllHours && n < 1:
		c.add(path+".crews", "a 24x7 team needs at least one crew, got %d", n)
	case calendar == models.AllHours && engineers > 0 && n > engineers:
		c.add(path+".crews", "a team of %d engineers cannot form %d crews", engineers, n)
	}
	return n
}

func convertTeam(c *checker, p string, t teamTOML, org *orgTOML) models.TeamConfig {
	tc := models.TeamConfig{
		Name: t.Name, Kind: t.Kind, Engineers: t.Engineers,
		RotationLength: t.Rotation.Hours(), Secondary: t.Secondary, Interrupts: t.Interrupts, WIPLimit: t.WIPLimit,
		ToilRate: org.ToilRate.PerHour(),
	}
	if t.Name == "" {
		c.add(p+".name", "is required: routes and service owners refer to teams by name")
	}
	if t.Kind == "" {
		c.add(p+".kind", "is required: one of %s", strings.Join([]string{models.KindProduct, models.KindOps, models.KindSRE, models.KindPlatform, models.KindDesk}, ", "))
	}
	tc.Engineers = capInt(c, p+".engineers", t.Engineers, maxEngineers)
	tc.Calendar = models.BusinessHours
	if t.Kind == models.KindOps {
		tc.Calendar = models.AllHours
	}
	if t.Calendar != nil {
		tc.Calendar = *t.Calendar
	}
	tc.Crews = crews(c, p, t.Crews, tc.Calendar, t.Engineers)
	tc.OnCall = tc.Calendar != models.AllHours
	if t.OnCall != nil {
		tc.OnCall = *t.OnCall
	}
	if tc.OnCall && t.Rotation == 0 {
		c.add(p+".rotation", "must be longer than zero for a team on call")
	}
	kd, ok := kindDefaults[t.Kind]
	if !ok {
		kd = kindDefaults[models.KindProduct]
	}
	tc.Familiarity, tc.Runbooks = kd.familiarity, kd.runbooks
	if t.Familiarity != nil {
		tc.Familiarity = *t.Familiarity
		if tc.Familiarity == 0 {
			c.add(p+".familiarity", "is an effort multiplier for unfamiliar services and must be at least 1, got 0")
		}
	}
	if t.Runbooks != nil {
		tc.Runbooks = *t.Runbooks
	}
	if t.Kind == models.KindProduct {
		tc.FeatureRate = org.FeatureRate.PerHour()
		tc.Saturated = org.Demand == models.DemandSaturated
	}
	if t.Demand != nil {
		tc.Saturated = demand(c, p+".demand", *t.Demand)
	}
	if t.FeatureRate != nil {
		tc.FeatureRate = t.FeatureRate.PerHour()
	}
	if t.ToilRate != nil {
		tc.ToilRate = t.ToilRate.PerHour()
	}
	return tc
}

// share checks a share of a team: between 0 and 1.
func share(c *checker, path string, v float64) {
	if v < 0 || v > 1 {
		c.add(path, "is a share of the team and must be between 0 and 1, got %v", v)
	}
}

// demand reads a demand key: "arrivals" or "saturated".
func demand(c *checker, path, v string) bool {
	if v != models.DemandArrivals && v != models.DemandSaturated {
		c.add(path, "must be %q or %q, got %q", models.DemandArrivals, models.DemandSaturated, v)
	}
	return v == models.DemandSaturated
}

func convertDesign(c *checker, name string, dt *designTOML, raw map[string]any) models.Design {
	p := "design." + name
	d := models.Design{
		Name: name, Preset: dt.Preset,
		OpsTeamSize: dt.OpsTeamSize, OpsCrews: dt.OpsCrews, OpsRunbooks: dt.OpsRunbooks, OpsFamiliarity: dt.OpsFamiliarity,
		SRETeamSize: dt.SRETeamSize, SRERunbooks: dt.SRERunbooks, SREFamiliarity: dt.SREFamiliarity,
		OpsEngineering: dt.OpsEngineering, SREEngineering: dt.SREEngineering, SRECap: dt.SRECap,
		Interrupts: dt.Interrupts, OnCall: dt.OnCall, Secondary: dt.Secondary, ToilTo: dt.ToilTo,
		Reserve: dt.Reserve, Swarm: dt.Swarm, ErrorBudget: dt.ErrorBudget, Blameless: dt.Blameless,
	}
	for _, k := range []struct {
		key string
		v   *float64
	}{{"ops_engineering", dt.OpsEngineering}, {"sre_engineering", dt.SREEngineering}, {"sre_cap", dt.SRECap}, {"reserve", dt.Reserve}} {
		if k.v != nil {
			share(c, p+"."+k.key, *k.v)
		}
	}
	if _, given := raw["preset"]; !given {
		switch {
		case contains(models.Presets, name):
			d.Preset = name
		case dt.Route != nil:
			d.Preset = models.PresetCustom
		default:
			msg := fmt.Sprintf("is required: one of %s (or give [[%s.route]] tables for a custom design)", strings.Join(models.Presets, ", "), p)
			if s, ok := suggest(name, models.Presets); ok {
				msg = fmt.Sprintf("is required (did you mean to name the design %q?): one of %s", s, strings.Join(models.Presets, ", "))
			}
			c.add(p+".preset", "%s", msg)
		}
	}
	// Keys that the preset does not read would be silently ignored.
	if contains(models.Presets, d.Preset) {
		for _, k := range []string{"ops_team_size", "ops_crews", "ops_runbooks", "ops_familiarity", "ops_engineering", "sre_team_size", "sre_runbooks", "sre_familiarity", "sre_engineering", "sre_cap"} {
			if _, given := raw[k]; given && !contains(presetKeys[d.Preset], k) {
				c.add(p+"."+k, "has no effect: preset %q has no %s team", d.Preset, strings.SplitN(k, "_", 2)[0])
			}
		}
	}
	// models reads 0 as "the preset's default", so an explicit 0 would be
	// silently replaced; say so rather than run something else.
	for _, k := range []struct {
		key  string
		zero bool
		msg  string
	}{
		{"ops_team_size", dt.OpsTeamSize == 0, "a team needs at least one engineer, got 0"},
		{"ops_crews", dt.OpsCrews == 0, "a 24x7 team needs at least one crew, got 0"},
		{"sre_team_size", dt.SRETeamSize == 0, "a team needs at least one engineer, got 0"},
		{"ops_runbooks", dt.OpsRunbooks == 0, "0 cannot be expressed (models reads it as the preset default); use a small value such as 0.01"},
		{"sre_runbooks", dt.SRERunbooks == 0, "0 cannot be expressed (models reads it as the preset default); use a small value such as 0.01"},
		{"ops_familiarity", dt.OpsFamiliarity == 0, "is an effort multiplier and must be at least 1, got 0"},
		{"sre_familiarity", dt.SREFamiliarity == 0, "is an effort multiplier and must be at least 1, got 0"},
	} {
		if _, given := raw[k.key]; given && k.zero {
			c.add(p+"."+k.key, "%s", k.msg)
		}
	}
	d.OpsTeamSize = capInt(c, p+".ops_team_size", dt.OpsTeamSize, maxEngineers)
	d.SRETeamSize = capInt(c, p+".sre_team_size", dt.SRETeamSize, maxEngineers)
	d.OpsCrews = capInt(c, p+".ops_crews", dt.OpsCrews, maxCrews)
	if dt.OpsCrews > 0 && dt.OpsTeamSize > 0 && dt.OpsCrews > dt.OpsTeamSize {
		c.add(p+".ops_crews", "an ops team of %d engineers cannot form %d crews", dt.OpsTeamSize, dt.OpsCrews)
	}
	if dt.Route != nil {
		d.Routes = []models.Route{}
		for _, r := range dt.Route {
			d.Routes = append(d.Routes, models.Route{Layer: r.Layer, Critical: r.Critical, Chain: r.Chain})
		}
	}
	return d
}
