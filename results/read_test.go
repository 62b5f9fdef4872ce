package results

import (
	"strconv"
	"strings"
	"testing"
)

func TestReadCorrupt(t *testing.T) {
	seed1 := strconv.FormatUint(sampleSet().Records[1].Seed, 10)
	tests := []struct {
		name string
		file string
		edit func(t *testing.T, content string) (edited string, wantLine int)
		want string // besides file:line
	}{
		{"truncated mid-row", RunsFile, func(t *testing.T, c string) (string, int) {
			i := strings.Index(c, "p000-baseline-r0001,0,0.5,")
			return c[:i+len("p000-baseline-r0001,0,0.5,")], 3
		}, "4 fields, want 10"},
		{"truncated inside a quoted field", RunsFile, func(t *testing.T, c string) (string, int) {
			i := strings.Index(c, `"has, comma`)
			return c[:i+len(`"has, comma`)], 6
		}, "quote"},
		{"extra field", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "\n", "\nextra,", 1), 2
		}, "11 fields, want 10"},
		{"bad seed", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, ","+seed1+",", ",-5,", 1), 3
		}, `column seed: "-5" is not an unsigned 64-bit integer`},
		{"bad value", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "+Inf", "+Inff", 1), lineOf(t, c, "+Inf")
		}, `"+Inff" is not a number`},
		{"misspelt header", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, ",design,", ",desing,", 1), 1
		}, "after the parameters"},
		{"parameter columns differ from the sweep", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "param.note", "param.notes", 1), 1
		}, "but the manifest's sweep has"},
		{"duplicate run id", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "\np000-baseline-r0001,", "\np000-baseline-r0000,", 1), 3
		}, `run "p000-baseline-r0000" duplicates record 0`},
		{"run id unknown to the manifest", RunsFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "\np000-collective-r0000,", "\nstray,", 1), 4
		}, "not in the manifest's run list"},
		{"empty", RunsFile, func(t *testing.T, c string) (string, int) { return "", 1 }, "empty file"},
		{"summary: bad bool", SummaryFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, ",true\n", ",yes\n", 1), lineOf(t, c, ",true\n")
		}, `column distinguishable: "yes", want true or false`},
		{"summary: bad n", SummaryFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, ",cost,2,", ",cost,two,", 1), 2
		}, `column n: "two" is not an integer`},
		{"summary: parameter columns differ", SummaryFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "param.note", "param.notes", 1), 1
		}, "but runs.csv has"},
		{"summary: truncated", SummaryFile, func(t *testing.T, c string) (string, int) {
			row := "\n0,0.5,plain,baseline,backlog,"
			return c[:strings.Index(c, row)+len(row)], 3
		}, "6 fields, want 18"},
		{"series: row missing", TimeseriesFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "p000-baseline-r0000,backlog,2,NaN\n", "", 1), 3
		}, "day 3, want 2; rows missing or out of order"},
		{"series: not contiguous", TimeseriesFile, func(t *testing.T, c string) (string, int) {
			row := "p000-baseline-r0000,backlog,3,3\n"
			return strings.Replace(c, row, "", 1) + row, strings.Count(c, "\n")
		}, "must be contiguous"},
		{"series: starts at day 0", TimeseriesFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "p000-baseline-r0000,backlog,1,", "p000-baseline-r0000,backlog,0,", 1), 2
		}, "starts at day 0"},
		{"series: unknown run", TimeseriesFile, func(t *testing.T, c string) (string, int) {
			return c + "ghost,backlog,1,1\n", strings.Count(c, "\n") + 1
		}, `run "ghost" has no record`},
		{"series: wrong header", TimeseriesFile, func(t *testing.T, c string) (string, int) {
			return strings.Replace(c, "day", "t", 1), 1
		}, "header"},
		{"manifest: truncated", ManifestFile, func(t *testing.T, c string) (string, int) {
			return c[:len(c)/2], strings.Count(c[:len(c)/2], "\n") + 1
		}, "unexpected end of JSON input"},
		{"manifest: wrong type", ManifestFile, func(t *testing.T, c string) (string, int) {
			i := strings.Index(c, `"seed": `)
			j := i + strings.Index(c[i:], ",")
			return c[:i] + `"seed": "many"` + c[j:], lineOf(t, c, `"seed": `)
		}, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkReadCorrupt(t, sampleSet, tt.file, tt.edit, tt.want) })
	}
}

func TestReadManifestProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"scenario edited by hand", func(c string) string { return strings.Replace(c, "teams = 3", "teams = 4", 1) }, "does not match the scenario text"},
		{"not an opsim folder", func(c string) string { return `{"scenario": ""}` }, `format "", want "opsim-results/2"`},
		{"future format", func(c string) string { return strings.Replace(c, "opsim-results/2", "opsim-results/3", 1) }, "incompatible version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkManifestRefused(t, sampleSet, tt.edit, tt.want) })
	}
}

func TestReadMissingFile(t *testing.T) {
	for _, name := range []string{ManifestFile, RunsFile, SummaryFile, TimeseriesFile} {
		t.Run(name, func(t *testing.T) { checkMissingFile(t, sampleSet, name) })
	}
}
