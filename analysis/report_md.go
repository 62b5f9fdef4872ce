package analysis

import (
	"fmt"
	"strings"
)

// markdown renders the report for viewing in a repository; figures are
// linked relative to report.md.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n%s\n\n", mdText(r.Title), mdText(r.Subtitle))
	for _, w := range r.Warnings {
		p("> **Warning:** %s\n\n", mdText(w))
	}
	for _, h := range r.Headline {
		p("%s\n\n", mdMarked(h))
	}
	if r.SweepFirst {
		r.mdKeyFigures(&b)
		r.mdDecision(&b)
	} else {
		r.mdDecision(&b)
		r.mdKeyFigures(&b)
	}
	p("## Findings\n\n")
	if len(r.Findings) == 0 && len(r.Breaks) == 0 {
		p("There is nothing to compare: the experiment has a single design, or no key metric has enough paired replications.\n\n")
	}
	if r.FindingsNote != "" {
		p("%s\n\n", mdText(r.FindingsNote))
	}
	for _, f := range r.Findings {
		if f.Heading != "" {
			p("### %s\n\n", mdText(f.Heading))
		}
		for _, it := range f.Items {
			for i, para := range it {
				if i == 0 {
					p("- %s\n", mdMarked(para))
				} else {
					p("\n  %s\n", mdMarked(para))
				}
			}
			p("\n")
		}
	}
	if len(r.Breaks) > 0 {
		p("### Along the sweep\n\n")
		for _, it := range r.Breaks {
			p("- %s\n", mdMarked(it))
		}
		p("\n%s\n\n", mdText(r.BreakRule))
	}
	r.mdAssumptions(&b)
	if len(r.Figures) > 0 {
		p("## More figures\n\n")
		for _, f := range r.Figures {
			mdFigure(&b, f, "###")
		}
	}
	p("## Tables\n\n")
	p("Mean [95%% CI] per design; the \"vs\" columns give the paired change against the baseline, in bold when distinguishable.\n\n")
	for _, t := range r.Tables {
		if t.Heading != "" {
			p("### %s\n\n", mdText(t.Heading))
		}
		mdTable(&b, t.Key)
		p("<details><summary>All metrics</summary>\n\n")
		mdTable(&b, t.All)
		p("</details>\n\n")
	}
	p("## How to read this report\n\n")
	for _, s := range r.HowToRead {
		p("%s\n\n", mdText(s))
	}
	r.mdSources(&b)
	p("## What was run\n\n")
	for _, f := range r.Run {
		p("- **%s:** %s\n", mdText(f.Label), mdText(f.Value))
	}
	p("\n")
	p("## Scenario\n\n")
	fence := "```"
	for strings.Contains(r.Scenario, fence) {
		fence += "`"
	}
	p("%stoml\n%s", fence, r.Scenario)
	if !strings.HasSuffix(r.Scenario, "\n") {
		p("\n")
	}
	p("%s\n", fence)
	return b.String()
}

func mdTable(b *strings.Builder, t table) {
	b.WriteString("| Metric |")
	align := "|:--|"
	for _, d := range t.Designs {
		name := mdCell(d.Name)
		if d.Baseline {
			b.WriteString(" " + name + " (baseline) |")
			align += "--:|"
			continue
		}
		b.WriteString(" " + name + " | " + name + " vs baseline |")
		align += "--:|--:|"
	}
	b.WriteString("\n" + align + "\n")
	for _, r := range t.Rows {
		b.WriteString("| " + mdCell(withUnit(r.Label, r.Unit)) + " |")
		for _, c := range r.Cells {
			b.WriteString(" " + mdCell(c.Value) + " |")
			if !c.Base {
				if c.Distinguishable {
					b.WriteString(" **" + mdCell(c.Diff) + "** |")
				} else {
					b.WriteString(" " + mdCell(c.Diff) + " |")
				}
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// mdSpecial are the characters that could start Markdown or HTML markup
// in text taken from a scenario or a Set.
// Brackets are left alone, since intervals are full of them, and only a
// bracket followed by "(" or "[" (a link) is broken up.
var mdSpecial = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "](", "]\\(", "][", "]\\[",
	"<", "\\<", ">", "\\>", "#", "\\#", "|", "\\|", "&", "&amp;",
)

func mdText(s string) string { return mdSpecial.Replace(strings.ReplaceAll(s, mark, "")) }

// mdCell is mdText for table cells, which must also stay on one line.
func mdCell(s string) string { return strings.ReplaceAll(mdText(s), "\n", " ") }

// mdMarked renders marked text (see strong) as Markdown.
func mdMarked(s string) string {
	var b strings.Builder
	for i, part := range strings.Split(s, mark) {
		if i%2 == 1 {
			b.WriteString("**" + mdText(part) + "**")
		} else {
			b.WriteString(mdText(part))
		}
	}
	return b.String()
}

// mdLink escapes what would end or break a link target.
func mdLink(path string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(path)
}

// mdFigure writes a figure with its heading, caption and SVG link.
func mdFigure(b *strings.Builder, f reportFigure, heading string) {
	fmt.Fprintf(b, "%s %s\n\n![%s](%s)\n\n", heading, mdText(f.Title), mdText(f.Title), mdLink(f.Rel))
	if f.Caption != "" {
		b.WriteString(mdText(f.Caption))
		if f.RelSVG != "" {
			fmt.Fprintf(b, " ([SVG](%s))", mdLink(f.RelSVG))
		}
		b.WriteString("\n\n")
	}
}

func (r *report) mdKeyFigures(b *strings.Builder) {
	for _, f := range r.KeyFigures {
		mdFigure(b, f, "##")
	}
}

// mdDecision writes the decision table: a design's cell holds its mean,
// then its change and verdict after a line break.
func (r *report) mdDecision(b *strings.Builder) {
	t := r.Decision
	if t == nil {
		return
	}
	b.WriteString("## The designs side by side")
	if t.Heading != "" {
		b.WriteString(" · " + mdText(t.Heading))
	}
	b.WriteString("\n\n|  |")
	align := "|:--|"
	for _, d := range t.Designs {
		name := mdCell(d.Name)
		if d.Baseline {
			name += " (baseline)"
		}
		b.WriteString(" " + name + " |")
		align += "--:|"
	}
	b.WriteString("\n" + align + "\n")
	for _, row := range t.Rows {
		label := withUnit(row.Label, row.Unit)
		if row.Sub {
			label = "  · " + label
		}
		b.WriteString("| " + mdCell(label) + " |")
		for _, c := range row.Cells {
			cell := mdCell(joinParts(c.Value, c.Interval))
			if c.Change != "" && c.Inline {
				cell += " (" + mdCell(c.Change) + ")"
			} else if c.Change != "" {
				change := mdCell(joinParts(c.Change, c.ChangeInterval))
				if c.Verdict != "" {
					change += " " + mdCell(c.Verdict)
				}
				if c.Class == "better" || c.Class == "worse" {
					change = "**" + change + "**"
				}
				cell += "<br>" + change
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + mdText(t.Note) + "\n\n")
}

// withUnit is a row label with its unit in parentheses, if it has one.
func withUnit(label, unit string) string {
	if unit == "" {
		return label
	}
	return label + " (" + unit + ")"
}
