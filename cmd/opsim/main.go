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
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/opsim/opsim/cmd/campaign"
	"github.com/spf13/pflag"
)

// exitUsage is the status for bad input: a malformed scenario or flag.
const exitUsage = 2

// command is one subcommand of the CLI.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
	// args is what the positional arguments are, for shell completion.
	args argKind
}

// argKind is what a command's positional arguments name.
type argKind int

const (
	noArgs       argKind = iota
	scenarioArgs         // scenario files (*.toml)
	dirArgs              // results folders
	shellArgs            // a shell name
	fileArgs             // any file (an export)
)

func commands() []command {
	return []command{
		{"compare", "run a scenario's designs side by side and write a report with plots", cmdCompare, scenarioArgs},
		{"sweep", "run a scenario's parameter sweep and draw the scaling curves", cmdSweep, scenarioArgs},
		{"run", "run a scenario and print the key metrics per design (no plots)", cmdRun, scenarioArgs},
		{"sensitivity", "vary each value a scenario uses and say which ones decide its result", cmdSensitivity, scenarioArgs},
		{"validate", "check scenario files without running them", cmdValidate, scenarioArgs},
		{"plot", "redraw the plots and report from a saved results folder", cmdPlot, dirArgs},
		{"merge", "merge the results folders of a sharded run", cmdMerge, dirArgs},
		{"serve", "start the workshop page: designs side by side, levers, and the organisation grown live", cmdServe, scenarioArgs},
		{"calibrate", "fit a scenario fragment to an incident and ticket export", cmdCalibrate, fileArgs},
		{"schema", "print the scenario reference (every key, unit, default and source)", cmdSchema, noArgs},
		{"demo", "run the engine's M/M/c check against Erlang C", runDemo, noArgs},
		{"completion", "print a shell completion script for bash, zsh or fish", cmdCompletion, shellArgs},
		{"version", "print the version, VCS revision and toolchain", cmdVersion, noArgs},
	}
}

// helpTopics are the help pages that are not commands.
var helpTopics = map[string]string{
	"json": jsonHelp,
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
	switch {
	case len(args) == 0:
		printUsage(stderr)
		return exitUsage
	case args[0] == "-h" || args[0] == "--help" || (args[0] == "help" && len(args) == 1):
		printUsage(stdout)
		return 0
	case args[0] == "--version":
		printVersion(stdout)
		return 0
	case args[0] == "help":
		// "opsim help compare" is "opsim compare --help".
		if text, ok := helpTopics[args[1]]; ok {
			fmt.Fprint(stdout, text)
			return 0
		}
		args = []string{args[1], "--help"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if err == nil || errors.Is(err, pflag.ErrHelp) { // --help printed the usage
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
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nFlags:\n  -h, --help     this help\n      --version  print the version (as 'opsim version')")
	fmt.Fprintln(w, "\nRun 'opsim help <command>' for a command's flags and an example, 'opsim help json'\nfor the shape of --json output, and 'opsim completion bash|zsh|fish' for shell completion.")
}
