package scenarios

import (
	"encoding"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

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
