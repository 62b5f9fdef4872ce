package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/results"
)

func runFacts(set *results.Set, v *view, meta map[string]string) []fact {
	m := &set.Manifest
	var out []fact
	add := func(label, value string) {
		if value != "" {
			out = append(out, fact{label, value})
		}
	}
	scen := m.ScenarioFile
	if m.ScenarioHash != "" {
		scen += " (sha256 " + short(m.ScenarioHash) + ")"
	}
	add("Scenario", strings.TrimSpace(scen))
	add("Command", m.Command)
	var ds []string
	for _, d := range v.designs {
		if d == v.baseline {
			d += " (baseline)"
		}
		ds = append(ds, d)
	}
	add("Designs", strings.Join(ds, ", "))
	for _, p := range v.params {
		var vals []string
		for _, pt := range v.points {
			if t := p.Text[pt.Index]; !slices.Contains(vals, t) {
				vals = append(vals, t)
			}
		}
		add("Sweep: "+p.Name, strings.Join(vals, ", "))
	}
	add("Replications", replicationRange(set))
	horizon := meta["horizon"]
	if w := meta["warmup"]; w != "" && horizon != "" {
		horizon += " after a warm-up of " + w
	}
	add("Simulated time per replication", horizon)
	add("Runs", strconv.Itoa(len(set.Records)))
	add("Master seed", strconv.FormatUint(m.Seed, 10)+" (each run's own seed is in runs.csv)")
	add("Overrides", strings.Join(m.Overrides, " "))
	b := m.Build
	rev := b.VCSRevision
	if b.VCSModified {
		rev += " (modified)"
	}
	if b.OpsimVersion != "" || rev != "" {
		add("opsim", strings.TrimSpace(b.OpsimVersion+", revision "+rev))
	}
	var tools []string
	for _, t := range [][2]string{{"", b.GoVersion}, {"gonum ", b.GonumVersion}, {"gonum/plot ", b.PlotVersion}} {
		if t[1] != "" {
			tools = append(tools, t[0]+t[1])
		}
	}
	add("Toolchain", strings.Join(tools, ", "))
	return out
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// replicationRange says how many replications each design got at each
// point: one number normally, a range when shards or failures left cells
// uneven (which the reader should know about).
func replicationRange(set *results.Set) string {
	counts := make(map[rowKey]int)
	for _, r := range set.Records {
		counts[rowKey{point: r.Point, design: r.Design}]++
	}
	lo, hi := math.MaxInt, 0
	for _, n := range counts {
		lo, hi = min(lo, n), max(hi, n)
	}
	switch {
	case hi == 0:
		return ""
	case lo == hi:
		return fmt.Sprintf("%d per design and point", lo)
	}
	return fmt.Sprintf("%d to %d per design and point (uneven)", lo, hi)
}

func howToRead(v *view) []string {
	out := []string{
		fmt.Sprintf("Every number is a mean over %s, with its 95%% confidence interval in brackets: [low, high]. "+
			"A metric that is undefined in a replication (a mean time to restore with no incidents) is left out of that mean, and the tables show how many replications it covers when that is fewer.", v.replications()),
		"All designs ran on common random numbers: replication i of every design saw the same arrivals and failures. " +
			"Differences against the baseline (" + v.baseline + ") are therefore computed replication by replication (paired), which makes them much sharper than the designs' own intervals suggest: two bars whose whiskers overlap can still differ clearly.",
		"A difference is called distinguishable when its 95% interval excludes zero. \"No distinguishable difference\" means this experiment cannot tell the designs apart on that metric, not that they are equal; more replications may. " +
			"Percentages are changes relative to the baseline's mean; intervals for tail metrics (p90, p99) come from a bootstrap.",
		"Fractions of working time are shown in percent; \"per engineer-week\" counts pages per on-call engineer and week.",
		"An interval never reaches past what the measure can be: times, counts and queues stop at 0 and shares at 100%, since the t interval of mostly-zero values would otherwise show a negative wait.",
	}
	return out
}
