package scenarios

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestParseDurationValid(t *testing.T) {
	cases := []struct {
		in    string
		hours float64
	}{
		{"0", 0},
		{"0.0", 0},
		{"0s", 0},
		{"0d", 0},
		{"30s", 30.0 / 3600},
		{"3600s", 1},
		{"20m", 20.0 / 60},
		{"90min", 1.5},
		{"1h", 1},
		{"1.5h", 1.5},
		{".5h", 0.5},
		{"3d", 72},
		{"0.5d", 12},
		{"2w", 336},
		{"1y", 8760},
		{"1pd", 8},
		{"2.5pd", 20},
		{"1pw", 40},
		{"1h30m", 1.5},
		{"2d12h", 60},
		{"1w2d", 216},
		{"1h30m15s", 1.5 + 15.0/3600},
		{"1h 30m", 1.5},
		{"3 d", 72},
		{"  3d  ", 72},
		{"1000000y", 8760e6},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := ParseDuration(c.in)
			if err != nil {
				t.Fatalf("ParseDuration(%q): %v", c.in, err)
			}
			if math.Abs(d.Hours()-c.hours) > 1e-12*math.Max(1, c.hours) {
				t.Fatalf("ParseDuration(%q) = %v h, want %v h", c.in, d.Hours(), c.hours)
			}
		})
	}
}

func TestParseDurationInvalid(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"", "empty duration"},
		{"   ", "empty duration"},
		{"-3d", "negative duration"},
		{"-0.5h", "negative duration"},
		{"5", "missing unit"},
		{"1.5", "missing unit"},
		{"1h30", "missing unit after 30"},
		{"5x", `unknown unit "x"`},
		{"5D", `unknown unit "D"`},
		{"5 days", `unknown unit "days"`},
		{"3ms", `unknown unit "ms"`},
		{"h", "expected a number"},
		{"NaN", "finite"},
		{"nanh", "finite"},
		{"Inf", "finite"},
		{"+Inf", "finite"},
		{"infd", "finite"},
		{"+3d", "leading '+'"},
		{"1e3h", `unknown unit "e"`},
		{"1.2.3h", "not a number"},
		{".h", "not a number"},
		{"1_000h", `unexpected '_'`},
		{"3d,", `unexpected ',' after "3d"`},
		{"3d!", `unexpected '!' after "3d"`},
		{"3é", `unexpected 'é' after 3`},
		{strings.Repeat("9", 400) + "h", "overflow"},
		{strings.Repeat("9", 306) + "y", "overflow"},
		{strings.Repeat(strings.Repeat("9", 304)+"y", 3), "overflow"}, // each part fits, the sum does not
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := ParseDuration(c.in)
			if err == nil {
				t.Fatalf("ParseDuration(%q) = %v, want error containing %q", c.in, d, c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseDuration(%q) error %q, want it to contain %q", c.in, err, c.want)
			}
			// Every message must show the user a valid value to copy.
			if !strings.Contains(err.Error(), "e.g.") && !strings.Contains(err.Error(), "write") {
				t.Fatalf("ParseDuration(%q) error %q gives no example", c.in, err)
			}
		})
	}
}

func TestDurationString(t *testing.T) {
	cases := []struct {
		hours float64
		want  string
	}{
		{0, "0"},
		{20.0 / 60, "20m"},
		{72, "3d"},
		{336, "2w"},
		{1.5, "1.5h"},
		{36, "1.5d"},
		{12, "12h"},
		{84, "3.5d"},
		{1.25, "75m"},
		{8760, "1y"},
		{2 * 8760, "2y"},
		{1.0 / 3600, "1s"},
		{0.5 / 3600, "0.5s"},
		{0.25 / 3600, "0.25s"},
		{1 + 1.0/3600, "3601s"},
		{0.123456789, "0.123456789h"},
		{-72, "-3d"},
		{math.Inf(1), "+Inf"},
		{math.NaN(), "NaN"},
	}
	for _, c := range cases {
		if got := Duration(c.hours).String(); got != c.want {
			t.Errorf("Duration(%v).String() = %q, want %q", c.hours, got, c.want)
		}
	}
}

func TestDurationMarshalText(t *testing.T) {
	b, err := Duration(1.5).MarshalText()
	if err != nil || string(b) != "1.5h" {
		t.Fatalf("MarshalText(1.5h) = %q, %v", b, err)
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := Duration(bad).MarshalText(); err == nil {
			t.Errorf("MarshalText(%v) succeeded; it must refuse what ParseDuration would reject", bad)
		}
	}
}

func TestDurationRoundTrip(t *testing.T) {
	inputs := []float64{0, 1, 1.5, 20.0 / 60, 72, 336, 8760, 0.1, 1.0 / 3, 2.0 / 3,
		1e-9, 1e-300, 5e-324, 123456.789, 1e15, 1e300, math.MaxFloat64, 8 * 1.1, 7.0 / 3600}
	for _, h := range inputs {
		d := Duration(h)
		s := d.String()
		back, err := ParseDuration(s)
		if err != nil {
			t.Errorf("ParseDuration(Duration(%v).String() = %q): %v", h, s, err)
			continue
		}
		if back != d {
			t.Errorf("round trip %v -> %q -> %v", h, s, float64(back))
		}
	}
	// And from text: what the user wrote survives parse, write, parse.
	for _, s := range []string{"20m", "1h30m", "0.5d", "3d", "2w", "1pd", "1pw", "7s", "1y"} {
		d, err := ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseDuration(d.String())
		if err != nil || back != d {
			t.Errorf("%q -> %q -> %v, %v", s, d.String(), back, err)
		}
	}
}

func TestParseRateValid(t *testing.T) {
	cases := []struct {
		in      string
		perHour float64
	}{
		{"0", 0},
		{"0/day", 0},
		{"4/day", 4.0 / 24},
		{"4/d", 4.0 / 24},
		{"0.5/week", 0.5 / 168},
		{"0.5/w", 0.5 / 168},
		{"2/h", 2},
		{"2/hour", 2},
		{"3/2w", 3.0 / 336},
		{"12/y", 12.0 / 8760},
		{"12/year", 12.0 / 8760},
		{"1/month", 1.0 / 720},
		{"6/min", 360},
		{"1/s", 3600},
		{"1/1h30m", 1 / 1.5},
		{"4 / day", 4.0 / 24},
		{" 4/ 2d ", 4.0 / 48},
		{"1/pd", 1.0 / 8},
		{"1/0.5d", 1.0 / 12},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r, err := ParseRate(c.in)
			if err != nil {
				t.Fatalf("ParseRate(%q): %v", c.in, err)
			}
			if math.Abs(r.PerHour()-c.perHour) > 1e-12*math.Max(1, c.perHour) {
				t.Fatalf("ParseRate(%q) = %v/h, want %v/h", c.in, r.PerHour(), c.perHour)
			}
		})
	}
}

func TestParseRateInvalid(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"", "empty rate"},
		{"-1/day", "negative rate"},
		{"1/-1d", "negative rate"},
		{"1/0d", "division by zero"},
		{"1/0", "division by zero"},
		{"1/0h0m", "division by zero"},
		{"4", `missing "/unit"`},
		{"4/", "missing unit after"},
		{"/day", "not a number"},
		{"four/day", "not a number"},
		{"4/fortnight", `period "fortnight"`},
		{"4/days", `period "days"`},
		{"4/day/h", `period "day/h"`},
		{"NaN/day", "finite"},
		{"Inf/h", "finite"},
		{"1e3/day", "not a number"},
		{strings.Repeat("9", 400) + "/h", "overflow"},
		{strings.Repeat("9", 300) + "/0." + strings.Repeat("0", 20) + "1s", "overflow"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r, err := ParseRate(c.in)
			if err == nil {
				t.Fatalf("ParseRate(%q) = %v, want error containing %q", c.in, r, c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseRate(%q) error %q, want it to contain %q", c.in, err, c.want)
			}
			if !strings.Contains(err.Error(), "e.g.") {
				t.Fatalf("ParseRate(%q) error %q gives no example", c.in, err)
			}
		})
	}
}

func TestRateString(t *testing.T) {
	cases := []struct {
		perHour float64
		want    string
	}{
		{0, "0"},
		{2, "2/h"},
		{4.0 / 24, "4/day"},
		{0.5 / 168, "0.5/week"},
		{1.5 / 168, "1.5/week"},
		{1.0 / 720, "1/month"},
		{12.0 / 8760, "12/year"},
		{1.0 / 3, "8/day"},
		{1.5, "1.5/h"},
		{0.5 / 8760, "0.5/year"},
		{0.123456789, "0.123456789/h"},
		{-2, "-2/h"},
	}
	for _, c := range cases {
		if got := Rate(c.perHour).String(); got != c.want {
			t.Errorf("Rate(%v).String() = %q, want %q", c.perHour, got, c.want)
		}
	}
	// Written forms come back as written, even where the float is inexact
	// (2.4/24 is not 0.1 in float64, so it must not print as "0.1/h").
	for _, s := range []string{"2.4/day", "0.3/week", "7/month", "1.5/year"} {
		r, err := ParseRate(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.String(); got != s {
			t.Errorf("ParseRate(%q).String() = %q", s, got)
		}
	}
	if _, err := Rate(-1).MarshalText(); err == nil {
		t.Error("Rate(-1).MarshalText succeeded; negative rates cannot be parsed back")
	}
}

func TestRateRoundTrip(t *testing.T) {
	inputs := []float64{0, 2, 4.0 / 24, 0.5 / 168, 3.0 / 336, 12.0 / 8760, 1.0 / 3, 1e-12, 1e-300, 5e-324, 1e12, 1e300, math.MaxFloat64}
	for _, v := range inputs {
		r := Rate(v)
		back, err := ParseRate(r.String())
		if err != nil {
			t.Errorf("ParseRate(Rate(%v).String() = %q): %v", v, r.String(), err)
			continue
		}
		if back != r {
			t.Errorf("round trip %v -> %q -> %v", v, r.String(), float64(back))
		}
	}
}

// TestUnitsThroughTOML checks the path users actually take: a TOML string
// decoded by BurntSushi into a struct field, and written back.
func TestUnitsThroughTOML(t *testing.T) {
	var cfg struct {
		Shift    Duration
		Incident Rate
		Deploys  []Rate
		Zero     Duration
		ZeroRate Rate
	}
	src := "shift = \"1h30m\"\nincident = \"4/day\"\ndeploys = [\"2/w\", \"1/d\"]\nzero = 0\nzero_rate = 0\n"
	if _, err := toml.Decode(src, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Shift != 1.5 || cfg.Incident != 4.0/24 || len(cfg.Deploys) != 2 || cfg.Deploys[0] != 2.0/168 || cfg.Zero != 0 || cfg.ZeroRate != 0 {
		t.Fatalf("decoded %+v", cfg)
	}
	var b strings.Builder
	if err := toml.NewEncoder(&b).Encode(struct {
		Shift    Duration `toml:"shift"`
		Incident Rate     `toml:"incident"`
	}{cfg.Shift, cfg.Incident}); err != nil {
		t.Fatal(err)
	}
	if want := "shift = \"1.5h\"\nincident = \"4/day\"\n"; b.String() != want {
		t.Fatalf("encoded %q, want %q", b.String(), want)
	}
}

func ExampleParseDuration() {
	for _, s := range []string{"20m", "1h30m", "3d", "2w", "1pd", "5"} {
		d, err := ParseDuration(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s = %g hours, written %q\n", s, d.Hours(), d.String())
	}
	// Output:
	// 20m = 0.3333333333333333 hours, written "20m"
	// 1h30m = 1.5 hours, written "1.5h"
	// 3d = 72 hours, written "3d"
	// 2w = 336 hours, written "2w"
	// 1pd = 8 hours, written "8h"
	// invalid duration "5": missing unit after 5; write e.g. "5h" or "5d" (units: s, m (or min), h, d, w, y, pd (person-day, 8h) or pw (person-week, 40h))
}

func ExampleParseRate() {
	for _, s := range []string{"4/day", "0.5/week", "3/2w", "12/y", "1/0d"} {
		r, err := ParseRate(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s = %.6f per hour, written %q\n", s, r.PerHour(), r.String())
	}
	// Output:
	// 4/day = 0.166667 per hour, written "4/day"
	// 0.5/week = 0.002976 per hour, written "0.5/week"
	// 3/2w = 0.008929 per hour, written "1.5/week"
	// 12/y = 0.001370 per hour, written "12/year"
	// invalid rate "1/0d": division by zero: the period after "/" must be longer than zero, e.g. "4/day", "0.5/week" or "3/2w"
}
