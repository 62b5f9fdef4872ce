package scenarios

import (
	"encoding"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

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

// checker collects problems. Its own errors (decoding, and checks models
// cannot make) are kept apart from models' validation errors so that a
// field that failed to decode, and so kept its default, does not also draw
// a confusing error about that default.
type checker struct {
	file     string
	line     func(path []string) int // nil: no lines (sweep points)
	own      Errors
	semantic Errors
	reported map[string]bool // fields in own, so add stays O(1) however many errors a file has
}

func newChecker(file string, line func([]string) int) *checker {
	return &checker{file: file, line: line}
}

func (c *checker) lineOf(path string) int { return c.lineOfKey(splitPath(path)) }

// lineOfKey locates a path given as key parts, for keys such as sweep
// paths that contain dots themselves.
func (c *checker) lineOfKey(key []string) int {
	if c.line == nil {
		return 0
	}
	return c.line(key)
}

// add reports one of this package's own checks, once per field.
func (c *checker) add(path, format string, args ...any) {
	if c.reported[path] {
		return // the first problem with a field is the one to fix; later checks see its default
	}
	if c.reported == nil {
		c.reported = map[string]bool{}
	}
	c.reported[path] = true
	c.own = append(c.own, &Error{File: c.file, Line: c.lineOf(path), Field: path, Msg: fmt.Sprintf(format, args...)})
}

// addKey reports a problem with a key whose name is a dotted path of its
// own (under [sweep], [report] focus or [sensitivity.params]), naming the
// field quoted as TOML writes it. Every problem is kept: each is about
// one value of the key.
func (c *checker) addKey(key []string, format string, args ...any) {
	c.own = append(c.own, &Error{File: c.file, Line: c.lineOfKey(key), Field: toml.Key(key).String(), Msg: fmt.Sprintf(format, args...)})
}

// addModels reports models' validation errors, mapping their schema paths
// to lines.
func (c *checker) addModels(err error) {
	var fes models.FieldErrors
	if errors.As(err, &fes) {
		for _, fe := range fes {
			c.addSemantic(fe.Path, fe.Msg)
		}
		return
	}
	if err != nil {
		c.semantic = append(c.semantic, &Error{File: c.file, Msg: err.Error()})
	}
}

// modelPaths maps the few models paths that differ from the file's keys.
var modelPaths = map[string]string{"incidents.rate": "services.incident_rate"}

func (c *checker) addSemantic(path, msg string) {
	if p, ok := modelPaths[path]; ok {
		path = p
	}
	c.semantic = append(c.semantic, &Error{File: c.file, Line: c.lineOf(path), Field: path, Msg: msg})
}

// related reports whether two field paths are the same or one contains the
// other.
func related(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".")
}

// all merges the checker's errors: semantic ones about a field that already
// has one of our own are dropped, duplicates removed, and the rest sorted by
// line then field so that output is deterministic.
func (c *checker) all() Errors {
	out := append(Errors(nil), c.own...)
	for _, e := range c.semantic {
		dup := false
		for _, o := range c.own {
			if e.Field != "" && o.Field != "" && related(e.Field, o.Field) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	seen := map[string]bool{}
	uniq := out[:0]
	for _, e := range out {
		k := fmt.Sprintf("%d\x00%s\x00%s", e.Line, e.Field, e.Msg)
		if !seen[k] {
			seen[k] = true
			uniq = append(uniq, e)
		}
	}
	sort.SliceStable(uniq, func(i, j int) bool {
		if uniq[i].Line != uniq[j].Line {
			return uniq[i].Line < uniq[j].Line
		}
		return uniq[i].Field < uniq[j].Field
	})
	return uniq
}

func (c *checker) result() error { return c.all().Err() }

// ---- decoding the tree into the schema ----

// decoder walks the generic tree against the schema types. It is ours
// rather than BurntSushi's struct decoding for three reasons: that stops at
// the first type error (a user should see every problem at once), it
// matches keys case-insensitively (a strict format must not accept
// "Product_Teams"), and its Undecoded keys carry no array index (an unknown
// key in the third [[services.edge]] should point there).
type decoder struct{ c *checker }

type defaulter interface{ setDefaults() }

var (
	textUnmarshalerType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	fieldCache          sync.Map // reflect.Type -> map[string]int; Parse may run concurrently
)

// fieldsByTag maps a struct type's toml tags to field indices.
func fieldsByTag(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		if tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]; tag != "" && tag != "-" {
			m[tag] = i
		}
	}
	fieldCache.Store(t, m)
	return m
}

func tagNames(t reflect.Type) []string {
	var names []string
	for k := range fieldsByTag(t) {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// tomlType names a decoded value's type the way the TOML spec does.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	}
	return "datetime"
}

// expected names what a schema type wants, with an example where the TOML
// type alone would not tell the user what to write.
func expected(t reflect.Type) string {
	switch t {
	case reflect.TypeOf(Duration(0)):
		return `duration string such as "20m" or "3d"`
	case reflect.TypeOf(Rate(0)):
		return `rate string such as "4/day"`
	case reflect.TypeOf(switchCost{}):
		return `duration string such as "20m", or "weinberg"`
	case reflect.TypeOf(distTOML{}):
		return `distribution table such as { dist = "lognormal", median = "1h", p90 = "4h" }, or a fixed duration such as "30m"`
	}
	switch t.Kind() {
	case reflect.Pointer:
		return expected(t.Elem())
	case reflect.Struct:
		return "table"
	case reflect.Map:
		return "table"
	case reflect.Slice:
		if el := t.Elem(); el.Kind() == reflect.Struct {
			return "array of tables"
		}
		return "array"
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean (true or false)"
	}
	return t.String()
}

func (d *decoder) wrongType(path string, v any, t reflect.Type) {
	d.c.add(path, "wrong type: expected %s, found %s", expected(t), tomlType(v))
}

// value decodes v into rv, reporting problems under path. It returns false
// when v could not be used at all, so pointers stay nil (absent).
func (d *decoder) value(path string, v any, rv reflect.Value) bool {
	t := rv.Type()
	if t.Kind() == reflect.Pointer {
		// A pointer field is replaced as a whole, never merged with its default.
		nv := reflect.New(t.Elem())
		if df, ok := nv.Interface().(defaulter); ok {
			df.setDefaults()
		}
		if !d.value(path, v, nv.Elem()) {
			return false
		}
		rv.Set(nv)
		return true
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		var text string
		switch x := v.(type) {
		case string:
			text = x
		case int64:
			text = strconv.FormatInt(x, 10) // "0" is a duration and a rate
		case float64:
			text = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			d.wrongType(path, v, t)
			return false
		}
		if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text)); err != nil {
			d.c.add(path, "%v", err)
			return false
		}
		return true
	}
	if t == reflect.TypeOf(distTOML{}) {
		if _, isTable := v.(map[string]any); !isTable {
			// A plain duration is a fixed effort: "30m" reads as
			// { dist = "deterministic", mean = "30m" }.
			var dur Duration
			if !d.value(path, v, reflect.ValueOf(&dur).Elem()) {
				return false
			}
			rv.Set(reflect.ValueOf(distTOML{Dist: "deterministic", Mean: &dur}))
			return true
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			d.wrongType(path, v, t)
			return false
		}
		fields := fieldsByTag(t)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			p := joinPath(path, k)
			i, ok := fields[k]
			if !ok {
				d.unknown(p, k, m[k], tagNames(t))
				continue
			}
			d.value(p, m[k], rv.Field(i))
		}
		return true
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.wrongType(path, v, t)
			return false
		}
		if rv.IsNil() {
			rv.Set(reflect.MakeMap(t))
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			el := reflect.New(t.Elem()).Elem()
			if d.value(joinPath(path, k), m[k], el) {
				rv.SetMapIndex(reflect.ValueOf(k), el)
			}
		}
		return true
	case reflect.Slice:
		items, ok := asList(v)
		if !ok {
			d.wrongType(path, v, t)
			return false
		}
		out := reflect.MakeSlice(t, 0, len(items))
		for i, item := range items {
			el := reflect.New(t.Elem())
			if df, ok := el.Interface().(defaulter); ok {
				df.setDefaults()
			}
			d.value(joinPath(path, strconv.Itoa(i)), item, el.Elem())
			out = reflect.Append(out, el.Elem())
		}
		rv.Set(out)
		return true
	case reflect.Interface:
		rv.Set(reflect.ValueOf(v))
		return true
	case reflect.Int, reflect.Int64:
		n, ok := v.(int64)
		if !ok {
			if f, isFloat := v.(float64); isFloat && f == math.Trunc(f) && !math.IsInf(f, 0) {
				d.c.add(path, "wrong type: expected integer, found float (write %v without the decimal point)", int64(f))
			} else {
				d.wrongType(path, v, t)
			}
			return false
		}
		rv.SetInt(n)
		return true
	case reflect.Float64:
		var f float64
		switch x := v.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		default:
			d.wrongType(path, v, t)
			return false
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.c.add(path, "must be a finite number, got %v", f)
			return false
		}
		rv.SetFloat(f)
		return true
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.wrongType(path, v, t)
			return false
		}
		if s == "" {
			d.c.add(path, "is empty: give a value, or remove the key to use the default")
			return false
		}
		rv.SetString(s)
		return true
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.wrongType(path, v, t)
			return false
		}
		rv.SetBool(b)
		return true
	}
	d.c.add(path, "unsupported schema type %s", t)
	return false
}

// unknown reports a key the schema does not have, suggesting the closest
// valid one, or listing them when there are few.
func (d *decoder) unknown(path, key string, v any, valid []string) {
	what := "key"
	if _, isTable := v.(map[string]any); isTable {
		what = "table"
	} else if _, isTables := v.([]map[string]any); isTables {
		what = "table"
	}
	switch sug, ok := suggest(key, valid); {
	case ok:
		d.c.add(path, "unknown %s (did you mean %q?)", what, sug)
	case len(valid) <= 12:
		d.c.add(path, "unknown %s (valid keys here: %s)", what, strings.Join(valid, ", "))
	default:
		d.c.add(path, "unknown %s", what)
	}
}

func asList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []map[string]any:
		out := make([]any, len(x))
		for i, m := range x {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// ---- conversion to models and validation ----

// compiled is a decoded, converted scenario (possibly with errors).
type compiled struct {
	name         string
	replications int
	seed         uint64
	maxEvents    uint64
	baseline     string
	org          models.Org
	designs      []models.Design
	file         *fileTOML
}

var bareKeyRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// compile decodes the tree, converts it to models values and validates
// them, reporting everything through c. It never returns nil.
func compile(c *checker, tree map[string]any, designOrder []string, defName string) *compiled {
	f := &fileTOML{}
	f.setDefaults()
	(&decoder{c: c}).value("", tree, reflect.ValueOf(f).Elem())

	out := &compiled{file: f, name: f.Name, replications: f.Replications}
	if out.name == "" {
		out.name = defName
	}
	if f.Horizon == nil {
		if _, given := tree["horizon"]; !given {
			c.add("horizon", `is required: how long to simulate after the warm-up, e.g. "52w"`)
		}
	} else if f.Warmup >= *f.Horizon && f.Horizon.Hours() > 0 {
		c.add("warmup", "must be shorter than the horizon (%v), got %v", *f.Horizon, f.Warmup)
	}
	if f.Replications < 2 {
		c.add("replications", "must be at least 2 (a confidence interval needs two runs), got %d", f.Replications)
	} else if f.Replications > maxReplications {
		c.add("replications", "must be at most %d, got %d", maxReplications, f.Replications)
	}
	if f.Seed < 0 {
		c.add("seed", "must be zero or more, got %d", f.Seed)
	} else {
		out.seed = uint64(f.Seed)
	}
	if f.MaxEvents < 0 {
		c.add("max_events", "must be zero or more, got %d", f.MaxEvents)
	} else {
		out.maxEvents = uint64(f.MaxEvents)
	}

	out.org = convertOrg(c, f, out.name)
	orgErr := out.org.Validate()
	addOrgErrors(c, orgErr, &out.org)

	// Designs, in file order.
	for _, name := range designOrder {
		dt, ok := f.Design[name]
		if !ok {
			continue // it failed to decode; already reported
		}
		path := "design." + name
		if !bareKeyRE.MatchString(name) {
			c.add(path, "a design name must be letters, digits, '-' or '_' (it names result files), got %q", name)
			continue
		}
		dm, _ := tree["design"].(map[string]any)
		raw, _ := dm[name].(map[string]any)
		d := convertDesign(c, name, dt, raw)
		out.designs = append(out.designs, d)
	}
	if len(designOrder) == 0 {
		c.add("design", "at least one design is needed: add a [design.NAME] table, e.g. [design.collective]")
	}
	for _, d := range out.designs {
		if err := d.Validate(); err != nil {
			c.addModels(err)
		}
	}
	expandAll(c, out.org, out.designs, orgErr != nil)

	switch {
	case f.Baseline != nil:
		out.baseline = *f.Baseline
		var names []string
		found := false
		for _, n := range designOrder {
			names = append(names, n)
			found = found || n == out.baseline
		}
		if !found && len(names) > 0 {
			msg := fmt.Sprintf("no design named %q (designs: %s)", out.baseline, strings.Join(names, ", "))
			if s, ok := suggest(out.baseline, names); ok {
				msg = fmt.Sprintf("no design named %q (did you mean %q?)", out.baseline, s)
			}
			c.add("baseline", "%s", msg)
		}
	case len(designOrder) > 0:
		out.baseline = designOrder[0]
	}
	return out
}

// expandAll expands every design to catch what only the expanded
// configuration shows (unknown teams in routes, service owners). The same
// problem usually shows in every design; it is reported once, and named
// with its designs only when some designs do not have it.
func expandAll(c *checker, org models.Org, designs []models.Design, orgInvalid bool) {
	type found struct {
		fe      *models.FieldError
		designs []string
	}
	var order []string
	byKey := map[string]*found{}
	for _, d := range designs {
		if d.Validate() != nil {
			continue
		}
		_, err := models.Expand(org, d)
		if err == nil {
			continue
		}
		var fes models.FieldErrors
		if !errors.As(err, &fes) {
			c.addModels(err)
			continue
		}
		for _, fe := range fes {
			if fe.Path == "org.team" && orgInvalid {
				continue // the org's own validation has said it more precisely
			}
			fe = locateTeamError(fe, &org)
			msg, _, _ := strings.Cut(fe.Msg, " (teams: ")
			k := fe.Path + "\x00" + msg
			if byKey[k] == nil {
				byKey[k] = &found{fe: fe}
				order = append(order, k)
			}
			byKey[k].designs = append(byKey[k].designs, d.Name)
		}
	}
	valid := 0
	for _, d := range designs {
		if d.Validate() == nil {
			valid++
		}
	}
	for _, k := range order {
		f := byKey[k]
		suffix := ""
		if len(f.designs) < valid && !strings.HasPrefix(f.fe.Path, "design.") {
			suffix = fmt.Sprintf(" (in design %s)", strings.Join(f.designs, ", "))
		}
		c.addSemantic(f.fe.Path, f.fe.Msg+suffix)
	}
}

var (
	cycleRE     = regexp.MustCompile(`^dependency cycle: (.*)$`)
	teamNamedRE = regexp.MustCompile(`^team "((?:[^"\\]|\\.)*)"`)
)

// addOrgErrors reports Org.Validate's errors. A dependency cycle is placed
// on the [[services.edge]] that closes it, the edge a user would remove.
func addOrgErrors(c *checker, err error, org *models.Org) {
	var fes models.FieldErrors
	if !errors.As(err, &fes) {
		c.addModels(err)
		return
	}
	for _, fe := range fes {
		if m := cycleRE.FindStringSubmatch(fe.Msg); fe.Path == "services.edge" && m != nil {
			names := strings.Split(m[1], " -> ")
			if n := len(names); n >= 2 {
				for i, e := range org.Services.Edges {
					if e.From == names[n-2] && e.To == names[n-1] {
						c.semantic = append(c.semantic, &Error{File: c.file, Line: c.lineOf(fmt.Sprintf("services.edge.%d", i)), Field: fe.Path, Msg: fe.Msg})
						break
					}
				}
				continue
			}
		}
		c.addSemantic(fe.Path, fe.Msg)
	}
}

// locateTeamError points an expanded configuration's complaint about a
// team at that team's [[org.team]] when it is one the file lists.
func locateTeamError(fe *models.FieldError, org *models.Org) *models.FieldError {
	if fe.Path != "org.team" {
		return fe
	}
	m := teamNamedRE.FindStringSubmatch(fe.Msg)
	if m == nil {
		return fe
	}
	name, err := strconv.Unquote(`"` + m[1] + `"`)
	if err != nil {
		return fe
	}
	for i, t := range org.Teams {
		if t.Name == name {
			return &models.FieldError{Path: fmt.Sprintf("org.team.%d.name", i), Msg: fe.Msg}
		}
	}
	return fe
}

func convertOrg(c *checker, f *fileTOML, name string) models.Org {
	o := models.Org{Name: name, Warmup: f.Warmup.Hours()}
	if f.Horizon != nil {
		o.Horizon = f.Horizon.Hours()
	}
	ot := &f.Org
	o.ProductTeams = capInt(c, "org.product_teams", ot.ProductTeams, maxTeams)
	o.EngineersPerTeam = capInt(c, "org.engineers_per_team", ot.EngineersPerTeam, maxEngineers)
	o.PlatformTeamSize = capInt(c, "org.platform_team", ot.PlatformTeam, maxEngineers)
	o.PlatformEngineering = ot.PlatformEng
	share(c, "org.platform_engineering", ot.PlatformEng)
	if ot.Familiarity == 0 {
		c.add("org.familiarity", "is an effort multiplier for unfamiliar services and must be more than 0, got 0")
	}
	if ot.Rotation == 0 {
		c.add("org.rotation", "must be longer than zero: how long an engineer stays on call")
	}
	o.ProductTeam = models.TeamConfig{
		Kind:           models.KindProduct,
		Calendar:       ot.Calendar,
		Crews:          crews(c, "org", ot.Crews, ot.Calendar, ot.EngineersPerTeam),
		OnCall:         true,
		RotationLength: ot.Rotation.Hours(),
		Secondary:      ot.Secondary,
		Interrupts:     ot.Interrupts,
		Familiarity:    ot.Familiarity,
		Runbooks:       ot.Runbooks,
		FeatureRate:    ot.FeatureRate.PerHour(),
		Saturated:      demand(c, "org.demand", ot.Demand),
		WIPLimit:       ot.WIPLimit,
		ToilRate:       ot.ToilRate.PerHour(),
	}
	if len(ot.Team) > maxTeams {
		c.add("org.team", "at most %d explicit teams, got %d", maxTeams, len(ot.Team))
	}
	for i, t := range ot.Team {
		o.Teams = append(o.Teams, convertTeam(c, fmt.Sprintf("org.team.%d", i), t, ot))
	}

	st := &f.Services
	o.Services = models.ServicesConfig{
		PerTeam:      capInt(c, "services.per_team", st.PerTeam, maxServices),
		InfraPerTeam: capInt(c, "services.infra_per_team", st.InfraPerTeam, maxServices),
		Graph:        st.Graph.Kind, MeanDegree: st.Graph.MeanDegree, InfraShare: st.Graph.InfraShare,
		Coupling: st.Coupling, CascadeDelay: st.CascadeDelay.Hours(),
		Failover: st.Failover, FailoverTime: st.FailoverTime.Hours(),
		RateSpread: st.RateSpread, Critical: st.Critical, SLO: st.SLO,
	}
	for _, sv := range st.Service {
		sc := models.ServiceConfig{Name: sv.Name, Owner: sv.Owner, Layer: sv.Layer, Critical: sv.Critical,
			IncidentRate: st.IncidentRate.PerHour(), SLO: st.SLO}
		if sv.IncidentRate != nil {
			sc.IncidentRate = sv.IncidentRate.PerHour()
		}
		if sv.SLO != nil {
			sc.SLO = *sv.SLO
		}
		o.Services.List = append(o.Services.List, sc)
	}
	for i, e := range st.Edge {
		ec := models.EdgeConfig{From: e.From, To: e.To, Coupling: -1}
		if e.Coupling != nil {
			ec.Coupling = *e.Coupling
			if *e.Coupling < 0 || *e.Coupling > 1 {
				// models reads a negative coupling as "the default": say so.
				c.add(fmt.Sprintf("services.edge.%d.coupling", i), "is a probability and must be between 0 and 1, got %v", *e.Coupling)
			}
		}
		o.Services.Edges = append(o.Services.Edges, ec)
	}

	wt := &f.Work
	o.Work = models.WorkConfig{
		ContextSwitch: wt.ContextSwitch.hours, Weinberg: wt.ContextSwitch.weinberg,
		ChangeFailure: wt.ChangeFailure, ReferenceSize: wt.ReferenceSize.Hours(), BatchExponent: wt.BatchExponent,
	}
	if wt.FeatureSize != nil {
		wt.FeatureSize.check("work.feature_size", c.addf)
		o.Work.FeatureSize = wt.FeatureSize.spec()
	}
	if wt.ToilSize != nil {
		wt.ToilSize.check("work.toil_size", c.addf)
		o.Work.ToilSize = wt.ToilSize.spec()
	}

	it := &f.Incidents
	o.Incident = models.IncidentConfig{
		Rate: st.IncidentRate.PerHour(), Monitoring: it.Monitoring,
		AlertDelay: it.AlertDelay.Hours(), CustomerDelay: it.CustomerDelay.Hours(),
		PMHours: it.PMHours.Hours(), SeverityWeight: it.SeverityWeight,
	}
	for i, sv := range it.Severity {
		p := fmt.Sprintf("incidents.severity.%d", i)
		s := models.Severity{Name: sv.Name, EscalateAfter: sv.EscalateAfter.Hours(), Postmortem: sv.Postmortem, Impact: sv.Impact, Responders: sv.Responders}
		if s.Name == "" {
			s.Name = fmt.Sprintf("SEV%d", i+1)
		}
		if sv.Responders < 1 {
			c.add(p+".responders", "is a number of engineers and must be at least 1, got %d", sv.Responders)
		}
		if sv.Share == nil {
			c.add(p+".share", "is required: the fraction of incidents at this severity")
		} else {
			s.Share = *sv.Share
		}
		if sv.Effort == nil {
			c.add(p+".effort", `is required: a distribution table, e.g. { dist = "lognormal", median = "1h", p90 = "4h" }`)
		} else {
			sv.Effort.check(p+".effort", c.addf)
			s.Effort = sv.Effort.spec()
		}
		o.Incident.Severities = append(o.Incident.Severities, s)
	}

	rt := &f.Response
	o.Response = models.ResponseConfig{
		AckBusiness: rt.Ack.Hours(), AckAfterHours: rt.AckAfterHours.Hours(), Handoff: rt.Handoff.Hours(),
		Misroute: rt.Misroute, MisrouteCascade: rt.MisrouteCascade, AnswerWithin: rt.AnswerWithin.Hours(),
	}
	if rt.Triage != nil {
		rt.Triage.check("response.triage", c.addf)
		o.Response.Triage = rt.Triage.spec()
	}
	lt := &f.Learning
	o.Learning = models.LearningConfig{Blameless: lt.Blameless, Effort: lt.PostmortemEffort.Hours(), Reduction: lt.Reduction, Floor: lt.Floor,
		BlameHidden: lt.BlameHidden, BlameEscalation: lt.BlameEscalation.Hours(), Ownership: lt.Ownership, OwnershipFloor: lt.OwnershipFloor}
	convertDelivery(c, f, &o)
	convertFeedback(c, f, &o)
	return o
}

func (c *checker) addf(path, msg string) { c.add(path, "%s", msg) }

// capInt reports a count over its limit and returns it clamped, so that
// expanding a rejected file for its other errors cannot allocate billions
// of teams.
func capInt(c *checker, path string, v, max int) int {
	if v > max {
		c.add(path, "must be at most %d, got %d", max, v)
		return max
	}
	return v
}

// crews defaults a team's crews from its calendar: 24x7 teams work in four
// 8-hour crews, as the ops preset does; other teams have no shifts.
func crews(c *checker, path string, given *int, calendar string, engineers int) int {
	if given == nil {
		if calendar == models.AllHours {
			return min(4, max(engineers, 1))
		}
		return 0
	}
	n := *given
	switch {
	case n > maxCrews:
		c.add(path+".crews", "must be at most %d, got %d", maxCrews, n)
	case calendar == models.AllHours && n < 1:
		c.add(path+".crews", "a 24x7 team needs at least one crew, got %d", n)
	case calendar == models.AllHours && engineers > 0 && n > engineers:
		c.add(path+".crews", "a team of %d engineers cannot form %d crews", engineers, n)
	}
	return n
}

func convertTeam(c *checker, p string, t teamTOML, org *orgTOML) models.TeamConfig {
	tc := models.TeamConfig{
		Name: t.Name, Kind: t.Kind, Engineers: t.Engineers,
		RotationLength: t.Rotation.Hours(), Secondary: t.Secondary, Interrupts: t.Interrupts, WIPLimit: t.WIPLimit,
		ToilRate: org.ToilRate.PerHour(),
	}
	if t.Name == "" {
		c.add(p+".name", "is required: routes and service owners refer to teams by name")
	}
	if t.Kind == "" {
		c.add(p+".kind", "is required: one of %s", strings.Join([]string{models.KindProduct, models.KindOps, models.KindSRE, models.KindPlatform, models.KindDesk}, ", "))
	}
	tc.Engineers = capInt(c, p+".engineers", t.Engineers, maxEngineers)
	tc.Calendar = models.BusinessHours
	if t.Kind == models.KindOps {
		tc.Calendar = models.AllHours
	}
	if t.Calendar != nil {
		tc.Calendar = *t.Calendar
	}
	tc.Crews = crews(c, p, t.Crews, tc.Calendar, t.Engineers)
	tc.OnCall = tc.Calendar != models.AllHours
	if t.OnCall != nil {
		tc.OnCall = *t.OnCall
	}
	if tc.OnCall && t.Rotation == 0 {
		c.add(p+".rotation", "must be longer than zero for a team on call")
	}
	kd, ok := kindDefaults[t.Kind]
	if !ok {
		kd = kindDefaults[models.KindProduct]
	}
	tc.Familiarity, tc.Runbooks = kd.familiarity, kd.runbooks
	if t.Familiarity != nil {
		tc.Familiarity = *t.Familiarity
		if tc.Familiarity == 0 {
			c.add(p+".familiarity", "is an effort multiplier for unfamiliar services and must be at least 1, got 0")
		}
	}
	if t.Runbooks != nil {
		tc.Runbooks = *t.Runbooks
	}
	if t.Kind == models.KindProduct {
		tc.FeatureRate = org.FeatureRate.PerHour()
		tc.Saturated = org.Demand == models.DemandSaturated
	}
	if t.Demand != nil {
		tc.Saturated = demand(c, p+".demand", *t.Demand)
	}
	if t.FeatureRate != nil {
		tc.FeatureRate = t.FeatureRate.PerHour()
	}
	if t.ToilRate != nil {
		tc.ToilRate = t.ToilRate.PerHour()
	}
	return tc
}

// share checks a share of a team: between 0 and 1.
func share(c *checker, path string, v float64) {
	if v < 0 || v > 1 {
		c.add(path, "is a share of the team and must be between 0 and 1, got %v", v)
	}
}

// demand reads a demand key: "arrivals" or "saturated".
func demand(c *checker, path, v string) bool {
	if v != models.DemandArrivals && v != models.DemandSaturated {
		c.add(path, "must be %q or %q, got %q", models.DemandArrivals, models.DemandSaturated, v)
	}
	return v == models.DemandSaturated
}

func convertDesign(c *checker, name string, dt *designTOML, raw map[string]any) models.Design {
	p := "design." + name
	d := models.Design{
		Name: name, Preset: dt.Preset,
		OpsTeamSize: dt.OpsTeamSize, OpsCrews: dt.OpsCrews, OpsRunbooks: dt.OpsRunbooks, OpsFamiliarity: dt.OpsFamiliarity,
		SRETeamSize: dt.SRETeamSize, SRERunbooks: dt.SRERunbooks, SREFamiliarity: dt.SREFamiliarity,
		OpsEngineering: dt.OpsEngineering, SREEngineering: dt.SREEngineering, SRECap: dt.SRECap,
		Interrupts: dt.Interrupts, OnCall: dt.OnCall, Secondary: dt.Secondary, ToilTo: dt.ToilTo,
		Reserve: dt.Reserve, Swarm: dt.Swarm, ErrorBudget: dt.ErrorBudget, Blameless: dt.Blameless,
	}
	for _, k := range []struct {
		key string
		v   *float64
	}{{"ops_engineering", dt.OpsEngineering}, {"sre_engineering", dt.SREEngineering}, {"sre_cap", dt.SRECap}, {"reserve", dt.Reserve}} {
		if k.v != nil {
			share(c, p+"."+k.key, *k.v)
		}
	}
	if _, given := raw["preset"]; !given {
		switch {
		case contains(models.Presets, name):
			d.Preset = name
		case dt.Route != nil:
			d.Preset = models.PresetCustom
		default:
			msg := fmt.Sprintf("is required: one of %s (or give [[%s.route]] tables for a custom design)", strings.Join(models.Presets, ", "), p)
			if s, ok := suggest(name, models.Presets); ok {
				msg = fmt.Sprintf("is required (did you mean to name the design %q?): one of %s", s, strings.Join(models.Presets, ", "))
			}
			c.add(p+".preset", "%s", msg)
		}
	}
	// Keys that the preset does not read would be silently ignored.
	if contains(models.Presets, d.Preset) {
		for _, k := range []string{"ops_team_size", "ops_crews", "ops_runbooks", "ops_familiarity", "ops_engineering", "sre_team_size", "sre_runbooks", "sre_familiarity", "sre_engineering", "sre_cap"} {
			if _, given := raw[k]; given && !contains(presetKeys[d.Preset], k) {
				c.add(p+"."+k, "has no effect: preset %q has no %s team", d.Preset, strings.SplitN(k, "_", 2)[0])
			}
		}
	}
	// models reads 0 as "the preset's default", so an explicit 0 would be
	// silently replaced; say so rather than run something else.
	for _, k := range []struct {
		key  string
		zero bool
		msg  string
	}{
		{"ops_team_size", dt.OpsTeamSize == 0, "a team needs at least one engineer, got 0"},
		{"ops_crews", dt.OpsCrews == 0, "a 24x7 team needs at least one crew, got 0"},
		{"sre_team_size", dt.SRETeamSize == 0, "a team needs at least one engineer, got 0"},
		{"ops_runbooks", dt.OpsRunbooks == 0, "0 cannot be expressed (models reads it as the preset default); use a small value such as 0.01"},
		{"sre_runbooks", dt.SRERunbooks == 0, "0 cannot be expressed (models reads it as the preset default); use a small value such as 0.01"},
		{"ops_familiarity", dt.OpsFamiliarity == 0, "is an effort multiplier and must be at least 1, got 0"},
		{"sre_familiarity", dt.SREFamiliarity == 0, "is an effort multiplier and must be at least 1, got 0"},
	} {
		if _, given := raw[k.key]; given && k.zero {
			c.add(p+"."+k.key, "%s", k.msg)
		}
	}
	d.OpsTeamSize = capInt(c, p+".ops_team_size", dt.OpsTeamSize, maxEngineers)
	d.SRETeamSize = capInt(c, p+".sre_team_size", dt.SRETeamSize, maxEngineers)
	d.OpsCrews = capInt(c, p+".ops_crews", dt.OpsCrews, maxCrews)
	if dt.OpsCrews > 0 && dt.OpsTeamSize > 0 && dt.OpsCrews > dt.OpsTeamSize {
		c.add(p+".ops_crews", "an ops team of %d engineers cannot form %d crews", dt.OpsTeamSize, dt.OpsCrews)
	}
	if dt.Route != nil {
		d.Routes = []models.Route{}
		for _, r := range dt.Route {
			d.Routes = append(d.Routes, models.Route{Layer: r.Layer, Critical: r.Critical, Chain: r.Chain})
		}
	}
	return d
}
