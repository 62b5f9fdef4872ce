package scenarios

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// WithSweep returns a scenario's text with its [sweep] table replaced by
// one that sweeps path over values, or removed when values is empty: the
// live page runs a scenario's designs at one point (no sweep) and "Grow
// the organisation" sweeps the product teams. A [report] focus the new
// sweep does not run goes with the old sweep, since it would name no
// point. The rest of the text is kept byte for byte where it can be (each
// edit is checked by decoding the result), so comments survive into an
// exported scenario; otherwise the file is re-encoded. The result is
// parsed, so an error names a bad value.
func WithSweep(file string, src []byte, path string, values []any) ([]byte, error) {
	if err := checkInput(file, src); err != nil {
		return nil, err
	}
	tree, _, err := decodeTree(src)
	if err != nil {
		return nil, tomlErrors(file, err)
	}
	want := copyValue(tree).(map[string]any)
	delete(want, "sweep")
	if len(values) > 0 {
		want["sweep"] = map[string]any{path: slices.Clone(values)}
	}
	dropFocus := false
	if rep, ok := want["report"].(map[string]any); ok {
		if focus, ok := rep["focus"].(map[string]any); ok && !focusRuns(focus, path, values) {
			rep = maps.Clone(rep)
			delete(rep, "focus")
			want["report"] = rep
			dropFocus = true
		}
	}
	out := resweepText(src, tree, want, path, values, dropFocus)
	if _, err := Parse(file, out); err != nil {
		return nil, err
	}
	return out, nil
}

// focusRuns reports whether a [report] focus names a point of a sweep of
// path over values.
func focusRuns(focus map[string]any, path string, values []any) bool {
	if len(focus) != 1 {
		return false
	}
	v, ok := focus[path]
	if !ok {
		return false
	}
	for _, x := range values {
		if formatValue(x) == formatValue(v) {
			return true
		}
	}
	return false
}

// resweepText edits the text: the old [sweep] table's lines and, if asked,
// the focus line go, and the new table is appended. When the edited text
// does not decode to want, the tree is re-encoded instead.
func resweepText(src []byte, tree, want map[string]any, path string, values []any, dropFocus bool) []byte {
	ix := indexKeys(src)
	lines := strings.SplitAfter(string(src), "\n")
	drop := map[int]bool{} // 0-based line numbers
	if _, swept := tree["sweep"]; swept {
		if l := ix.lineOf([]string{"sweep"}); l >= 1 && isHeader(lines[l-1], "sweep") {
			drop[l-1] = true
			for i := l; i < len(lines); i++ {
				if strings.HasPrefix(strings.TrimSpace(lines[i]), "[") && !inArray(lines[l:i]) {
					break
				}
				drop[i] = true
			}
			// Comments just above the table describe it: they go with it.
			for i := l - 2; i >= 0 && strings.HasPrefix(strings.TrimSpace(lines[i]), "#"); i-- {
				drop[i] = true
			}
		}
	}
	if dropFocus {
		if l := ix.lineOfIndexed([]string{"report", "focus"}); l >= 1 {
			drop[l-1] = true
		}
	}
	var b strings.Builder
	for i, line := range lines {
		if !drop[i] {
			b.WriteString(line)
		}
	}
	text := strings.TrimRight(b.String(), "\n") + "\n"
	if len(values) > 0 {
		parts := make([]string, len(values))
		for i, v := range values {
			parts[i] = tomlInline(v)
		}
		text += fmt.Sprintf("\n[sweep]\n%s = [%s]\n", keyText(path), strings.Join(parts, ", "))
	}
	if got, _, err := decodeTree([]byte(text)); err == nil && reflect.DeepEqual(got, want) {
		return []byte(text)
	}
	var buf bytes.Buffer
	buf.WriteString("# Rewritten by opsim, which could not edit the file in place; its comments are lost.\n")
	if err := toml.NewEncoder(&buf).Encode(want); err != nil {
		return []byte(text) // Parse reports what is wrong with it
	}
	return buf.Bytes()
}

// isHeader reports whether line is the header of table name.
func isHeader(line, name string) bool {
	t := strings.TrimSpace(line)
	if i := strings.Index(t, "#"); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t == "["+name+"]"
}

// inArray reports whether lines leave a bracket open: a line starting with
// "[" inside a multi-line array is a value, not a header.
func inArray(lines []string) bool {
	depth := 0
	for _, l := range lines {
		if i := strings.Index(l, "#"); i >= 0 {
			l = l[:i]
		}
		depth += strings.Count(l, "[") - strings.Count(l, "]")
	}
	return depth > 0
}
