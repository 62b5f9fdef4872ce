package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// gitRoot is the root of the git checkout the tests run in; what needs
// one (the README's fresh checkout, the comparison scripts) says so.
func gitRoot(t *testing.T, who string) string {
	t.Helper()
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("%s needs a git checkout: %v", who, err)
	}
	return strings.TrimSpace(string(top))
}

// wrongArgs is a script's arguments and what it must say refusing them.
type wrongArgs struct {
	args []string
	want string
}

// checkRefusals runs script with each set of wrong arguments: it must
// fail, say what is wrong, and build nothing first.
func checkRefusals(t *testing.T, script string, cases []wrongArgs) {
	t.Helper()
	for _, c := range cases {
		out, err := exec.Command(script, c.args...).CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() == 0 {
			t.Errorf("%s %v: err %v, want a failure", script, c.args, err)
		}
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s %v says %q, want it to say %q", script, c.args, out, c.want)
		}
		if strings.Contains(string(out), "building") {
			t.Errorf("%s %v built something before refusing its arguments:\n%s", script, c.args, out)
		}
	}
}
