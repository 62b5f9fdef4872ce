package scenarios

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/opsim/opsim/models"
)

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
