package scenarios

import (
	"reflect"
	"testing"
)

func TestReportTable(t *testing.T) {
	src := head + `[sweep]
"org.product_teams" = [2, 4]
"services.coupling" = [0.1, 0.3]
[report]
measures = ["product_toil_frac", "ttr_mean_h"]
focus = { "services.coupling" = 0.3, "org.product_teams" = 4 }
break_factor = 3
break_floor = { first_response_wait_h = 0.5 }
`
	s, err := Parse("r.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Report{
		Measures: []string{"product_toil_frac", "ttr_mean_h"},
		// In sweep order, formatted as Points names the values.
		Focus:       []Param{{"org.product_teams", "4"}, {"services.coupling", "0.3"}},
		BreakFactor: 3,
		BreakFloor:  map[string]float64{"first_response_wait_h": 0.5},
	}
	if !reflect.DeepEqual(s.Report, want) {
		t.Errorf("report %+v, want %+v", s.Report, want)
	}
	// The focus names a point that exists.
	found := false
	for _, p := range s.Points() {
		found = found || reflect.DeepEqual(p.Params, want.Focus)
	}
	if !found {
		t.Errorf("focus %v is not a point of the sweep %v", want.Focus, s.Points())
	}
	// Without a [report] table every field is empty: the report's defaults.
	plain, err := Parse("p.toml", []byte(head))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.Report, Report{}) {
		t.Errorf("report of a scenario without [report]: %+v", plain.Report)
	}
}
