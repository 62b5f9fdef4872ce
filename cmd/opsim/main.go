// Command opsim runs safe-to-fail experiments on operations organisations:
// it reads a scenario, runs every design's replications in parallel and
// reports statistically honest comparisons.
//
// Usage:
//
//	opsim <command> [flags] [args]
//
// Run "opsim help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/opsim/opsim/cmd/campaign"
)

// exitUsage is the status for bad input: a malformed scenario or flag.
const exitUsage = 2

// command is one subcommand of the CLI.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"compare", "run a scenario's designs side by side and write a report with plots", cmdCompare},
		{"sweep", "run a scenario's parameter sweep and draw the scaling curves", cmdSweep},
		{"run", "run a scenario and print the key metrics per design (no plots)", cmdRun},
		{"validate", "check scenario files without running them", cmdValidate},
		{"plot", "redraw the plots and report from a saved results folder", cmdPlot},
		{"merge", "merge the results folders of a sharded run", cmdMerge},
		{"calibrate", "fit a scenario fragment to an incident and ticket export", cmdCalibrate},
		{"demo", "run the engine's M/M/c check against Erlang C", runDemo},
		{"version", "print the version, VCS revision and toolchain", cmdVersion},
	}
}

// usageError marks errors caused by the user's input, which exit with
// status 2 rather than 1.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// forceAfter is how long after the first signal a second one stops
// opsim at once instead of letting it finish saving.
const forceAfter = time.Second

// signalled is the cause of a context cancelled by SIGINT or SIGTERM.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return "received " + s.sig.String() }

// exitCode is the shell's convention for death by a signal, 128 + its
// number: 130 for SIGINT (Ctrl-C), 143 for SIGTERM (what Slurm and
// Kubernetes send at a time limit or an eviction).
func (s signalled) exitCode() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		// The first signal stops the work: finished runs are kept and
		// the folder is left readable and resumable.
		cancel(signalled{s})
		first := time.Now()
		for s := range sigs {
			// Schedulers signal a job's process and its process group,
			// so the first signal often comes twice at once: only a
			// later one is a user insisting.
			if time.Since(first) < forceAfter {
				continue
			}
			// It stops at once, which the journal survives too.
			fmt.Fprintln(os.Stderr, "opsim: stopping at once; every run saved so far is kept")
			os.Exit(signalled{s}.exitCode())
		}
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if err == nil || errors.Is(err, flag.ErrHelp) { // -h printed the usage
				return 0
			}
			var sig signalled
			if errors.As(context.Cause(ctx), &sig) {
				var in *campaign.Interrupted
				if !errors.As(err, &in) {
					err = errors.New("interrupted; nothing was changed")
				}
				fmt.Fprintln(stderr, "opsim "+c.name+":", err)
				return sig.exitCode()
			}
			fmt.Fprintln(stderr, "opsim "+c.name+":", err)
			var ue usageError
			if errors.As(err, &ue) {
				return exitUsage
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "opsim: unknown command %q\n", args[0])
	printUsage(stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "opsim: discrete-event experiments on operations organisations")
	fmt.Fprintln(w, "\nUsage: opsim <command> [flags] [args]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'opsim <command> -h' for a command's flags and an example.")
}
