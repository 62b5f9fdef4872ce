package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

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

// experimentRun is what a campaign leaves behind, as --json describes it.
type experimentRun struct {
	set  *results.Set
	dir  string
	rows []results.SummaryRow
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
		var plan *campaign.Plan
		if err == nil {
			if plan, err = campaign.NewPlan(sc, sc.Replications, sc.Seed); err != nil {
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
		checks.Files = append(checks.Files, fileCheckJSON{File: p, OK: true, Designs: len(sc.Designs), Points: len(plan.Points), Runs: len(plan.Runs())})
		if !o.json {
			fmt.Fprintf(stdout, "%s: ok (%s, %s, %s)\n", p, plural(len(sc.Designs), "design"), plural(len(plan.Points), "sweep point"), plural(len(plan.Runs()), "run"))
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
	res, err := campaign.Redraw(ctx, pos[0], o.out)
	if err != nil {
		return refusal(err)
	}
	printNotes(stderr, res)
	printReport(stdout, res)
	return nil
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
	res, err := campaign.Merge(ctx, o.out, pos, campaign.MergeOptions{Force: o.force, Report: true})
	if err != nil {
		return refusal(err)
	}
	printNotes(stderr, res)
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
