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
	var o options
	fs := newFlagSet("version", "Prints opsim's version, VCS revision and toolchain (the same as 'opsim --version').", "opsim version", &o, stdout, stderr)
	if _, err := fs.parse(args); err != nil {
		return err
	}
	printVersion(stdout)
	return nil
}

// printVersion writes what every results manifest records about the build.
func printVersion(stdout io.Writer) {
	b := results.ReadBuildInfo()
	dirty := ""
	if b.VCSModified {
		dirty = " (modified)"
	}
	fmt.Fprintf(stdout, "opsim %s, revision %s%s\n%s, gonum %s, gonum/plot %s\n", b.OpsimVersion, b.VCSRevision, dirty, b.GoVersion, b.GonumVersion, b.PlotVersion)
}
