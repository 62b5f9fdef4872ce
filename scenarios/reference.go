package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

// Section is one table of the scenario reference, e.g. "[org]".
type Section struct {
	Title string
	// Intro says what the table is for, in a sentence or two.
	Intro string
	Keys  []Key
}

// Key is one key of a scenario file as the reference documents it.
type Key struct {
	// Path is the dotted key path. "[]" marks the elements of an array of
	// tables ("org.team[].name"), NAME a design's name, and DIST a
	// distribution table (work.feature_size and the like).
	Path string
	// Type is one of the Type constants.
	Type string
	// Default is what an absent key means: a TOML literal ("6", `"5m"`,
	// "true", an inline table) when the parser fills in that value, which
	// a test checks, otherwise words ("required", "the preset's choice").
	Default string
	// Unit is what the value is measured in, where the type does not say.
	Unit string
	// Meaning is what the key does to the model, in a sentence or two.
	Meaning string
	// Source names where the default comes from (a book, report or field
	// study) or says "assumption"; keys without a default of their own
	// (required, or inherited from another key) have none.
	Source string
	// Enum lists the values a string key accepts.
	Enum []string
	// Min and Max bound a number, when set.
	Min, Max *float64
	// Range is the plausible range [low, high] that the sources or the
	// assumption document, where it is not the default's ±50%: opsim
	// sensitivity varies the key over it. Nil: ±50% of the value.
	Range []float64
	// Measure marks a key that only says how a result is measured or
	// priced (a target, a threshold, a price): it changes no event of a
	// run, so opsim sensitivity varies it only when [sensitivity] lists it.
	Measure bool
}

// Types a key can have, as the reference names them.
const (
	TypeString        = "string"
	TypeInteger       = "integer"
	TypeNumber        = "number"
	TypeBoolean       = "boolean"
	TypeDuration      = "duration"
	TypeRate          = "rate"
	TypeDistribution  = "distribution"
	TypeSwitchCost    = `duration or "weinberg"`
	TypeTable         = "table"
	TypeArrayOfTables = "array of tables"
	TypeStringList    = "list of strings"
	TypeIntegerList   = "list of integers"
	TypeDurationList  = "list of durations"
	TypeValueTable    = "table of values"
	TypeNumberTable   = "table of numbers"
	TypeSweep         = "table of lists"
)

// typeHelp explains the types whose form is not plain TOML.
var typeHelp = []struct{ typ, help string }{
	{TypeDuration, `a string of a number and a unit: s, m (or min), h, d (24h), w (7d), y (365d), and for effort pd (person-day, 8h) and pw (person-week, 40h); parts combine ("1h30m"), amounts may be decimal ("0.5d"), and "0" needs no unit`},
	{TypeRate, `"N/PER": events per unit (h, day, week, month = 30 days, year) or per duration ("3/2w")`},
	{TypeDistribution, "an inline table naming a distribution and its parameters (see Distribution tables)"},
}

// literal reports whether a default is a TOML literal (checked against the
// parser) rather than words.
func (k Key) literal() bool {
	d := k.Default
	if d == "" {
		return false
	}
	switch d[0] {
	case '"', '{', '[':
		return true
	}
	if d == "true" || d == "false" {
		return true
	}
	_, err := strconv.ParseFloat(d, 64)
	return err == nil
}

// ReferenceMarkdown renders Reference as the page docs/scenarios.md holds
// and 'opsim schema' prints.
func ReferenceMarkdown() string {
	var b strings.Builder
	b.WriteString("# Scenario reference\n\n")
	b.WriteString("<!-- Generated from scenarios/reference_keys.go by `opsim schema`; do not edit by hand: run `make docs`. -->\n\n")
	b.WriteString("A scenario is a TOML file: one organisation, the org designs to compare on it and, optionally, a sweep. " +
		"opsim reads it strictly: an unknown key, a wrong type, a bad unit or a value out of range is an error naming the file, line and key, and nothing runs. " +
		"Every key below may be left out unless its default says \"required\"; the default is then what the model uses, and the last column names where it comes from, " +
		"or says it is an assumption. `opsim validate FILE` checks a file; `opsim schema --json-schema` prints the JSON Schema that editors understanding TOML " +
		"(taplo, Even Better TOML) use to complete and check keys as you type (docs/opsim.schema.json, associated with scenarios/*.toml by .taplo.toml).\n\n")
	b.WriteString("Types:\n\n")
	for _, t := range typeHelp {
		fmt.Fprintf(&b, "- **%s**: %s.\n", t.typ, t.help)
	}
	b.WriteString("\n")
	for _, s := range Reference {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", s.Title, s.Intro)
		b.WriteString("| key | type | default | unit | meaning | source of the default |\n|---|---|---|---|---|---|\n")
		for _, k := range s.Keys {
			typ := k.Type
			if len(k.Enum) > 0 {
				typ += ": " + strings.Join(quoteAll(k.Enum), ", ")
			}
			if r := k.rangeText(); r != "" {
				typ += ", " + r
			}
			if len(k.Range) == 2 {
				typ += "; plausible " + num(k.Range[0]) + " to " + num(k.Range[1])
			}
			def := k.Default
			if k.literal() {
				def = "`" + def + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", k.Path, mdCell(typ), mdCell(def), mdCell(k.Unit), mdCell(k.Meaning), mdCell(k.Source))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// num writes a bound in its shortest form.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func (k Key) rangeText() string {
	switch {
	case k.Min != nil && k.Max != nil:
		return num(*k.Min) + " to " + num(*k.Max)
	case k.Min != nil:
		return "at least " + num(*k.Min)
	case k.Max != nil:
		return "at most " + num(*k.Max)
	}
	return ""
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Quote(x)
	}
	return out
}

// mdCell keeps a table cell on one line and its pipes from ending it.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
