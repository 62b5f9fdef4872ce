package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/cmd/campaign"
)

// experimentCommand parses the shared flags and the one scenario argument,
// runs the campaign and prints its summary and, for compare and sweep,
// where the report is.
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
	c, err := newCampaign(name, pos[0], &o, withReport, stderr)
	if err != nil {
		return err
	}
	bar := newProgress(stderr)
	if o.quiet {
		bar = newProgress(nil)
	}
	c.Progress, c.Log = bar.set, stderr
	res, err := c.Run(ctx)
	bar.end()
	out := stdout
	if o.json {
		out = io.Discard // stdout holds the JSON alone
	}
	var failed *campaign.FailedRuns
	if errors.As(err, &failed) {
		fmt.Fprintf(out, "runs: %s\n", failed.Tally)
		for _, f := range failed.Tally.FailedRuns {
			fmt.Fprintf(stderr, "failed: %s\n", f)
		}
	}
	if err != nil {
		return refusal(err)
	}
	printNotes(stderr, res)
	if o.json {
		reportPath := ""
		if withReport && c.Shards <= 1 {
			reportPath = filepath.Join(res.Dir, analysis.ReportHTML)
		}
		return printSummaryJSON(stdout, name, &experimentRun{set: res.Set, dir: res.Dir, rows: res.Summary}, reportPath)
	}
	if c.Shards > 1 {
		fmt.Fprintf(stdout, "shard %d/%d: %d of %d runs written to %s\nruns: %s\nmerge all shards with: opsim merge -o DIR %s\n",
			c.Shard, c.Shards, len(res.Set.Records), len(res.Set.Manifest.Runs), res.Dir, res.Tally, filepath.Join(filepath.Dir(res.Dir), "shard-*"))
		return nil
	}
	printSummary(stdout, res.Set, res.Summary, res.Regimes)
	fmt.Fprintf(stdout, "runs: %s\n", res.Tally)
	if !withReport {
		fmt.Fprintf(stdout, "results: %s\n", res.Dir)
		return nil
	}
	printReport(stdout, res)
	return nil
}

// printNotes passes on what the campaign noted about the report.
func printNotes(w io.Writer, res *campaign.Result) {
	for _, n := range res.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
}

// newCampaign loads the scenario and turns the flags into a campaign
// whose folder is chosen, and checked, before anything runs.
func newCampaign(command, path string, o *options, withReport bool, stderr io.Writer) (*campaign.Campaign, error) {
	sc, err := loadScenario(path, o.sets)
	if err != nil {
		return nil, err
	}
	for _, w := range sc.LoadWarnings() {
		fmt.Fprintln(stderr, "warning: "+w)
	}
	if command == "sweep" && len(sc.Sweep) == 0 {
		return nil, usageError{fmt.Errorf("%s has no [sweep] table; add one, e.g.\n\n  [sweep]\n  \"org.product_teams\" = [5, 10, 20, 40]\n\nor use 'opsim compare' for a single point", path)}
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
	if o.detail != "report" && o.detail != "all" {
		return nil, usageError{fmt.Errorf("--detail %q: want report or all", o.detail)}
	}
	si, sn, err := campaign.ParseShard(o.shard, os.Getenv)
	if err != nil {
		return nil, usageError{err}
	}
	if sn > 1 && o.precision > 0 {
		return nil, usageError{errors.New("--precision needs every run in one place; it cannot be used with --shard")}
	}
	plan, err := campaign.NewPlan(sc, reps, seed)
	if err != nil {
		return nil, usageError{err}
	}
	c := &campaign.Campaign{Plan: plan, Command: command, Overrides: o.sets, Shard: si, Shards: sn, Force: o.force,
		RetryFailed: o.retry, Precision: o.precision, MaxReps: o.maxReps, Report: withReport, Workers: o.workers, AllDetail: o.detail == "all", EventLogs: o.events}
	def := filepath.Join("out", sc.Name)
	// opsim sensitivity's default folder, found also by a campaign whose
	// results go elsewhere (out/NAME-2, -o).
	c.SensitivityDirs = []string{filepath.Join(def, campaign.SensitivityDir)}
	if sn > 1 {
		def = filepath.Join(def, fmt.Sprintf("shard-%d-of-%d", si, sn))
	}
	if c.Dir, err = campaign.ChooseDir(o.out, def, o.force, c.Identity(), o.precision > 0); err != nil {
		return nil, refusal(err)
	}
	return c, nil
}

// refusal marks a campaign's refusal (a folder holding another
// experiment) as the user's to resolve: it exits with status 2.
func refusal(err error) error {
	if errors.Is(err, campaign.ErrRefused) {
		return usageError{err}
	}
	return err
}

// printReport says where the report and figures are.
func printReport(w io.Writer, res *campaign.Result) {
	fmt.Fprintf(w, "\nreport: %s\n        %s\nfigures: %s\n", filepath.Join(res.Dir, analysis.ReportHTML),
		filepath.Join(res.Dir, analysis.ReportMarkdown), filepath.Join(res.Dir, analysis.FiguresDir))
}
