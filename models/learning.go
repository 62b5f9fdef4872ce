package models

// Blameless postmortems. An incident whose severity calls for one leaves
// its owning team a postmortem to write, queued as ordinary work behind
// incidents and beside tickets; the service learns when the postmortem is
// done, not when the incident closes, so a postmortem crowded out by other
// work teaches nothing until someone writes it.

// postmortem asks the owners of s to write one, if the culture is
// blameless; a blaming culture writes none and learns nothing. With
// prevention on, the incident also leaves a known problem that recurs until
// the postmortem and its action items fix it (prevention.go).
func (m *model) postmortem(s *service) {
	prevent := m.cfg.Prevention.on()
	var pr *problem
	if prevent {
		pr = m.openProblem(s)
	}
	l := &m.cfg.Learning
	if !l.Blameless {
		return
	}
	switch {
	case l.Effort <= 0:
		m.learned(s)
		if prevent {
			m.postmortemWritten(s, pr)
		}
	case prevent:
		m.writePostmortem(s, pr, l.Effort)
	default:
		s.owner.submit(m.lesson(s), prioLearning, l.Effort)
	}
}

// lesson is a postmortem task for service s, from the model's pool: one
// is written for every incident that needs one, and each was garbage once
// done (a twelfth of an eight-team year's bytes).
func (m *model) lesson(s *service) *task {
	tk := m.tasks.get()
	tk.cat, tk.svc = catLearning, s
	return tk
}

// postmortemDone credits a finished postmortem.
func (m *model) postmortemDone(tk *task) { m.learned(tk.svc) }

// learned lowers the service's incident rate by the learning reduction,
// down to its floor.
func (m *model) learned(s *service) {
	if m.warm {
		m.inc.postmortems++
	}
	m.lowerRate(s, m.cfg.Learning.Reduction)
}
