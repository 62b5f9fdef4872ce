package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/opsim/opsim/cmd/workshop"
)

// The workshop page end to end, in headless Chromium driven by chromedp
// (DevTools from Go: no Node, no browser download; Debian's chromium,
// which make test installs when missing). OPSIM_SCREENSHOTS=DIR keeps the
// screenshots there (make screenshots: the README's pictures).

// browser starts headless Chromium as the project runs it: as root, so
// without the sandbox, and with a fresh profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("the browser tests need Chromium: run make test, which installs Debian's chromium with apt, or apt-get install chromium")
	}
	// The profile is removed with retries rather than by t.TempDir: the
	// browser's helper processes can still be writing to it for a moment
	// after the browser is gone, and t.TempDir fails the test when its
	// folder is not empty at cleanup (seen under a loaded make test).
	// Registered first, it runs after the browser's cancels below.
	profile, err := os.MkdirTemp("", "opsim-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if err = os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("chromium profile %s left behind: %v", profile, err)
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// poll waits by interval rather than by animation frame, which a
// headless page that nothing repaints may not get, up to limit.
func poll(limit time.Duration) []chromedp.PollOption {
	return []chromedp.PollOption{chromedp.WithPollingInterval(100 * time.Millisecond), chromedp.WithPollingTimeout(limit)}
}

// pageState says what the page shows, for a test that waited in vain.
func pageState(ctx context.Context) string {
	var s string
	chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify({status: document.querySelector("#status").dataset.state,
		text: document.querySelector("#status").textContent, query: document.querySelector("#status").dataset.query,
		grow: document.querySelector("#grow-status").textContent, problem: document.querySelector("#problem").textContent})`, &s))
	return s
}

// cell is a table cell of the page.
type cell struct {
	Metric, Design, Text, Mean string
}

const readCells = `Array.from(document.querySelectorAll("#table tbody td[data-design]")).map(td => ({
	Metric: td.parentElement.dataset.metric, Design: td.dataset.design, Text: td.textContent, Mean: td.dataset.mean}))`

// screenshot saves the page as a PNG of the window and checks its size;
// it is kept in OPSIM_SCREENSHOTS when that is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var buf []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&buf)); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 800 {
		t.Errorf("screenshot %s is %dx%d, want 1280x800", name, b.Dx(), b.Dy())
	}
	dir := os.Getenv("OPSIM_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWorkshopPageInBrowser loads the page, moves a slider, waits for the
// update and checks every number shown against opsim run's for the same
// scenario, override, replications and seed; then grows the organisation
// and checks the scaling curve and the breaks appear; a hand-edited link
// with a value off its slider gets a message.
func TestWorkshopPageInBrowser(t *testing.T) {
	srv, err := workshop.New(workshop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := browser(t)

	const reps = "10"
	done := `document.querySelector("#status").dataset.state === "done" && document.querySelector("#status").dataset.query.includes(%q)`
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(ts.URL+"/?scenario=bundled:default.toml&reps="+reps),
		chromedp.Poll(fmt.Sprintf(done, "reps="+reps), nil, poll(2*time.Minute)...),
		// Move the product teams slider to 12, as a facilitator would.
		chromedp.SetValue(`input[data-path="org.product_teams"]`, "12", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('input[data-path="org.product_teams"]').dispatchEvent(new Event("change"))`, nil),
		chromedp.Poll(fmt.Sprintf(done, "org.product_teams%3D12"), nil, poll(2*time.Minute)...),
	)
	if err != nil {
		t.Fatalf("%v; the page: %s", err, pageState(ctx))
	}
	var cells []cell
	var command, link string
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(readCells, &cells),
		chromedp.Text("#command code", &command, chromedp.ByQuery),
		chromedp.Evaluate(`location.search`, &link),
	); err != nil {
		t.Fatalf("%v; the page: %s", err, pageState(ctx))
	}
	want := "opsim run bundled:default.toml --set org.product_teams=12 --reps 10 --seed 42"
	if command != want {
		t.Errorf("the page's command %q, want %q", command, want)
	}
	if !strings.Contains(link, "set=org.product_teams%3D12") || !strings.Contains(link, "seed=42") {
		t.Errorf("the link %q does not hold the state", link)
	}
	screenshot(t, ctx, "workshop-default.png")

	// The CLI's numbers for the same experiment: its table and its JSON.
	args := strings.Fields(strings.TrimPrefix(want, "opsim "))
	code, table, errs := opsim(t, append(args, "-q", "-o", filepath.Join(t.TempDir(), "cli"))...)
	if code != 0 {
		t.Fatalf("%s: %s", want, errs)
	}
	code, js, errs := opsim(t, append(args, "-q", "--json", "--force", "-o", filepath.Join(t.TempDir(), "cli"))...)
	if code != 0 {
		t.Fatalf("%s --json: %s", want, errs)
	}
	checkCellsAgainstCLI(t, cells, table, js)

	// Grow the organisation: the scaling curve appears, size by size, and
	// where a design breaks is said.
	var breaks string
	var svgs int
	err = chromedp.Run(ctx,
		chromedp.Click("#play", chromedp.ByQuery),
		chromedp.Poll(`document.querySelector("#grow-status").dataset.state === "done"`, nil, poll(3*time.Minute)...),
		chromedp.Evaluate(`document.querySelectorAll("#growchart svg").length`, &svgs),
		chromedp.Text("#breaks", &breaks, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("%v; the page: %s", err, pageState(ctx))
	}
	var stepsDone string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("#growchart").dataset.stepsDone`, &stepsDone)); err != nil {
		t.Fatalf("%v; the page: %s", err, pageState(ctx))
	}
	if svgs != 1 || stepsDone != "5" {
		t.Errorf("after Grow: %d scaling charts, %s of 5 sizes done", svgs, stepsDone)
	}
	if !strings.Contains(breaks, "centralized breaks: at") || !strings.Contains(breaks, "product teams") {
		t.Errorf("the breaks say %q, want where centralized breaks", breaks)
	}
	screenshot(t, ctx, "workshop-grow.png")

	// A hand-edited link with a value off its slider: a message, no run.
	var msg string
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/?scenario=bundled:default.toml&set=org.product_teams%3D500"),
		chromedp.WaitVisible("#problem", chromedp.ByQuery),
		chromedp.Text("#problem", &msg, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("%v; the page: %s", err, pageState(ctx))
	}
	if !strings.Contains(msg, "org.product_teams = 500 is outside this page's range for product teams: 1 to 60") {
		t.Errorf("the message for a bad link: %q", msg)
	}
}

// checkCellsAgainstCLI compares every cell the page shows with opsim
// run's table (the same text) and its --json summary (the same mean, to
// the last bit).
func checkCellsAgainstCLI(t *testing.T, cells []cell, table, js string) {
	t.Helper()
	var out struct {
		Designs []string `json:"designs"`
		Points  []struct {
			Designs []struct {
				Design  string `json:"design"`
				Metrics []struct {
					Metric string   `json:"metric"`
					Label  string   `json:"label"`
					Mean   *float64 `json:"mean"`
				} `json:"metrics"`
			} `json:"designs"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatal(err)
	}
	means := map[string]*float64{}
	labels := map[string]string{}
	for _, d := range out.Points[0].Designs {
		for _, m := range d.Metrics {
			means[d.Design+"/"+m.Metric] = m.Mean
			labels[m.Metric] = m.Label
		}
	}
	// The CLI's table: a row per metric, the label then one column per
	// design, columns two spaces or more apart.
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		f := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1)
		if len(f) == len(out.Designs)+1 {
			rows[f[0]] = f[1:]
		}
	}
	if len(cells) < 20 {
		t.Fatalf("the page shows %d cells", len(cells))
	}
	for _, c := range cells {
		m, ok := means[c.Design+"/"+c.Metric]
		if !ok || m == nil {
			t.Errorf("%s/%s: no mean in opsim run --json", c.Design, c.Metric)
			continue
		}
		got, err := strconv.ParseFloat(c.Mean, 64)
		if err != nil || got != *m {
			t.Errorf("%s/%s: the page's mean %s, opsim run's %v", c.Design, c.Metric, c.Mean, *m)
		}
		found := false
		for label, cols := range rows {
			if strings.HasPrefix(label, labels[c.Metric]) {
				for i, d := range out.Designs {
					found = found || d == c.Design && cols[i] == c.Text
				}
			}
		}
		if !found {
			t.Errorf("%s/%s: the page shows %q, which opsim run's table does not:\n%s", c.Design, c.Metric, c.Text, table)
		}
	}
}
