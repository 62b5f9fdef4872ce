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
	var o options
	fs := newFlagSet("calibrate [flags] EXPORT.csv -o FRAGMENT.toml",
		"Fits an organisation to an incident and ticket export (or an event log from 'opsim run --events'):\n"+
			"per-service incident rates, the severity mix, work and restore times, acknowledgement in and\n"+
			"after business hours, detection and tickets. Writes a scenario fragment in opsim's own keys,\n"+
			"and beside it a report (<name>-calibration.md) with every fit, its interval and the rows it\n"+
			"rests on, and QQ and ECDF plots (<name>-figures/). Presets: "+strings.Join(calibrate.PresetNames(), ", ")+".",
		"opsim calibrate scenarios/examples/pagerduty-incidents.csv --preset pagerduty --tz Europe/Berlin --base scenarios/examples/acme.toml -o out/acme.toml",
		&o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	c, out := o.calibrate, o.out
	if len(pos) != 1 || out == "" {
		return fs.wrongArgs("want one export file and -o FRAGMENT.toml")
	}
	loc, err := time.LoadLocation(c.tz)
	if err != nil {
		return usageError{fmt.Errorf("--tz %q: %v (want an IANA name such as Europe/Berlin or America/New_York)", c.tz, err)}
	}
	var baseText []byte
	if c.base != "" {
		if baseText, err = os.ReadFile(c.base); err != nil {
			return usageError{err}
		}
	}
	if err := guardFragment(out, o.force); err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	cal, err := calibrate.Fit(pos[0], f, calibrate.Options{Preset: c.preset, Map: c.maps, Location: loc, TimeFormat: c.timeFormat,
		Level: c.level, MinIncidents: c.minIncidents, TicketClock: c.ticketClock})
	if err != nil {
		return usageError{err}
	}
	report, _ := calibrate.ReportFiles(out)
	frag := cal.Fragment(calibrate.FragmentOptions{Engineers: c.engineers, Report: report})
	check := c.base
	if check == "" {
		check = out
	}
	text, err := calibrate.CheckFragment(check, baseText, frag)
	if err != nil {
		return fmt.Errorf("the fitted fragment does not parse as a scenario (a bug, or --base defines a table the fragment sets: [services], [work], [incidents] or [response]):\n%v", err)
	}
	if c.base == "" {
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
