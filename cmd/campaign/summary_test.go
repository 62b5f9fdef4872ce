package campaign

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
)

// A campaign reads its regimes a sweep point at a time, keeping no record
// per run; they are those analysis.Regimes reads of the folder's every
// record, growing teams included.
func TestRegimesPointByPoint(t *testing.T) {
	text := strings.Replace(tiny, "services.coupling\" = [0.1, 0.3, 0.5]", "services.incident_rate\" = [\"1/week\", \"40/week\"]\n\"org.feature_rate\" = [\"2/week\", \"60/week\"]", 1)
	p := planOf(t, text, 4)
	dir := filepath.Join(t.TempDir(), "out")
	res, err := newCampaign(p, dir).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	set, _, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.Regimes(set)
	if !reflect.DeepEqual(res.Regimes, want) {
		t.Errorf("regimes\n%+v\nwant\n%+v", res.Regimes, want)
	}
	if len(want) != 8 || want[4].Growing == 0 {
		t.Errorf("the test wants growing teams at some points: %+v", want)
	}
}
