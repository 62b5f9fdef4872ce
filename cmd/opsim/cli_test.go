package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/scenarios"
)

// TestHelpConventions: help on stdout three ways, GNU-style flags with
// their types and one entry for -o/--out, and no flag on a command that
// would ignore it.
func TestHelpConventions(t *testing.T) {
	for _, c := range commands() {
		_, dashH, _ := opsim(t, c.name, "-h")
		code, helpCmd, _ := opsim(t, "help", c.name)
		_, long, _ := opsim(t, c.name, "--help")
		if code != 0 || dashH != helpCmd || long != helpCmd {
			t.Errorf("%s: 'help %s', -h and --help differ or fail (exit %d)", c.name, c.name, code)
		}
		if n := strings.Count(helpCmd, "  -o, --out "); n > 1 || strings.Contains(helpCmd, "  --out") {
			t.Errorf("%s lists --out %d times", c.name, n)
		}
	}
	_, compare, _ := opsim(t, "help", "compare")
	for _, want := range []string{"-o, --out string", "--reps int", "--seed uint", "--set stringArray", "--precision float", "--workers int", "-q, --quiet", "--json", "-h, --help"} {
		if !strings.Contains(compare, want) {
			t.Errorf("compare's help lacks %q:\n%s", want, compare)
		}
	}
	for cmd, absent := range map[string][]string{
		"plot":     {"--workers", "--force", "--reps", "--json"},
		"merge":    {"--workers", "--reps", "--seed"},
		"validate": {"--workers", "--out", "--reps"},
		"version":  {"--workers", "--out"},
	} {
		_, help, _ := opsim(t, "help", cmd)
		for _, a := range absent {
			if strings.Contains(help, a) {
				t.Errorf("%s lists %s, which it would ignore", cmd, a)
			}
		}
	}
	_, v1, _ := opsim(t, "--version")
	_, v2, _ := opsim(t, "version")
	if v1 != v2 || !strings.HasPrefix(v1, "opsim ") {
		t.Errorf("--version %q, version %q", v1, v2)
	}
	if code, out, _ := opsim(t, "help", "json"); code != 0 || out != jsonHelp {
		t.Errorf("help json: exit %d", code)
	}
	code, _, errs := opsim(t, "run", writeScenario(t, tiny), "--frobnicate")
	if code != 2 || !strings.Contains(errs, "unknown flag: --frobnicate") || !strings.Contains(errs, "'opsim help run'") {
		t.Errorf("unknown flag: exit %d, %q", code, errs)
	}
	code, _, errs = opsim(t, "run", writeScenario(t, tiny), "--reps", "many")
	if code != 2 || !strings.Contains(errs, "--reps") {
		t.Errorf("bad flag value: exit %d, %q", code, errs)
	}
}

// TestGNUFlags: --flag=value and --flag value, flags after the scenario,
// and -o as --out.
func TestGNUFlags(t *testing.T) {
	s := writeScenario(t, tiny)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if code, _, errs := opsim(t, "run", "--reps=2", "-q", "--out="+a, s); code != 0 {
		t.Fatalf("run: %s", errs)
	}
	if code, _, errs := opsim(t, "run", s, "--reps", "2", "--quiet", "-o", b); code != 0 {
		t.Fatalf("run: %s", errs)
	}
	if string(read(t, filepath.Join(a, "runs.csv"))) != string(read(t, filepath.Join(b, "runs.csv"))) {
		t.Error("the two spellings of the same flags ran different experiments")
	}
}

// TestJSONOutput: --json prints only JSON on stdout, in the documented
// shape, with the paired changes and NaN as null.
func TestJSONOutput(t *testing.T) {
	s := writeScenario(t, tiny)
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errs := opsim(t, "compare", s, "-o", dir, "-q", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got summaryJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil || dec.More() {
		t.Fatalf("stdout is not one JSON summary (%v):\n%s", err, out)
	}
	if got.Command != "compare" || got.Name != "tiny" || got.Results != dir || got.Report != filepath.Join(dir, "report.html") ||
		got.Replications != 4 || got.Seed != 7 || got.Baseline != "centralized" || len(got.Points) != 1 {
		t.Errorf("summary header %+v", got)
	}
	if _, err := os.Stat(got.Report); err != nil {
		t.Errorf("the report it names is missing: %v", err)
	}
	ds := got.Points[0].Designs
	if len(ds) != 2 || !ds[0].Baseline || ds[1].Design != "collective" || ds[0].Engineers["ops"] != 4 || ds[1].Engineers["product"] != 12 {
		t.Fatalf("designs %+v", ds)
	}
	var ttr, cascade *metricJSON
	for i, m := range ds[1].Metrics {
		switch m.Metric {
		case "ttr_mean_h":
			ttr = &ds[1].Metrics[i]
		case "handoffs_per_incident":
			cascade = &ds[1].Metrics[i]
		}
	}
	if ttr == nil || !ttr.Key || ttr.Unit != "h" || ttr.N != 4 || ttr.Change == nil || !(ttr.Change.Rel < 0) {
		t.Errorf("collective's restore time %+v", ttr)
	}
	if cascade == nil || cascade.Change == nil || !strings.Contains(out, `"rel": null`) {
		t.Errorf("a change against a zero baseline is not null: %+v", cascade)
	}
	for _, m := range ds[0].Metrics {
		if m.Change != nil {
			t.Errorf("the baseline's %s has a change", m.Metric)
		}
	}
	// run --json has no report, and a shard says which it is.
	_, out, _ = opsim(t, "run", s, "-o", filepath.Join(t.TempDir(), "r"), "-q", "--json", "--shard", "0/2")
	var shard summaryJSON
	if err := json.Unmarshal([]byte(out), &shard); err != nil || shard.Report != "" || shard.Shard != "0/2" || len(shard.Points) != 0 {
		t.Errorf("shard summary %+v (%v)", shard, err)
	}
}

func TestValidateJSON(t *testing.T) {
	good := writeScenario(t, tiny)
	bad := writeScenario(t, strings.Replace(tiny, "engineers_per_team = 4", "engineers_per_team = 4\nenginers = 3", 1))
	code, out, _ := opsim(t, "validate", "--json", good, bad)
	if code != 2 {
		t.Errorf("exit %d, want 2 for an invalid file", code)
	}
	var got validationJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := validationJSON{Valid: 1, Invalid: 1, Files: []fileCheckJSON{
		{File: good, OK: true, Designs: 2, Points: 1, Runs: 8},
		{File: bad, Errors: []errorJSON{{File: bad, Line: 11, Field: "org.enginers", Message: "unknown key"}}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("validate --json:\n got %+v\nwant %+v", got, want)
	}
}

// TestJSONHelpNamesEveryField keeps 'opsim help json' honest.
func TestJSONHelpNamesEveryField(t *testing.T) {
	for _, v := range []any{summaryJSON{}, pointJSON{}, designJSON{}, metricJSON{}, changeJSON{}, validationJSON{}, fileCheckJSON{}, errorJSON{},
		analysis.Sensitivity{}, analysis.SensitivityDiff{}, analysis.SensitivityCount{}, analysis.SensitivityParam{}, analysis.SensitivityEffect{},
		analysis.SensitivityFlip{}, analysis.SensitivitySkip{}} {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if !strings.Contains(jsonHelp, `"`+name+`"`) {
				t.Errorf("'opsim help json' does not mention %s.%s (%q)", rt.Name(), rt.Field(i).Name, name)
			}
		}
	}
}

// TestSchemaCommand: opsim schema prints the generated reference and the
// JSON Schema, exactly as docs/ holds them.
func TestSchemaCommand(t *testing.T) {
	_, md, _ := opsim(t, "schema")
	if md != scenarios.ReferenceMarkdown() || md != string(read(t, filepath.Join("..", "..", "docs", "scenarios.md"))) {
		t.Error("opsim schema differs from docs/scenarios.md")
	}
	_, js, _ := opsim(t, "schema", "--json-schema")
	if js != string(read(t, filepath.Join("..", "..", "docs", "opsim.schema.json"))) {
		t.Error("opsim schema --json-schema differs from docs/opsim.schema.json")
	}
}

// TestReportDefaultsDocumented: the [report] defaults the reference
// states are the ones the report applies.
func TestReportDefaultsDocumented(t *testing.T) {
	for _, s := range scenarios.Reference {
		for _, k := range s.Keys {
			var v map[string]any
			switch k.Path {
			case "report.break_factor":
				if _, err := toml.Decode("v = "+k.Default, &v); err != nil || v["v"] != int64(analysis.DefaultBreakFactor) {
					t.Errorf("reference says break_factor %s, the report uses %v", k.Default, analysis.DefaultBreakFactor)
				}
			case "report.break_floor":
				var f struct{ V map[string]float64 }
				if _, err := toml.Decode("v = "+k.Default, &f); err != nil || !reflect.DeepEqual(f.V, analysis.DefaultBreakFloor()) {
					t.Errorf("reference says break_floor %s, the report uses %v (%v)", k.Default, analysis.DefaultBreakFloor(), err)
				}
			}
		}
	}
}

// completeBash runs the bash completion function on a command line (the
// last word being completed) and returns what it offers.
func completeBash(t *testing.T, script string, words ...string) []string {
	t.Helper()
	var quoted []string
	for _, w := range words {
		quoted = append(quoted, "'"+w+"'")
	}
	prog := script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" + strconv.Itoa(len(words)-1) +
		"\n_opsim\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", prog)
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

// TestCompletion: the scripts are generated from the command table and
// each command's flags; bash's is run, zsh's and fish's are checked for
// every command and flag.
func TestCompletion(t *testing.T) {
	scripts := map[string]string{}
	for _, sh := range completionShells {
		code, out, errs := opsim(t, "completion", sh)
		if code != 0 || out == "" {
			t.Fatalf("completion %s: exit %d, %s", sh, code, errs)
		}
		scripts[sh] = out
	}
	if code, _, _ := opsim(t, "completion", "tcsh"); code != 2 {
		t.Error("completion for an unknown shell did not fail")
	}
	bash := scripts["bash"]
	if got := completeBash(t, bash, "opsim", "co"); !slices.Equal(got, []string{"compare", "completion"}) {
		t.Errorf("opsim co<TAB>: %v", got)
	}
	if got := completeBash(t, bash, "opsim", "compare", "--re"); !slices.Equal(got, []string{"--reps", "--retry-failed"}) {
		t.Errorf("opsim compare --re<TAB>: %v", got)
	}
	if got := completeBash(t, bash, "opsim", "plot", "--"); slices.Contains(got, "--workers") || !slices.Contains(got, "--out") {
		t.Errorf("opsim plot --<TAB>: %v", got)
	}
	if got := completeBash(t, bash, "opsim", "completion", ""); !slices.Equal(got, []string{"bash", "zsh", "fish"}) {
		t.Errorf("opsim completion <TAB>: %v", got)
	}
	if got := completeBash(t, bash, "opsim", "help", "va"); !slices.Equal(got, []string{"validate"}) {
		t.Errorf("opsim help va<TAB>: %v", got)
	}
	for _, c := range commands() {
		if !strings.Contains(scripts["zsh"], "\n    "+c.name+")\n") || !strings.Contains(scripts["fish"], "-a "+c.name+" ") {
			t.Errorf("zsh or fish completion lacks the command %s", c.name)
		}
		for _, f := range cmdFlags(c.name) {
			if !strings.Contains(scripts["fish"], "'__fish_seen_subcommand_from "+c.name+"' -l "+f.Name) {
				t.Errorf("fish completion lacks %s --%s", c.name, f.Name)
			}
		}
	}
	if !strings.HasPrefix(scripts["zsh"], "#compdef opsim\n") || !strings.Contains(scripts["zsh"], "'(-o --out)'{-o,--out}'[") {
		t.Error("zsh completion is not a compdef script with -o/--out as one option")
	}
}
