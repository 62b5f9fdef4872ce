package models

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// FieldError is a problem with one field. Path is the field's dotted path
// in the scenario schema (e.g. "services.coupling", "design.ops.ops_team_size",
// "incidents.severity.2.share"), so a reader of files can point at a line.
type FieldError struct {
	Path string
	Msg  string
}

// Error reads "path: message".
func (e *FieldError) Error() string { return e.Path + ": " + e.Msg }

// FieldErrors is every problem found, in the order found.
type FieldErrors []*FieldError

// Error lists every problem, one per line.
func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Err is nil when there are no errors.
func (es FieldErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

type checker struct{ errs FieldErrors }

func (c *checker) add(path, format string, args ...any) {
	c.errs = append(c.errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (c *checker) nonNeg(path string, v float64) {
	if !finite(v) || v < 0 {
		c.add(path, "must be zero or more, got %v", v)
	}
}

// nonNegInt is nonNeg for counts.
func (c *checker) nonNegInt(path string, v int) {
	if v < 0 {
		c.add(path, "must be zero or more, got %d", v)
	}
}

func (c *checker) positive(path string, v float64) {
	if !finite(v) || v <= 0 {
		c.add(path, "must be more than zero, got %v", v)
	}
}

func (c *checker) prob(path string, v float64) {
	if !finite(v) || v < 0 || v > 1 {
		c.add(path, "is a probability and must be between 0 and 1, got %v", v)
	}
}

func (c *checker) oneOf(path, v string, allowed ...string) {
	if !slices.Contains(allowed, v) {
		c.add(path, "must be one of %s, got %q", strings.Join(quoteAll(allowed), ", "), v)
	}
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// Validate checks an organisation, reporting every problem with its path.
func (o *Org) Validate() error {
	var c checker
	c.positive("horizon", o.Horizon)
	c.nonNeg("warmup", o.Warmup)
	c.nonNegInt("org.product_teams", o.ProductTeams)
	if o.ProductTeams > 0 && o.EngineersPerTeam < 1 {
		c.add("org.engineers_per_team", "a team needs at least one engineer, got %d", o.EngineersPerTeam)
	}
	if o.ProductTeams == 0 && len(o.Teams) == 0 {
		c.add("org.product_teams", "the organisation has no teams")
	}
	c.nonNegInt("org.platform_team", o.PlatformTeamSize)
	c.team("org", o.ProductTeam, false)
	seen := map[string]bool{}
	for i, t := range o.Teams {
		p := fmt.Sprintf("org.team.%d", i)
		c.team(p, t, true)
		if seen[t.Name] {
			c.add(p+".name", "team %q is defined twice", t.Name)
		}
		seen[t.Name] = true
	}
	c.services(&o.Services)
	c.work(&o.Work)
	c.incidents(&o.Incident)
	r := &o.Response
	c.nonNeg("response.ack", r.AckBusiness)
	c.nonNeg("response.ack_after_hours", r.AckAfterHours)
	c.nonNeg("response.handoff", r.Handoff)
	if r.Triage.Kind != "" {
		c.dist("response.triage", r.Triage)
	}
	c.nonNeg("response.answer_within", r.AnswerWithin)
	c.prob("response.misroute", r.Misroute)
	c.prob("response.misroute_cascade", r.MisrouteCascade)
	l := &o.Learning
	c.nonNeg("learning.postmortem_effort", l.Effort)
	c.prob("learning.reduction", l.Reduction)
	c.prob("learning.floor", l.Floor)
	c.pipeline(&o.Pipeline)
	c.coordination(&o.Coordination)
	c.costs(&o.Costs)
	c.culture(l)
	c.prevention(&o.Prevention)
	c.nonNeg("swarm.channel_cost", o.Swarm.ChannelCost)
	c.budget(&o.Budget)
	c.fatigue(&o.Fatigue)
	c.schedule(o.Schedule)
	return c.errs.Err()
}

func (c *checker) team(p string, t TeamConfig, explicit bool) {
	if explicit {
		if t.Name == "" {
			c.add(p+".name", "a team needs a name")
		}
		if t.Name == "owner" {
			c.add(p+".name", `"owner" is reserved: routes use it for the owning team`)
		}
		c.oneOf(p+".kind", t.Kind, KindProduct, KindOps, KindSRE, KindPlatform, KindDesk)
		if t.Engineers < 1 {
			c.add(p+".engineers", "a team needs at least one engineer, got %d", t.Engineers)
		}
	}
	if t.Calendar != "" {
		c.oneOf(p+".calendar", t.Calendar, BusinessHours, AllHours)
	}
	if t.Interrupts != "" {
		c.oneOf(p+".interrupts", t.Interrupts, "spread", "shield")
	}
	c.nonNegInt(p+".crews", t.Crews)
	c.nonNeg(p+".rotation", t.RotationLength)
	c.nonNeg(p+".familiarity", t.Familiarity) // 0: the default, 1
	c.prob(p+".runbooks", t.Runbooks)
	c.nonNeg(p+".feature_rate", t.FeatureRate)
	c.nonNeg(p+".toil_rate", t.ToilRate)
	c.nonNegInt(p+".wip_limit", t.WIPLimit)
}

func (c *checker) services(s *ServicesConfig) {
	c.nonNegInt("services.per_team", s.PerTeam)
	c.nonNegInt("services.infra_per_team", s.InfraPerTeam)
	if s.Graph != "" {
		c.oneOf("services.graph.kind", s.Graph, "none", "random", "scale-free")
	}
	c.nonNeg("services.graph.mean_degree", s.MeanDegree)
	c.prob("services.graph.infra_share", s.InfraShare)
	c.prob("services.coupling", s.Coupling)
	c.nonNeg("services.cascade_delay", s.CascadeDelay)
	c.prob("services.failover", s.Failover)
	c.nonNeg("services.failover_time", s.FailoverTime)
	c.nonNeg("services.rate_spread", s.RateSpread)
	c.prob("services.critical", s.Critical)
	if s.SLO != 0 && (s.SLO <= 0 || s.SLO >= 1) {
		c.add("services.slo", "is an availability target and must be between 0 and 1 (e.g. 0.999), got %v", s.SLO)
	}
	names := map[string]bool{}
	for i, sv := range s.List {
		p := fmt.Sprintf("services.service.%d", i)
		if sv.Name == "" {
			c.add(p+".name", "a service needs a name")
		} else if names[sv.Name] {
			c.add(p+".name", "service %q is defined twice", sv.Name)
		}
		names[sv.Name] = true
		if sv.Owner == "" {
			c.add(p+".owner", "a service needs an owning team")
		}
		if sv.Layer != "" {
			c.oneOf(p+".layer", sv.Layer, LayerApp, LayerInfra)
		}
		c.nonNeg(p+".incident_rate", sv.IncidentRate)
		if sv.SLO != 0 && (sv.SLO <= 0 || sv.SLO >= 1) {
			c.add(p+".slo", "must be between 0 and 1, got %v", sv.SLO)
		}
	}
	for i, e := range s.Edges {
		p := fmt.Sprintf("services.edge.%d", i)
		if len(s.List) == 0 {
			c.add(p, "explicit edges need an explicit service list ([[services.service]])")
			break
		}
		if !names[e.From] {
			c.add(p+".from", "no service named %q", e.From)
		}
		if !names[e.To] {
			c.add(p+".to", "no service named %q", e.To)
		}
		if e.From == e.To {
			c.add(p+".to", "service %q cannot depend on itself", e.From)
		}
		if e.Coupling >= 0 {
			c.prob(p+".coupling", e.Coupling)
		}
	}
	if cyc := edgeCycle(s.Edges); cyc != nil {
		c.add("services.edge", "dependency cycle: %s", strings.Join(cyc, " -> "))
	}
}

// edgeCycle returns one dependency cycle among the edges, or nil. Cascades
// follow dependencies, so a cycle would let one incident feed itself.
func edgeCycle(edges []EdgeConfig) []string {
	adj := map[string][]string{}
	for _, e := range edges {
		if e.From != e.To {
			adj[e.From] = append(adj[e.From], e.To)
		}
	}
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var found []string
	var visit func(n string) bool
	visit = func(n string) bool {
		color[n] = grey
		stack = append(stack, n)
		for _, m := range adj[n] {
			if color[m] == grey {
				for i, s := range stack {
					if s == m {
						found = append(append([]string{}, stack[i:]...), m)
					}
				}
				return true
			}
			if color[m] == white && visit(m) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		color[n] = black
		return false
	}
	for _, n := range slices.Sorted(maps.Keys(adj)) {
		if color[n] == white && visit(n) {
			return found
		}
	}
	return nil
}

func (c *checker) dist(p string, d distLike) {
	if err := d.Validate(); err != nil {
		c.add(p, "%v", err)
	}
}

type distLike interface{ Validate() error }

func (c *checker) work(w *WorkConfig) {
	if w.FeatureSize.Kind != "" {
		c.dist("work.feature_size", w.FeatureSize)
	}
	if w.ToilSize.Kind != "" {
		c.dist("work.toil_size", w.ToilSize)
	}
	c.nonNeg("work.context_switch", w.ContextSwitch)
	c.prob("work.change_failure", w.ChangeFailure)
	c.nonNeg("work.reference_size", w.ReferenceSize)
	c.nonNeg("work.batch_exponent", w.BatchExponent)
}

func (c *checker) incidents(in *IncidentConfig) {
	c.nonNeg("incidents.rate", in.Rate)
	c.prob("incidents.monitoring", in.Monitoring)
	c.nonNeg("incidents.alert_delay", in.AlertDelay)
	c.nonNeg("incidents.customer_delay", in.CustomerDelay)
	c.nonNeg("incidents.pm_hours", in.PMHours)
	if len(in.Severities) == 0 {
		c.add("incidents.severity", "at least one severity is needed")
		return
	}
	var total float64
	for i, s := range in.Severities {
		p := fmt.Sprintf("incidents.severity.%d", i)
		if s.Name == "" {
			c.add(p+".name", "a severity needs a name")
		}
		c.prob(p+".share", s.Share)
		total += s.Share
		c.dist(p+".effort", s.Effort)
		c.nonNeg(p+".escalate_after", s.EscalateAfter)
		c.prob(p+".impact", s.Impact)
		if s.Responders < 0 {
			c.add(p+".responders", "must be at least 1, got %d", s.Responders)
		}
	}
	if math.Abs(total-1) > 1e-9 {
		c.add("incidents.severity", "shares must add up to 1, they add up to %v", total)
	}
}

// Validate checks an expanded configuration: team references in routes,
// owners of services, and the ranges Org.Validate checks for the org.
func (cfg *Config) Validate() error {
	var c checker
	teams := map[string]TeamConfig{}
	for _, t := range cfg.Teams {
		if _, dup := teams[t.Name]; dup {
			c.add("org.team", "team %q is defined twice", t.Name)
		}
		teams[t.Name] = t
		if t.Engineers < 1 {
			c.add("org.team", "team %q has no engineers", t.Name)
		}
	}
	p := "design." + cfg.Routing.Design
	for i, r := range cfg.Routing.Routes {
		rp := fmt.Sprintf("%s.route.%d", p, i)
		if r.Layer != "" {
			c.oneOf(rp+".layer", r.Layer, LayerApp, LayerInfra)
		}
		if len(r.Chain) == 0 {
			c.add(rp+".chain", "an escalation chain needs at least one team")
		}
		for _, n := range r.Chain {
			if _, ok := teams[n]; !ok && n != "owner" {
				c.add(rp+".chain", "no team named %q (teams: %s)", n, strings.Join(cfg.TeamNames(), ", "))
			}
		}
	}
	if to := cfg.Routing.ToilTo; to != "" && to != "owner" {
		if _, ok := teams[to]; !ok {
			c.add(p+".toil_to", "no team named %q", to)
		}
	}
	for i, s := range cfg.Services.List {
		if _, ok := teams[s.Owner]; !ok && s.Owner != "" {
			c.add(fmt.Sprintf("services.service.%d.owner", i), "no team named %q (teams: %s)", s.Owner, strings.Join(cfg.TeamNames(), ", "))
		}
	}
	c.coordinationTeams(cfg)
	c.costTeams(cfg)
	return c.errs.Err()
}

// Validate checks a design's own fields.
func (d *Design) Validate() error {
	var c checker
	p := "design." + d.Name
	if d.Preset != "" {
		c.oneOf(p+".preset", d.Preset, Presets...)
	}
	c.nonNegInt(p+".ops_team_size", d.OpsTeamSize)
	c.nonNegInt(p+".ops_crews", d.OpsCrews)
	c.nonNegInt(p+".sre_team_size", d.SRETeamSize)
	c.prob(p+".ops_runbooks", d.OpsRunbooks)
	c.prob(p+".sre_runbooks", d.SRERunbooks)
	for _, f := range []struct {
		name string
		v    float64
	}{{"ops_familiarity", d.OpsFamiliarity}, {"sre_familiarity", d.SREFamiliarity}} {
		if f.v != 0 && !(f.v > 0 && finite(f.v)) {
			c.add(p+"."+f.name, "is an effort multiplier and must be more than 0, got %v", f.v)
		}
	}
	if d.Interrupts != "" {
		c.oneOf(p+".interrupts", d.Interrupts, "spread", "shield")
	}
	if d.Reserve != nil {
		c.prob(p+".reserve", *d.Reserve)
	}
	if d.ErrorBudget != "" {
		c.oneOf(p+".error_budget", d.ErrorBudget, FreezeOff, FreezeCritical, FreezeAll)
	}
	if d.Swarm != nil && *d.Swarm < 1 {
		c.add(p+".swarm", "is a number of responders and must be at least 1, got %d", *d.Swarm)
	}
	return c.errs.Err()
}
