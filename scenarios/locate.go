package scenarios

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// LineOf returns the 1-based line of the TOML key path in src, or of the
// deepest prefix of it that is found, or 0. It exists because BurntSushi's
// MetaData keeps key positions private, yet unknown keys and semantic
// validation errors must still point the user at a line.
//
// A path names a key by its unquoted parts, as toml.Key does: keys inside an
// array of tables carry no index, so the first occurrence is reported. The
// line of a table is its header; a table that only exists implicitly (as "a"
// in "[a.b]" or in "a.b = 1") is located at its first mention. Keys inside
// inline tables are located on the line where they are written.
//
// LineOf is a scanner, not a parser: it is exact on valid TOML, which is all
// it sees in practice because the file has already been decoded, and on
// anything else it returns some line in range without panicking.
func LineOf(src []byte, path []string) int {
	return indexKeys(src).lineOf(path)
}

// keyIndex maps joined key paths to the line of their first appearance.
// Explicit definitions win over implicit ones so that "[a]" is reported for
// "a" even when "[a.b]" came first.
type keyIndex struct {
	exact    map[string]int
	implicit map[string]int
	// all keeps every line a path is written on, in file order, so that
	// the n-th [[array]] header and the keys under it can be found.
	all map[string][]int
}

func (ix *keyIndex) lineOf(path []string) int {
	for n := len(path); n > 0; n-- {
		k := joinKey(path[:n])
		if l, ok := ix.exact[k]; ok {
			return l
		}
		if l, ok := ix.implicit[k]; ok {
			return l
		}
	}
	return 0
}

// lineOfIndexed is lineOf for paths that index arrays of tables, as
// validation paths do ("incidents.severity.2.share"): a numeric part after
// an array's path picks its n-th (0-based) [[header]], and the keys after it
// are looked up within that element only, so an error in the third
// severity points at the third one rather than the first. A numeric part
// that is no index (a table named "2") is taken as a key. Like lineOf it
// falls back to the deepest part of the path it finds.
func (ix *keyIndex) lineOfIndexed(path []string) int {
	lo, hi := 0, math.MaxInt
	var prefix []string
	best := 0
	for _, seg := range path {
		if n, err := strconv.Atoi(seg); err == nil && n >= 0 && len(prefix) > 0 {
			lines := linesWithin(ix.all[joinKey(prefix)], lo, hi)
			if n < len(lines) {
				lo, best = lines[n], lines[n]
				if n+1 < len(lines) {
					hi = lines[n+1]
				}
				continue
			}
			if len(lines) > 0 {
				return best // an inline array, or past its end: the array's line
			}
		}
		prefix = append(prefix, seg)
		k := joinKey(prefix)
		if lines := linesWithin(ix.all[k], lo, hi); len(lines) > 0 {
			best = lines[0]
			continue
		}
		if l, ok := ix.implicit[k]; ok && l >= lo && l < hi {
			best = l
			continue
		}
		return best
	}
	return best
}

// linesWithin returns the sorted lines in [lo, hi).
func linesWithin(lines []int, lo, hi int) []int {
	i := sort.SearchInts(lines, lo)
	j := sort.SearchInts(lines, hi)
	return lines[i:j]
}

// joinKey uses NUL as the separator because quoted key parts may contain
// dots, which would make "a.b" and `"a.b"` collide.
func joinKey(path []string) string { return strings.Join(path, "\x00") }

func (ix *keyIndex) record(path []string, line int) {
	if len(path) == 0 {
		return
	}
	k := joinKey(path)
	if _, ok := ix.exact[k]; !ok {
		ix.exact[k] = line
	}
	ix.all[k] = append(ix.all[k], line)
	for i := 1; i < len(path); i++ {
		p := joinKey(path[:i])
		if _, ok := ix.implicit[p]; !ok {
			ix.implicit[p] = line
		}
	}
}

// maxNesting bounds recursion into nested arrays and inline tables so that
// hostile input cannot exhaust the stack; real scenarios nest a few levels.
const maxNesting = 200

type keyScanner struct {
	src  []byte
	pos  int
	line int
	ix   *keyIndex
}

func indexKeys(src []byte) *keyIndex {
	s := &keyScanner{src: src, line: 1, ix: &keyIndex{exact: map[string]int{}, implicit: map[string]int{}, all: map[string][]int{}}}
	s.document()
	return s.ix
}

func (s *keyScanner) eof() bool { return s.pos >= len(s.src) }

func (s *keyScanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.pos]
}

func (s *keyScanner) hasPrefix(p string) bool {
	return strings.HasPrefix(string(s.src[s.pos:min(len(s.src), s.pos+len(p))]), p)
}

// skipSpace skips blanks within a line.
func (s *keyScanner) skipSpace() {
	for !s.eof() && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t' || s.src[s.pos] == '\r') {
		s.pos++
	}
}

// skipBlank skips blanks, newlines and comments, where TOML allows all three
// (between statements, inside arrays and TOML 1.1 inline tables).
func (s *keyScanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.pos++
			s.line++
		case '#':
			for !s.eof() && s.src[s.pos] != '\n' {
				s.pos++
			}
		default:
			return
		}
	}
}

// skipLine moves past the end of the current line; it is what guarantees
// progress when a statement ends (trailing comments, "]]") or is garbage.
func (s *keyScanner) skipLine() {
	for !s.eof() {
		c := s.src[s.pos]
		s.pos++
		if c == '\n' {
			s.line++
			return
		}
	}
}

func (s *keyScanner) document() {
	var table []string
	for {
		s.skipBlank()
		if s.eof() {
			return
		}
		line := s.line
		if s.peek() == '[' {
			s.pos++
			if s.peek() == '[' {
				s.pos++
			}
			key := s.key()
			table = key
			s.ix.record(key, line)
			s.skipLine()
			continue
		}
		key := s.key()
		if len(key) == 0 {
			s.skipLine()
			continue
		}
		full := make([]string, 0, len(table)+len(key))
		full = append(append(full, table...), key...)
		s.ix.record(full, line)
		s.skipSpace()
		if s.peek() == '=' {
			s.pos++
		}
		s.value(full, 0)
		s.skipLine()
	}
}

// key reads a possibly dotted key, returning its unquoted parts.
func (s *keyScanner) key() []string {
	var parts []string
	for {
		s.skipSpace()
		var part string
		switch c := s.peek(); {
		case c == '"':
			part = s.basicString()
		case c == '\'':
			part = s.literalString()
		case isBareKeyByte(c):
			start := s.pos
			for !s.eof() && isBareKeyByte(s.src[s.pos]) {
				s.pos++
			}
			part = string(s.src[start:s.pos])
		default:
			return parts
		}
		parts = append(parts, part)
		s.skipSpace()
		if s.peek() != '.' {
			return parts
		}
		s.pos++
	}
}

// isBareKeyByte is more permissive than TOML's A-Za-z0-9_- so that the
// scanner also follows keys in newer TOML dialects (non-ASCII bare keys);
// on valid TOML the difference never matters.
func isBareKeyByte(c byte) bool {
	switch c {
	case 0, ' ', '\t', '\r', '\n', '=', '.', '[', ']', '"', '\'', '#', ',', '{', '}':
		return false
	}
	return true
}

func (s *keyScanner) value(path []string, depth int) {
	s.skipSpace()
	switch {
	case s.eof():
	case depth > maxNesting:
		s.pos++
	case s.hasPrefix(`"""`):
		s.multiline('"')
	case s.hasPrefix(`'''`):
		s.multiline('\'')
	case s.peek() == '"':
		s.basicString()
	case s.peek() == '\'':
		s.literalString()
	case s.peek() == '[':
		s.array(path, depth)
	case s.peek() == '{':
		s.inlineTable(path, depth)
	default:
		for !s.eof() {
			switch s.src[s.pos] {
			case ' ', '\t', '\r', '\n', ',', ']', '}', '#':
				return
			}
			s.pos++
		}
	}
}

// array visits its elements so that keys of inline tables inside it are
// indexed under the array's path (toml.Key carries no index) and so that
// brackets, commas or "key = 1" inside its strings are not mistaken for keys.
func (s *keyScanner) array(path []string, depth int) {
	s.pos++ // '['
	for {
		s.skipBlank()
		if s.eof() {
			return
		}
		switch s.peek() {
		case ']':
			s.pos++
			return
		case ',':
			s.pos++
			continue
		}
		start := s.pos
		s.value(path, depth+1)
		if s.pos == start {
			s.pos++ // not a value (invalid TOML): step over it
		}
	}
}

func (s *keyScanner) inlineTable(path []string, depth int) {
	s.pos++ // '{'
	for {
		s.skipBlank()
		if s.eof() {
			return
		}
		switch s.peek() {
		case '}':
			s.pos++
			return
		case ',':
			s.pos++
			continue
		}
		line, start := s.line, s.pos
		key := s.key()
		if len(key) == 0 {
			if s.pos == start {
				s.pos++
			}
			continue
		}
		full := make([]string, 0, len(path)+len(key))
		full = append(append(full, path...), key...)
		s.ix.record(full, line)
		s.skipSpace()
		if s.peek() == '=' {
			s.pos++
		}
		s.value(full, depth+1)
	}
}

// basicString reads a one-line "..." string and returns it unescaped. It
// stops before a newline so that line counting stays with the callers.
func (s *keyScanner) basicString() string {
	s.pos++ // opening quote
	var b strings.Builder
	for !s.eof() {
		c := s.src[s.pos]
		switch c {
		case '"':
			s.pos++
			return b.String()
		case '\n':
			return b.String()
		case '\\':
			s.pos++
			s.escape(&b)
			continue
		}
		b.WriteByte(c)
		s.pos++
	}
	return b.String()
}

// escape decodes one TOML escape (the backslash already consumed), so that
// quoted keys such as "caf\u00e9" match the unquoted toml.Key part.
func (s *keyScanner) escape(b *strings.Builder) {
	if s.eof() || s.src[s.pos] == '\n' {
		return
	}
	c := s.src[s.pos]
	s.pos++
	if r, ok := simpleEscapes[c]; ok {
		b.WriteByte(r)
		return
	}
	width := hexEscapeWidth[c]
	if width > 0 && s.pos+width <= len(s.src) {
		if n, err := strconv.ParseUint(string(s.src[s.pos:s.pos+width]), 16, 32); err == nil && utf8.ValidRune(rune(n)) {
			b.WriteRune(rune(n))
			s.pos += width
			return
		}
	}
	b.WriteByte('\\')
	b.WriteByte(c)
}

var (
	simpleEscapes  = map[byte]byte{'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'e': 0x1b, '"': '"', '\\': '\\'}
	hexEscapeWidth = map[byte]int{'x': 2, 'u': 4, 'U': 8}
)

func (s *keyScanner) literalString() string {
	s.pos++ // opening quote
	start := s.pos
	for !s.eof() && s.src[s.pos] != '\'' && s.src[s.pos] != '\n' {
		s.pos++
	}
	out := string(s.src[start:s.pos])
	if s.peek() == '\'' {
		s.pos++
	}
	return out
}

// multiline skips a multi-line string (triple quotes of either kind),
// counting its newlines. A closing delimiter may be followed by up to two
// more quotes that belong to the content, so the whole run is consumed.
func (s *keyScanner) multiline(q byte) {
	s.pos += 3
	for !s.eof() {
		c := s.src[s.pos]
		switch {
		case c == '\n':
			s.line++
			s.pos++
		case c == '\\' && q == '"':
			s.pos++
			if !s.eof() {
				if s.src[s.pos] == '\n' {
					s.line++
				}
				s.pos++
			}
		case c == q && s.pos+2 < len(s.src) && s.src[s.pos+1] == q && s.src[s.pos+2] == q:
			for n := 0; n < 5 && !s.eof() && s.src[s.pos] == q; n++ {
				s.pos++
			}
			return
		default:
			s.pos++
		}
	}
}

// UnknownKeys turns toml.MetaData.Undecoded keys into located errors, so a
// misspelt key is reported instead of silently taking its default. known
// returns the valid key names directly under parent (full dotted paths such
// as "design.centralized.ops_team_size" are accepted too); the closest one
// within edit distance 2 is suggested. When a whole unknown table is
// undecoded, only the table is reported, not each key inside it.
func UnknownKeys(file string, src []byte, keys []toml.Key, known func(parent []string) []string) Errors {
	if len(keys) == 0 {
		return nil
	}
	ix := indexKeys(src)
	undecoded := make(map[string]bool, len(keys))
	for _, k := range keys {
		undecoded[joinKey(k)] = true
	}
	seen := map[string]bool{}
	var es Errors
	for _, k := range keys {
		j := joinKey(k)
		if len(k) == 0 || seen[j] || hasUndecodedParent(k, undecoded) {
			continue
		}
		seen[j] = true
		msg := "unknown key"
		if known != nil {
			parent := append([]string(nil), k[:len(k)-1]...)
			cands := relativeNames(known(parent), parent)
			if sug, ok := suggest(k[len(k)-1], cands); ok {
				msg = fmt.Sprintf("unknown key (did you mean %q?)", sug)
			} else if len(cands) > 0 && len(cands) <= 12 {
				msg = "unknown key (valid keys here: " + strings.Join(cands, ", ") + ")"
			}
		}
		es = append(es, &Error{File: file, Line: ix.lineOf(k), Field: k.String(), Msg: msg})
	}
	if len(es) == 0 {
		return nil
	}
	return es.sorted()
}

func hasUndecodedParent(k toml.Key, undecoded map[string]bool) bool {
	for i := 1; i < len(k); i++ {
		if undecoded[joinKey(k[:i])] {
			return true
		}
	}
	return false
}

// relativeNames strips the parent's dotted prefix from full paths, dedupes
// and sorts, so that suggestions and listings are stable.
func relativeNames(cands []string, parent []string) []string {
	prefix := ""
	if len(parent) > 0 {
		prefix = toml.Key(parent).String() + "."
	}
	set := map[string]bool{}
	var out []string
	for _, c := range cands {
		if prefix != "" {
			c = strings.TrimPrefix(c, prefix)
		}
		if c != "" && !set[c] {
			set[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// suggest picks the closest candidate. Distance is case-insensitive and
// counts a transposition as one edit, the typical typos; it must also be
// shorter than the name itself, so that "x" never suggests an unrelated "n".
func suggest(name string, cands []string) (string, bool) {
	best, bestD := "", 3
	for _, c := range cands {
		if c == name {
			continue
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if d < bestD && d < utf8.RuneCountInString(name) {
			best, bestD = c, d
		}
	}
	return best, best != ""
}

// editDistance is the optimal-string-alignment distance over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
