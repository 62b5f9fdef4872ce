// Package workshop is opsim serve: a local web server and the page it
// serves, on which a room watches an organisation's designs side by side,
// moves its levers, and grows it until a design breaks.
//
// The page is embedded in the binary (assets/), loads nothing from
// elsewhere, and talks to the server with plain HTTP: GET /api/scenarios
// lists what it offers, GET /api/run and /api/grow stream results as
// Server-Sent Events while the replications finish, and /api/export/...
// returns the scenario as run and the results as CSV. A run is a
// campaign.Plan executed in memory; its numbers are the CLI's for the same
// scenario, overrides, replications and seed, to the last digit.
//
// A room shares one machine, so the server keeps to limits: a client (one
// open page) has at most one run in flight, and a new change cancels it;
// at most Options.MaxRuns run at once over all clients, the others wait
// their turn; finished results are kept, so a room that asks for the same
// state gets it at once.
package workshop

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsim/opsim/scenarios"
)

//go:embed assets
var assets embed.FS

// Options configures a Server.
type Options struct {
	// Scenario is the scenario file opsim serve was given (a path or
	// bundled:NAME), offered first; "" offers the bundled ones, the
	// default scenario first.
	Scenario string
	// MaxRuns bounds the runs in progress over all clients; 0 means 2.
	// Each run uses Workers cores, so 2 runs keep a machine's cores busy
	// without making every client wait on every other.
	MaxRuns int
	// Workers bounds the replications a run has in progress; 0 means
	// GOMAXPROCS.
	Workers int
	// Every is the least time between two updates of a run's results; 0
	// means 250 ms, about what a room perceives as live.
	Every time.Duration
}

// bundledOnPage are the bundled scenarios the page offers: organisations
// to grow (mmc.toml, a check of the engine against Erlang C, is not one).
var bundledOnPage = []string{"default.toml", "growth.toml", "interrupts.toml", "coupling.toml", "delivery.toml"}

// Server is opsim serve's handler. Create one with New.
type Server struct {
	opt       Options
	scenarios []*scenario
	mux       *http.ServeMux

	slots   chan struct{} // one per run in progress, over all clients
	mu      sync.Mutex
	clients map[string]*inflight
	cache   *cache

	running, peak atomic.Int64 // runs in progress, and the most at once
}

// inflight is a client's run in progress.
type inflight struct {
	cancel func()
	gen    uint64
}

var generation atomic.Uint64

// New loads the scenarios the page offers; a bad given scenario is an
// error naming its file, line and field.
func New(opt Options) (*Server, error) {
	if opt.MaxRuns <= 0 {
		opt.MaxRuns = 2
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Every <= 0 {
		opt.Every = 250 * time.Millisecond
	}
	srv := &Server{opt: opt, slots: make(chan struct{}, opt.MaxRuns), clients: map[string]*inflight{}, cache: newCache(32)}
	ids := []string{}
	if opt.Scenario != "" {
		ids = append(ids, opt.Scenario)
	}
	for _, n := range bundledOnPage {
		if id := "bundled:" + n; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		s, err := loadScenario(id)
		if err != nil {
			if id == opt.Scenario {
				return nil, err
			}
			return nil, fmt.Errorf("bundled scenario %s: %w", id, err)
		}
		srv.scenarios = append(srv.scenarios, s)
	}
	srv.routes()
	return srv, nil
}

// ServeHTTP serves the page, its assets and its API.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { srv.mux.ServeHTTP(w, r) }

func (srv *Server) routes() {
	srv.mux = http.NewServeMux()
	static, _ := fs.Sub(assets, "assets")
	files := http.FileServerFS(static)
	srv.mux.Handle("GET /assets/", http.StripPrefix("/assets/", files))
	srv.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := fs.ReadFile(static, "index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	})
	srv.mux.HandleFunc("GET /api/scenarios", srv.listScenarios)
	srv.mux.HandleFunc("GET /api/run", func(w http.ResponseWriter, r *http.Request) { srv.stream(w, r, false) })
	srv.mux.HandleFunc("GET /api/grow", func(w http.ResponseWriter, r *http.Request) { srv.stream(w, r, true) })
	srv.mux.HandleFunc("GET /api/export/scenario.toml", srv.exportScenario)
	srv.mux.HandleFunc("GET /api/export/results.csv", srv.exportResults)
}

// scenarioJSON is a scenario as the page lists it.
type scenarioJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Designs []string `json:"designs"`
	Levers  []Lever  `json:"levers"`
	Grow    []int    `json:"grow"`
	Seed    uint64   `json:"seed"`
	Reps    int      `json:"reps"`
	// ScenarioReps is the scenario's own replications, which the page's
	// may be fewer than ([workshop] replications).
	ScenarioReps int `json:"scenarioReps"`
	MaxReps      int `json:"maxReps"`
	// GrowPath is the lever "Grow the organisation" takes over.
	GrowPath string `json:"growPath"`
}

func (srv *Server) listScenarios(w http.ResponseWriter, r *http.Request) {
	var out []scenarioJSON
	for _, s := range srv.scenarios {
		sj := scenarioJSON{ID: s.ID, Name: s.sc.Name, Title: s.Title, Levers: s.levers, Grow: s.sc.GrowSteps(),
			Seed: s.sc.Seed, Reps: s.reps(), ScenarioReps: s.sc.Replications, MaxReps: maxLiveReps, GrowPath: scenarios.GrowPath}
		for _, d := range s.sc.Designs {
			sj.Designs = append(sj.Designs, d.Name)
		}
		out = append(out, sj)
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// problem answers a request the page made wrongly, in words it shows.
func problem(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

// claim makes ctx's run the client's one run in flight, cancelling the
// one it had; release undoes it unless a newer run has taken over.
func (srv *Server) claim(client string, cancel func()) (release func()) {
	if client == "" {
		return func() {}
	}
	gen := generation.Add(1)
	srv.mu.Lock()
	if old := srv.clients[client]; old != nil {
		old.cancel()
	}
	srv.clients[client] = &inflight{cancel: cancel, gen: gen}
	srv.mu.Unlock()
	return func() {
		srv.mu.Lock()
		if cur := srv.clients[client]; cur != nil && cur.gen == gen {
			delete(srv.clients, client)
		}
		srv.mu.Unlock()
	}
}

// validClient keeps a client id short and printable: it is a map key.
func validClient(id string) bool {
	return len(id) <= 64 && !strings.ContainsFunc(id, func(r rune) bool { return r < '!' || r > '~' })
}
