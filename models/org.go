package models

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/opsim/opsim/sim"
)

// service is one running service: its owner, its dependencies and its
// incident process.
type service struct {
	idx        int
	name       string
	owner      *team
	layer      string
	critical   bool
	slo        float64
	rate       float64 // current incident rate per hour
	baseRate   float64 // before learning
	learnt     float64 // what learning has brought the rate to (rates.go)
	problems   int     // known problems open (prevention.go)
	dependents []edge  // services that depend on this one
	deps       int
	// Each purpose draws from its own stream, so that a draw one design
	// makes and another does not (a runbook check, a misroute) never
	// shifts the incidents both designs see: common random numbers hold
	// incident by incident, not just at the start.
	arrivals *rand.Rand    // times between base incidents
	attrs    [2]attrStream // severity, effort, detection: [0] base incidents, [1] changes and cascades
	cascade  *rand.Rand    // whether and when coupling carries an incident on
	response *rand.Rand    // acknowledgement, runbooks, misroutes, triage
	triageD  sim.Dist      // triage effort, bound to the response stream; nil: none
	arrive   sim.Handler
	clock    arrivalClock // the pending arrival, when rates move (rates.go)
	// problemDraws decides when open problems go away by themselves.
	problemDraws *rand.Rand
	cultureDraws *rand.Rand // what a blaming culture hides or delays (culture.go)
	av           serviceAvailability
	chain        []*team       // the escalation chain, when fixed (chainOf)
	eb           serviceBudget // its error budget's window (errorbudget.go)
	incidents    int
}

// triage draws the effort of a responder deciding to send an incident on.
func (s *service) triage() float64 {
	if s.triageD == nil {
		return 0
	}
	return s.triageD.Rand()
}

type edge struct {
	to       *service // the dependent
	coupling float64
}

// buildServices creates the services and the dependency graph. The graph
// depends only on the organisation and the run's "graph" stream, never on
// the design, so designs compare on the same system.
func (m *model) buildServices() error {
	sc := &m.cfg.Services
	byName := map[string]*team{}
	for _, t := range m.teams {
		byName[t.cfg.Name] = t
	}
	slo := sc.SLO
	if slo == 0 {
		slo = 0.999
	}
	if len(sc.List) > 0 {
		idx := map[string]*service{}
		for _, s := range sc.List {
			owner := byName[s.Owner]
			if owner == nil {
				return fmt.Errorf("service %q: no team named %q", s.Name, s.Owner)
			}
			rate := s.IncidentRate
			if rate == 0 {
				rate = m.cfg.Incident.Rate
			}
			sv := &service{name: s.Name, owner: owner, layer: orString(s.Layer, LayerApp), critical: s.Critical, slo: slo, baseRate: rate}
			if s.SLO != 0 {
				sv.slo = s.SLO
			}
			idx[s.Name] = sv
			m.addService(sv)
		}
		for _, e := range sc.Edges {
			c := e.Coupling
			if c < 0 {
				c = sc.Coupling
			}
			from, to := idx[e.From], idx[e.To]
			to.dependents = append(to.dependents, edge{to: from, coupling: c})
			from.deps++
		}
		return nil
	}

	// Generated services: app services per product team, infrastructure
	// services per platform team (or ops, or product teams round robin).
	var product, platform []*team
	for _, t := range m.teams {
		switch t.cfg.Kind {
		case KindProduct:
			product = append(product, t)
		case KindPlatform:
			platform = append(platform, t)
		}
	}
	infraOwners := platform
	if len(infraOwners) == 0 {
		if ops := m.teamOfKind(KindOps); ops != nil {
			infraOwners = []*team{ops}
		} else {
			infraOwners = product
		}
	}
	nInfra := sc.InfraPerTeam * max(1, len(platform))
	if len(infraOwners) == 0 {
		nInfra = 0
	}
	var infra, app []*service
	for i := 0; i < nInfra; i++ {
		o := infraOwners[i%len(infraOwners)]
		sv := &service{name: fmt.Sprintf("infra-%02d", i+1), owner: o, layer: LayerInfra, slo: slo, baseRate: m.cfg.Incident.Rate}
		infra = append(infra, sv)
		m.addService(sv)
	}
	for _, t := range product {
		for k := 0; k < sc.PerTeam; k++ {
			sv := &service{name: fmt.Sprintf("%s/svc-%d", t.cfg.Name, k+1), owner: t, layer: LayerApp, slo: slo, baseRate: m.cfg.Incident.Rate}
			app = append(app, sv)
			m.addService(sv)
		}
	}
	m.generateGraph(infra, app)
	m.markCritical()
	m.spreadRates()
	return nil
}

// attrStream draws an incident's attributes, with the effort
// distributions bound to it once rather than per incident.
type attrStream struct {
	rng    *rand.Rand
	effort []sim.Dist // per severity
}

func (m *model) addService(sv *service) {
	sv.idx = len(m.services)
	sv.owner.owned = append(sv.owner.owned, sv)
	sv.arrivals = m.streams.Stream("arrivals/" + sv.name)
	for i, kind := range []string{"base", "other"} {
		rng := m.streams.Stream("incident-" + kind + "/" + sv.name)
		a := attrStream{rng: rng}
		for _, spec := range m.effort {
			a.effort = append(a.effort, spec.New(rng))
		}
		sv.attrs[i] = a
	}
	sv.cascade = m.streams.Stream("cascade/" + sv.name)
	sv.response = m.streams.Stream("response/" + sv.name)
	if spec := m.cfg.Response.Triage; spec.Kind != "" {
		sv.triageD = spec.New(sv.response)
	}
	sv.rate, sv.learnt = sv.baseRate, sv.baseRate
	m.services = append(m.services, sv)
}

// generateGraph adds dependency edges from app services to earlier app
// services and to infrastructure, so the graph is acyclic by construction.
// "scale-free" picks targets in proportion to (dependents+1), growing hubs
// the way real platforms grow them.
func (m *model) generateGraph(infra, app []*service) {
	sc := &m.cfg.Services
	if sc.Graph == "" || sc.Graph == "none" || sc.MeanDegree == 0 {
		return
	}
	rng := m.streams.Stream("graph")
	order := append([]*service(nil), app...)
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	// Each candidate's weight is one more than its dependents: infra's
	// from the start, order[j]'s once services after it may depend on it.
	weights := func(cands []*service) []int {
		w := make([]int, len(cands))
		for j, c := range cands {
			w[j] = len(c.dependents) + 1
		}
		return w
	}
	byInfra := newAttachment(weights(infra))
	byOrder := newAttachment(make([]int, len(order)))
	pick := func(cands []*service, by *attachment) int {
		if sc.Graph == "random" {
			return rng.IntN(len(cands))
		}
		u := rng.Float64() * float64(by.prefix(len(cands)))
		if j, ok := by.search(u); ok && j < len(cands) {
			return j
		}
		return len(cands) - 1
	}
	for i, s := range order {
		k := int(sc.MeanDegree)
		if rng.Float64() < sc.MeanDegree-float64(k) {
			k++
		}
		seen := map[*service]bool{}
		for n := 0; n < k; n++ {
			var target *service
			var by *attachment
			var j int
			if len(infra) > 0 && (i == 0 || rng.Float64() < sc.InfraShare) {
				j, by = pick(infra, byInfra), byInfra
				target = infra[j]
			} else if i > 0 {
				j, by = pick(order[:i], byOrder), byOrder
				target = order[j]
			}
			if target == nil || seen[target] {
				continue
			}
			seen[target] = true
			target.dependents = append(target.dependents, edge{to: s, coupling: sc.Coupling})
			by.add(j, 1)
			s.deps++
		}
		byOrder.add(i, len(s.dependents)+1) // a candidate from the next service on
	}
}

// markCritical marks the most depended-on services critical, counting
// everything that depends on them directly or through others.
func (m *model) markCritical() {
	n := int(math.Round(m.cfg.Services.Critical * float64(len(m.services))))
	if n == 0 {
		return
	}
	reach := make([]int, len(m.services))
	for i, s := range m.services {
		seen := map[*service]bool{}
		stack := []*service{s}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range x.dependents {
				if !seen[e.to] {
					seen[e.to] = true
					stack = append(stack, e.to)
				}
			}
		}
		reach[i] = len(seen)
	}
	order := make([]int, len(m.services))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return reach[order[a]] > reach[order[b]] })
	for _, i := range order[:n] {
		m.services[i].critical = true
	}
}

// spreadRates gives each service a lognormal rate multiplier: with a large
// spread one problematic component causes most incidents. The multipliers
// are normalised so that the organisation's total rate is exactly what it
// was: spreading the rates moves incidents between services, it never adds
// or removes any (a lognormal with mean 1 keeps the total only in
// expectation, and the median organisation would lose a third of its
// incidents at sigma 2).
func (m *model) spreadRates() {
	sigma := m.cfg.Services.RateSpread
	if sigma == 0 || len(m.services) == 0 {
		return
	}
	rng := m.streams.Stream("rate-spread")
	f := make([]float64, len(m.services))
	var before, after float64
	for i, s := range m.services {
		f[i] = math.Exp(sigma * rng.NormFloat64())
		before += s.baseRate
		after += s.baseRate * f[i]
	}
	if after == 0 {
		return
	}
	for i, s := range m.services {
		s.baseRate *= f[i] * before / after
		s.rate, s.learnt = s.baseRate, s.baseRate
	}
}

func (m *model) teamOfKind(kind string) *team {
	for _, t := range m.teams {
		if t.cfg.Kind == kind {
			return t
		}
	}
	return nil
}

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
