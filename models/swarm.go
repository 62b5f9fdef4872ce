package models

// Swarming: an incident can pull several responders from the team working
// it (Severity.Responders; a design can change it for the most severe
// class). The work splits among them, but every pair of responders is a
// channel to keep in sync (Brooks: n people have n(n−1)/2 channels), so
// each responder's part is
//
//	effort/n + channel_cost · effort · (n−1)/2
//
// and the incident is restored when the last part is done. Time to
// restore is U-shaped in n, with its bottom at n = √(2/channel_cost):
// the default 0.08 puts it at 5, the span of control the Incident
// Command System calls optimal. Everyone pulled in leaves their planned
// work (the parts preempt features like any incident work) and pays the
// refocus when they go back to it, and incidents that arrive meanwhile
// find fewer people free. Parts go to the engineers on duty: at night an
// on-call engineer swarms with nobody.

// SwarmConfig is the [swarm] table.
type SwarmConfig struct {
	// ChannelCost is the share of an incident's effort each channel
	// between two responders costs, spread over the responders.
	ChannelCost float64
}

// responders is how many engineers of team t work incident in's
// mitigation now: its severity's responders, at most the engineers on duty.
func (m *model) responders(in *incident, t *team) int {
	n := m.cfg.Incident.Severities[in.sev].Responders
	return max(1, min(n, t.res.Cap()))
}

// submitIncidentWork hands an incident's work to team t: one task, or, for
// a mitigation that swarms, one part per responder.
func (m *model) submitIncidentWork(in *incident, t *team, tk *task, prio int, work float64) {
	n := 1
	if tk.final {
		n = m.responders(in, t)
	}
	if n == 1 {
		in.work = tk
		t.submit(tk, prio, work)
		return
	}
	part := work/float64(n) + m.cfg.Swarm.ChannelCost*work*float64(n-1)/2
	in.parts = make([]*task, 1, n)
	in.parts[0] = tk
	for range n - 1 {
		p := m.tasks.get()
		*p = task{cat: catInterrupt, inc: in, final: true, helper: true}
		in.parts = append(in.parts, p)
	}
	for _, p := range in.parts {
		t.submit(p, prio, part)
	}
}

// partDone records a finished part of a swarm; it reports whether the
// incident's work is complete (true when it did not swarm).
func (m *model) partDone(tk *task) bool {
	in := tk.inc
	if len(in.parts) == 0 {
		return true
	}
	for i, p := range in.parts {
		if p == tk {
			in.parts = append(in.parts[:i], in.parts[i+1:]...)
			break
		}
	}
	return len(in.parts) == 0
}

// withdrawParts takes back the parts of a swarm still in progress when its
// incident is restored another way.
func (m *model) withdrawParts(in *incident) {
	for _, p := range in.parts {
		p.team.withdraw(p)
		m.tasks.put(p)
	}
	in.parts = nil
}

// swarmedEffort is the mean engineer-hours of mitigating an incident on
// team t, swarm channels included, for OfferedLoad: n responders spend
// effort·(1 + channel_cost·n(n−1)/2) between them, n at most the
// engineers on duty.
func (m *model) swarmedEffort(t *team) float64 {
	onDuty := t.cfg.Engineers
	if t.cfg.Calendar == AllHours {
		onDuty = t.crewSize(0)
	}
	var e float64
	for _, sv := range m.cfg.Incident.Severities {
		n := float64(max(1, min(sv.Responders, onDuty)))
		e += sv.Share * sv.Effort.MeanOf() * (1 + m.cfg.Swarm.ChannelCost*n*(n-1)/2)
	}
	return e
}
