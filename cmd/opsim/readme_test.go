package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readmeSkipped are the README's commands this test does not run, each
// with the reason. The test fails when one of them is no longer in the
// README, so the list cannot outlive what it excuses.
var readmeSkipped = map[string]string{
	"make test":     "it is the suite this test runs in",
	"opsim serve":   "a server that runs until stopped: TestServeCommand starts it and TestWorkshopPageInBrowser drives its page",
	"mkdir -p logs": "the Slurm recipe: .ci/slurm-test.sh runs it on a real Slurm",
	"sbatch opsim-sweep.sbatch scenarios/growth.toml out/growth":           "the Slurm recipe: .ci/slurm-test.sh runs it on a real Slurm",
	"sbatch --array=3 opsim-sweep.sbatch scenarios/growth.toml out/growth": "the Slurm recipe: .ci/slurm-test.sh runs it on a real Slurm",
	"mkdir -p out/growth": "the GNU parallel recipe: .ci/slurm-test.sh runs it once it has installed parallel",
	"seq 0 7 | parallel --joblog out/growth/parallel.log --resume-failed opsim sweep scenarios/growth.toml --workers 1 --shard {}/8 -o out/growth/shard-{}": "the GNU parallel recipe: .ci/slurm-test.sh runs it once it has installed parallel",
	"opsim merge -o out/growth out/growth/shard-*": "needs the shards of the Slurm or GNU parallel recipe (both in .ci/slurm-test.sh)",
}

// readmeCommands are the shell commands of the README's sh blocks, one per
// line as written, comment lines and blank lines left out.
func readmeCommands(readme string) []string {
	var out []string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		for _, line := range strings.Split(block[1], "\n") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
				out = append(out, t)
			}
		}
	}
	return out
}

// withoutComment is a command line without its trailing comment, the form
// readmeSkipped names commands by. None of the README's commands has a
// " #" inside quotes.
func withoutComment(line string) string {
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

// readmeTOML is the scenario the README's "Writing a scenario" section
// shows and says to save as our-org.toml.
func readmeTOML(t *testing.T, readme string) string {
	t.Helper()
	m := regexp.MustCompile("(?s)## Writing a scenario.*?```toml\n(.*?)```").FindStringSubmatch(readme)
	if m == nil || !strings.Contains(readme, "Saved as `our-org.toml`") {
		t.Fatal("the README no longer shows the scenario to save as our-org.toml")
	}
	return m[1]
}

// freshCheckout copies the files git tracks or would track (untracked ones
// that .gitignore does not exclude), as they are in the working tree, into
// a new folder: what a clone of the working tree committed would hold, and
// nothing a build left behind (bin/, out/).
func freshCheckout(t *testing.T) string {
	t.Helper()
	root := gitRoot(t, "the README test")
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "opsim")
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		info, err := os.Lstat(src)
		if os.IsNotExist(err) {
			continue // deleted in the working tree: not in the next commit
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := copyFile(src, filepath.Join(dst, name), info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// TestReadmeCommands runs the README's commands exactly as written, in
// order, in one shell on a fresh copy of the checkout, with a Go environment of its
// own (GOPATH, so that 'make install' and the README's PATH line are
// exercised; the module and build caches are shared, so nothing is
// downloaded again).
func TestReadmeCommands(t *testing.T) {
	readme := string(read(t, filepath.Join("..", "..", "README.md")))
	cmds := readmeCommands(readme)
	var bare []string
	for _, c := range cmds {
		bare = append(bare, withoutComment(c))
	}
	for c := range readmeSkipped {
		if !slices.Contains(bare, c) {
			t.Errorf("readmeSkipped excuses %q, which the README no longer shows", c)
		}
	}
	dir := freshCheckout(t)
	if err := os.WriteFile(filepath.Join(dir, "our-org.toml"), []byte(readmeTOML(t, readme)), 0o644); err != nil {
		t.Fatal(err)
	}
	gopath := filepath.Join(t.TempDir(), "gopath")
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString("set -u\n")
	ran := 0
	for i, c := range cmds {
		if _, skip := readmeSkipped[withoutComment(c)]; skip {
			continue
		}
		fmt.Fprintf(&script, "echo \">>> %d $(date +%%s)\"\n%s\nst=$?; if [ $st -ne 0 ]; then echo \"<<< exit $st\"; exit 1; fi\n", i, c)
		ran++
	}
	// The README's PATH line, not one from the machine, must find opsim.
	fmt.Fprintf(&script, "[ \"$(command -v opsim)\" = %q ] || { echo \"opsim is $(command -v opsim)\"; exit 1; }\n", filepath.Join(gopath, "bin", "opsim"))
	sh := exec.Command("bash", "--norc", "--noprofile", "-c", script.String())
	sh.Dir = dir
	sh.Env = append(os.Environ(), "GOPATH="+gopath, "GOMODCACHE="+strings.TrimSpace(string(modcache)), "GOBIN=", "PATH="+pathWithoutOpsim())
	var out bytes.Buffer
	sh.Stdout, sh.Stderr = &out, &out
	if err := sh.Run(); err != nil {
		text := out.String()
		failed := "?"
		if i := strings.LastIndex(text, ">>> "); i >= 0 {
			var n int
			fmt.Sscanf(text[i:], ">>> %d", &n)
			failed = cmds[n]
		}
		t.Fatalf("README command %q failed in a fresh checkout (%v):\n%s", failed, err, tail(text, 3000))
	}
	t.Logf("README commands, with their start times:\n%s", tail(out.String(), 4000))
	if ran < 12 {
		t.Errorf("ran only %d README commands", ran)
	}
	for _, f := range []string{"out/default/report.html", "out/growth/report.html", "out/quick/runs.csv", "out/our-org/report.html",
		"out/default/sensitivity/sensitivity.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("after the README's commands, %s is missing", f)
		}
	}
	// The compare after opsim sensitivity reports what decides its result.
	if b, err := os.ReadFile(filepath.Join(dir, "out", "default", "report.md")); err != nil || !strings.Contains(string(b), "## Assumptions that decide this result") {
		t.Errorf("out/default/report.md does not say which assumptions decide it (%v)", err)
	}
}

// pathWithoutOpsim is PATH without folders that hold an opsim already, so
// that only the README's own steps can put one there.
func pathWithoutOpsim() string {
	var keep []string
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(d, "opsim")); err != nil {
			keep = append(keep, d)
		}
	}
	return strings.Join(keep, string(os.PathListSeparator))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// readme returns the README's text.
func readme(t *testing.T) string {
	t.Helper()
	return string(read(t, filepath.Join("..", "..", "README.md")))
}

// inRepoCopy makes a folder that looks like the repository to commands
// that name scenarios/..., and moves into it.
func inRepoCopy(t *testing.T) {
	t.Helper()
	scen, err := filepath.Abs(filepath.Join("..", "..", "scenarios"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.Symlink(scen, "scenarios"); err != nil {
		t.Fatal(err)
	}
}

// args splits a README command line into its arguments, expanding globs
// as a shell would; quotes are not needed in the README's commands.
func args(t *testing.T, line string) []string {
	t.Helper()
	var out []string
	for _, f := range strings.Fields(line) {
		if strings.ContainsAny(f, "*?") {
			m, err := filepath.Glob(f)
			if err != nil || len(m) == 0 {
				t.Fatalf("%q matches nothing", f)
			}
			out = append(out, m...)
			continue
		}
		out = append(out, f)
	}
	return out
}

// The README's Kubernetes Job: its command, run for every completion index
// with JOB_COMPLETION_INDEX set as the Job controller sets it, and the
// merge after, give the unsharded sweep. /scenarios and /results are the
// image's and the volume's paths.
func TestReadmeKubernetesJob(t *testing.T) {
	text := readme(t)
	i := strings.Index(text, "```yaml\n")
	if i < 0 {
		t.Fatal("no Kubernetes manifest in the README")
	}
	yaml := text[i : i+strings.Index(text[i+3:], "```")]
	m := regexp.MustCompile(`(?m)^\s*completions: (\d+)`).FindStringSubmatch(yaml)
	c := regexp.MustCompile(`(?m)^\s*command: (\[.*\])$`).FindStringSubmatch(yaml)
	if m == nil || c == nil || !strings.Contains(yaml, "completionMode: Indexed") {
		t.Fatalf("manifest without completions, command or indexed mode:\n%s", yaml)
	}
	completions, _ := strconv.Atoi(m[1])
	var command []string
	if err := json.Unmarshal([]byte(c[1]), &command); err != nil || command[0] != "opsim" {
		t.Fatalf("command %s: %v", c[1], err)
	}
	inRepoCopy(t)
	path := func(a string) string {
		a = strings.Replace(a, "/scenarios/", "scenarios/", 1)
		return strings.Replace(a, "/results", "results", 1)
	}
	for i := range completions {
		t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i))
		var a []string
		for _, arg := range command[1:] {
			a = append(a, path(strings.ReplaceAll(arg, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i))))
		}
		if code, _, errs := opsim(t, append(a, "-q")...); code != 0 {
			t.Fatalf("index %d: %v: %s", i, a, errs)
		}
	}
	merge := regexp.MustCompile("`(opsim merge -o /results /results/shard-\\*)`").FindStringSubmatch(text)
	if merge == nil {
		t.Fatal("no merge command after the manifest")
	}
	if code, _, errs := opsim(t, args(t, path(strings.Replace(merge[1], "/results/", "results/", 1)))[1:]...); code != 0 {
		t.Fatalf("%s: %s", merge[1], errs)
	}
	if code, _, errs := opsim(t, "sweep", "scenarios/growth.toml", "-o", "unsharded", "-q", "--workers", "2"); code != 0 {
		t.Fatal(errs)
	}
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv.gz", "report.md"} {
		if !bytes.Equal(read(t, filepath.Join("results", f)), read(t, filepath.Join("unsharded", f))) {
			t.Errorf("%s of the merged Job differs from the unsharded sweep", f)
		}
	}
}
