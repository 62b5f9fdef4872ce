package main

import (
	"context"
	"fmt"
	"io"

	"github.com/opsim/opsim/results"
)

// cmdVersion prints what every results manifest records about the build,
// so a run can be traced to the code that produced it.
func cmdVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "Prints opsim's version, VCS revision and toolchain.", "opsim version", stderr)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	b := results.ReadBuildInfo()
	dirty := ""
	if b.VCSModified {
		dirty = " (modified)"
	}
	fmt.Fprintf(stdout, "opsim %s, revision %s%s\n%s, gonum %s, gonum/plot %s\n", b.OpsimVersion, b.VCSRevision, dirty, b.GoVersion, b.GonumVersion, b.PlotVersion)
	return nil
}
