package scenarios

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/opsim/opsim/models"
)

// Limits on what a scenario file may ask of the reader. A scenario is a few
// kilobytes of hand-written TOML; these bounds are far above any real one
// and far below what would let a malformed or hostile file exhaust memory
// or time before validation could say what is wrong.
const (
	// MaxScenarioBytes bounds a scenario file's size (the bundled ones are
	// under 20 KB). Reading stops there, so a device that never ends
	// (/dev/zero) or a wrong file is refused at once.
	MaxScenarioBytes = 1 << 20
	// MaxNesting bounds how deeply arrays, inline tables and dotted keys
	// nest (the schema needs 5). The TOML decoder's cost grows steeply
	// with nesting: a 40 KB file of nested inline tables took minutes.
	MaxNesting = 24
	// MaxPrintedErrors is how many problems Errors.Error lists before
	// "... and N more": a file with thousands of unknown keys needs its
	// first screen, not thousands of lines.
	MaxPrintedErrors = 20
	// MaxHorizonYears bounds warm-up plus horizon: a replication steps
	// through every simulated day.
	MaxHorizonYears = 1000
	// BundledPrefix names a scenario shipped inside opsim, e.g.
	// "bundled:default.toml". A path is always a path: a missing file is
	// an error, never silently replaced by a bundled scenario of the same
	// base name.
	BundledPrefix = "bundled:"
)

// defaultMaxEvents is the guard models.Run applies when max_events is 0.
const defaultMaxEvents = 500_000_000

// ReadFile returns a scenario's text: the file at path, or the bundled
// scenario path names with BundledPrefix. A file larger than
// MaxScenarioBytes is refused without reading the rest of it.
func ReadFile(path string) ([]byte, error) {
	if name, ok := strings.CutPrefix(path, BundledPrefix); ok {
		return Bundled(name)
	}
	return readBounded(path)
}

// readBounded reads at most MaxScenarioBytes+1 bytes of path, so that an
// oversized file is recognised without being read in full.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: fmt.Sprintf("cannot read the scenario: %v", unwrapPathError(err))}}.Err()
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, Errors{{File: path, Msg: "is a directory, not a scenario file"}}.Err()
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxScenarioBytes+1))
	if err != nil {
		return nil, Errors{{File: path, Msg: fmt.Sprintf("cannot read the scenario: %v", unwrapPathError(err))}}.Err()
	}
	if len(src) > MaxScenarioBytes {
		return nil, tooBig(path)
	}
	return src, nil
}

func tooBig(file string) error {
	return Errors{{File: file, Msg: fmt.Sprintf("is larger than %d KiB, which no scenario needs; is it the right file?", MaxScenarioBytes>>10)}}.Err()
}

// checkInput refuses what the TOML decoder should never see: an oversized
// text and one nested beyond MaxNesting.
func checkInput(file string, src []byte) error {
	if len(src) > MaxScenarioBytes {
		return tooBig(file)
	}
	if depth, line := nesting(src); depth > MaxNesting {
		return Errors{{File: file, Line: line, Msg: fmt.Sprintf("nests arrays, inline tables or dotted keys %d deep; at most %d are allowed", depth, MaxNesting)}}.Err()
	}
	return nil
}

// nesting returns the deepest nesting of src, counting each open array or
// inline table and each dot of a key, and the line where it is reached.
// It tracks strings and comments so that brackets and dots inside them do
// not count; it need not validate anything, as the decoder does that.
func nesting(src []byte) (deepest, line int) {
	var stack []byte // open '[' and '{'
	header := false  // the open brackets are a table header's
	cur := 1
	inKey := true // at the start of a line, after '{' or after ',' in an inline table
	dots := 0
	note := func() {
		if d := len(stack) + dots; d > deepest {
			deepest, line = d, cur
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			cur++
			if len(stack) == 0 {
				inKey, dots = true, 0
			}
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			i = skipString(src, i, &cur)
		case c == '[' || c == '{':
			if len(stack) == 0 {
				header = c == '[' && lineStart(src, i)
			}
			stack = append(stack, c)
			inKey = c == '{' || header
			note()
		case c == ']' || c == '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			header = header && len(stack) > 0
			dots = 0
		case c == ',' && len(stack) > 0 && stack[len(stack)-1] == '{':
			inKey, dots = true, 0
		case c == '=':
			inKey, dots = false, 0
		case c == '.' && inKey:
			dots++
			note()
		}
	}
	return deepest, line
}

// lineStart reports whether src[i] is the first non-blank byte of its line
// (a table header's bracket).
func lineStart(src []byte, i int) bool {
	for i--; i >= 0 && (src[i] == ' ' || src[i] == '\t' || src[i] == '['); i-- {
	}
	return i < 0 || src[i] == '\n'
}

// skipString returns the index of the last byte of the string starting at
// src[i], counting the lines it spans into *line; an unterminated string
// runs to the end.
func skipString(src []byte, i int, line *int) int {
	q := src[i]
	multi := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if multi {
		i += 2
	}
	for i++; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\' && q == '"':
			i++
			if i < len(src) && src[i] == '\n' {
				*line++
			}
		case c == '\n':
			if !multi {
				return i - 1 // unterminated: the decoder reports it; the caller counts the line
			}
			*line++
		case c == q && (!multi || i+2 < len(src) && src[i+1] == q && src[i+2] == q):
			if multi {
				i += 2
			}
			return i
		}
	}
	return len(src) - 1
}

// pathSafe keeps a name derived from a file name usable as a folder name:
// anything but letters, digits, '-' and '_' becomes '-'.
func pathSafe(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			b[i] = '-'
		}
	}
	return string(b)
}

// checkName restricts the scenario's name as design names are: it names
// the default output folder out/<name>, so "../x" must not escape it.
func checkName(c *checker, name string) {
	if name != "" && (!bareKeyRE.MatchString(name) || len(name) > 100) {
		c.add("name", "a scenario name must be 1 to 100 letters, digits, '-' or '_' (it names the output folder), got %q", name)
	}
}

// expectedEvents estimates, from below, how many events one replication of
// cfg fires: every feature, ticket and incident arrival is at least one
// event, over the warm-up and the horizon. Responses, calendars and
// cascades add more, so a run needs at least this many.
func expectedEvents(cfg *models.Config) float64 {
	rate := 0.0
	for _, t := range cfg.Teams {
		rate += t.FeatureRate + t.ToilRate
	}
	services := len(cfg.Services.List)
	for _, sv := range cfg.Services.List {
		if sv.IncidentRate > 0 {
			rate += sv.IncidentRate
			services--
		}
	}
	if len(cfg.Services.List) == 0 {
		for _, t := range cfg.Teams {
			switch t.Kind {
			case models.KindProduct:
				services += cfg.Services.PerTeam
			case models.KindPlatform, models.KindOps:
				services += cfg.Services.InfraPerTeam
			}
		}
	}
	rate += float64(services) * cfg.Incident.Rate
	return rate * (cfg.Warmup + cfg.Horizon)
}

// eventProblem says why cfg cannot run within its event guard or the
// horizon bound, or "".
func eventProblem(cfg *models.Config) string {
	const hoursAYear = 24 * 365
	if years := (cfg.Warmup + cfg.Horizon) / hoursAYear; years > MaxHorizonYears || math.IsNaN(years) {
		return fmt.Sprintf("warm-up plus horizon is %.3g years; at most %d are allowed", years, MaxHorizonYears)
	}
	guard := float64(cfg.MaxEvents)
	if cfg.MaxEvents == 0 {
		guard = defaultMaxEvents
	}
	if n := expectedEvents(cfg); n > guard {
		return fmt.Sprintf("design %s: a replication would fire at least %.3g events (its arrivals alone over warm-up and horizon), more than the guard of %.3g (max_events); shorten the horizon, lower the rates or raise max_events",
			cfg.Name, n, guard)
	}
	return ""
}

// checkEvents refuses, at parse time, a scenario whose replications would
// be stopped by the event guard (or step through more than
// MaxHorizonYears), so that it fails in validate rather than hours into a
// run. Sweep points are checked by Configs.
func checkEvents(c *checker, s *Scenario) {
	for _, d := range s.Designs {
		cfg, err := models.Expand(s.Org, d)
		if err != nil {
			continue // reported by the parser's own checks
		}
		cfg.MaxEvents = s.MaxEvents
		if msg := eventProblem(&cfg); msg != "" {
			c.add("horizon", "%s", msg)
			return
		}
	}
}

// eventsError is checkEvents for one sweep point's configuration.
func (s *Scenario) eventsError(p Point, cfg *models.Config) error {
	msg := eventProblem(cfg)
	if msg == "" {
		return nil
	}
	var at []string
	for _, q := range p.Params {
		at = append(at, q.Name+" = "+q.Value)
	}
	line := indexKeys([]byte(s.Text)).lineOf([]string{"horizon"})
	return Errors{{File: s.File, Line: line, Field: "horizon", Msg: fmt.Sprintf("at sweep point %d (%s): %s", p.Index, strings.Join(at, ", "), msg)}}.Err()
}

// moreErrors is the last line of a list cut at MaxPrintedErrors.
func moreErrors(n int) string {
	return fmt.Sprintf("... and %d more", n)
}
