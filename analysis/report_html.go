package analysis

import (
	"html"
	"html/template"
	"strings"
)

// mark brackets text to be shown strong (design names in findings). A
// control character cannot occur in validated names, so it survives until
// each renderer escapes the text and turns the marks into its own markup.
const mark = "\x01"

func strong(s string) string { return mark + s + mark }

// emphasis renders marked text as HTML: every piece is escaped first, so
// the only markup in the output is the <strong> this adds.
func emphasis(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, mark) {
		if i%2 == 1 {
			b.WriteString("<strong>" + html.EscapeString(part) + "</strong>")
		} else {
			b.WriteString(html.EscapeString(part))
		}
	}
	return template.HTML(b.String())
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"em": emphasis}).Parse(reportHTML + assumptionsHTML))

// reportStyle is the reports' CSS, inline in every page opsim writes.
const reportStyle = `
body { font-family: "Liberation Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; max-width: 1200px; margin: 1em auto; padding: 0 1.5em; color: #1b1b1b; line-height: 1.45; }
h1 { margin: 0.2em 0 0; font-size: 1.6em; }
h2 { border-bottom: 1px solid #d8d8d8; padding-bottom: 0.2em; margin-top: 2.2em; }
h2.compact { border: none; font-size: 1.05em; margin: 0.8em 0 0.3em; padding: 0; }
h3 { margin: 1.4em 0 0.4em; }
.subtitle { color: #555; margin: 0.1em 0 0.6em; }
.headline { font-size: 1.12em; margin: 0.4em 0 0.6em; max-width: 70em; }
.headline p { margin: 0.2em 0; }
.warnings { background: #fff4e0; border-left: 4px solid #e69f00; padding: 0.35em 0.9em; margin: 0.4em 0; font-size: 0.88em; }
.warnings p { margin: 0.15em 0; }
.first { display: flex; flex-wrap: wrap; gap: 0.5em 2em; align-items: flex-start; }
.first > #decision { flex: 0 1 auto; }
#decision .note { max-width: 40em; }
.first > #key-figure { flex: 1 1 30em; min-width: 0; }
.findings li { margin-bottom: 0.9em; max-width: 62em; }
.findings li p { margin: 0 0 0.35em; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1.5em; }
dl.run dt { font-weight: bold; color: #333; }
dl.run dd { margin: 0; }
.read p { max-width: 62em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.3em 0.8em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; vertical-align: bottom; }
tbody tr:hover { background: #f7f7f7; }
table.decision { margin: 0.2em 0 0.3em; }
table.decision td { padding: 0.18em 0.7em; vertical-align: top; }
table.decision td:first-child .unit { font-size: 0.85em; }
table.decision tr.sub td { border-bottom-color: #f2f2f2; color: #444; }
table.decision tr.sub td:first-child { padding-left: 1.6em; }
.change { font-size: 0.92em; }
.ci { color: #666; font-size: 0.85em; font-weight: normal; }
.change.better { color: #00734f; font-weight: bold; }
.change.worse { color: #b23c00; font-weight: bold; }
.change.same { color: #666; }
.swatch { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 2px; margin-right: 0.35em; }
.unit { color: #666; font-weight: normal; }
td.dist { font-weight: bold; }
td.better { color: #00734f; }
td.worse { color: #b23c00; }
figure { margin: 1.2em 0 2.6em; }
figure.key { margin: 0.3em 0 0.5em; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #333; max-width: 62em; margin-top: 0.5em; font-size: 0.95em; }
details { margin: 0.4em 0 1.6em; }
figure.key details { margin: 0.2em 0; font-size: 0.92em; }
summary { cursor: pointer; color: #333; }
pre { background: #f5f5f5; padding: 0.8em 1em; overflow-x: auto; font-size: 0.85em; }
.note { color: #555; font-size: 0.92em; max-width: 62em; }
table.sources td { white-space: normal; text-align: left; vertical-align: top; }
table.sources td.source { max-width: 48em; color: #444; }
`

// pageHead opens every page opsim writes: its title and subtitle, with
// the style inline.
const pageHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>` + reportStyle + `</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="subtitle">{{.Subtitle}}</p>
`

// reportHTML is the page. It loads nothing: styles are inline, images are
// data: URIs, and there is no script, so the file renders the same offline,
// in a mail attachment or years later in an archive.
const reportHTML = pageHead + `{{if .Warnings}}<div class="warnings">
{{range .Warnings}}<p class="warning">Warning: {{.}}</p>
{{end}}</div>
{{end}}<section id="answer" class="headline">
{{range .Headline}}<p>{{em .}}</p>
{{else}}<p>There is nothing to compare: the experiment has a single design, or no measure has enough paired replications.</p>
{{end}}</section>
{{if .SweepFirst}}{{template "key" .}}{{template "decision" .Decision}}{{else}}<div class="first">
{{template "decision" .Decision}}{{template "key" .}}</div>
{{end}}
<h2 id="findings">Findings</h2>
{{if not (or .Findings .Breaks)}}<p>There is nothing to compare: the experiment has a single design, or no key metric has enough paired replications.</p>
{{end}}{{if .FindingsNote}}<p class="note">{{.FindingsNote}}</p>
{{end}}{{range .Findings}}{{if .Heading}}<h3>{{.Heading}}</h3>
{{end}}<ul class="findings">
{{range .Items}}<li>{{range .}}<p>{{em .}}</p>{{end}}</li>
{{end}}</ul>
{{end}}{{if .Breaks}}<h3>Along the sweep</h3>
<ul class="findings">
{{range .Breaks}}<li>{{em .}}</li>
{{end}}</ul>
<p class="note">{{.BreakRule}}</p>
{{end}}{{template "assumptions" .}}{{if .Figures}}
<h2 id="figures">More figures</h2>
{{range .Figures}}<figure id="fig-{{.Name}}">
<h3>{{.Title}}</h3>
<img {{.Img}} alt="{{.Title}}">
{{if .Caption}}<figcaption>{{.Caption}}</figcaption>{{end}}
</figure>
{{end}}{{end}}
<h2 id="tables">Tables</h2>
<p class="note">Mean [95% CI] per design; the "vs" columns give the paired change against the baseline, in bold when distinguishable, green when better and red when worse.</p>
{{range .Tables}}{{if .Heading}}<h3>{{.Heading}}</h3>
{{end}}{{template "table" .Key}}<details><summary>All metrics</summary>
{{template "table" .All}}</details>
{{end}}
<h2 id="read">How to read this report</h2>
<div class="read">
{{range .HowToRead}}<p>{{.}}</p>
{{end}}</div>

{{template "sources" .}}
<h2 id="run">What was run</h2>
<dl class="run">
{{range .Run}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>

<h2 id="scenario">Scenario</h2>
<details><summary>The scenario file exactly as run</summary>
<pre>{{.Scenario}}</pre>
</details>
</body>
</html>
{{define "key"}}{{if .KeyFigures}}<section id="key-figure">
{{range .KeyFigures}}<figure id="fig-{{.Name}}" class="key">
<img {{.Img}} alt="{{.Title}}">
{{if .Caption}}<details><summary>How to read this figure</summary><figcaption>{{.Caption}}</figcaption></details>{{end}}
</figure>
{{end}}</section>
{{end}}{{end}}
{{define "decision"}}{{if .}}<section id="decision">
<h2 class="compact">The designs side by side{{if .Heading}} · {{.Heading}}{{end}}</h2>
<table class="decision">
<thead><tr><th></th>{{range .Designs}}<th><span class="swatch" style="background: {{.Colour}}"></span>{{.Name}}{{if .Baseline}} <span class="unit">(baseline)</span>{{end}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr{{if .Sub}} class="sub"{{end}}><td>{{.Label}}{{if .Unit}}<br><span class="unit">{{.Unit}}</span>{{end}}</td>{{range .Cells}}<td>{{.Value}}{{if .Interval}} <span class="ci">{{.Interval}}</span>{{end}}{{if .Change}}{{if .Inline}} <span class="change">({{.Change}})</span>{{else}}<br><span class="change {{.Class}}">{{.Change}}{{if .ChangeInterval}} <span class="ci">{{.ChangeInterval}}</span>{{end}}{{if .Verdict}} {{.Verdict}}{{end}}</span>{{end}}{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<p class="note">{{.Note}} <a href="#read">How to read this report.</a></p>
</section>
{{end}}{{end}}
{{define "table"}}<table>
<thead><tr><th>Metric</th>{{range .Designs}}<th><span class="swatch" style="background: {{.Colour}}"></span>{{.Name}}{{if .Baseline}} <span class="unit">(baseline)</span>{{end}}</th>{{if not .Baseline}}<th>{{.Name}} vs baseline</th>{{end}}{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Label}}{{if .Unit}} <span class="unit">({{.Unit}})</span>{{end}}</td>{{range .Cells}}<td>{{.Value}}</td>{{if not .Base}}<td class="{{.Class}}{{if .Distinguishable}} dist{{end}}">{{.Diff}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}`
