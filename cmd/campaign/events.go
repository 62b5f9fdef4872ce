package campaign

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/results"
)

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

// eventLog is where run id's event log goes in the results folder dir:
// written as the run finishes, so that a resumed campaign keeps it too.
func eventLog(dir, id string) string {
	return filepath.Join(dir, results.EventsDir, id+".csv")
}

// writeEvents writes a finished run's event log.
func writeEvents(dir, id string, evs []results.Event) error {
	if err := os.MkdirAll(filepath.Join(dir, results.EventsDir), 0o755); err != nil {
		return err
	}
	return results.WriteEvents(eventLog(dir, id), evs)
}

// hasEvents reports whether run id's event log is in dir.
func hasEvents(dir, id string) bool {
	_, err := os.Stat(eventLog(dir, id))
	return err == nil
}
