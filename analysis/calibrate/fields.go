package calibrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/opsim/opsim/scenarios"
)

// Field is one of the things calibrate reads from an export. The names are
// the columns of opsim's own event log (results.EventColumns), so a log
// that opsim wrote needs no mapping.
type Field string

// The fields. Only ID and Created are required; each other one enables the
// fits that need it (Resolved the restore times, Severity the mix, and so on).
const (
	ID            Field = "id"             // unique per row
	Type          Field = "type"           // incident or ticket (e.g. "Incident", "Service request"); other types are skipped
	Created       Field = "created"        // impact began, or the incident or ticket was opened
	Detected      Field = "detected"       // monitoring or a customer reported it
	Acknowledged  Field = "acknowledged"   // first acknowledgement
	FirstResponse Field = "first_response" // first hands on keyboard
	Resolved      Field = "resolved"       // service restored, ticket closed
	Service       Field = "service"
	Team          Field = "team"      // the owning team
	Responder     Field = "responder" // the team that restored service or worked the ticket
	Severity      Field = "severity"  // SEV1, P2, "1 - Critical", high, ...
	Cause         Field = "cause"     // base, change or cascade
	Detection     Field = "detection" // monitoring or customer (or a channel: phone, email, alert, ...)
	Handoffs      Field = "handoffs"  // times the incident changed hands
)

// Fields lists every field in event log column order.
var Fields = []Field{ID, Type, Created, Detected, Acknowledged, FirstResponse, Resolved,
	Service, Team, Responder, Severity, Cause, Detection, Handoffs}

// Positions of the fields in Fields, for the reader's per-row lookups.
const (
	iID = iota
	iType
	iCreated
	iDetected
	iAcknowledged
	iFirstResponse
	iResolved
	iService
	iTeam
	iResponder
	iSeverity
	iCause
	iDetection
	iHandoffs
	nFields
)

// timeFields hold instants (or, mapped with a unit, durations since Created).
var timeFields = []Field{Created, Detected, Acknowledged, FirstResponse, Resolved}

// Column names a column of an export. Unit 0 means the column holds what
// the field is (a timestamp for time fields); a Unit such as time.Second
// means a time field's column holds a number of those units since Created,
// as PagerDuty's seconds_to_resolve does.
type Column struct {
	Name string
	Unit time.Duration
}

// Mapping says where each field is in an export: candidate columns, the
// first one the file has wins, matched without regard to case or
// surrounding spaces.
type Mapping map[Field][]Column

// Presets are the mappings of the exports calibrate knows by name.
//
//	opsim       opsim's event log (opsim run --events)
//	pagerduty   PagerDuty incidents CSV (the Incidents report download and the
//	            Analytics raw-incident fields: created_on/created_at,
//	            resolved_on/resolved_at, seconds_to_first_ack,
//	            seconds_to_resolve, service_name, team_name or
//	            escalation_policy_name, priority or urgency)
//	opsgenie    Opsgenie alerts, by the alert API's field names (tinyId,
//	            createdAt, report.ackTime and report.closeTime in milliseconds,
//	            priority, teams, entity): the column names of the web UI's CSV
//	            export could not be confirmed, so check them against a file
//	jsm         Jira Service Management issues CSV ("Issue key", "Issue Type",
//	            "Created", "Resolved", "Priority", "Component/s"; times in
//	            Jira's default "02/Jan/06 3:04 PM" or ISO form)
//	servicenow  ServiceNow incident list CSV export (number, opened_at,
//	            resolved_at or closed_at, priority, assignment_group,
//	            business_service or cmdb_ci, contact_type)
//
// Each lists several candidate columns per field where the tools' exports
// differ between versions; --map overrides any of them.
var Presets = map[string]Mapping{
	"opsim": opsimMapping(),
	"pagerduty": {
		ID:           cols("id", "incident_number", "incident number"),
		Created:      cols("created_on", "created_at", "created at"),
		Acknowledged: {{"seconds_to_first_ack", time.Second}},
		Resolved:     {{"resolved_on", 0}, {"resolved_at", 0}, {"seconds_to_resolve", time.Second}},
		Service:      cols("service_name", "service"),
		Team:         cols("team_name", "team", "escalation_policy_name"),
		Severity:     cols("priority_name", "priority", "urgency"),
	},
	"opsgenie": {
		ID:           cols("tinyId", "TinyId", "Tiny ID", "alias", "id"),
		Created:      cols("createdAt", "CreatedAt", "Created At"),
		Acknowledged: {{"report.ackTime", time.Millisecond}, {"ackTime", time.Millisecond}, {"AckTime", time.Millisecond}},
		Resolved:     {{"report.closeTime", time.Millisecond}, {"closeTime", time.Millisecond}, {"CloseTime", time.Millisecond}},
		Service:      cols("entity", "Entity", "Impacted Services"),
		Team:         cols("teams", "Teams", "owner team"),
		Severity:     cols("priority", "Priority"),
	},
	"jsm": {
		ID:       cols("Issue key", "Issue id"),
		Type:     cols("Issue Type"),
		Created:  cols("Created"),
		Resolved: cols("Resolved"),
		Service:  cols("Component/s", "Custom field (Affected services)", "Affected services"),
		Team:     cols("Custom field (Team)", "Team", "Project name"),
		Severity: cols("Custom field (Severity)", "Priority"),
	},
	"servicenow": {
		ID:        cols("number"),
		Created:   cols("opened_at", "sys_created_on"),
		Resolved:  cols("resolved_at", "closed_at"),
		Service:   cols("business_service", "cmdb_ci", "service_offering"),
		Team:      cols("assignment_group"),
		Severity:  cols("priority", "severity"),
		Detection: cols("contact_type"),
	},
}

// PresetNames lists the presets in a stable order, for help and errors.
func PresetNames() []string {
	names := make([]string, 0, len(Presets))
	for n := range Presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func cols(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n}
	}
	return out
}

func opsimMapping() Mapping {
	m := Mapping{}
	for _, f := range Fields {
		m[f] = cols(string(f))
	}
	return m
}

// units are the suffixes a --map may give a time field's column.
var units = map[string]time.Duration{"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "min": time.Minute, "h": time.Hour}

// ParseMap reads a --map flag, "COLUMN=FIELD" or, for a column that holds
// a duration since Created, "COLUMN=FIELD:UNIT" with UNIT one of ms, s, m,
// h (e.g. "seconds_to_resolve=resolved:s"). The column name may itself
// contain "=": the last one separates it from the field.
func ParseMap(spec string) (Field, Column, error) {
	i := strings.LastIndex(spec, "=")
	if i <= 0 || i == len(spec)-1 {
		return "", Column{}, fmt.Errorf("--map %q: want COLUMN=FIELD, e.g. \"Created On=created\" (fields: %s)", spec, fieldList())
	}
	col, f := strings.TrimSpace(spec[:i]), strings.TrimSpace(spec[i+1:])
	var unit time.Duration
	if name, u, ok := strings.Cut(f, ":"); ok {
		var known bool
		if unit, known = units[u]; !known {
			return "", Column{}, fmt.Errorf("--map %q: unknown unit %q (want ms, s, m or h)", spec, u)
		}
		f = name
	}
	field := Field(f)
	if !slices.Contains(Fields, field) {
		msg := fmt.Sprintf("--map %q: unknown field %q (fields: %s)", spec, f, fieldList())
		if s, ok := scenarios.Suggest(f, fieldNames()); ok {
			msg = fmt.Sprintf("--map %q: unknown field %q (did you mean %q?)", spec, f, s)
		}
		return "", Column{}, fmt.Errorf("%s", msg)
	}
	if unit != 0 && !slices.Contains(timeFields, field) || field == Created && unit != 0 {
		return "", Column{}, fmt.Errorf("--map %q: only detected, acknowledged, first_response and resolved can be a duration since created", spec)
	}
	return field, Column{Name: col, Unit: unit}, nil
}

// NewMapping starts from a preset ("" is opsim's own log) and applies
// --map flags on top: a mapped field takes exactly the column given.
func NewMapping(preset string, maps []string) (Mapping, error) {
	if preset == "" {
		preset = "opsim"
	}
	base, ok := Presets[preset]
	if !ok {
		return nil, fmt.Errorf("unknown preset %q (presets: %s)", preset, strings.Join(PresetNames(), ", "))
	}
	m := Mapping{}
	for f, c := range base {
		m[f] = slices.Clone(c)
	}
	for _, spec := range maps {
		f, c, err := ParseMap(spec)
		if err != nil {
			return nil, err
		}
		m[f] = []Column{c}
	}
	return m, nil
}

func fieldNames() []string {
	out := make([]string, len(Fields))
	for i, f := range Fields {
		out[i] = string(f)
	}
	return out
}

func fieldList() string { return strings.Join(fieldNames(), ", ") }
