package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"time"
)

// EventEpoch is the wall-clock instant of hour 0 of every run in an event
// log: Monday 1 January 2024, 00:00 UTC. The model's calendar starts on a
// Monday at midnight, so business hours in the log are Monday to Friday,
// 09:00 to 17:00 UTC, and a tool that reads the log in UTC sees the
// organisation's day and night where the model put them.
var EventEpoch = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// EventTimeLayout is how event log times are written: RFC 3339 in UTC with
// milliseconds, enough to keep a one-minute acknowledgement exact to 0.1%.
const EventTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// EventsDir is the folder of a results folder that holds the event logs,
// one <run id>.csv per run (written only when asked for, e.g. with
// opsim run --events).
const EventsDir = "events"

// EventColumns is the header of an event log, one row per incident and per
// ticket. They are the field names opsim calibrate reads, so a log calibrates
// with no column mapping:
//
//	id              unique in the file, e.g. "inc-17" or "tkt-3"
//	type            "incident" or "ticket"
//	created         impact began (incident) or ticket raised
//	detected        monitoring or a customer reported the incident
//	acknowledged    first acknowledgement of a page
//	first_response  first hands on keyboard
//	resolved        service restored or ticket closed; empty if still open
//	service         the incident's service (empty for tickets)
//	team            the owning team
//	responder       the team that restored service or worked the ticket
//	severity        the incident's severity name
//	cause           base, change or cascade
//	detection       monitoring or customer
//	handoffs        how many times the incident changed hands
//
// Times are RFC 3339 (EventTimeLayout) from EventEpoch; a time that never
// came is empty.
var EventColumns = []string{"id", "type", "created", "detected", "acknowledged", "first_response", "resolved",
	"service", "team", "responder", "severity", "cause", "detection", "handoffs"}

// Event is one row of an event log: an incident or a ticket. Times are
// hours on the model's clock (see EventEpoch), NaN for a time that never
// came; Handoffs < 0 is written empty (tickets have none).
type Event struct {
	ID, Type                                                 string
	Created, Detected, Acknowledged, FirstResponse, Resolved float64
	Service, Team, Responder, Severity, Cause, Detection     string
	Handoffs                                                 int
}

// EventTime converts hours on the model's clock to the log's wall clock.
func EventTime(hours float64) time.Time {
	return EventEpoch.Add(time.Duration(math.Round(hours*3600e3)) * time.Millisecond)
}

// EncodeEvents writes events as an event log CSV, header first, in the
// order given.
func EncodeEvents(evs []Event) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(EventColumns)
	at := func(h float64) string {
		if math.IsNaN(h) {
			return ""
		}
		return EventTime(h).Format(EventTimeLayout)
	}
	row := make([]string, len(EventColumns))
	for _, e := range evs {
		handoffs := ""
		if e.Handoffs >= 0 {
			handoffs = strconv.Itoa(e.Handoffs)
		}
		row = append(row[:0], e.ID, e.Type, at(e.Created), at(e.Detected), at(e.Acknowledged),
			at(e.FirstResponse), at(e.Resolved), e.Service, e.Team, e.Responder, e.Severity, e.Cause, e.Detection, handoffs)
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// WriteEvents writes one run's event log to path atomically.
func WriteEvents(path string, evs []Event) error {
	if err := WriteFileAtomic(path, EncodeEvents(evs)); err != nil {
		return fmt.Errorf("results: event log: %w", err)
	}
	return nil
}
