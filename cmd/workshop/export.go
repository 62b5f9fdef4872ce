package workshop

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// exportName is the file an export of the job's scenario is saved as.
func (j *job) exportName() string {
	if j.grow != nil {
		return j.plan.Scenario.Name + "-grow.toml"
	}
	return j.plan.Scenario.Name + "-workshop.toml"
}

// cli is the command that prints the job's numbers, and the export it
// needs: a bundled or given scenario the page ran as it is takes --set
// flags; one the page changed more than --set can (without its sweep, or
// swept over the team counts) is run from its export, which holds the
// overrides, seed and replications.
func (j *job) cli() (command, export string) {
	base := j.s.point
	if j.grow != nil {
		base = nil
		if len(j.s.sc.Sweep) == 1 && j.s.sc.Sweep[0].Path == scenarios.GrowPath && fmt.Sprint(j.s.sc.GrowSteps()) == fmt.Sprint(j.grow) {
			base = j.s.src
		}
	}
	if bytes.Equal(base, j.s.src) {
		return j.state.Command(j.s.ID, j.grow != nil), ""
	}
	st := State{Reps: j.state.Reps, Seed: j.state.Seed}
	return st.Command(j.exportName(), j.grow != nil), j.exportName()
}

// exportText is the job's scenario as a file that runs what the page ran:
// the overrides applied, and its seed and replications set.
func (j *job) exportText() ([]byte, error) {
	return scenarios.Override(j.s.ID, j.text, []string{"seed=" + strconv.FormatUint(j.state.Seed, 10), "replications=" + strconv.Itoa(j.state.Reps)})
}

// exportScenario answers "Export": the scenario as run, a study's start.
func (srv *Server) exportScenario(w http.ResponseWriter, r *http.Request) {
	j, err := srv.jobOf(r)
	if err != nil {
		problem(w, http.StatusBadRequest, err)
		return
	}
	text, err := j.exportText()
	if err != nil {
		problem(w, http.StatusBadRequest, err)
		return
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", j.exportName()))
	w.Write(text)
}

// exportResults answers "Export" for the results: the summary.csv a
// results folder of the same experiment holds (one row per point, design
// and metric: mean, interval and paired change), or with ?file=runs its
// runs.csv (a row per replication). A state not run yet runs first.
func (srv *Server) exportResults(w http.ResponseWriter, r *http.Request) {
	j, err := srv.jobOf(r)
	if err != nil {
		problem(w, http.StatusBadRequest, err)
		return
	}
	file := "summary.csv"
	if r.URL.Query().Get("file") == "runs" {
		file = "runs.csv"
	}
	res := srv.cache.get(j.key())
	if res == nil {
		select {
		case srv.slots <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		res, err = srv.execute(r.Context(), j, nil)
		<-srv.slots
		if err != nil {
			problem(w, http.StatusInternalServerError, err)
			return
		}
	}
	b, err := csvOf(res, file)
	if err != nil {
		problem(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", j.plan.Scenario.Name+"-"+file))
	w.Write(b)
}

// csvOf writes a result as a results folder and returns one of its files,
// so that the export is exactly what opsim run writes.
func csvOf(res *result, file string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "opsim-export-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	set := *res.set
	set.Summary = res.rows
	if err := results.Write(dir, &set); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, file))
}

// jobOf reads the state of an export request and prepares it.
func (srv *Server) jobOf(r *http.Request) (*job, error) {
	st, s, err := srv.parseState(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return prepare(st, s, r.URL.Query().Get("grow") == "1")
}
