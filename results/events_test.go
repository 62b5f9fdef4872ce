package results

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEncodeEvents(t *testing.T) {
	nan := math.NaN()
	recs := []Event{
		{ID: "inc-7", Type: "incident", Created: 9, Detected: 9 + 5.0/60, Acknowledged: 9.25, FirstResponse: 9.25, Resolved: 10.5,
			Service: "checkout", Team: "payments", Responder: "payments", Severity: "SEV2", Cause: "base",
			Detection: "monitoring", Handoffs: 1},
		{ID: "tkt-0", Type: "ticket", Created: 24*4 + 16.5, Detected: nan, Acknowledged: nan, FirstResponse: nan, Resolved: nan,
			Team: "payments", Responder: "ops", Handoffs: -1},
	}
	rows, err := csv.NewReader(bytes.NewReader(EncodeEvents(recs))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		EventColumns,
		{"inc-7", "incident", "2024-01-01T09:00:00.000Z", "2024-01-01T09:05:00.000Z", "2024-01-01T09:15:00.000Z",
			"2024-01-01T09:15:00.000Z", "2024-01-01T10:30:00.000Z", "checkout", "payments", "payments", "SEV2", "base", "monitoring", "1"},
		// Hour 112.5 is Friday 16:30; a ticket still open has no first
		// response or resolution, and tickets have no handoffs.
		{"tkt-0", "ticket", "2024-01-05T16:30:00.000Z", "", "", "", "", "", "payments", "ops", "", "", "", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if strings.Join(rows[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("row %d:\n got %v\nwant %v", i, rows[i], want[i])
		}
	}
	// Every time parses back as RFC 3339 to the millisecond.
	got, err := time.Parse(time.RFC3339, rows[1][3])
	if err != nil || !got.Equal(EventTime(9+5.0/60)) {
		t.Errorf("detected %q parses to %v, %v", rows[1][3], got, err)
	}
	if EventEpoch.Weekday() != time.Monday || EventEpoch.Hour() != 0 {
		t.Errorf("epoch %v is not a Monday midnight", EventEpoch)
	}
}

func TestWriteEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.csv")
	if err := WriteEvents(path, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != strings.Join(EventColumns, ",")+"\n" {
		t.Errorf("an empty log is %q, want the header alone", b)
	}
	if err := WriteEvents(filepath.Join(t.TempDir(), "missing", "run.csv"), nil); err == nil || !strings.Contains(err.Error(), "event log") {
		t.Errorf("writing into a missing folder: %v", err)
	}
}
