package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// loadScenario reads a scenario (a path, or the name of a bundled one),
// applies --set overrides and parses it strictly.
func loadScenario(path string, sets []string) (*scenarios.Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if b, berr := scenarios.Bundled(filepath.Base(path)); berr == nil && errors.Is(err, os.ErrNotExist) {
			src = b
		} else {
			return nil, usageError{err}
		}
	}
	if len(sets) > 0 {
		if src, err = scenarios.Override(path, src, sets); err != nil {
			return nil, usageError{err}
		}
	}
	sc, err := scenarios.Parse(path, src)
	if err != nil {
		return nil, usageError{err}
	}
	return sc, nil
}

func parseShard(s string) (i, n int, err error) {
	if s == "" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, usageError{fmt.Errorf("--shard %q: want i/n with 0 <= i < n, e.g. 3/8", s)}
	}
	return i, n, nil
}

// experimentRun is what a run of the pipeline leaves behind.
type experimentRun struct {
	set  *results.Set
	dir  string
	rows []results.SummaryRow
}

// runPipeline loads, runs, summarises and writes an experiment. Nothing is
// written until every run has succeeded, and then only atomically.
func runPipeline(ctx context.Context, command, path string, o *options, stdout, stderr io.Writer) (*experimentRun, error) {
	sc, err := loadScenario(path, o.sets)
	if err != nil {
		return nil, err
	}
	for _, w := range sc.LoadWarnings() {
		fmt.Fprintln(stderr, "warning: "+w)
	}
	if o.baseline != "" {
		found := false
		for _, d := range sc.Designs {
			found = found || d.Name == o.baseline
		}
		if !found {
			return nil, usageError{fmt.Errorf("--baseline %q: no such design", o.baseline)}
		}
		sc.Baseline = o.baseline
	}
	reps := sc.Replications
	if o.reps != 0 {
		if o.reps < 2 {
			return nil, usageError{fmt.Errorf("--reps must be at least 2 for confidence intervals")}
		}
		reps = o.reps
	}
	seed := sc.Seed
	if o.seedSet {
		seed = o.seed
	}
	si, sn, err := parseShard(o.shard)
	if err != nil {
		return nil, err
	}
	if sn > 1 && o.precision > 0 {
		return nil, usageError{errors.New("--precision needs every run in one place; it cannot be used with --shard")}
	}
	def := filepath.Join("out", sc.Name)
	if sn > 1 {
		def = filepath.Join(def, fmt.Sprintf("shard-%d-of-%d", si, sn))
	}
	shardName := ""
	if sn > 1 {
		shardName = fmt.Sprintf("%d/%d", si, sn)
	}
	baseline := sc.Baseline
	if baseline == "" && len(sc.Designs) > 0 {
		baseline = sc.Designs[0].Name
	}
	// Decide where the results go before running anything, so a refused
	// folder costs nothing.
	dir, err := chooseDir(o.out, def, o.force, experimentID{
		ScenarioHash: results.HashScenario(sc.Text), Overrides: o.sets, Seed: seed, Shard: shardName, Baseline: baseline})
	if err != nil {
		return nil, err
	}
	var progressW io.Writer = stderr
	if o.quiet {
		progressW = nil
	}
	for {
		exp, err := newExperiment(sc, reps, seed)
		if err != nil {
			return nil, usageError{err}
		}
		if o.events {
			exp.enableEventLogs()
		}
		runs := shard(exp.runs(), si, sn)
		res, err := exp.execute(ctx, runs, o.workers, progressW)
		if err != nil {
			return nil, err
		}
		if o.events {
			if err := writeEventLogs(dir, runs, res); err != nil {
				return nil, err
			}
		}
		set := exp.set(command, o.sets, runs, res, shardName)
		if sn > 1 {
			if err := results.Write(dir, set); err != nil {
				return nil, err
			}
			fmt.Fprintf(stdout, "shard %s: %d of %d runs written to %s\nmerge all shards with: opsim merge -o DIR %s\n",
				shardName, len(runs), len(exp.runs()), dir, filepath.Join(filepath.Dir(dir), "shard-*"))
			return &experimentRun{set: set, dir: dir}, nil
		}
		rows, err := analysis.Summarize(set, analysis.SummaryOptions{Level: 0.95, Seed: seed})
		if err != nil {
			return nil, err
		}
		if o.precision > 0 {
			wide := analysis.Precision(rows, keyMetrics(set), o.precision)
			if len(wide) > 0 && reps < o.maxReps {
				next := min(o.maxReps, reps*2)
				fmt.Fprintf(stderr, "%d metric CIs wider than %.0f%% of their mean at %d replications; running %d\n", len(wide), 100*o.precision, reps, next)
				reps = next
				continue
			}
			if len(wide) > 0 {
				fmt.Fprintf(stderr, "warning: the replication cap (%d) was hit with %d metric CIs still wider than %.0f%% of their mean, e.g. %s/%s\n",
					o.maxReps, len(wide), 100*o.precision, wide[0].Design, wide[0].Metric)
			}
		}
		set.Summary = rows
		if err := results.Write(dir, set); err != nil {
			return nil, err
		}
		return &experimentRun{set: set, dir: dir, rows: rows}, nil
	}
}

func keyMetrics(set *results.Set) []string {
	have := map[string]bool{}
	for _, m := range set.Metrics {
		have[m] = true
	}
	var out []string
	for _, m := range analysis.KeyMetrics {
		if have[m] {
			out = append(out, m)
		}
	}
	return out
}

// printSummary prints the key metrics per design (mean ± 95% CI) and the
// change against the baseline, one table per sweep point.
func printSummary(w io.Writer, set *results.Set, rows []results.SummaryRow) {
	designs := set.Manifest.Designs
	regimes := analysis.Regimes(set)
	byKey := map[string]results.SummaryRow{}
	var points []int
	seen := map[int]bool{}
	for _, r := range rows {
		byKey[fmt.Sprintf("%d/%s/%s", r.Point, r.Design, r.Metric)] = r
		if !seen[r.Point] {
			seen[r.Point] = true
			points = append(points, r.Point)
		}
	}
	for _, p := range points {
		var title []string
		for _, pt := range set.Manifest.Points {
			if pt.Index == p {
				for _, q := range pt.Params {
					title = append(title, q.Name+" = "+q.Value)
				}
			}
		}
		if len(title) > 0 {
			fmt.Fprintf(w, "\n%s\n", strings.Join(title, ", "))
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprint(tw, "metric")
		for _, d := range designs {
			fmt.Fprintf(tw, "\t%s", d)
		}
		fmt.Fprintln(tw, "\t")
		for _, m := range keyMetrics(set) {
			info := analysis.Describe(m)
			if info.Unit != "" {
				fmt.Fprintf(tw, "%s (%s)", info.Label, info.Unit)
			} else {
				fmt.Fprint(tw, info.Label)
			}
			for _, d := range designs {
				r, ok := byKey[fmt.Sprintf("%d/%s/%s", p, d, m)]
				if !ok {
					fmt.Fprint(tw, "\t-")
					continue
				}
				if g := analysis.RegimeOf(regimes, p, d); g.Hides() {
					fmt.Fprintf(tw, "\t%s", g.Cell()) // no mean: the replications describe no steady state
					continue
				}
				cell := fmt.Sprintf("%s ± %s", num(r.Mean*info.Scale), num((r.Hi-r.Lo)/2*info.Scale))
				if r.Baseline != "" && !math.IsNaN(r.Rel) && !analysis.RegimeOf(regimes, p, r.Baseline).Hides() {
					mark := ""
					if !r.Distinguishable {
						mark = " ns"
					}
					cell += " (" + changeText(r.Rel) + mark + ")"
				}
				fmt.Fprintf(tw, "\t%s", cell)
			}
			fmt.Fprintln(tw, "\t")
		}
		tw.Flush()
		for _, d := range designs {
			if s := analysis.RegimeOf(regimes, p, d).Verdict(); s != "" {
				fmt.Fprintf(w, "%s: %s\n", d, s)
			}
		}
	}
	n := 0
	for _, r := range set.Records {
		if r.Design == designs[0] && r.Point == set.Records[0].Point {
			n++
		}
	}
	fmt.Fprintf(w, "\n%d replications per design; ± is the 95%% CI half-width; (%%) is the paired change against %s; ns: not distinguishable.\n", n, baselineOf(set))
	for _, is := range analysis.WarmupIssues(set) {
		if analysis.RegimeOf(analysis.Regimes(set), is.Point, is.Design).Hides() {
			continue // the verdict above says more plainly that its queue grows
		}
		fmt.Fprintf(w, "warm-up: %s%s: %s\n", is.Design, pointSuffix(set, is.Point), is)
	}
}

// pointSuffix names a sweep point for a one-line message, "" without a sweep.
func pointSuffix(set *results.Set, point int) string {
	for _, pt := range set.Manifest.Points {
		if pt.Index == point && len(pt.Params) > 0 {
			var parts []string
			for _, q := range pt.Params {
				parts = append(parts, q.Name+"="+q.Value)
			}
			return " at " + strings.Join(parts, ", ")
		}
	}
	return ""
}

func baselineOf(set *results.Set) string {
	if set.Manifest.Baseline != "" {
		return set.Manifest.Baseline
	}
	return set.Manifest.Designs[0]
}

// num prints a number with about three significant digits.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case x == 0:
		return "0"
	case math.Abs(x) >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case math.Abs(x) >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case math.Abs(x) >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	default:
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
}

// report draws the figures and writes the report beside the results.
func report(w io.Writer, run *experimentRun) error {
	opt := reportOptions(w, run.set)
	figs := analysis.Figures(run.set, run.rows, opt)
	paths, err := analysis.WriteFigures(run.dir, figs)
	if err != nil {
		return err
	}
	html, md, err := analysis.WriteReport(run.dir, run.set, run.rows, paths, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nreport: %s\n        %s\nfigures: %s\n", html, md, filepath.Join(run.dir, "figures"))
	return nil
}

// experimentCommand parses the shared flags and the one scenario argument,
// runs the pipeline and, for compare and sweep, writes the report.
func experimentCommand(ctx context.Context, name, usage, example string, withReport bool, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet(name+" [flags] SCENARIO", usage, example, &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fs.wrongArgs("want exactly one scenario file")
	}
	if name == "sweep" {
		sc, err := loadScenario(pos[0], o.sets)
		if err != nil {
			return err
		}
		if len(sc.Sweep) == 0 {
			return usageError{fmt.Errorf("%s has no [sweep] table; add one, e.g.\n\n  [sweep]\n  \"org.product_teams\" = [5, 10, 20, 40]\n\nor use 'opsim compare' for a single point", pos[0])}
		}
	}
	out := stdout
	if o.json {
		out = io.Discard // stdout holds the JSON alone
	}
	run, err := runPipeline(ctx, name, pos[0], &o, out, stderr)
	if err != nil {
		return err
	}
	if o.json {
		return printSummaryJSON(stdout, name, run, withReport)
	}
	if run.rows == nil { // a shard has no summary of its own
		return nil
	}
	printSummary(stdout, run.set, run.rows)
	if !withReport {
		fmt.Fprintf(stdout, "results: %s\n", run.dir)
		return nil
	}
	return report(stdout, run)
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return experimentCommand(ctx, "run",
		"Runs every design of the scenario (and every sweep point) with its replications in parallel,\nprints the key metrics per design with 95% confidence intervals, and writes the results\n(manifest.json, runs.csv, summary.csv, timeseries.csv, samples.csv, teams.csv, services.csv)\nto the output folder.",
		"opsim run scenarios/default.toml -o out/default --reps 10", false, args, stdout, stderr)
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return experimentCommand(ctx, "compare",
		"Runs the scenario's designs side by side, then writes the results, plots and a report\n(report.html, self-contained, and report.md) comparing each design with the baseline.",
		"opsim compare scenarios/default.toml --reps 30 --baseline centralized", true, args, stdout, stderr)
}

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return experimentCommand(ctx, "sweep",
		"Runs the scenario's [sweep] grid for every design and draws the scaling curves: where each\ndesign's queues and restore times break as the organisation grows.",
		"opsim sweep scenarios/growth.toml -o out/growth", true, args, stdout, stderr)
}

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("validate [flags] SCENARIO...", "Checks scenario files without running them: syntax, unknown keys, types, ranges, references\nand dependency cycles, each error naming the file, line and field.", "opsim validate scenarios/*.toml", &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fs.wrongArgs("want at least one scenario file")
	}
	var failed []string
	var checks validationJSON
	for _, p := range pos {
		sc, err := loadScenario(p, o.sets)
		var exp *experiment
		if err == nil {
			if exp, err = newExperiment(sc, sc.Replications, sc.Seed); err != nil {
				err = fmt.Errorf("%s: %w", p, err)
			}
		}
		if err != nil {
			if !o.json {
				fmt.Fprintln(stderr, err)
			}
			failed = append(failed, p)
			checks.Files = append(checks.Files, fileCheckJSON{File: p, Errors: errorsOf(p, err)})
			continue
		}
		checks.Files = append(checks.Files, fileCheckJSON{File: p, OK: true, Designs: len(sc.Designs), Points: len(exp.points), Runs: len(exp.runs())})
		if !o.json {
			fmt.Fprintf(stdout, "%s: ok (%s, %s, %s)\n", p, plural(len(sc.Designs), "design"), plural(len(exp.points), "sweep point"), plural(len(exp.runs()), "run"))
		}
		for _, w := range sc.LoadWarnings() {
			fmt.Fprintln(stderr, "warning: "+w)
		}
	}
	if o.json {
		checks.Invalid = len(failed)
		checks.Valid = len(pos) - len(failed)
		if err := writeJSON(stdout, checks); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return usageError{fmt.Errorf("%d of %d scenario files are invalid", len(failed), len(pos))}
	}
	return nil
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("plot [flags] RESULTS_DIR", "Redraws the plots and the report from a saved results folder, without running anything.", "opsim plot out/default", &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fs.wrongArgs("want exactly one results folder")
	}
	set, err := results.Read(pos[0])
	if err != nil {
		return usageError{err}
	}
	if set.Manifest.Shard != "" {
		return usageError{fmt.Errorf("%s holds shard %s only; merge the shards first with 'opsim merge'", pos[0], set.Manifest.Shard)}
	}
	rows := set.Summary
	if len(rows) == 0 {
		if rows, err = analysis.Summarize(set, analysis.SummaryOptions{Level: 0.95, Seed: set.Manifest.Seed}); err != nil {
			return err
		}
	}
	dir := pos[0]
	if o.out != "" {
		dir = o.out
	}
	return report(stdout, &experimentRun{set: set, dir: dir, rows: rows})
}

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("merge -o OUT SHARD_DIR...", "Merges the results folders of a sharded run (Slurm array tasks, Kubernetes indexed jobs,\nGNU parallel) into one, then summarises it and writes the report.", "opsim merge -o out/growth out/growth/shard-*", &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || o.out == "" {
		return fs.wrongArgs("want -o OUT and at least one shard folder")
	}
	var shards []*results.Set
	for _, p := range pos {
		s, err := results.Read(p)
		if err != nil {
			return usageError{err}
		}
		shards = append(shards, s)
	}
	set, err := results.Merge(shards...)
	if err != nil {
		return usageError{err}
	}
	m := &set.Manifest
	if _, err := chooseDir(o.out, "", o.force, experimentID{m.ScenarioHash, m.Overrides, m.Seed, m.Shard, m.Baseline}); err != nil {
		return err
	}
	rows, err := analysis.Summarize(set, analysis.SummaryOptions{Level: 0.95, Seed: set.Manifest.Seed})
	if err != nil {
		return err
	}
	set.Summary = rows
	if err := results.Write(o.out, set); err != nil {
		return err
	}
	printSummary(stdout, set, rows)
	return report(stdout, &experimentRun{set: set, dir: o.out, rows: rows})
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
