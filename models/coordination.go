package models

// Coordination costs: what it costs people to work together, growing with
// the size of what they work in. With every CoordinationConfig field at
// its zero value nothing here runs.
//
//   - Within a team (Brooks, The Mythical Man-Month, 1975): n people have
//     n(n−1)/2 channels, so each spends a share of planned work talking to
//     each of the n−1 others. Output per engineer falls with every
//     engineer added, and the team's output, n·(1 − c·(n−1)), peaks at
//     (1 + 1/c)/2 engineers. c = 0.043 reproduces QSM's finding (Putnam,
//     QSM 2005, 564 information-systems projects) that teams of more than
//     20 people finished 100,000-line systems barely sooner than teams of
//     fewer than 5 (8.92 against 9.12 months): 4·(1−3c) = 20·(1−19c).
//   - Onboarding: people leave and are replaced at once; each new hire
//     costs the team effort (their ramp-up and their mentors' time).
//   - Across teams: an incident that involves several teams (a cascade,
//     an escalation, a misroute) costs coordination for everyone in it:
//     every pair of teams in one incident's family (its cause and the
//     symptoms it cascaded into) spends a bridge call's effort each.
//   - The platform team's demand grows with the teams it serves: each
//     product team raises requests (provisioning, support, migrations)
//     that the platform does, through whoever takes the design's tickets
//     first; while a request is open its team can be blocked.

// CoordinationConfig says what working together costs.
type CoordinationConfig struct {
	// PerPeer is the share of planned-work time each engineer spends
	// talking with each teammate: a team of n loses PerPeer·(n−1).
	PerPeer float64
	// Turnover is the share of a team's engineers replaced per year;
	// Onboarding the team's effort per new hire.
	Turnover, Onboarding float64
	// Incident is the effort each team in an incident that involves
	// several teams spends per other team involved.
	Incident float64
	// PlatformRequests is the rate, per hour, of requests each product
	// team raises for the platform team; PlatformBlocking makes an open
	// request hold one of its team's WIP slots until it is done.
	PlatformRequests float64
	PlatformBlocking bool
}

// year is a Julian year in hours, for rates per year.
const year = 365.25 * day

// talkShare is the share of a team's planned work lost to talking.
func (c *CoordinationConfig) talkShare(engineers int) float64 {
	return c.PerPeer * float64(engineers-1)
}

// startCoordination starts a team's turnover and platform requests.
func (m *model) startCoordination(t *team) {
	c := &m.cfg.Coordination
	if rate := c.Turnover * float64(t.cfg.Engineers) / year; rate > 0 && c.Onboarding > 0 {
		rng := m.streams.Stream("turnover/" + t.cfg.Name)
		var hire func()
		hire = func() {
			t.submit(&task{cat: catCoord}, prioFeature, c.Onboarding) // planned: it waits for a free engineer
			m.env.AfterFunc(rng.ExpFloat64()/rate, hire)
		}
		m.env.AfterFunc(rng.ExpFloat64()/rate, hire)
	}
	if c.PlatformRequests > 0 && t.cfg.Kind == KindProduct {
		m.startRequests(t)
	}
}

// startRequests runs the requests a product team raises for the platform:
// tickets the platform owns, taken first by whoever takes the design's
// tickets, each the size of a ticket.
func (m *model) startRequests(t *team) {
	platform := m.platformTeam()
	rng := m.streams.Stream("platform-requests/" + t.cfg.Name)
	route := m.streams.Stream("platform-route/" + t.cfg.Name)
	size := m.toilSize.New(rng)
	triage := m.triageOn(route)
	rate := m.cfg.Coordination.PlatformRequests
	to := m.ticketsFirst(platform)
	var arrive func()
	arrive = func() {
		tk := m.newTicket(platform, to, size.Rand())
		alone, tri := route.Float64() < to.cfg.Runbooks, draw(triage)
		if m.cfg.Coordination.PlatformBlocking {
			tk.blocks = t
			t.blocked++
		}
		m.raise(tk, alone, tri)
		m.env.AfterFunc(rng.ExpFloat64()/rate, arrive)
	}
	m.env.AfterFunc(rng.ExpFloat64()/rate, arrive)
}

// platformTeam is the team that owns the platform: the first of kind
// platform (validation makes sure there is one when requests are asked for).
func (m *model) platformTeam() *team { return m.teamOfKind(KindPlatform) }

// unblock frees the WIP slot a finished request held.
func (m *model) unblock(t *team) {
	t.blocked--
	m.pullFeatures(t)
}

// involve records that team t works on an incident. Every team already in
// the incident's family and t spend the bridge call's effort each, at the
// incident's priority, booked as coordination.
func (m *model) involve(in *incident, t *team) {
	c := m.cfg.Coordination.Incident
	root := in
	for root.parent != nil {
		root = root.parent
	}
	for _, u := range root.involved {
		if u == t {
			return
		}
	}
	prio := -len(m.cfg.Incident.Severities) + in.sev
	for _, u := range root.involved {
		if c > 0 {
			u.submit(&task{cat: catCoord}, prio, c)
			t.submit(&task{cat: catCoord}, prio, c)
		}
	}
	if root.involved == nil {
		root.involved = root.inv[:0] // most families involve one or two teams
	}
	root.involved = append(root.involved, t)
	if len(root.involved) == 2 && m.warm {
		m.inc.crossTeam++
	}
}

// coordinationLoad is the coordination and platform-request effort per
// hour a configuration asks of a team, for OfferedLoad: onboarding, and the
// requests of every product team for the team that takes them first.
// Incident bridges are left out: they depend on how incidents spread.
func (m *model) coordinationLoad(offered map[*team]*[nCat]float64) {
	c := &m.cfg.Coordination
	platform := m.platformTeam()
	for _, t := range m.teams {
		offered[t][catCoord] += c.Turnover * float64(t.cfg.Engineers) / year * c.Onboarding
		if c.PlatformRequests > 0 && t.cfg.Kind == KindProduct && platform != nil {
			offered[m.ticketsFirst(platform)][catToil] += c.PlatformRequests * m.toilSize.MeanOf()
		}
	}
}

// coordination checks the [coordination] keys.
func (c *checker) coordination(k *CoordinationConfig) {
	c.nonNeg("coordination.per_peer", k.PerPeer)
	c.nonNeg("coordination.turnover", k.Turnover)
	c.nonNeg("coordination.onboarding", k.Onboarding)
	c.nonNeg("coordination.incident", k.Incident)
	c.nonNeg("coordination.platform_requests", k.PlatformRequests)
}

// coordinationTeams checks what only the expanded teams show: talk cannot
// take a whole team, and platform requests need a platform team.
func (c *checker) coordinationTeams(cfg *Config) {
	k := &cfg.Coordination
	hasPlatform := false
	var largest *TeamConfig
	for i, t := range cfg.Teams {
		hasPlatform = hasPlatform || t.Kind == KindPlatform
		if largest == nil || t.Engineers > largest.Engineers {
			largest = &cfg.Teams[i]
		}
	}
	if t := largest; t != nil && k.talkShare(t.Engineers) >= 0.9 {
		c.add("coordination.per_peer", "team %q of %d engineers would spend %.0f%% of its planned work talking (per_peer × (engineers − 1)); at most 90%%",
			t.Name, t.Engineers, 100*k.talkShare(t.Engineers))
	}
	if k.PlatformRequests > 0 && !hasPlatform {
		c.add("coordination.platform_requests", "needs a platform team to send requests to (org.platform_team, or a [[org.team]] of kind %q)", KindPlatform)
	}
}
