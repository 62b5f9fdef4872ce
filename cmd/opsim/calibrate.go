package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // --tz must work on machines without a zoneinfo database

	"github.com/opsim/opsim/analysis/calibrate"
	"github.com/opsim/opsim/results"
)

func cmdCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var (
		out, preset, tz, layout, base, clock string
		maps                                 multiFlag
		engineers, minIncidents              int
		level                                float64
		force                                bool
	)
	fs := newFlagSet("calibrate [flags] EXPORT.csv -o FRAGMENT.toml",
		"Fits an organisation to an incident and ticket export (or an event log from 'opsim run --events'):\n"+
			"per-service incident rates, the severity mix, work and restore times, acknowledgement in and\n"+
			"after business hours, detection and tickets. Writes a scenario fragment in opsim's own keys,\n"+
			"and beside it a report (<name>-calibration.md) with every fit, its interval and the rows it\n"+
			"rests on, and QQ and ECDF plots (<name>-figures/). Presets: "+strings.Join(calibrate.PresetNames(), ", ")+".",
		"opsim calibrate scenarios/examples/pagerduty-incidents.csv --preset pagerduty --tz Europe/Berlin --base scenarios/examples/acme.toml -o out/acme.toml", stderr)
	fs.StringVar(&out, "o", "", "the fragment to write (required)")
	fs.StringVar(&out, "out", "", "the fragment to write (same as -o)")
	fs.StringVar(&preset, "preset", "opsim", "the export's layout: "+strings.Join(calibrate.PresetNames(), ", "))
	fs.Var(&maps, "map", "take a field from a column, COLUMN=FIELD or COLUMN=FIELD:UNIT for a duration since created (repeatable), e.g. --map 'Opened=created' --map 'secs_to_fix=resolved:s'")
	fs.StringVar(&tz, "tz", "UTC", "the organisation's time zone (IANA name): times without an offset are read in it, and business hours are its 09:00-17:00")
	fs.StringVar(&layout, "time-format", "", "a Go time layout for timestamps the built-in formats do not read, e.g. '01/02/2006 15:04'")
	fs.StringVar(&base, "base", "", "a scenario to put the fragment in: the output is this file followed by the fragment, checked to parse")
	fs.IntVar(&engineers, "engineers", 6, "engineers per team (not in an export)")
	fs.Float64Var(&level, "level", 0.95, "confidence level of the intervals")
	fs.IntVar(&minIncidents, "min-incidents", 10, "a service with fewer incidents has its rate shrunk toward the organisation's")
	fs.StringVar(&clock, "ticket-clock", "business", "count ticket handling time in business hours (business) or around the clock (24x7)")
	fs.BoolVar(&force, "force", false, "replace an -o file that opsim calibrate did not write")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || out == "" {
		fs.Usage()
		return usageError{errors.New("want one export file and -o FRAGMENT.toml")}
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return usageError{fmt.Errorf("--tz %q: %v (want an IANA name such as Europe/Berlin or America/New_York)", tz, err)}
	}
	var baseText []byte
	if base != "" {
		if baseText, err = os.ReadFile(base); err != nil {
			return usageError{err}
		}
	}
	if err := guardFragment(out, force); err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	cal, err := calibrate.Fit(pos[0], f, calibrate.Options{Preset: preset, Map: maps, Location: loc, TimeFormat: layout,
		Level: level, MinIncidents: minIncidents, TicketClock: clock})
	if err != nil {
		return usageError{err}
	}
	report, _ := calibrate.ReportFiles(out)
	frag := cal.Fragment(calibrate.FragmentOptions{Engineers: engineers, Report: report})
	check := base
	if check == "" {
		check = out
	}
	text, err := calibrate.CheckFragment(check, baseText, frag)
	if err != nil {
		return fmt.Errorf("the fitted fragment does not parse as a scenario (a bug, or --base defines a table the fragment sets: [services], [work], [incidents] or [response]):\n%v", err)
	}
	if base == "" {
		text = frag
	}
	if _, err := cal.WriteReport(out); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(out, text); err != nil {
		return err
	}
	for _, w := range cal.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintf(stdout, "%s: %d incidents on %d services, %d tickets, %.1f weeks\nfragment: %s\nreport:   %s\n",
		pos[0], cal.Incidents, len(cal.Services), cal.Tickets, cal.Hours/168, out, report)
	return nil
}

// guardFragment refuses to replace a file calibrate did not write (a
// hand-written scenario given as -o by mistake) unless forced.
func guardFragment(path string, force bool) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) || force {
		return nil
	}
	if err != nil {
		return usageError{err}
	}
	if !bytes.HasPrefix(b, []byte(calibrate.FragmentHeader)) && !bytes.Contains(b, []byte("\n"+calibrate.FragmentHeader)) {
		return usageError{fmt.Errorf("%s exists and opsim calibrate did not write it; choose another -o or pass --force", path)}
	}
	return nil
}
