package analysis

import (
	"slices"
	"strings"
	"testing"
)

// The callouts a live page shows are the report's sentences.
func TestCalloutsOfSweep(t *testing.T) {
	s, rows := waitSweep(t)
	opt := ReportOptions{BreakFloor: map[string]float64{"first_response_wait_h": 0.05}}
	c := CalloutsOf(s, rows, opt)
	if len(c.Breaks) != 1 {
		t.Fatalf("breaks %+v, want centralized's alone", c.Breaks)
	}
	b := c.Breaks[0]
	if b.Design != "centralized" || b.Value != "20" || b.Metric != "first_response_wait_h" || b.Unstable || !strings.Contains(b.Why, "first-response wait") {
		t.Errorf("break %+v, want centralized's first-response wait at 20 teams", b)
	}
	v := newView(s, rows, opt)
	if !slices.Equal(c.Headline, headline(v)) || c.BreakRule != v.breakRule() {
		t.Errorf("callouts %+v differ from the report's headline and rule", c)
	}
	if !strings.Contains(MarkedText(c.Sweep), "centralized breaks at 20") || c.Sweep != c.Headline[0] {
		t.Errorf("headline %q", c.Headline)
	}
	// Under the default floor, nothing breaks.
	if c := CalloutsOf(s, rows, ReportOptions{}); len(c.Breaks) != 0 {
		t.Errorf("breaks under the default floor: %+v", c.Breaks)
	}
}

func TestCalloutsOfUnstableDesign(t *testing.T) {
	s := unstableCollective()
	c := CalloutsOf(s, summarize(t, s), ReportOptions{})
	if len(c.Warnings) == 0 || !strings.HasPrefix(c.Warnings[0], "Collective: unstable in 6 of 6 replications: platform's queue grows 40 tasks a week at a load of 1.30") {
		t.Errorf("warnings %q", c.Warnings)
	}
	if len(c.Breaks) != 0 || c.BreakRule != "" {
		t.Errorf("a single point has no breaks: %+v", c)
	}
	if CalloutsOf(s, nil, ReportOptions{}).Headline != nil {
		t.Error("callouts without summary rows")
	}
}

func TestMarkedHTML(t *testing.T) {
	s := strong("a<b") + " & c"
	if got := MarkedHTML(s); got != "<strong>a&lt;b</strong> &amp; c" {
		t.Errorf("MarkedHTML = %q", got)
	}
	if got := MarkedText(s); got != "a<b & c" {
		t.Errorf("MarkedText = %q", got)
	}
}
