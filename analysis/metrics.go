package analysis

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opsim/opsim/models"
)

// MetricInfo is what a report needs to show a metric to people: words
// instead of a column name, a unit, a display scale and which direction
// is good.
type MetricInfo struct {
	// Name is the metric's column name, e.g. "ttr_p90_h".
	Name string
	// Label is lower-case words for sentences and axis titles, e.g.
	// "p90 time to restore"; use Title for the start of a sentence.
	Label string
	// Unit is what the displayed value is measured in, e.g. "h", "days",
	// "per week", "% of time"; "" for a plain count or ratio.
	Unit string
	// Scale multiplies stored values for display: 100 for fractions shown
	// as percentages, 1 otherwise. Stored values are never rescaled, so
	// CSV files keep the model's units.
	Scale float64
	// HigherIsBetter says which way is an improvement. It is true for
	// availability, availability_min, slo_attainment, features_per_week,
	// planned_frac and learning_frac, and false for everything else: for
	// times, queues, loads and costs lower is better, and for idle_frac
	// and wip_mean no direction is an improvement in itself (reports do
	// not colour their changes). idle_frac in particular is slack: it is
	// what keeps queues short, but more of it is not a goal, so it is not
	// counted as better when it rises.
	HigherIsBetter bool
	// Neutral says that no direction is an improvement (slack, work in
	// progress, utilisation), so reports do not colour its changes.
	Neutral bool
	// Definition says exactly what is measured, from the model's registry
	// of measures ("" for a name the model does not report).
	Definition string
}

// Title is Label with its first letter capitalised, for chart titles and
// the start of sentences.
func (m MetricInfo) Title() string { return capitalize(m.Label) }

// AxisLabel is "label (unit)", the form axis titles and table headers use
// so that every number says what it measures.
func (m MetricInfo) AxisLabel() string {
	if m.Unit == "" {
		return m.Title()
	}
	return m.Title() + " (" + m.Unit + ")"
}

// KeyMetrics are the metrics comparison panels and findings lead with: how
// fast incidents are restored (mean and tail), how long they wait for a
// first responder, what the organisation delivers, how much of its time
// interrupts take, the on-call burden out of hours, coordination overhead,
// what customers notice and what the services achieve. Callers skip those
// absent from a Set.
var KeyMetrics = []string{
	"ttr_mean_h",
	"ttr_p90_h",
	"first_response_wait_h",
	"features_per_week",
	"product_unplanned_frac",
	"after_hours_pages_per_eng_week",
	"handoffs_per_incident",
	"customer_escalations_per_week",
	"availability",
}

// higherIsBetter lists the metrics for which a rise is an improvement; see
// MetricInfo.HigherIsBetter for why the list is short.
var higherIsBetter = map[string]bool{
	"availability":      true,
	"availability_min":  true,
	"slo_attainment":    true,
	"features_per_week": true,
	"planned_frac":      true,
	"learning_frac":     true,
}

// percentNames are fractions whose name carries no _frac suffix; they read
// better as percentages (99.95% rather than 0.9995).
var percentNames = map[string]bool{
	"availability":       true,
	"availability_min":   true,
	"slo_attainment":     true,
	"incident_share_top": true,
}

// wholeNames are the few names the generic rules below would render
// clumsily; everything else is derived from the name, so that metrics the
// model adds later still get a reasonable label.
var wholeNames = map[string][2]string{ // name → label, unit
	"features_per_week":              {"feature throughput", "per week"},
	"after_hours_pages_max_eng_week": {"after-hours pages of the busiest engineer", "per week"},
	"incident_share_top":             {"share of incidents on the most-hit service", "%"},
	"availability_min":               {"availability of the worst service", "%"},
	"slo_attainment":                 {"services meeting their SLO", "%"},
	// Daily series: counts whose unit the name does not carry.
	"queued_work":    {"queued work", "tasks waiting"},
	"ops_queue":      {"ops team queue", "tasks waiting"},
	"backlog":        {"feature backlog", "features"},
	"wip":            {"work in progress", "features"},
	"open_incidents": {"open incidents", "incidents"},
	"incident_rate":  {"incident rate", "per week"},
	"open_problems":  {"open problems", "problems"},
}

// unitSuffixes map name suffixes to units, longest first so that
// "_per_eng_week" is not read as "_per_week".
var unitSuffixes = []struct {
	suffix, unit string
	scale        float64
}{
	{"_per_eng_week", "per engineer-week", 1},
	{"_per_incident", "per incident", 1},
	{"_per_week", "per week", 1},
	{"_per_shift", "per shift", 1},
	{"_frac", "% of time", 100},
	{"_h", "h", 1},
	{"_d", "days", 1},
}

// words expand the abbreviations and terse words of metric names.
var words = map[string]string{
	"ttr":       "time to restore",
	"tta":       "time to acknowledge",
	"ttd":       "time to detect",
	"restore":   "time to restore",
	"pm":        "postmortem",
	"wip":       "WIP",
	"slo":       "SLO",
	"eng":       "engineer",
	"queue":     "queue length",
	"min":       "minimum",
	"max":       "maximum",
	"p50":       "median",
	"planned":   "planned work",
	"interrupt": "interrupt work",
	"switch":    "context switching",
	"idle":      "idle time",
}

// phrases hyphenate compound adjectives once the words are joined.
var phrases = []struct{ from, to string }{
	{"after hours", "after-hours"},
	{"first response", "first-response"},
}

var statToken = regexp.MustCompile(`^(mean|min|max|p[0-9]+)$`)

// quantileName matches the per-replication quantile metrics (ttr_p90_h,
// lead_time_p85_d, ...), whose across-replication intervals are
// bootstrapped because their sampling distribution is skewed.
var quantileName = regexp.MustCompile(`_p[0-9]+(_|$)`)

// IsQuantileMetric reports whether name is a per-replication quantile
// (its name contains _p50, _p85, _p90, _p99, ...). Summarize bootstraps
// these instead of using Student-t intervals.
func IsQuantileMetric(name string) bool { return quantileName.MatchString(name) }

// Describe gives a metric's label, unit, scale, direction and definition.
// The model's registry of measures (models.LookupMeasure) documents every
// metric a replication reports; any other name (a daily series, a sample,
// a metric of an older results folder) is described from its name alone:
// the unit comes from the suffix (_h hours, _d days, _per_week,
// _per_incident, _per_shift, _frac a share of working time shown as %),
// the statistic (mean, p90, ...) moves to the front, abbreviations are
// spelt out (ttr "time to restore", tta "time to acknowledge", ttd "time
// to detect") and incidents_<x>_per_week reads "<x> incidents". Series and
// sample names ("queued_work", "restore_h") work the same way.
func Describe(name string) MetricInfo {
	if ms, ok := models.LookupMeasure(name); ok {
		// The model documents every metric it reports: one place for the
		// CLI, the report and docs/measures.md.
		return MetricInfo{Name: name, Label: ms.Label, Unit: ms.Unit, Scale: ms.Scale,
			HigherIsBetter: ms.HigherIsBetter, Neutral: ms.Neutral, Definition: ms.Definition}
	}
	info := MetricInfo{Name: name, Scale: 1, HigherIsBetter: higherIsBetter[name]}
	if percentNames[name] {
		info.Unit, info.Scale = "%", 100
	}
	if w, ok := wholeNames[name]; ok {
		info.Label, info.Unit = w[0], w[1]
		return info
	}
	stem := name
	for _, u := range unitSuffixes {
		if s, ok := strings.CutSuffix(stem, u.suffix); ok && s != "" {
			stem, info.Unit, info.Scale = s, u.unit, u.scale
			break
		}
	}
	tokens := strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	var stats, rest []string
	for _, t := range tokens {
		if statToken.MatchString(t) && len(tokens) > 1 {
			stats = append(stats, expand(t))
			continue
		}
		rest = append(rest, t)
	}
	// incidents_<cause or severity>: "<cause> incidents".
	if len(rest) > 1 && rest[0] == "incidents" {
		rest = append(rest[1:], "incidents")
	}
	for i, t := range rest {
		rest[i] = expand(t)
	}
	label := strings.Join(append(stats, rest...), " ")
	for _, p := range phrases {
		label = strings.ReplaceAll(label, p.from, p.to)
	}
	if label == "" {
		label = name
	}
	info.Label = label
	return info
}

func expand(t string) string {
	if w, ok := words[t]; ok {
		return w
	}
	if w, ok := words[strings.ToLower(t)]; ok {
		return w
	}
	return t
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
