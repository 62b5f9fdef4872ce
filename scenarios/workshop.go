package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Workshop is a scenario's [workshop] table: what `opsim serve`'s live page
// offers a facilitator beyond its standard levers. Like [report], nothing
// in it changes what is simulated, and every key is optional.
//
//	[workshop]
//	levers = ["learning.reduction", "design.sre.sre_team_size"]  # more sliders beside the standard ones
//	grow = [5, 10, 20, 40]                                        # the team counts "Grow the organisation" walks
//	replications = 10                                             # per design on the live page
type Workshop struct {
	// Levers are the paths (as --set takes them) the page shows as
	// controls beside its standard ones, in order.
	Levers []string
	// Grow are the numbers of product teams "Grow the organisation" walks
	// through, ascending; nil: GrowSteps' default.
	Grow []int
	// Replications per design on the live page; 0: the scenario's.
	Replications int
}

// workshopTOML is the [workshop] table as written.
type workshopTOML struct {
	Levers       []string `toml:"levers"`
	Grow         []int    `toml:"grow"`
	Replications *int     `toml:"replications"`
}

// DefaultGrow are the team counts "Grow the organisation" walks when the
// scenario says nothing: from a small company to one where a central team
// meant for eight is long outgrown.
var DefaultGrow = []int{5, 10, 20, 30, 40}

// checkWorkshop validates the [workshop] table: levers must be values a
// --set could change (not the experiment's own keys), grow a rising list
// of team counts, replications as many as a run may have.
func checkWorkshop(c *checker, s *Scenario, wt workshopTOML) Workshop {
	w := Workshop{}
	seen := map[string]bool{}
	for i, p := range wt.Levers {
		field := fmt.Sprintf("workshop.levers.%d", i)
		if seen[p] {
			c.add(field, "%s is listed twice", p)
			continue
		}
		seen[p] = true
		if _, _, err := resolve(s.tree, p, true); err != nil {
			c.add(field, "%v", err)
			continue
		}
		w.Levers = append(w.Levers, p)
	}
	if wt.Grow != nil {
		ok := len(wt.Grow) >= 2
		if !ok {
			c.add("workshop.grow", "needs at least two team counts to draw a curve, got %d", len(wt.Grow))
		}
		for i, n := range wt.Grow {
			switch {
			case n < 1 || n > maxTeams:
				c.add("workshop.grow", "team counts must be 1 to %d, got %d", maxTeams, n)
				ok = false
			case i > 0 && n <= wt.Grow[i-1]:
				c.add("workshop.grow", "team counts must rise, got %d after %d", n, wt.Grow[i-1])
				ok = false
			}
		}
		if ok {
			w.Grow = wt.Grow
		}
	}
	if r := wt.Replications; r != nil {
		switch {
		case *r < 2:
			c.add("workshop.replications", "must be at least 2 (a confidence interval needs two runs), got %d", *r)
		case *r > maxReplications:
			c.add("workshop.replications", "must be at most %d, got %d", maxReplications, *r)
		default:
			w.Replications = *r
		}
	}
	return w
}

// GrowPath is the path "Grow the organisation" sweeps.
const GrowPath = "org.product_teams"

// GrowSteps are the team counts "Grow the organisation" walks: the
// [workshop] table's grow, else the scenario's own sweep of the product
// teams when that is its only sweep, else DefaultGrow.
func (s *Scenario) GrowSteps() []int {
	if len(s.Workshop.Grow) > 0 {
		return slices.Clone(s.Workshop.Grow)
	}
	if len(s.Sweep) == 1 && s.Sweep[0].Path == GrowPath {
		var out []int
		for _, v := range s.Sweep[0].Values {
			n, ok := v.(int64)
			if !ok {
				return slices.Clone(DefaultGrow)
			}
			out = append(out, int(n))
		}
		slices.Sort(out)
		return out
	}
	return slices.Clone(DefaultGrow)
}

// ValueOf is the value at path (as --set takes it) as a command line
// would write it: the file's value, or the documented default when the
// file leaves the key out. ok is false for a path the file cannot hold, or
// a key whose default is not a value but a rule ("the preset's choice").
func (s *Scenario) ValueOf(path string) (value string, ok bool) {
	segs, _, err := resolve(s.tree, path, false)
	if err != nil {
		return "", false
	}
	if v := valueAt(s.tree, segs); v != nil {
		if _, isTable := v.(map[string]any); isTable {
			return "", false
		}
		return formatValue(v), true
	}
	k, found := ReferenceKey(path)
	if !found || !k.literal() || strings.HasPrefix(k.Default, "{") || strings.HasPrefix(k.Default, "[") {
		return "", false
	}
	return unquote(k.Default), true
}

// ReferenceKey finds the reference entry of a path as --set takes it:
// "design.collective.interrupts" is documented as design.NAME.interrupts
// and "org.team.0.kind" as org.team[].kind.
func ReferenceKey(path string) (Key, bool) {
	want := strings.Join(genericPath(strings.Split(path, ".")), ".")
	for _, sec := range Reference {
		for _, k := range sec.Keys {
			if k.Path == want {
				return k, true
			}
		}
	}
	return Key{}, false
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// genericPath is a value's path as the reference documents it: a design's
// name as NAME, an index into an array of tables as [] on the array.
func genericPath(segs []string) []string {
	var parts []string
	for i, seg := range segs {
		switch {
		case i == 1 && segs[0] == "design":
			parts = append(parts, "NAME")
		case i > 0 && isIndex(seg) && len(parts) > 0:
			parts[len(parts)-1] += "[]"
		default:
			parts = append(parts, seg)
		}
	}
	return parts
}
