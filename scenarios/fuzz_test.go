package scenarios

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// closeEnough allows the 1e-9 relative slack the format promises; in
// practice the round trip is exact.
func closeEnough(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"20m", "1.5h", "3d", "2w", "1h30m", "2d12h", "0.5d", "0", "1pd", "1pw", "1y",
		"-3d", "5", "", "NaN", "Inf", "1/0d", ".5s", "1 h 30 m", "9999999999999999999999y", "0.0000001s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("empty error for %q", s)
			}
			return
		}
		h := d.Hours()
		if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 {
			t.Fatalf("ParseDuration(%q) accepted %v", s, h)
		}
		text := d.String()
		back, err := ParseDuration(text)
		if err != nil {
			t.Fatalf("ParseDuration(%q) = %v, but its String %q does not parse: %v", s, h, text, err)
		}
		if !closeEnough(back.Hours(), h) {
			t.Fatalf("%q -> %v -> %q -> %v", s, h, text, back.Hours())
		}
		if m, err := d.MarshalText(); err != nil || string(m) != text {
			t.Fatalf("MarshalText = %q, %v; String = %q", m, err, text)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"4/day", "0.5/week", "2/h", "3/2w", "12/y", "0", "1/month", "4 / day", "1/1h30m",
		"-1/day", "1/0d", "4", "4/", "/d", "1/-1d", "NaN/h", "1/pd", "99999999999/0.0000000001s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("empty error for %q", s)
			}
			return
		}
		v := r.PerHour()
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("ParseRate(%q) accepted %v", s, v)
		}
		text := r.String()
		back, err := ParseRate(text)
		if err != nil {
			t.Fatalf("ParseRate(%q) = %v, but its String %q does not parse: %v", s, v, text, err)
		}
		if !closeEnough(back.PerHour(), v) {
			t.Fatalf("%q -> %v -> %q -> %v", s, v, text, back.PerHour())
		}
	})
}

func FuzzLineOf(f *testing.F) {
	f.Add([]byte(scenarioTOML), "design\x00centralized\x00ops_team_size")
	f.Add([]byte("a = [[[[{\n"), "a")
	f.Add([]byte("s = \"\"\"\nk = 1\n"), "k")
	f.Add([]byte("[[a]]\n[a.b]\nc = { d = 1 }"), "a\x00b\x00c\x00d")
	f.Add([]byte("\"unterminated\nk = '\n= ["), "k")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, src []byte, joined string) {
		path := strings.Split(joined, "\x00")
		lines := bytes.Count(src, []byte("\n")) + 1
		if n := LineOf(src, path); n < 0 || n > lines {
			t.Fatalf("LineOf = %d, outside [0, %d]", n, lines)
		}
		// On valid TOML the scanner must find every key the real parser saw.
		var v map[string]any
		md, err := toml.Decode(string(src), &v)
		if err != nil {
			return
		}
		for _, k := range md.Keys() {
			if n := LineOf(src, k); n < 1 || n > lines {
				t.Fatalf("valid TOML %q: LineOf(%q) = %d", src, k, n)
			}
		}
	})
}
