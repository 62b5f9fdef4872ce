package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/opsim/opsim/models"
)

// compiled is a decoded, converted scenario (possibly with errors).
type compiled struct {
	name         string
	replications int
	seed         uint64
	maxEvents    uint64
	baseline     string
	org          models.Org
	designs      []models.Design
	file         *fileTOML
}

var bareKeyRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// compile decodes the tree, converts it to models values and validates
// them, reporting everything through c. It never returns nil.
func compile(c *checker, tree map[string]any, designOrder []string, defName string) *compiled {
	f := &fileTOML{}
	f.setDefaults()
	(&decoder{c: c}).value("", tree, reflect.ValueOf(f).Elem())

	out := &compiled{file: f, name: f.Name, replications: f.Replications}
	if out.name == "" {
		out.name = defName
	}
	if f.Horizon == nil {
		if _, given := tree["horizon"]; !given {
			c.add("horizon", `is required: how long to simulate after the warm-up, e.g. "52w"`)
		}
	} else if f.Warmup >= *f.Horizon && f.Horizon.Hours() > 0 {
		c.add("warmup", "must be shorter than the horizon (%v), got %v", *f.Horizon, f.Warmup)
	}
	if f.Replications < 2 {
		c.add("replications", "must be at least 2 (a confidence interval needs two runs), got %d", f.Replications)
	} else if f.Replications > maxReplications {
		c.add("replications", "must be at most %d, got %d", maxReplications, f.Replications)
	}
	if f.Seed < 0 {
		c.add("seed", "must be zero or more, got %d", f.Seed)
	} else {
		out.seed = uint64(f.Seed)
	}
	if f.MaxEvents < 0 {
		c.add("max_events", "must be zero or more, got %d", f.MaxEvents)
	} else {
		out.maxEvents = uint64(f.MaxEvents)
	}

	out.org = convertOrg(c, f, out.name)
	orgErr := out.org.Validate()
	addOrgErrors(c, orgErr, &out.org)

	// Designs, in file order.
	for _, name := range designOrder {
		dt, ok := f.Design[name]
		if !ok {
			continue // it failed to decode; already reported
		}
		path := "design." + name
		if !bareKeyRE.MatchString(name) {
			c.add(path, "a design name must be letters, digits, '-' or '_' (it names result files), got %q", name)
			continue
		}
		dm, _ := tree["design"].(map[string]any)
		raw, _ := dm[name].(map[string]any)
		d := convertDesign(c, name, dt, raw)
		out.designs = append(out.designs, d)
	}
	if len(designOrder) == 0 {
		c.add("design", "at least one design is needed: add a [design.NAME] table, e.g. [design.collective]")
	}
	for _, d := range out.designs {
		if err := d.Validate(); err != nil {
			c.addModels(err)
		}
	}
	expandAll(c, out.org, out.designs, orgErr != nil)

	switch {
	case f.Baseline != nil:
		out.baseline = *f.Baseline
		var names []string
		found := false
		for _, n := range designOrder {
			names = append(names, n)
			found = found || n == out.baseline
		}
		if !found && len(names) > 0 {
			msg := fmt.Sprintf("no design named %q (designs: %s)", out.baseline, strings.Join(names, ", "))
			if s, ok := suggest(out.baseline, names); ok {
				msg = fmt.Sprintf("no design named %q (did you mean %q?)", out.baseline, s)
			}
			c.add("baseline", "%s", msg)
		}
	case len(designOrder) > 0:
		out.baseline = designOrder[0]
	}
	return out
}

// expandAll expands every design to catch what only the expanded
// configuration shows (unknown teams in routes, service owners). The same
// problem usually shows in every design; it is reported once, and named
// with its designs only when some designs do not have it.
func expandAll(c *checker, org models.Org, designs []models.Design, orgInvalid bool) {
	type found struct {
		fe      *models.FieldError
		designs []string
	}
	var order []string
	byKey := map[string]*found{}
	for _, d := range designs {
		if d.Validate() != nil {
			continue
		}
		_, err := models.Expand(org, d)
		if err == nil {
			continue
		}
		var fes models.FieldErrors
		if !errors.As(err, &fes) {
			c.addModels(err)
			continue
		}
		for _, fe := range fes {
			if fe.Path == "org.team" && orgInvalid {
				continue // the org's own validation has said it more precisely
			}
			fe = locateTeamError(fe, &org)
			msg, _, _ := strings.Cut(fe.Msg, " (teams: ")
			k := fe.Path + "\x00" + msg
			if byKey[k] == nil {
				byKey[k] = &found{fe: fe}
				order = append(order, k)
			}
			byKey[k].designs = append(byKey[k].designs, d.Name)
		}
	}
	valid := 0
	for _, d := range designs {
		if d.Validate() == nil {
			valid++
		}
	}
	for _, k := range order {
		f := byKey[k]
		suffix := ""
		if len(f.designs) < valid && !strings.HasPrefix(f.fe.Path, "design.") {
			suffix = fmt.Sprintf(" (in design %s)", strings.Join(f.designs, ", "))
		}
		c.addSemantic(f.fe.Path, f.fe.Msg+suffix)
	}
}

var (
	cycleRE     = regexp.MustCompile(`^dependency cycle: (.*)$`)
	teamNamedRE = regexp.MustCompile(`^team "((?:[^"\\]|\\.)*)"`)
)

// addOrgErrors reports Org.Validate's errors. A dependency cycle is placed
// on the [[services.edge]] that closes it, the edge a user would remove.
func addOrgErrors(c *checker, err error, org *models.Org) {
	var fes models.FieldErrors
	if !errors.As(err, &fes) {
		c.addModels(err)
		return
	}
	for _, fe := range fes {
		if m := cycleRE.FindStringSubmatch(fe.Msg); fe.Path == "services.edge" && m != nil {
			names := strings.Split(m[1], " -> ")
			if n := len(names); n >= 2 {
				for i, e := range org.Services.Edges {
					if e.From == names[n-2] && e.To == names[n-1] {
						c.semantic = append(c.semantic, &Error{File: c.file, Line: c.lineOf(fmt.Sprintf("services.edge.%d", i)), Field: fe.Path, Msg: fe.Msg})
						break
					}
				}
				continue
			}
		}
		c.addSemantic(fe.Path, fe.Msg)
	}
}

// locateTeamError points an expanded configuration's complaint about a
// team at that team's [[org.team]] when it is one the file lists.
func locateTeamError(fe *models.FieldError, org *models.Org) *models.FieldError {
	if fe.Path != "org.team" {
		return fe
	}
	m := teamNamedRE.FindStringSubmatch(fe.Msg)
	if m == nil {
		return fe
	}
	name, err := strconv.Unquote(`"` + m[1] + `"`)
	if err != nil {
		return fe
	}
	for i, t := range org.Teams {
		if t.Name == name {
			return &models.FieldError{Path: fmt.Sprintf("org.team.%d.name", i), Msg: fe.Msg}
		}
	}
	return fe
}
