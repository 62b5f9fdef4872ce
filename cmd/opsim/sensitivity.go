package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/scenarios"
)

// sensitivityOptions are opsim sensitivity's own flags.
type sensitivityOptions struct {
	metrics      []string
	designs      []string
	method       string
	trajectories int
}

func cmdSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("sensitivity [flags] SCENARIO",
		"Varies every number, duration and rate the scenario uses over a range (±50% by default, within its\n"+
			"bounds, or the range the reference or the scenario's [sensitivity] table gives), the others at the\n"+
			"scenario's values, on the scenario's own random numbers, and reports how far each moves the paired\n"+
			"difference between two designs (the baseline and the next, by default) in restore time and feature\n"+
			"throughput: tornado charts, a table, and the values whose range flips which design is better.\n"+
			"A later 'opsim compare' of the same scenario text shows what decides its result.",
		"opsim sensitivity scenarios/default.toml", &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fs.wrongArgs("want exactly one scenario file")
	}
	sc, err := loadScenario(pos[0], o.sets)
	if err != nil {
		return err
	}
	s := campaign.NewSensitivity(sc)
	s.Overrides, s.Workers, s.Log = o.sets, o.workers, stderr
	so := o.sensitivity
	if len(so.metrics) > 0 {
		s.Metrics = so.metrics
	}
	if len(so.designs) > 0 {
		if len(so.designs) != 2 {
			return usageError{fmt.Errorf("--designs wants two designs, the reference and the one compared with it, e.g. --designs centralized,collective")}
		}
		s.Baseline, s.Design = so.designs[0], so.designs[1]
	}
	if so.method != "" {
		if so.method != scenarios.MethodOAT && so.method != scenarios.MethodMorris {
			return usageError{fmt.Errorf("--method %q: want %s or %s", so.method, scenarios.MethodOAT, scenarios.MethodMorris)}
		}
		s.Method = so.method
	}
	if so.trajectories != 0 {
		if so.trajectories < 2 {
			return usageError{fmt.Errorf("--trajectories must be at least 2")}
		}
		s.Trajectories = so.trajectories
	}
	if o.reps != 0 {
		if o.reps < 2 {
			return usageError{fmt.Errorf("--reps must be at least 2 for confidence intervals")}
		}
		s.Reps = o.reps
	}
	if o.seedSet {
		s.Seed = o.seed
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", sc.Name, campaign.SensitivityDir)
	}
	if err := campaign.CheckSensitivityDir(dir); err != nil {
		return refusal(err)
	}
	bar := newProgress(stderr)
	if o.quiet {
		bar = newProgress(nil)
	}
	s.Progress = bar.set
	res, err := s.Run(ctx)
	bar.end()
	if errors.Is(err, campaign.ErrSensitivityInput) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if err := campaign.WriteSensitivity(dir, res); err != nil {
		return refusal(err)
	}
	if o.json {
		return writeJSON(stdout, res)
	}
	printSensitivity(stdout, res, dir)
	return nil
}

// printSensitivity prints what decides the verdict and, per metric, the
// values that move it most, then where the files are.
func printSensitivity(w io.Writer, s *analysis.Sensitivity, dir string) {
	for _, line := range s.Summary() {
		fmt.Fprintln(w, line)
	}
	for mi, m := range s.Metrics {
		info := analysis.Describe(m)
		fmt.Fprintf(w, "\n%s, %s − %s: %s at the scenario's values; moved most by\n", info.Title(), s.Design, s.Baseline, s.DescribeDiff(mi, s.At[mi]))
		for k, pi := range s.Ranked(mi) {
			if k == 5 {
				break
			}
			p := s.Params[pi]
			fmt.Fprintf(w, "  %-40s %s to %s: %s\n", p.Path, p.Low, p.High, s.DescribeEffect(mi, p.Effects[mi]))
		}
	}
	fmt.Fprintf(w, "\n%d values varied, %d settings, %d runs\nsensitivity: %s\n             %s\n", len(s.Params), s.Settings, s.Runs,
		filepath.Join(dir, analysis.SensitivityHTML), filepath.Join(dir, analysis.SensitivityMarkdown))
}
