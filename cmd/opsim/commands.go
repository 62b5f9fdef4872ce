package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// options are the flags every experiment command shares.
type options struct {
	out       string
	workers   int
	reps      int
	seed      uint64
	seedSet   bool
	sets      multiFlag
	shard     string
	baseline  string
	precision float64
	maxReps   int
	quiet     bool
	force     bool
	retry     bool
	detail    string
	events    bool
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

type seedFlag struct{ o *options }

func (s seedFlag) String() string { return "" }
func (s seedFlag) Set(v string) error {
	n, err := strconv.ParseUint(v, 0, 64)
	if err != nil {
		return fmt.Errorf("seed must be a non-negative integer")
	}
	s.o.seed, s.o.seedSet = n, true
	return nil
}

// flags declares the shared flags, each under a short and a long name.
func (o *options) flags(fs *flag.FlagSet, experiment bool) {
	fs.StringVar(&o.out, "o", "", "output folder (default out/<scenario name>)")
	fs.StringVar(&o.out, "out", "", "output folder (same as -o)")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "replications run in parallel")
	fs.BoolVar(&o.force, "force", false, "replace the results of a different experiment in the -o folder")
	if !experiment {
		return
	}
	fs.IntVar(&o.reps, "reps", 0, "replications per design and point (default: the scenario's)")
	fs.Var(seedFlag{o}, "seed", "master seed (default: the scenario's)")
	fs.Var(&o.sets, "set", "override a scenario value, e.g. --set org.product_teams=20 (repeatable)")
	fs.StringVar(&o.shard, "shard", "", "run only shard i of n, e.g. --shard 3/8; auto or auto/n take i (and n) from a Slurm array task or a Kubernetes indexed job; merge the folders with 'opsim merge'")
	fs.BoolVar(&o.retry, "retry-failed", false, "run again the runs an interrupted or earlier attempt recorded as failed")
	fs.StringVar(&o.detail, "detail", "report", "which runs keep every incident's time to restore and the daily series: report (the sweep points the report draws) or all")
	fs.StringVar(&o.baseline, "baseline", "", "design the others are compared against (default: the scenario's)")
	fs.Float64Var(&o.precision, "precision", 0, "add replications until every key metric's 95% CI half-width is at most this fraction of its mean (e.g. 0.05)")
	fs.IntVar(&o.maxReps, "max-reps", 200, "cap on replications when --precision adds them")
	fs.BoolVar(&o.quiet, "q", false, "no progress bar")
	fs.BoolVar(&o.events, "events", false, "also write each run's event log (a row per incident and ticket, the columns 'opsim calibrate' reads) to <out>/events/<run id>.csv")
}

// parse parses flags that may come before or after the positional
// arguments ("opsim run x.toml --reps 5" reads naturally).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, usage, example string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: opsim %s\n\n%s\n\nExample:\n  %s\n\nFlags:\n", name, usage, example)
		fs.PrintDefaults()
	}
	return fs
}

// loadScenario reads a scenario (a path, or bundled:NAME for one shipped
// with opsim), applies --set overrides and parses it strictly.
func loadScenario(path string, sets []string) (*scenarios.Scenario, error) {
	src, err := scenarios.ReadFile(path)
	if err != nil {
		return nil, usageError{err}
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
		for _, m := range campaign.KeyMetrics(set.Metrics) {
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
					cell += fmt.Sprintf(" (%+.0f%%%s)", 100*r.Rel, mark)
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

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return experimentCommand(ctx, "run",
		"Runs every design of the scenario (and every sweep point) with its replications in parallel,\nprints the key metrics per design with 95% confidence intervals, and writes the results\n(manifest.json, runs.csv, summary.csv, timeseries.csv.gz, samples.csv.gz, teams.csv, services.csv)\nto the output folder.",
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
	fs := newFlagSet("validate [flags] SCENARIO...", "Checks scenario files without running them: syntax, unknown keys, types, ranges, references\nand dependency cycles, each error naming the file, line and field.", "opsim validate scenarios/*.toml", stderr)
	fs.Var(&o.sets, "set", "override a scenario value before checking (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageError{errors.New("want at least one scenario file")}
	}
	var failed []string
	for _, p := range pos {
		sc, err := loadScenario(p, o.sets)
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = append(failed, p)
			continue
		}
		plan, err := campaign.NewPlan(sc, sc.Replications, sc.Seed)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", p, err)
			failed = append(failed, p)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s, %s, %s)\n", p, plural(len(sc.Designs), "design"), plural(len(plan.Points), "sweep point"), plural(len(plan.Runs()), "run"))
		for _, w := range sc.LoadWarnings() {
			fmt.Fprintln(stderr, "warning: "+w)
		}
	}
	if len(failed) > 0 {
		return usageError{fmt.Errorf("%d of %d scenario files are invalid", len(failed), len(pos))}
	}
	return nil
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("plot [flags] RESULTS_DIR", "Redraws the plots and the report from a saved results folder, without running anything.", "opsim plot out/default", stderr)
	o.flags(fs, false)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError{errors.New("want exactly one results folder")}
	}
	res, err := campaign.Redraw(ctx, pos[0], o.out)
	if err != nil {
		return refusal(err)
	}
	printReport(stdout, res)
	return nil
}

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("merge -o OUT SHARD_DIR...", "Merges the results folders of a sharded run (Slurm array tasks, Kubernetes indexed jobs,\nGNU parallel) into one, then summarises it and writes the report.", "opsim merge -o out/growth out/growth/shard-*", stderr)
	o.flags(fs, false)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || o.out == "" {
		fs.Usage()
		return usageError{errors.New("want -o OUT and at least one shard folder")}
	}
	res, err := campaign.Merge(ctx, o.out, pos, campaign.MergeOptions{Force: o.force, Report: true})
	if err != nil {
		return refusal(err)
	}
	printSummary(stdout, res.Set, res.Summary)
	printReport(stdout, res)
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
