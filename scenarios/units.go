package scenarios

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Hours in the calendar and effort units. Calendar units are wall-clock time
// (the simulation clock never sleeps); effort units are focused working hours,
// so "1pd" of work is one 8-hour day, not 24 hours.
const (
	hoursPerDay         = 24
	hoursPerWeek        = 7 * hoursPerDay
	hoursPerMonth       = 30 * hoursPerDay
	hoursPerYear        = 365 * hoursPerDay
	hoursPerPersonDay   = 8
	hoursPerPersonWeek  = 5 * hoursPerPersonDay
	durationExample     = `e.g. "20m", "1.5h", "3d" or "1h30m"`
	rateExample         = `e.g. "4/day", "0.5/week" or "3/2w"`
	durationUnitsForMsg = "s, m (or min), h, d, w, y, pd (person-day, 8h) or pw (person-week, 40h)"
)

// unitScale converts an amount in some unit to hours. Minutes and seconds
// divide rather than multiply by a rounded fraction so that "20m" is exactly
// 20/60 h, which is what a reader would compute by hand.
type unitScale struct {
	mul, div float64
}

func (u unitScale) toHours(n float64) float64 { return n * u.mul / u.div }

var durationUnits = map[string]unitScale{
	"s":   {1, 3600},
	"m":   {1, 60},
	"min": {1, 60},
	"h":   {1, 1},
	"d":   {hoursPerDay, 1},
	"w":   {hoursPerWeek, 1},
	"y":   {hoursPerYear, 1},
	"pd":  {hoursPerPersonDay, 1},
	"pw":  {hoursPerPersonWeek, 1},
}

// Duration is a span of simulated time in hours, written in TOML as a string
// like "20m", "1.5h", "3d" or "2w". It is a float64 of hours because that is
// the simulator's clock unit: no conversion is needed where it is used.
//
// Units are s, m (or min), h, d (24h), w (7d) and y (365d), plus the effort
// units pd (person-day, 8h) and pw (person-week, 40h) for sizing work, which
// is measured in focused hours rather than elapsed time. Parts combine
// ("1h30m", "2d12h"), amounts may be decimal ("0.5d"), and "0" needs no unit.
type Duration float64

// Hours exists so that call sites read as a unit conversion and keep working
// if the representation ever changes.
func (d Duration) Hours() float64 { return float64(d) }

// ParseDuration reads the human form users write in scenario files. It is
// strict (no negatives, no bare numbers except "0") because a silently
// misread duration corrupts every result of a run.
func ParseDuration(s string) (Duration, error) {
	h, err := parseHours(s)
	if err != nil {
		return 0, err
	}
	return Duration(h), nil
}

// UnmarshalText lets BurntSushi/toml decode duration strings directly into
// scenario structs; its errors are wrapped by the decoder with key and line.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes the form a person would have typed, so that expanded
// scenarios written back to disk stay readable and re-parse to the same value.
func (d Duration) MarshalText() ([]byte, error) {
	h := float64(d)
	if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 {
		return nil, fmt.Errorf("cannot write duration %v: durations are finite and non-negative, %s", h, durationExample)
	}
	return []byte(formatDuration(h)), nil
}

// String uses the same form as MarshalText so that logs and error messages
// show what the user would write; invalid values are still shown, not hidden.
func (d Duration) String() string {
	h := float64(d)
	switch {
	case math.IsNaN(h):
		return "NaN"
	case math.IsInf(h, 1):
		return "+Inf"
	case math.IsInf(h, -1):
		return "-Inf"
	case h < 0:
		return "-" + formatDuration(-h)
	}
	return formatDuration(h)
}

// displayUnits are tried from the largest down: the first unit in which the
// value reads as a whole or one-decimal number of at least 1 wins, so 36h
// prints as "1.5d" and 90m as "1.5h".
var displayUnits = []string{"y", "w", "d", "h", "m", "s"}

func formatDuration(h float64) string {
	if h == 0 {
		return "0"
	}
	for _, u := range displayUnits {
		sc := durationUnits[u]
		q := h * sc.div / sc.mul
		if math.IsInf(q, 0) || math.IsNaN(q) || (q < 1 && u != "s") {
			continue
		}
		maxDecimals := 1
		if u == "s" {
			maxDecimals = 3 // milliseconds are still a clean way to write sub-second spans
		}
		for dec := 0; dec <= maxDecimals; dec++ {
			cand := trimZeros(strconv.FormatFloat(q, 'f', dec, 64)) + u
			if v, err := parseHours(cand); err == nil && v == h {
				return cand
			}
		}
	}
	// No clean form: hours with the shortest decimal that parses back exactly.
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

// trimZeros drops a fractional part that FormatFloat padded with zeros.
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// parseHours parses a possibly compound duration ("1h30m") to hours.
func parseHours(orig string) (float64, error) {
	s := strings.TrimSpace(orig)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("invalid duration %q: %s", orig, fmt.Sprintf(format, args...))
	}
	if s == "" {
		return 0, fmt.Errorf("empty duration: write a number with a unit, %s", durationExample)
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("negative duration %q: durations cannot be negative, %s", orig, durationExample)
	}
	if isNonFinite(s) {
		return 0, bad("not a finite number; %s", durationExample)
	}
	if s[0] == '+' {
		return 0, bad("leading '+' is not allowed; %s", durationExample)
	}
	total := 0.0
	i := 0
	for i < len(s) {
		numStart := i
		for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
			i++
		}
		num := s[numStart:i]
		if num == "" {
			if numStart > 0 {
				r, _ := utf8.DecodeRuneInString(s[numStart:])
				return 0, bad("unexpected %q after %q; %s", r, s[:numStart], durationExample)
			}
			return 0, bad("expected a number at %q; %s", s[numStart:], durationExample)
		}
		n, err := parseDecimal(num)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return 0, bad("overflow: the value is too large to represent; %s", durationExample)
			}
			return 0, bad("%q is not a number; %s", num, durationExample)
		}
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		unitStart := i
		for i < len(s) && isUnitChar(s[i]) {
			i++
		}
		unit := s[unitStart:i]
		if unit == "" {
			if i == len(s) && numStart == 0 && n == 0 {
				return 0, nil // a bare "0" needs no unit: zero is zero in any unit
			}
			if i == len(s) {
				return 0, bad("missing unit after %s; write e.g. \"%sh\" or \"%sd\" (units: %s)", num, num, num, durationUnitsForMsg)
			}
			r, _ := utf8.DecodeRuneInString(s[i:])
			return 0, bad("unexpected %q after %s; %s", r, num, durationExample)
		}
		sc, ok := durationUnits[unit]
		if !ok {
			return 0, bad("unknown unit %q; use %s, %s", unit, durationUnitsForMsg, durationExample)
		}
		total += sc.toHours(n)
		if math.IsInf(total, 0) {
			return 0, bad("overflow: the value is too large to represent; %s", durationExample)
		}
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	return total, nil
}

// parseDecimal accepts only plain decimals ("12", "0.5", ".5", "3."):
// ParseFloat alone would also take exponents, hex, underscores and "Inf".
func parseDecimal(s string) (float64, error) {
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			digits++
		case s[i] == '.':
			dots++
		default:
			return 0, strconv.ErrSyntax
		}
	}
	if digits == 0 || dots > 1 {
		return 0, strconv.ErrSyntax
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if math.IsInf(f, 0) {
		return 0, strconv.ErrRange
	}
	return f, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUnitChar(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// isNonFinite catches spellings ParseFloat would accept, so the user gets a
// message about the value rather than about an unknown unit "Inf".
func isNonFinite(s string) bool {
	l := strings.ToLower(strings.TrimLeft(s, "+-"))
	return strings.HasPrefix(l, "nan") || strings.HasPrefix(l, "inf")
}

// Rate is events per hour, written as "4/day", "0.5/week", "2/h", "3/2w",
// "12/y" or "0". Like Duration it is stored in the simulator's clock unit.
//
// After the "/" comes a unit word (h, hour, d, day, w, week, month = 30d,
// y, year, or any Duration unit) or a whole Duration ("3/2w", "1/1h30m").
type Rate float64

// PerHour exists so that call sites state the unit they rely on.
func (r Rate) PerHour() float64 { return float64(r) }

// rateUnits are the bare words accepted after "/". Month is only meaningful
// for rates ("1/month"), so it is not a Duration unit; it is 30 days.
var rateUnits = map[string]float64{
	"s":     1.0 / 3600,
	"m":     1.0 / 60,
	"min":   1.0 / 60,
	"h":     1,
	"hour":  1,
	"d":     hoursPerDay,
	"day":   hoursPerDay,
	"w":     hoursPerWeek,
	"week":  hoursPerWeek,
	"month": hoursPerMonth,
	"y":     hoursPerYear,
	"year":  hoursPerYear,
}

// ParseRate reads "N/PER" where PER is a unit word or any Duration. It is
// strict for the same reason as ParseDuration: a misread rate silently
// changes every result.
func ParseRate(s string) (Rate, error) {
	r, err := parseRate(s)
	if err != nil {
		return 0, err
	}
	return Rate(r), nil
}

func parseRate(orig string) (float64, error) {
	s := strings.TrimSpace(orig)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("invalid rate %q: %s", orig, fmt.Sprintf(format, args...))
	}
	if s == "" {
		return 0, fmt.Errorf("empty rate: write events per time, %s", rateExample)
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("negative rate %q: rates cannot be negative, %s", orig, rateExample)
	}
	if isNonFinite(s) {
		return 0, bad("not a finite number; %s", rateExample)
	}
	numStr, per, hasSlash := strings.Cut(s, "/")
	numStr = strings.TrimSpace(numStr)
	per = strings.TrimSpace(per)
	n, err := parseDecimal(numStr)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, bad("overflow: the value is too large to represent; %s", rateExample)
		}
		return 0, bad("%q is not a number; %s", numStr, rateExample)
	}
	if !hasSlash {
		if n == 0 {
			return 0, nil // "0" needs no unit: never is never in any unit
		}
		return 0, bad("missing \"/unit\"; write e.g. \"%s/day\" or \"%s/week\"", numStr, numStr)
	}
	if per == "" {
		return 0, bad("missing unit after \"/\"; %s", rateExample)
	}
	if strings.HasPrefix(per, "-") {
		return 0, fmt.Errorf("negative rate %q: the period after \"/\" cannot be negative, %s", orig, rateExample)
	}
	hours, ok := rateUnits[per]
	if sc, isUnit := durationUnits[per]; !ok && isUnit {
		hours, ok = sc.toHours(1), true // "1/pd" reads as one per person-day
	}
	if !ok {
		d, err := parseHours(per)
		if err != nil {
			return 0, bad("period %q after \"/\" is not a unit (h, hour, d, day, w, week, month, y, year) or a duration like \"2w\"; %s", per, rateExample)
		}
		hours = d
	}
	if hours == 0 {
		return 0, bad("division by zero: the period after \"/\" must be longer than zero, %s", rateExample)
	}
	r := n / hours
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return 0, bad("overflow: the value is too large to represent; %s", rateExample)
	}
	return r, nil
}

// UnmarshalText lets BurntSushi/toml decode rate strings directly into
// scenario structs; its errors are wrapped by the decoder with key and line.
func (r *Rate) UnmarshalText(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalText writes the form a person would have typed so that written-back
// scenarios stay readable and re-parse to the same value.
func (r Rate) MarshalText() ([]byte, error) {
	v := float64(r)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return nil, fmt.Errorf("cannot write rate %v: rates are finite and non-negative, %s", v, rateExample)
	}
	return []byte(formatRate(v)), nil
}

// String uses the same form as MarshalText so logs show what users write.
func (r Rate) String() string {
	v := float64(r)
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v < 0:
		return "-" + formatRate(-v)
	}
	return formatRate(v)
}

// rateDisplayUnits go from the shortest period up: the first period in which
// the count reads as a whole or one-decimal number of at least 1 wins, so
// 1/6 per hour prints as "4/day" rather than "0.1666…/h".
var rateDisplayUnits = []string{"h", "day", "week", "month", "year"}

func formatRate(v float64) string {
	if v == 0 {
		return "0"
	}
	for pass := 0; pass < 2; pass++ {
		for _, u := range rateDisplayUnits {
			q := v * rateUnits[u]
			if math.IsInf(q, 0) || math.IsNaN(q) || (pass == 0 && q < 1) {
				continue
			}
			for dec := 0; dec <= 1; dec++ {
				cand := strconv.FormatFloat(q, 'f', dec, 64)
				cand = trimZeros(cand) + "/" + u
				if got, err := parseRate(cand); err == nil && got == v {
					return cand
				}
			}
		}
	}
	// No clean form: per hour with the shortest decimal that parses back exactly.
	return strconv.FormatFloat(v, 'f', -1, 64) + "/h"
}
