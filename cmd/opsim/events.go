package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/results"
)

// enableEventLogs asks every run of the experiment to keep its event log.
func (e *experiment) enableEventLogs() {
	for i := range e.configs {
		for j := range e.configs[i] {
			e.configs[i][j].EventLog = true
		}
	}
}

// writeEventLogs writes each run's event log to dir/events/<run id>.csv,
// in the columns opsim calibrate reads.
func writeEventLogs(dir string, runs []runSpec, res []*models.Result) error {
	ev := filepath.Join(dir, results.EventsDir)
	if err := os.MkdirAll(ev, 0o755); err != nil {
		return fmt.Errorf("event logs: %w", err)
	}
	for i, r := range runs {
		if err := results.WriteEvents(filepath.Join(ev, r.id+".csv"), eventRows(res[i].EventLog)); err != nil {
			return err
		}
	}
	return nil
}

// eventRows turns the model's records into event log rows, with ids
// unique across incidents and tickets.
func eventRows(recs []models.EventRecord) []results.Event {
	out := make([]results.Event, len(recs))
	for i, r := range recs {
		e := results.Event{ID: "inc-" + strconv.Itoa(r.ID), Type: r.Kind,
			Created: r.Created, Detected: r.Detected, Acknowledged: r.Acknowledged, FirstResponse: r.First, Resolved: r.Resolved,
			Service: r.Service, Team: r.Team, Responder: r.Responder, Severity: r.Severity, Cause: r.Cause, Detection: r.Detection,
			Handoffs: r.Handoffs}
		if r.Kind == models.RecordTicket {
			e.ID, e.Handoffs = "tkt-"+strconv.Itoa(r.ID), -1
		}
		out[i] = e
	}
	return out
}
