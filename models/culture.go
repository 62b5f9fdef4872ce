package models

import (
	"math"
	"math/rand/v2"
)

// Culture: what blame does besides skipping postmortems, and what owning
// one's services in production teaches.
//
//   - A blaming culture (LearningConfig.Blameless false) writes no
//     postmortems, so nothing is learned and known problems are never
//     fixed (prevention.go). People who fear blame also hide what they can
//     (Westrum 2004: in a pathological culture "messengers are shot" and
//     failures covered up; fear of blame is the barrier to incident
//     reporting most often found, Probst and Estrada 2010): with chance
//     BlameHidden an incident monitoring caught is not declared, and waits
//     until customers report it. And they hesitate to escalate: each
//     handoff waits an extra exponential delay of mean BlameEscalation.
//     Both are off unless a scenario sets them.
//   - Ownership teaches (seed 001: collective ownership "leads to the
//     reduction of production issues that interrupt feature work"): each
//     incident on its own services that a team restores itself lowers its
//     change-failure chance by Ownership, down to OwnershipFloor of what it
//     was. A team whose incidents others restore learns only from those it
//     gets back. Off unless a scenario sets it.

// hidden reports whether a blaming culture keeps an incident monitoring
// caught from being declared. It draws from the service's own stream, so
// the incidents every design sees stay in step.
func (m *model) hidden(s *service) bool {
	l := &m.cfg.Learning
	if l.Blameless || l.BlameHidden <= 0 {
		return false
	}
	return s.cultureRng(m).Float64() < l.BlameHidden
}

// hesitation is how long a blaming culture waits before a handoff.
func (m *model) hesitation(s *service) float64 {
	l := &m.cfg.Learning
	if l.Blameless || l.BlameEscalation <= 0 {
		return 0
	}
	return exp(s.cultureRng(m), l.BlameEscalation)
}

// cultureRng is the service's stream for what blame changes.
func (s *service) cultureRng(m *model) *rand.Rand {
	if s.cultureDraws == nil {
		s.cultureDraws = m.streams.Stream("culture/" + s.name)
	}
	return s.cultureDraws
}

// restoredBy records that team t restored incident in itself: a team
// that restores its own services' incidents ships fewer defects.
func (m *model) restoredBy(t *team, in *incident) {
	l := &m.cfg.Learning
	if l.Ownership <= 0 || t != in.svc.owner {
		return
	}
	t.riskMult = math.Max(l.OwnershipFloor, t.riskMult*(1-l.Ownership))
}

// changeFailure is team t's chance that a deploy of reference size
// breaks production now: the scenario's, times what ownership has taught,
// times its people's fatigue (fatigue.go).
func (m *model) changeFailure(t *team) float64 {
	return m.cfg.Work.ChangeFailure * t.riskMult * m.fatigueRisk(t)
}

// ownershipValues fills change_risk_frac: the product teams' mean
// change-failure multiplier at the end (1: nothing learned).
func (m *model) ownershipValues(vals map[string]float64) {
	vals["change_risk_frac"] = math.NaN()
	if m.cfg.Learning.Ownership <= 0 {
		return
	}
	var sum float64
	n := 0
	for _, t := range m.teams {
		if t.cfg.Kind == KindProduct {
			sum += t.riskMult
			n++
		}
	}
	vals["change_risk_frac"] = ratio(sum, float64(n))
}

// culture checks the culture keys of [learning].
func (c *checker) culture(l *LearningConfig) {
	c.prob("learning.blame_hidden", l.BlameHidden)
	c.nonNeg("learning.blame_escalation", l.BlameEscalation)
	c.prob("learning.ownership", l.Ownership)
	c.prob("learning.ownership_floor", l.OwnershipFloor)
}
