package analysis

import (
	"fmt"
	"slices"
	"strings"
)

// Source is one value a scenario uses and where it comes from: what the
// report's calibration section lists.
type Source struct {
	// Path is the value's dotted path, e.g. "design.centralized.ops_runbooks".
	Path string
	// Value is the value as a scenario writes it.
	Value string
	// Source names where it comes from: a book, report or field study,
	// "assumption", or that it is the scenario's own value.
	Source string
	// Explicit says the scenario writes it; otherwise it is the default.
	Explicit bool
}

// assumptionsView is the report's "Assumptions that decide this result":
// what a sensitivity analysis of the same scenario found.
type assumptionsView struct {
	// Lines are the verdicts' dependence in sentences, then, per metric,
	// the values that move it most.
	Lines []string
	Note  string
	// Link is the analysis's page, relative to the report.
	Link string
}

// sourcesView is the report's "Where the values come from".
type sourcesView struct {
	Intro string
	// Top are the values shown on screen (the most decisive, when a
	// sensitivity analysis says which), All every value, in a collapsed
	// list.
	Top, All []sourceRow
}

type sourceRow struct{ Path, Value, Source, Decides string }

// topSources is how many values the calibration section shows before its
// collapsed full list.
const topSources = 8

// assumptions builds the section from opt's sensitivity analysis, nil
// without one.
func assumptions(opt ReportOptions) *assumptionsView {
	s := opt.Sensitivity
	if s == nil {
		return nil
	}
	a := &assumptionsView{Lines: s.Summary(), Link: opt.SensitivityLink}
	for mi, m := range s.Metrics {
		info := Describe(m)
		var most []string
		for _, pi := range s.Movers(mi) {
			if len(most) == 3 {
				break
			}
			p := s.Params[pi]
			most = append(most, fmt.Sprintf("%s from %s to %s (%s)", p.Path, p.Low, p.High, s.DescribeEffect(mi, p.Effects[mi])))
		}
		what := fmt.Sprintf("%s, %s − %s (%s at the scenario's values)", info.Title(), s.Design, s.Baseline, s.DescribeDiff(mi, s.At[mi]))
		if len(most) > 0 {
			a.Lines = append(a.Lines, what+", moves most with "+strings.Join(most, "; ")+".")
		} else {
			a.Lines = append(a.Lines, what+", is moved distinguishably by none of the values varied.")
		}
	}
	method := "one value at a time"
	if s.Method == "morris" {
		method = "Morris's elementary effects"
	}
	a.Note = fmt.Sprintf("From opsim sensitivity on this scenario's text: %s, %d values varied over their ranges, %d replications per design and setting, %d runs.",
		method, len(s.Params), s.Replications, s.Runs)
	return a
}

// sources builds the calibration section: every value the run's scenario
// uses with its source, the most decisive first when a sensitivity
// analysis says which, else in the reference's order; nil without sources.
func sources(opt ReportOptions) *sourcesView {
	if len(opt.Sources) == 0 {
		return nil
	}
	rows := make([]sourceRow, len(opt.Sources))
	assumed, written := 0, 0
	for i, src := range opt.Sources {
		rows[i] = sourceRow{Path: src.Path, Value: src.Value, Source: src.Source}
		if strings.HasPrefix(strings.ToLower(src.Source), "assumption") || strings.Contains(src.Source, "(assumption") {
			assumed++
		}
		if src.Explicit {
			written++
		}
	}
	v := &sourcesView{}
	v.Intro = fmt.Sprintf("This run's scenario uses %d values (%d written in it, the rest by default); %d of them are assumptions, the others name their source.",
		len(rows), written, assumed)
	if s := opt.Sensitivity; s != nil {
		rank := map[string]int{}
		for i, p := range s.Decisive() {
			rank[p] = i + 1
		}
		row := map[string]*sourceRow{}
		for i := range rows {
			row[rows[i].Path] = &rows[i]
		}
		for mi, m := range s.Metrics {
			for _, p := range s.Params {
				if r := row[p.Path]; r != nil && len(p.Effects[mi].Flips) > 0 {
					r.Decides = appendList(r.Decides, "flips the verdict on "+Describe(m).Label)
				}
			}
		}
		for mi, m := range s.Metrics {
			for k, pi := range s.Movers(mi)[:min(3, len(s.Movers(mi)))] {
				if r := row[s.Params[pi].Path]; r != nil && !strings.Contains(r.Decides, Describe(m).Label) {
					r.Decides = appendList(r.Decides, fmt.Sprintf("#%d for %s", k+1, Describe(m).Label))
				}
			}
		}
		slices.SortStableFunc(rows, func(a, b sourceRow) int {
			ra, rb := rank[a.Path], rank[b.Path]
			switch {
			case ra == rb:
				return 0
			case ra == 0:
				return 1
			case rb == 0:
				return -1
			}
			return ra - rb
		})
		v.Intro += " The most decisive come first, as the sensitivity analysis ranks them."
		v.Top = rows[:min(topSources, len(rows))]
	} else {
		v.Intro += " Run opsim sensitivity on the scenario to see which of them decide the result."
	}
	v.All = rows
	return v
}

// appendList adds item to a comma-separated list unless it is there.
func appendList(list, item string) string {
	if list == "" {
		return item
	}
	if slices.Contains(strings.Split(list, ", "), item) {
		return list
	}
	return list + ", " + item
}

// mdAssumptions writes both sections' Markdown.
func (r *report) mdAssumptions(b *strings.Builder) {
	if a := r.Assumptions; a != nil {
		b.WriteString("## Assumptions that decide this result\n\n")
		for _, l := range a.Lines {
			b.WriteString("- " + mdText(l) + "\n")
		}
		b.WriteString("\n" + mdText(a.Note))
		if a.Link != "" {
			fmt.Fprintf(b, " The tornado charts and the full table: [%s](%s).", mdText(a.Link), mdLink(a.Link))
		}
		b.WriteString("\n\n")
	}
}

func (r *report) mdSources(b *strings.Builder) {
	s := r.Sources
	if s == nil {
		return
	}
	b.WriteString("## Where the values come from\n\n" + mdText(s.Intro) + "\n\n")
	table := func(rows []sourceRow) {
		b.WriteString("| value | source | decides |\n|:--|:--|:--|\n")
		for _, row := range rows {
			fmt.Fprintf(b, "| %s = %s | %s | %s |\n", mdCell(row.Path), mdCell(row.Value), mdCell(row.Source), mdCell(row.Decides))
		}
		b.WriteString("\n")
	}
	if len(s.Top) > 0 {
		table(s.Top)
	}
	fmt.Fprintf(b, "<details><summary>All %d values and their sources</summary>\n\n", len(s.All))
	table(s.All)
	b.WriteString("</details>\n\n")
}

// assumptionsHTML and sourcesHTML are the sections' templates.
const assumptionsHTML = `{{define "assumptions"}}{{with .Assumptions}}<h2 id="assumptions">Assumptions that decide this result</h2>
<ul class="findings">
{{range .Lines}}<li>{{.}}</li>
{{end}}</ul>
<p class="note">{{.Note}}{{if .Link}} The tornado charts and the full table: <a href="{{.Link}}">{{.Link}}</a>.{{end}}</p>
{{end}}{{end}}
{{define "sources"}}{{with .Sources}}<h2 id="sources">Where the values come from</h2>
<p class="note">{{.Intro}}</p>
{{if .Top}}{{template "sourcetable" .Top}}{{end}}<details><summary>All {{len .All}} values and their sources</summary>
{{template "sourcetable" .All}}</details>
{{end}}{{end}}
{{define "sourcetable"}}<table class="sources">
<thead><tr><th>value</th><th>source</th><th>decides</th></tr></thead>
<tbody>
{{range .}}<tr><td>{{.Path}} = {{.Value}}</td><td class="source">{{.Source}}</td><td>{{.Decides}}</td></tr>
{{end}}</tbody>
</table>
{{end}}`
