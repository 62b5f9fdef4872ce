package analysis

import (
	"encoding/base64"
	"html/template"
	"os"
	"path/filepath"
	"strings"
)

// readFigures reads the PNGs among paths for embedding in a page in dir,
// with the titles and captions of figs (by file stem) and links to the
// files for Markdown.
func readFigures(dir string, paths []string, figs []NamedFigure) ([]reportFigure, error) {
	named := make(map[string]NamedFigure)
	for _, f := range figs {
		named[f.Name] = f
	}
	svgs := make(map[string]string)
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".svg") {
			svgs[strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))] = p
		}
	}
	var out []reportFigure
	for _, p := range paths {
		if !strings.EqualFold(filepath.Ext(p), ".png") {
			continue
		}
		stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f := reportFigure{Name: stem, Title: stem, Rel: relPath(dir, p)}
		if nf, ok := named[stem]; ok {
			f.Title, f.Caption, f.Key = nf.Title, nf.Caption, nf.Key
		}
		if s, ok := svgs[stem]; ok {
			f.RelSVG = relPath(dir, s)
		}
		// Base64 cannot break out of a quoted attribute, so the attribute
		// is trusted as is; html/template would otherwise spell every '+'
		// as "&#43;" and make a large page larger still.
		f.Img = template.HTMLAttr(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(data) + `"`)
		out = append(out, f)
	}
	return out, nil
}

// relPath is path relative to the report's folder with forward slashes,
// as Markdown links want; absolute when it is not below the folder.
func relPath(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		abs, aerr := filepath.Abs(path)
		if aerr != nil {
			return filepath.ToSlash(path)
		}
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}
