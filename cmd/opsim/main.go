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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
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
