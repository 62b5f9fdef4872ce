package models

import "math"

// Blameless postmortems. An incident whose severity calls for one leaves
// its owning team a postmortem to write, queued as ordinary work behind
// incidents and beside tickets; the service learns when the postmortem is
// done, not when the incident closes, so a postmortem crowded out by other
// work teaches nothing until someone writes it.

// postmortem asks the owners of s to write one, if the culture is
// blameless; a blaming culture writes none and learns nothing.
func (m *model) postmortem(s *service) {
	l := &m.cfg.Learning
	if !l.Blameless {
		return
	}
	if l.Effort <= 0 {
		m.learned(s)
		return
	}
	s.owner.submit(&task{cat: catLearning, svc: s}, prioLearning, l.Effort)
}

// postmortemDone credits a finished postmortem.
func (m *model) postmortemDone(tk *task) { m.learned(tk.svc) }

// learned lowers the service's incident rate by the learning reduction,
// down to its floor.
func (m *model) learned(s *service) {
	if m.warm {
		m.inc.postmortems++
	}
	l := &m.cfg.Learning
	s.rate = math.Max(l.Floor*s.baseRate, s.rate*(1-l.Reduction))
}
