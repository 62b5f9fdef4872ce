package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/opsim/opsim/models"
)

// Scenario is a parsed, validated scenario file: one organisation, the org
// designs to compare on it, and optionally a sweep grid of parameters. It
// keeps the file's decoded tree so that sweep points can be applied to the
// file as written rather than to the converted models values.
type Scenario struct {
	File         string // path as given
	Text         string // the file's full text, for the results manifest
	Name         string
	Replications int
	Seed         uint64
	// MaxEvents is copied into every Config (0: the simulator's default).
	MaxEvents uint64
	Org       models.Org
	Designs   []models.Design // in file order
	// Baseline is the design the others are compared against.
	Baseline string
	Sweep    []SweepParam // in file order
	// Report is the [report] table: how the report presents the results.
	Report Report
	// Sensitivity is the [sensitivity] table: what opsim sensitivity
	// varies and which results it watches.
	Sensitivity Sensitivity
	// Workshop is the [workshop] table: what opsim serve's page offers.
	Workshop Workshop

	tree        map[string]any
	designOrder []string
}

// Load reads a scenario file and parses it.
func Load(path string) (*Scenario, error) {
	src, err := readBounded(path)
	if err != nil {
		return nil, err // already names the file and says why
	}
	return Parse(path, src)
}

// unwrapPathError drops the path that *fs.PathError repeats, since Error
// already names the file.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse decodes and validates a scenario. It is strict: unknown keys, wrong
// types, bad units and out-of-range values are all errors, because a value
// silently misread changes every result of a run. On failure the error is
// an Errors value listing every problem found, sorted by line, each naming
// FILE:LINE: FIELD.
func Parse(file string, src []byte) (*Scenario, error) {
	if err := checkInput(file, src); err != nil {
		return nil, err
	}
	tree, md, err := decodeTree(src)
	if err != nil {
		return nil, tomlErrors(file, err)
	}
	s := &Scenario{File: file, Text: string(src), tree: tree}
	s.designOrder = keyOrder(md, tree, "design")
	ix := indexKeys(src)
	c := newChecker(file, ix.lineOfIndexed)
	comp := compile(c, tree, s.designOrder, defaultName(file))
	s.Name = comp.name
	s.Replications = comp.replications
	s.Seed = comp.seed
	s.MaxEvents = comp.maxEvents
	s.Org = comp.org
	s.Designs = comp.designs
	s.Baseline = comp.baseline
	s.Sweep = checkSweep(c, s, keyOrder(md, tree, "sweep"))
	s.Report = checkReport(c, s, comp.file.Report)
	s.Sensitivity = checkSensitivity(c, s, comp.file.Sensitivity, keyOrder(md, tree, "sensitivity.params"))
	s.Workshop = checkWorkshop(c, s, comp.file.Workshop)
	checkName(c, comp.file.Name)
	if len(c.all()) == 0 {
		checkEvents(c, s)
	}
	if err := c.result(); err != nil {
		return nil, err
	}
	return s, nil
}

// decodeTree is toml.Decode into the generic tree that everything else
// walks. BurntSushi recovers its own panics, but a scenario reader must
// never take the process down on a bad file, so any that escapes becomes
// an error.
func decodeTree(src []byte) (tree map[string]any, md toml.MetaData, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("toml: cannot parse the file: %v", r)
		}
	}()
	md, err = toml.Decode(string(src), &tree)
	if tree == nil {
		tree = map[string]any{}
	}
	return tree, md, err
}

// tomlErrors locates a decoder error and returns it as Errors, the one
// error type Parse returns.
func tomlErrors(file string, err error) error {
	located := FromTOMLError(file, err)
	var es Errors
	if errors.As(located, &es) {
		return es.Err()
	}
	var e *Error
	if errors.As(located, &e) {
		return Errors{polishSyntaxError(e)}.Err()
	}
	return Errors{{File: file, Msg: located.Error()}}.Err()
}

var definedTwiceRE = regexp.MustCompile(`^Key '(.*)' has already been defined\.$`)

// polishSyntaxError adjusts two of BurntSushi's reports for a reader of
// the file: a key or table defined twice is named as the field (the decoder
// names its parent table), and an unterminated table header is reported on
// its own line rather than on the next one, where the newline was read.
func polishSyntaxError(e *Error) *Error {
	out := *e
	if m := definedTwiceRE.FindStringSubmatch(e.Msg); m != nil {
		out.Field = m[1]
		out.Msg = "is defined twice: " + e.Msg
	}
	if strings.Contains(e.Msg, "table name") && strings.Contains(e.Msg, `'\n'`) && out.Line > 1 {
		out.Line--
	}
	return &out
}

func defaultName(file string) string {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if name == "" || name == "." || name == string(filepath.Separator) {
		return "scenario"
	}
	return pathSafe(name)
}

// keyOrder lists the keys directly under table (a dotted path of tables)
// in the order the file first mentions them (Go maps forget it): designs
// are reported and compared in that order, and sweeps vary their first
// parameter slowest.
func keyOrder(md toml.MetaData, tree map[string]any, table string) []string {
	segs := strings.Split(table, ".")
	n := len(segs)
	var order []string
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		if len(k) > n && slices.Equal(k[:n], segs) && !seen[k[n]] {
			seen[k[n]] = true
			order = append(order, k[n])
		}
	}
	m, _ := valueAt(tree, segs).(map[string]any)
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(order, rest...)
}

// splitPath splits a dotted field path. Design names are checked to be bare
// keys, so no part of a path the checker reports contains a dot itself.
func splitPath(path string) []string {
	if path == "" {
		return nil
	}
	return strings.Split(path, ".")
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}
