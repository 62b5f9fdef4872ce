package scenarios

import (
	"bytes"
	"encoding"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// textEditor edits TOML text so that it decodes to a wanted tree, keeping
// everything else byte for byte. Every edit is checked by decoding the
// result and comparing it with the wanted tree, so a clever edit can never
// change more than asked; when no edit passes, the file is re-encoded.
type textEditor struct {
	text      []byte
	inserted  []int // lines of the current text that were added
	rewritten bool
}

// originalLine maps a line of the edited text back to the file as the user
// has it, so errors not caused by a --set still point at the right line.
func (ed *textEditor) originalLine(line int) int {
	if ed.rewritten || line == 0 {
		return 0
	}
	n := line
	for _, l := range ed.inserted {
		if l == line {
			return 0
		}
		if l < line {
			n--
		}
	}
	return n
}

func (ed *textEditor) set(cur, next map[string]any, segs []string) {
	ix := indexKeys(ed.text)
	lines := strings.SplitAfter(string(ed.text), "\n")
	ok := func(cand string) bool {
		t, _, err := decodeTree([]byte(cand))
		return err == nil && reflect.DeepEqual(t, next)
	}
	accept := func(cand string, at, n int) bool { // n lines inserted at line at
		if !ok(cand) {
			return false
		}
		ed.text = []byte(cand)
		for i := 0; i < n; i++ {
			ed.shift(at + i)
			ed.inserted = append(ed.inserted, at+i)
		}
		return true
	}
	if present(cur, segs) {
		key := segs[len(segs)-1]
		if l := ix.lineOfIndexed(segs); l >= 1 && l <= len(lines) {
			line := lines[l-1]
			for _, span := range valueSpans(line, key) {
				edited := line[:span[0]] + tomlInline(valueAt(next, segs)) + line[span[1]:]
				if accept(strings.Join(lines[:l-1], "")+edited+strings.Join(lines[l:], ""), 0, 0) {
					return
				}
			}
		}
	} else {
		// Write the shallowest part of the path the file does not have:
		// the key itself, or a whole table such as [response].
		k := len(segs) - 1
		for k > 0 && !present(cur, segs[:k]) {
			k--
		}
		parent, own := segs[:k], segs[:k+1]
		val := valueAt(next, own)
		newLine := keyText(own[k]) + " = " + tomlInline(val) + " # --set\n"
		insertAfter := func(l int) bool { // l = 0: at the top
			if l < 0 || l > len(lines) {
				return false
			}
			before := strings.Join(lines[:l], "")
			if before != "" && !strings.HasSuffix(before, "\n") {
				return false
			}
			return accept(before+newLine+strings.Join(lines[l:], ""), l+1, 1)
		}
		appendTable := func(table []string, body string) bool {
			text := string(ed.text)
			if text != "" && !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			n := strings.Count(text, "\n")
			add := "\n[" + toml.Key(table).String() + "]\n" + body
			return accept(text+add, n+1, strings.Count(add, "\n"))
		}
		if m, isTable := val.(map[string]any); isTable && !hasIndex(own) {
			var body strings.Builder
			for _, key := range slices.Sorted(maps.Keys(m)) {
				body.WriteString(keyText(key) + " = " + tomlInline(m[key]) + " # --set\n")
			}
			if appendTable(own, body.String()) {
				return
			}
		}
		if k == 0 {
			last := 0
			for key, v := range cur {
				switch v.(type) {
				case map[string]any, []map[string]any:
					continue
				}
				if l, found := ix.exact[joinKey([]string{key})]; found && l > last {
					last = l
				}
			}
			if last > 0 && insertAfter(last) || insertAfter(0) {
				return
			}
		} else if insertAfter(ix.lineOfIndexed(parent)) {
			return
		}
		if len(parent) > 0 && !hasIndex(parent) && appendTable(parent, newLine) {
			return
		}
	}
	var buf bytes.Buffer
	buf.WriteString("# Rewritten by --set, which could not edit the file in place; its comments are lost.\n")
	if err := toml.NewEncoder(&buf).Encode(next); err == nil {
		ed.text = buf.Bytes()
		ed.rewritten = true
	}
}

// valueAt returns the tree's value at segs, or nil.
func valueAt(tree map[string]any, segs []string) any {
	var node any = tree
	for _, seg := range segs {
		switch n := node.(type) {
		case map[string]any:
			node = n[seg]
		default:
			items, _ := asList(n)
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(items) {
				return nil
			}
			node = items[i]
		}
	}
	return node
}

// tomlInline writes a tree value as TOML on one line: inline tables for
// tables, so that a new distribution table fits on the line of its key.
func tomlInline(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			return "{}"
		}
		parts := make([]string, 0, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			parts = append(parts, keyText(k)+" = "+tomlInline(x[k]))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlInline(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return tomlScalar(v)
}

// withDefaults copies into the tree, along a path, a table the file leaves
// out whose default is replaced as a whole rather than key by key (the
// distribution tables): setting work.feature_size.p90 must change the
// default distribution's p90, not replace it by a table with p90 alone.
func withDefaults(tree map[string]any, segs []string) map[string]any {
	def := &fileTOML{}
	def.setDefaults()
	rv := reflect.ValueOf(def).Elem()
	var node any = tree
	for i, seg := range segs[:len(segs)-1] {
		for rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return tree
			}
			rv = rv.Elem()
		}
		if rv.Kind() != reflect.Struct {
			return tree
		}
		idx, ok := fieldsByTag(rv.Type())[seg]
		if !ok {
			return tree
		}
		f := rv.Field(idx)
		m, _ := node.(map[string]any)
		child, given := m[seg]
		if !given && f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.Struct {
			return withValue(tree, segs[:i+1], toTree(f))
		}
		node, rv = child, f
	}
	return tree
}

// toTree converts a schema value back to the form TOML decodes to.
func toTree(rv reflect.Value) any {
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if m, ok := rv.Interface().(encoding.TextMarshaler); ok {
		b, err := m.MarshalText()
		if err != nil {
			return nil
		}
		return string(b)
	}
	switch rv.Kind() {
	case reflect.Struct:
		out := map[string]any{}
		for name, i := range fieldsByTag(rv.Type()) {
			if v := toTree(rv.Field(i)); v != nil && !(rv.Field(i).Kind() == reflect.String && v == "") {
				out[name] = v
			}
		}
		return out
	case reflect.Slice:
		if rv.IsNil() {
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = toTree(rv.Index(i))
		}
		return out
	case reflect.Int, reflect.Int64:
		return rv.Int()
	case reflect.Float64:
		return rv.Float()
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return nil
}

// shift moves recorded insertions at or after line l down by one.
func (ed *textEditor) shift(l int) {
	for i, x := range ed.inserted {
		if x >= l {
			ed.inserted[i]++
		}
	}
}

func hasIndex(segs []string) bool {
	for _, s := range segs {
		if _, err := strconv.Atoi(s); err == nil {
			return true
		}
	}
	return false
}

func keyText(key string) string {
	if bareKeyRE.MatchString(key) {
		return key
	}
	return tomlString(key)
}

// valueSpans finds where the value of key is written on a line: after
// `key =`, `"key" =` or `'key' =`, possibly inside an inline table or after
// a dotted prefix. Only one-line scalars are returned; anything else is
// left to the re-encoding fallback.
func valueSpans(line, key string) [][2]int {
	var spans [][2]int
	for _, form := range []string{key, tomlString(key), "'" + key + "'"} {
		for from := 0; ; {
			i := strings.Index(line[from:], form)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			if i > 0 && !strings.ContainsRune(" \t{,.", rune(line[i-1])) {
				continue
			}
			j := i + len(form)
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			if j >= len(line) || line[j] != '=' {
				continue
			}
			j++
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			if end, ok := scalarEnd(line, j); ok {
				spans = append(spans, [2]int{j, end})
			}
		}
	}
	return spans
}

func scalarEnd(line string, i int) (int, bool) {
	if i >= len(line) {
		return 0, false
	}
	switch {
	case strings.HasPrefix(line[i:], `"""`), strings.HasPrefix(line[i:], `'''`):
		return 0, false
	case line[i] == '"':
		for j := i + 1; j < len(line); j++ {
			switch line[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			case '\n':
				return 0, false
			}
		}
		return 0, false
	case line[i] == '\'':
		if j := strings.IndexAny(line[i+1:], "'\n"); j >= 0 && line[i+1+j] == '\'' {
			return i + 1 + j + 1, true
		}
		return 0, false
	case line[i] == '[' || line[i] == '{':
		return 0, false
	}
	j := i
	for j < len(line) && !strings.ContainsRune(" \t,}#\r\n", rune(line[j])) {
		j++
	}
	return j, j > i
}

// tomlScalar writes a value as TOML. Floats always carry a '.' or an
// exponent so that they decode as floats again.
func tomlScalar(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(x)
	case string:
		return tomlString(x)
	}
	return fmt.Sprint(v)
}

// tomlString quotes a basic string with TOML's escapes, which differ from
// Go's (no \x, no \a).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
