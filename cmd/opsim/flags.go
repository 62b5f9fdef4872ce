package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis/calibrate"
	"github.com/spf13/pflag"
)

// options are the flags of every command, bound by declare.
type options struct {
	out       string
	workers   int
	reps      int
	seed      uint64
	seedSet   bool
	sets      []string
	shard     string
	baseline  string
	precision float64
	maxReps   int
	quiet     bool
	force     bool
	json      bool
	events    bool
	retry     bool
	detail    string
	// servers is opsim demo's number of servers.
	servers int
	// jsonSchema makes opsim schema print the JSON Schema.
	jsonSchema  bool
	calibrate   calibrateOptions
	serve       serveOptions
	sensitivity sensitivityOptions
}

// serveOptions are opsim serve's own flags.
type serveOptions struct {
	port, maxRuns int
	lan           bool
}

// calibrateOptions are opsim calibrate's own flags.
type calibrateOptions struct {
	preset, tz, timeFormat, base, ticketClock string
	maps                                      []string
	engineers, minIncidents                   int
	level                                     float64
}

// seedValue is --seed: unset means the scenario's seed, so the flag records
// whether it was given as well as its value.
type seedValue struct{ o *options }

func (s seedValue) String() string {
	if !s.o.seedSet {
		return ""
	}
	return strconv.FormatUint(s.o.seed, 10)
}

func (s seedValue) Set(v string) error {
	n, err := strconv.ParseUint(v, 0, 64)
	if err != nil {
		return errors.New("want a non-negative integer")
	}
	s.o.seed, s.o.seedSet = n, true
	return nil
}

func (s seedValue) Type() string { return "uint" }

// declare binds the flags command takes to o. It is the one list of which
// command takes which flag, so the help, the parser and shell completion
// cannot disagree, and no command lists a flag it ignores.
func (o *options) declare(fs *pflag.FlagSet, command string) {
	out := func(what string) {
		fs.StringVarP(&o.out, "out", "o", "", what)
	}
	force := func() {
		fs.BoolVar(&o.force, "force", false, "replace the results of a different experiment in the --out folder")
	}
	sets := func(what string) {
		fs.StringArrayVar(&o.sets, "set", nil, what+", e.g. --set org.product_teams=20 (repeatable)")
	}
	switch command {
	case "run", "compare", "sweep":
		out("output folder (default out/<scenario name>)")
		force()
		fs.IntVar(&o.workers, "workers", 0, "replications run in parallel (default: all cores)")
		fs.IntVar(&o.reps, "reps", 0, "replications per design and point (default: the scenario's)")
		fs.Var(seedValue{o}, "seed", "master seed (default: the scenario's)")
		sets("override a scenario value")
		fs.StringVar(&o.shard, "shard", "", "run only shard i of n, e.g. --shard 3/8; auto or auto/n take i (and n) from a Slurm array task or a Kubernetes indexed job; merge the folders with 'opsim merge'")
		fs.BoolVar(&o.retry, "retry-failed", false, "run again the runs an earlier attempt recorded as failed")
		fs.StringVar(&o.detail, "detail", "report", "which runs keep every incident's time to restore and the daily series: report (the sweep points the report draws) or all")
		fs.StringVar(&o.baseline, "baseline", "", "design the others are compared against (default: the scenario's)")
		fs.Float64Var(&o.precision, "precision", 0, "add replications until every key metric's 95% CI half-width is at most this fraction of its mean (e.g. 0.05)")
		fs.IntVar(&o.maxReps, "max-reps", 200, "cap on replications when --precision adds them")
		fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar")
		fs.BoolVar(&o.events, "events", false, "also write each run's event log (a row per incident and ticket, the columns 'opsim calibrate' reads) to <out>/events/<run id>.csv")
		fs.BoolVar(&o.json, "json", false, "print the summary as JSON on stdout instead of the table (see 'opsim help json')")
	case "sensitivity":
		so := &o.sensitivity
		out("output folder (default out/<scenario name>/sensitivity, where 'opsim compare' finds it)")
		fs.IntVar(&o.workers, "workers", 0, "replications run in parallel (default: all cores)")
		fs.IntVar(&o.reps, "reps", 0, "replications per design and setting (default: [sensitivity] replications, else 10)")
		fs.Var(seedValue{o}, "seed", "master seed (default: the scenario's)")
		sets("override a scenario value before the analysis")
		fs.StringArrayVar(&so.metrics, "metric", nil, "a result to watch, a column of runs.csv (repeatable; default: [sensitivity] metrics, else ttr_mean_h and features_per_week)")
		fs.StringSliceVar(&so.designs, "designs", nil, "the two designs compared, the reference first, e.g. --designs centralized,collective (default: the baseline and the next design)")
		fs.StringVar(&so.method, "method", "", "oat (one value at a time, the default) or morris (elementary effects along random trajectories)")
		fs.IntVar(&so.trajectories, "trajectories", 0, "Morris's trajectories (default: [sensitivity] trajectories, else 4)")
		fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar")
		fs.BoolVar(&o.json, "json", false, "print the analysis as JSON on stdout (the content of sensitivity.json) instead of the summary")
	case "validate":
		sets("override a scenario value before checking")
		fs.BoolVar(&o.json, "json", false, "print the result of every file, or its errors, as JSON on stdout (see 'opsim help json')")
	case "plot":
		out("write the plots and report here instead of into RESULTS_DIR")
	case "merge":
		out("the merged results folder (required)")
		force()
	case "calibrate":
		c := &o.calibrate
		fs.StringVarP(&o.out, "out", "o", "", "the fragment to write (required)")
		fs.StringVar(&c.preset, "preset", "opsim", "the export's layout: "+strings.Join(calibrate.PresetNames(), ", "))
		fs.StringArrayVar(&c.maps, "map", nil, "take a field from a column, COLUMN=FIELD or COLUMN=FIELD:UNIT for a duration since created (repeatable), e.g. --map 'Opened=created' --map 'secs_to_fix=resolved:s'")
		fs.StringVar(&c.tz, "tz", "UTC", "the organisation's time zone (IANA name): times without an offset are read in it, and business hours are its 09:00-17:00")
		fs.StringVar(&c.timeFormat, "time-format", "", "a Go time layout for timestamps the built-in formats do not read, e.g. '01/02/2006 15:04'")
		fs.StringVar(&c.base, "base", "", "a scenario to put the fragment in: the output is this file followed by the fragment, checked to parse")
		fs.IntVar(&c.engineers, "engineers", 6, "engineers per team (not in an export)")
		fs.Float64Var(&c.level, "level", 0.95, "confidence level of the intervals")
		fs.IntVar(&c.minIncidents, "min-incidents", 10, "a service with fewer incidents has its rate shrunk toward the organisation's")
		fs.StringVar(&c.ticketClock, "ticket-clock", "business", "count ticket handling time in business hours (business) or around the clock (24x7)")
		fs.BoolVar(&o.force, "force", false, "replace an --out file that opsim calibrate did not write")
	case "demo":
		fs.IntVarP(&o.servers, "servers", "c", 5, "servers (engineers)")
		fs.IntVar(&o.reps, "reps", 20, "replications")
		fs.IntVar(&o.workers, "workers", 0, "replications run in parallel (default: all cores)")
		fs.Uint64Var(&o.seed, "seed", 1, "master seed")
	case "serve":
		fs.IntVarP(&o.serve.port, "port", "p", 8080, "the port to listen on (0: any free one)")
		fs.BoolVar(&o.serve.lan, "lan", false, "listen on every network interface, so that a room on the same network can open the page (default: this machine only, 127.0.0.1)")
		fs.IntVar(&o.serve.maxRuns, "max-runs", 2, "runs in progress at once over all open pages; the others wait their turn")
		fs.IntVar(&o.workers, "workers", 0, "replications a run has in progress (default: all cores)")
	case "schema":
		fs.BoolVar(&o.jsonSchema, "json-schema", false, "print the JSON Schema for editors (taplo, Even Better TOML) instead of the reference")
	}
	fs.BoolP("help", "h", false, "show this help")
}

// flagSet is a command's flags with what its help says about it.
type flagSet struct {
	*pflag.FlagSet
	synopsis, about, example string
	stdout, stderr           io.Writer
}

// newFlagSet declares the flags of the command synopsis starts with
// ("compare [flags] SCENARIO") on o. about says what it does and example
// shows a typical call.
func newFlagSet(synopsis, about, example string, o *options, stdout, stderr io.Writer) *flagSet {
	name, _, _ := strings.Cut(synopsis, " ")
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned, usage printed by us
	fs.Usage = func() {}
	fs.SortFlags = false // in declaration order: the common ones first
	o.declare(fs, name)
	return &flagSet{FlagSet: fs, synopsis: synopsis, about: about, example: example, stdout: stdout, stderr: stderr}
}

// printUsage writes the command's help: synopsis, what it does, an
// example and every flag with its type and default.
func (f *flagSet) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: opsim %s\n\n%s\n\nExample:\n  %s\n", f.synopsis, f.about, f.example)
	if u := f.FlagUsages(); u != "" {
		fmt.Fprintf(w, "\nFlags:\n%s", u)
	}
}

// parse parses GNU-style flags, which may come before or after the
// positional arguments ("opsim run x.toml --reps 5" reads naturally), and
// returns the positional ones. --help prints the help on stdout and
// returns pflag.ErrHelp; a bad flag is a usageError that points to it.
func (f *flagSet) parse(args []string) ([]string, error) {
	err := f.Parse(args)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		f.printUsage(f.stdout)
		return nil, err
	case err != nil:
		return nil, usageError{fmt.Errorf("%w (see 'opsim help %s')", err, f.Name())}
	}
	if h, _ := f.GetBool("help"); h {
		f.printUsage(f.stdout)
		return nil, pflag.ErrHelp
	}
	return f.Args(), nil
}

// wrongArgs prints the usage on stderr and returns a usageError saying
// what the positional arguments should have been.
func (f *flagSet) wrongArgs(want string) error {
	f.printUsage(f.stderr)
	return usageError{errors.New(want)}
}
