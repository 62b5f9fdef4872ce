package workshop

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/scenarios"
)

// Lever is one control of the page: a scenario value a facilitator moves,
// set with --set semantics.
type Lever struct {
	// Path is the --set path, e.g. "org.product_teams".
	Path string `json:"path"`
	// Label says what it is in the room's words.
	Label string `json:"label"`
	// Kind is the control: "int" and "number" (a slider from Min to Max by
	// Step), "rate" (a slider of events a week), "choice" (Options),
	// "bool" or "text" (a value as --set takes it).
	Kind string  `json:"kind"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	Step float64 `json:"step"`
	// Options are the choices of a "choice" lever.
	Options []string `json:"options,omitempty"`
	// Value is the scenario's own value, as --set writes it.
	Value string `json:"value"`
	// Help is the reference's meaning of the key.
	Help string `json:"help"`
}

// leverSpec is a standard lever: what the page offers for a key when the
// scenario has it, with the range the page's slider covers (inside the
// reference's documented range, which a test checks).
type leverSpec struct {
	path, label, kind string
	min, max, step    float64
	options           []string
}

// standardLevers are the parameters a facilitator moves in a session on
// scaling: the organisation's size, its load, its coupling and detection,
// and the on-call arrangements. Ranges are wide enough for "what if we
// were five times bigger?" and no wider, so a slider stays precise.
var standardLevers = []leverSpec{
	{path: "org.product_teams", label: "product teams", kind: "int", min: 1, max: 60, step: 1},
	{path: "services.incident_rate", label: "incidents per service a week", kind: "rate", min: 0.05, max: 3, step: 0.05},
	{path: "org.toil_rate", label: "tickets per team a week", kind: "rate", min: 0, max: 100, step: 5},
	{path: "services.coupling", label: "coupling: chance an incident spreads to a dependent", kind: "number", min: 0, max: 1, step: 0.05},
	{path: "incidents.monitoring", label: "monitoring: share of incidents caught by an alert", kind: "number", min: 0, max: 1, step: 0.05},
	{path: "design.NAME.ops_team_size", label: "ops team size (%s)", kind: "int", min: 1, max: 60, step: 1},
	{path: "org.rotation", label: "on-call rotation", kind: "choice", options: []string{"1d", "3d", "1w", "2w", "4w"}},
	{path: "org.interrupts", label: "interrupt policy", kind: "choice", options: []string{"spread", "shield"}},
}

// opsPresets are the presets that have an ops team to size.
var opsPresets = []string{models.PresetCentralized, models.PresetLayered}

// leversOf lists the levers of a scenario: the standard ones it has, then
// those its [workshop] table adds.
func leversOf(sc *scenarios.Scenario) []Lever {
	var out []Lever
	add := func(l Lever) {
		if !slices.ContainsFunc(out, func(o Lever) bool { return o.Path == l.Path }) {
			out = append(out, l)
		}
	}
	for _, spec := range standardLevers {
		if strings.Contains(spec.path, "NAME") {
			for _, d := range sc.Designs {
				if slices.Contains(opsPresets, d.Preset) {
					p := strings.Replace(spec.path, "NAME", d.Name, 1)
					if l, ok := spec.lever(sc, p, fmt.Sprintf(spec.label, d.Name)); ok {
						add(l)
					}
				}
			}
			continue
		}
		if spec.path == "org.product_teams" && sc.Org.ProductTeams == 0 {
			continue // the teams are listed one by one: nothing to grow
		}
		if l, ok := spec.lever(sc, spec.path, spec.label); ok {
			add(l)
		}
	}
	for _, p := range sc.Workshop.Levers {
		if l, ok := workshopLever(sc, p); ok {
			add(l)
		}
	}
	return out
}

// lever is spec's lever at path on sc, with the scenario's value.
func (spec leverSpec) lever(sc *scenarios.Scenario, path, label string) (Lever, bool) {
	v, ok := sc.ValueOf(path)
	if !ok {
		return Lever{}, false
	}
	k, _ := scenarios.ReferenceKey(path)
	l := Lever{Path: path, Label: label, Kind: spec.kind, Min: spec.min, Max: spec.max, Step: spec.step, Value: v, Help: k.Meaning}
	if spec.kind == "rate" {
		r, err := scenarios.ParseRate(v)
		if err != nil {
			return Lever{}, false
		}
		l.Value = rateText(perWeek(r))
	}
	if spec.kind == "choice" {
		l.Options = slices.Clone(spec.options)
		if !slices.Contains(l.Options, v) {
			l.Options = append(l.Options, v)
		}
	}
	return l, true
}

// workshopLever is the control for a key a scenario's [workshop] table
// names, chosen from its type in the reference: a slider where the
// reference bounds it, a choice for a string of fixed values, a box for a
// boolean, otherwise the value as text.
func workshopLever(sc *scenarios.Scenario, path string) (Lever, bool) {
	k, ok := scenarios.ReferenceKey(path)
	if !ok {
		return Lever{}, false
	}
	v, ok := sc.ValueOf(path)
	if !ok {
		v = ""
	}
	l := Lever{Path: path, Label: path, Kind: "text", Value: v, Help: k.Meaning}
	switch {
	case len(k.Enum) > 0:
		l.Kind, l.Options = "choice", slices.Clone(k.Enum)
	case k.Type == scenarios.TypeBoolean:
		l.Kind = "bool"
	case (k.Type == scenarios.TypeInteger || k.Type == scenarios.TypeNumber) && k.Min != nil:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			x = *k.Min
		}
		l.Kind, l.Min, l.Step = "number", *k.Min, 0.01
		if k.Type == scenarios.TypeInteger {
			l.Kind, l.Step = "int", 1
		}
		// Without a documented maximum, ten times the scenario's value
		// (or ten steps) is room enough to show an effect.
		l.Max = math.Max(10*x, l.Min+10*l.Step)
		if k.Max != nil {
			l.Max = *k.Max
			if l.Kind == "number" {
				l.Step = (l.Max - l.Min) / 100
			}
		}
	}
	return l, true
}

// check reads a value for the lever as the page or a hand-edited link
// gives it, and says in words what is wrong with it.
func (l Lever) check(raw string) error {
	outside := func() error {
		return fmt.Errorf("%s = %s is outside this page's range for %s: %s to %s", l.Path, raw, l.Label, fmtNum(l.Min), fmtNum(l.Max))
	}
	switch l.Kind {
	case "int":
		n, err := strconv.Atoi(raw)
		if err != nil {
			return fmt.Errorf("%s = %q: %s wants a whole number", l.Path, raw, l.Label)
		}
		if float64(n) < l.Min || float64(n) > l.Max {
			return outside()
		}
	case "number":
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s = %q: %s wants a number", l.Path, raw, l.Label)
		}
		if x < l.Min || x > l.Max {
			return outside()
		}
	case "rate":
		r, err := scenarios.ParseRate(raw)
		if err != nil {
			return fmt.Errorf("%s = %q: %s wants a rate such as \"0.5/week\": %v", l.Path, raw, l.Label, err)
		}
		if x := perWeek(r); x < l.Min-1e-9 || x > l.Max+1e-9 {
			return outside()
		}
	case "choice":
		if !slices.Contains(l.Options, raw) {
			return fmt.Errorf("%s = %q: %s is one of %s", l.Path, raw, l.Label, strings.Join(l.Options, ", "))
		}
	case "bool":
		if raw != "true" && raw != "false" {
			return fmt.Errorf("%s = %q: %s is true or false", l.Path, raw, l.Label)
		}
	}
	return nil
}

// perWeek is a rate in events a week.
func perWeek(r scenarios.Rate) float64 { return r.PerHour() * 168 }

// rateText writes a rate a week as --set takes it, "0.3/week".
func rateText(x float64) string { return fmtNum(x) + "/week" }

func fmtNum(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
}
