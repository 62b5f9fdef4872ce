package models

import "math"

// Event log: one record per incident and per ticket of a replication, with
// its times, for the same analysis an ops team runs on its incident tool's
// export (opsim calibrate reads both). It is kept only on request
// (Config.EventLog), because a year of a large organisation is tens of
// thousands of records per replication.

// Record kinds.
const (
	RecordIncident = "incident"
	RecordTicket   = "ticket"
)

// Detection channels of an incident.
const (
	DetectedByMonitoring = "monitoring"
	DetectedByCustomer   = "customer"
)

// causeNames names the incident causes in the event log.
var causeNames = [nCause]string{"base", "change", "cascade"}

// EventRecord is one incident or ticket. Times are hours on the model's
// clock (hour 0 is a Monday 00:00); a time that never came (an incident
// still open at the end, one that recovered with its cause before anybody
// saw it) is NaN.
type EventRecord struct {
	Kind string // RecordIncident or RecordTicket
	ID   int    // unique within the replication and kind

	// Created is when customer impact began (incidents) or the ticket was
	// raised. Detected is when monitoring or a customer reported the
	// incident; Acknowledged the first acknowledgement of a page; First
	// the first hands on keyboard (both kinds); Resolved when service was
	// restored or the ticket closed.
	Created, Detected, Acknowledged, First, Resolved float64

	Service   string // incidents only
	Team      string // the owning team: of the service, or whose services raised the ticket
	Responder string // the team that restored service or worked the ticket ("" if none did)
	Severity  string // incidents only
	Cause     string // incidents only: "base", "change" or "cascade"
	Detection string // incidents only: DetectedByMonitoring or DetectedByCustomer
	Handoffs  int    // incidents only
}

// eventLog collects the records of one replication. Its methods are
// no-ops on a nil log, so the model calls them unconditionally and pays
// nothing when the log is off.
type eventLog struct {
	incidents map[*incident]int // index into recs
	tickets   map[*task]int
	responder map[*incident]*team // last team to acknowledge
	recs      []EventRecord
	nextTk    int
}

func newEventLog(on bool) *eventLog {
	if !on {
		return nil
	}
	return &eventLog{incidents: map[*incident]int{}, tickets: map[*task]int{}, responder: map[*incident]*team{}}
}

// incident starts the record of an incident that began after warm-up.
func (l *eventLog) incident(m *model, in *incident) {
	if l == nil || !in.warm {
		return
	}
	nan := math.NaN()
	l.incidents[in] = len(l.recs)
	l.recs = append(l.recs, EventRecord{
		Kind: RecordIncident, ID: in.id, Created: in.start, Detected: nan, Acknowledged: nan, First: nan, Resolved: nan,
		Service: in.svc.name, Team: in.svc.owner.cfg.Name, Severity: m.cfg.Incident.Severities[in.sev].Name,
		Cause: causeNames[in.cause],
	})
}

// acked notes the team answering a page, the responder if it restores.
func (l *eventLog) acked(in *incident, t *team) {
	if l == nil {
		return
	}
	if _, ok := l.incidents[in]; ok {
		l.responder[in] = t
	}
}

// restored completes an incident's record.
func (l *eventLog) restored(in *incident, now float64) {
	if l == nil {
		return
	}
	if i, ok := l.incidents[in]; ok {
		l.fill(in, &l.recs[i])
		l.recs[i].Resolved = now
		delete(l.incidents, in)
		delete(l.responder, in)
	}
}

// fill copies what an incident has learned so far into its record.
func (l *eventLog) fill(in *incident, r *EventRecord) {
	if in.detected >= 0 {
		r.Detected = in.detected
		r.Detection = DetectedByMonitoring
		if in.customer {
			r.Detection = DetectedByCustomer
		}
	}
	if in.acked >= 0 {
		r.Acknowledged = in.acked
	}
	if in.firstWork >= 0 {
		r.First = in.firstWork
	}
	if t := l.responder[in]; t != nil {
		r.Responder = t.cfg.Name
	}
	r.Handoffs = in.handoffs
}

// ticket starts the record of a ticket raised by owner's services for to
// to work; it is called before the ticket is submitted, which may start it.
func (l *eventLog) ticket(m *model, tk *task, owner, to *team) {
	if l == nil || !m.warm {
		return
	}
	nan := math.NaN()
	l.tickets[tk] = len(l.recs)
	l.recs = append(l.recs, EventRecord{
		Kind: RecordTicket, ID: l.nextTk, Created: m.env.Now(), Detected: nan, Acknowledged: nan, First: nan, Resolved: nan,
		Team: owner.cfg.Name, Responder: to.cfg.Name,
	})
	l.nextTk++
}

// started notes a ticket's first hands on keyboard.
func (l *eventLog) started(tk *task, now float64) {
	if l == nil {
		return
	}
	if i, ok := l.tickets[tk]; ok && math.IsNaN(l.recs[i].First) {
		l.recs[i].First = now
	}
}

// handedOn notes that a ticket went on to another team, which works it.
func (l *eventLog) handedOn(tk *task, to *team) {
	if l == nil {
		return
	}
	if i, ok := l.tickets[tk]; ok {
		l.recs[i].Responder = to.cfg.Name
		l.recs[i].Handoffs++
	}
}

// done closes a ticket's record.
func (l *eventLog) done(tk *task, now float64) {
	if l == nil {
		return
	}
	if i, ok := l.tickets[tk]; ok {
		l.recs[i].Resolved = now
		delete(l.tickets, tk)
	}
}

// records returns the log at the end of the run: incidents still open keep
// what they had reached, with Resolved NaN.
func (l *eventLog) records() []EventRecord {
	if l == nil {
		return nil
	}
	for in, i := range l.incidents {
		l.fill(in, &l.recs[i]) // each writes only its own record, so map order cannot matter
	}
	return l.recs
}
