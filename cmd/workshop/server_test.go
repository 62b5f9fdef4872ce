package workshop

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/opsim/opsim/scenarios"
)

const tinyFile = "testdata/tiny.toml"

func newTestServer(t *testing.T, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	if opt.Scenario == "" {
		opt.Scenario = tinyFile
	}
	srv, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// event is one Server-Sent Event.
type event struct {
	name string
	data string
}

// streamEvents reads a stream to its end, passing each event to each
// (which may be nil) as it arrives.
func streamEvents(t testing.TB, u string, each func(event)) []event {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Error(err)
		return nil
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("content type %q", ct)
	}
	var out []event
	var cur event
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.data = strings.TrimPrefix(line, "data: ")
		case line == "":
			out = append(out, cur)
			if each != nil {
				each(cur)
			}
			cur = event{}
		}
	}
	return out
}

func decode(t testing.TB, e event) *snapshot {
	t.Helper()
	var s snapshot
	if err := json.Unmarshal([]byte(e.data), &s); err != nil {
		t.Fatalf("%s: %v", e.name, err)
	}
	return &s
}

func runURL(ts *httptest.Server, path string, q url.Values) string {
	return ts.URL + path + "?" + q.Encode()
}

func TestRunStreamsEstimatesThenTheResult(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	evs := streamEvents(t, runURL(ts, "/api/run", url.Values{"scenario": {tinyFile}, "client": {"a"}, "reps": {"6"}}), nil)
	if len(evs) < 2 || evs[0].name != "progress" || evs[len(evs)-1].name != "done" {
		t.Fatalf("events %v, want progress first and done last", names(evs))
	}
	first, done := decode(t, evs[0]), decode(t, evs[len(evs)-1])
	if first.RepsDone < 2 || first.Done >= first.Total || len(first.Tables) != 1 {
		t.Errorf("first estimate: %d of %d runs, %d replications per design, %d tables", first.Done, first.Total, first.RepsDone, len(first.Tables))
	}
	if done.Done != 12 || done.Total != 12 || done.RepsDone != 6 || done.Kind != "done" {
		t.Errorf("result: %d of %d runs, %d replications per design, kind %s", done.Done, done.Total, done.RepsDone, done.Kind)
	}
	tb := done.Tables[0]
	if strings.Join(tb.Designs, ",") != "centralized,collective" || tb.Baseline != "centralized" || len(tb.Rows) < 5 {
		t.Errorf("table %+v", tb)
	}
	if len(done.Charts) != 1 || done.Charts[0].Name != "changes" || !strings.HasPrefix(done.Charts[0].SVG, "<?xml") {
		t.Errorf("charts %+v", done.Charts)
	}
	if len(done.Headline) == 0 || !strings.Contains(done.Headline[0], "<strong>collective</strong>") {
		t.Errorf("headline %q", done.Headline)
	}
	if done.Command != "opsim run testdata/tiny.toml --reps 6 --seed 7" {
		t.Errorf("command %q", done.Command)
	}
	// The same state again is the result at once, from the cache.
	again := streamEvents(t, runURL(ts, "/api/run", url.Values{"scenario": {tinyFile}, "client": {"a"}, "reps": {"6"}}), nil)
	if len(again) != 1 || again[0].name != "done" || again[0].data != evs[len(evs)-1].data {
		t.Errorf("the same state again: %v", names(again))
	}
}

func names(evs []event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.name)
	}
	return out
}

// Bad input through the page or a hand-edited link is a message saying
// what is wrong, never a run of something else or a crash.
func TestBadInputIsAMessage(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	for _, tc := range []struct {
		name string
		q    url.Values
		want string
	}{
		{"beyond a slider", url.Values{"set": {"org.product_teams=500"}}, "org.product_teams = 500 is outside this page's range for product teams: 1 to 60"},
		{"outside the documented range", url.Values{"set": {"services.coupling=1.5"}}, "outside this page's range for coupling"},
		{"not a number", url.Values{"set": {"services.coupling=lots"}}, "wants a number"},
		{"a rate", url.Values{"set": {"org.toil_rate=5 a week"}}, "wants a rate such as"},
		{"a rate too high", url.Values{"set": {"org.toil_rate=50/day"}}, "outside this page's range for tickets"},
		{"not a choice", url.Values{"set": {"org.interrupts=chaos"}}, "interrupt policy is one of spread, shield"},
		{"not a lever", url.Values{"set": {"org.familiarity=3"}}, "org.familiarity is not a lever of testdata/tiny.toml"},
		{"no value", url.Values{"set": {"org.product_teams"}}, "want PATH=VALUE"},
		{"twice", url.Values{"set": {"org.product_teams=3", "org.product_teams=4"}}, "set twice"},
		{"one replication", url.Values{"reps": {"1"}}, "replications per design are 2 to 100"},
		{"too many replications", url.Values{"reps": {"100000"}}, "2 to 100"},
		{"a negative seed", url.Values{"seed": {"-3"}}, "the seed is a whole number"},
		{"another file", url.Values{"scenario": {"/etc/passwd"}}, `no scenario "/etc/passwd" on this page`},
		{"a bad client", url.Values{"client": {strings.Repeat("x", 100)}}, "client id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := url.Values{"scenario": {tinyFile}, "client": {"c"}}
			for k, v := range tc.q {
				q[k] = v
			}
			evs := streamEvents(t, runURL(ts, "/api/run", q), nil)
			var msg struct{ Error string }
			if len(evs) == 1 {
				json.Unmarshal([]byte(evs[0].data), &msg)
			}
			if len(evs) != 1 || evs[0].name != "problem" || !strings.Contains(msg.Error, tc.want) {
				t.Errorf("events %v (%v), want a problem saying %q", names(evs), evs, tc.want)
			}
		})
	}
	// Exports say the same, as an error the page shows.
	resp, err := http.Get(ts.URL + "/api/export/scenario.toml?scenario=" + url.QueryEscape(tinyFile) + "&set=org.product_teams%3D0")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "outside this page's range") {
		t.Errorf("export of a bad state: %d %s", resp.StatusCode, b)
	}
}

// A client's new change cancels its run in flight, which ends without a
// result; the new one finishes.
func TestNewChangeCancelsTheRunInFlight(t *testing.T) {
	_, ts := newTestServer(t, Options{MaxRuns: 4})
	started := make(chan struct{})
	var first []event
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		once := sync.Once{}
		first = streamEvents(t, runURL(ts, "/api/run", url.Values{"scenario": {"bundled:default.toml"}, "client": {"room"}, "reps": {"100"}}), func(event) {
			once.Do(func() { close(started) })
		})
	}()
	<-started
	second := streamEvents(t, runURL(ts, "/api/run", url.Values{"scenario": {tinyFile}, "client": {"room"}}), nil)
	wg.Wait()
	if len(first) == 0 || first[len(first)-1].name == "done" {
		t.Errorf("the run in flight ended with %v, want it cancelled before its result", names(first))
	}
	if len(second) == 0 || second[len(second)-1].name != "done" {
		t.Errorf("the new run: %v", names(second))
	}
}

// A room of 30 pages asking at once gets every result, with no more runs
// in progress at a time than the bound.
func TestManyClientsShareTheMachine(t *testing.T) {
	srv, ts := newTestServer(t, Options{MaxRuns: 2, Workers: 1})
	var wg sync.WaitGroup
	var mu sync.Mutex
	results, queued := 0, 0
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Ten states, three pages each: some share a result.
			q := url.Values{"scenario": {tinyFile}, "client": {fmt.Sprint("page-", i)}, "seed": {fmt.Sprint(i % 10)}, "reps": {"2"}}
			evs := streamEvents(t, runURL(ts, "/api/run", q), nil)
			mu.Lock()
			defer mu.Unlock()
			for _, e := range evs {
				switch e.name {
				case "done":
					results++
				case "queued":
					queued++
				}
			}
		}()
	}
	wg.Wait()
	if results != 30 {
		t.Errorf("%d of 30 pages got their result", results)
	}
	if p := srv.peak.Load(); p > 2 || p < 1 {
		t.Errorf("%d runs at once, want at most 2", p)
	}
	if queued == 0 {
		t.Error("no page waited its turn")
	}
}

func TestExports(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	get := func(path string) (string, http.Header) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		return string(b), resp.Header
	}
	q := "?scenario=" + url.QueryEscape(tinyFile) + "&set=" + url.QueryEscape("services.coupling=0.3") + "&seed=9&reps=3"
	text, h := get("/api/export/scenario.toml" + q)
	if !strings.Contains(h.Get("Content-Disposition"), "tiny-workshop.toml") {
		t.Errorf("disposition %q", h.Get("Content-Disposition"))
	}
	sc, err := scenarios.Parse("tiny-workshop.toml", []byte(text))
	if err != nil {
		t.Fatalf("the exported scenario does not parse: %v\n%s", err, text)
	}
	if sc.Seed != 9 || sc.Replications != 3 {
		t.Errorf("exported seed %d, replications %d", sc.Seed, sc.Replications)
	}
	if v, _ := sc.ValueOf("services.coupling"); v != "0.3" {
		t.Errorf("exported coupling %s", v)
	}
	csv, _ := get("/api/export/results.csv" + q)
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if !strings.HasPrefix(lines[0], "point,") || len(lines) < 20 {
		t.Errorf("summary.csv: %d lines, header %q", len(lines), lines[0])
	}
	runs, _ := get("/api/export/results.csv" + q + "&file=runs")
	if n := len(strings.Split(strings.TrimSpace(runs), "\n")); n != 1+2*3 {
		t.Errorf("runs.csv has %d lines, want a header and 6 runs", n)
	}
	grown, _ := get("/api/export/scenario.toml" + q + "&grow=1")
	gs, err := scenarios.Parse("g.toml", []byte(grown))
	if err != nil || len(gs.Points()) != len(scenarios.DefaultGrow) {
		t.Errorf("the grow export: %v, %d points", err, len(gs.Points()))
	}
}
