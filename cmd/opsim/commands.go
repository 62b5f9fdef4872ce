package main

import (
	"context"
	"fmt"
	"io"
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
// change against the baseline, one table per sweep point (campaign's
// KeyTables, which the workshop page shows too); regimes are set's.
func printSummary(w io.Writer, set *results.Set, rows []results.SummaryRow, regimes []analysis.Regime) {
	for _, kt := range campaign.KeyTables(set, rows, regimes) {
		if kt.Title != "" {
			fmt.Fprintf(w, "\n%s\n", kt.Title)
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprint(tw, "metric")
		for _, d := range kt.Designs {
			fmt.Fprintf(tw, "\t%s", d)
		}
		fmt.Fprintln(tw, "\t")
		for _, r := range kt.Rows {
			fmt.Fprint(tw, r.Label)
			for _, c := range r.Cells {
				fmt.Fprintf(tw, "\t%s", c.Text)
			}
			fmt.Fprintln(tw, "\t")
		}
		tw.Flush()
		for _, v := range kt.Verdicts {
			fmt.Fprintln(w, v)
		}
	}
	fmt.Fprintf(w, "\n%d replications per design; ± is the 95%% CI half-width; (%%) is the paired change against %s; ns: not distinguishable.\n", replications(set), baselineOf(set))
	for _, is := range analysis.WarmupIssues(set) {
		if analysis.RegimeOf(regimes, is.Point, is.Design).Hides() {
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
	printSummary(stdout, res.Set, res.Summary, res.Regimes)
	printReport(stdout, res)
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
