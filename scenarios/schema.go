package scenarios

import (
	"fmt"
	"strings"

	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// The schema of a scenario file, as Go types with `toml` tags. A key that is
// absent takes the default filled in by the type's setDefaults (or the
// documented default of a pointer field, which stays nil when absent so
// that the default can depend on other keys); an explicit 0 means 0.
//
// Every key, its type, unit, default, meaning and the source of the
// default is documented once, in Reference (reference_keys.go), from which
// docs/scenarios.md, 'opsim schema' and the JSON Schema for editors are
// generated; tests fail when a key here has no entry there or a literal
// default there is not the one set here.
//
// Counts are capped (1000 teams, 1000 engineers a team, 1000 services a
// team, 100000 replications, 100 crews, 100000 sweep points) so that a typo
// cannot exhaust memory.
type fileTOML struct {
	Name         string                 `toml:"name"`
	Horizon      *Duration              `toml:"horizon"`
	Warmup       Duration               `toml:"warmup"`
	Replications int                    `toml:"replications"`
	Seed         int64                  `toml:"seed"`
	Baseline     *string                `toml:"baseline"`
	MaxEvents    int64                  `toml:"max_events"`
	Org          orgTOML                `toml:"org"`
	Services     servicesTOML           `toml:"services"`
	Work         workTOML               `toml:"work"`
	Incidents    incidentsTOML          `toml:"incidents"`
	Response     responseTOML           `toml:"response"`
	Learning     learningTOML           `toml:"learning"`
	Deploy       deployTOML             `toml:"deploy"`       // schema_delivery.go
	Change       changeTOML             `toml:"change"`       // schema_delivery.go
	Coordination coordinationTOML       `toml:"coordination"` // schema_delivery.go
	Costs        costsTOML              `toml:"costs"`        // schema_delivery.go
	Prevention   preventionTOML         `toml:"prevention"`   // schema_feedback.go
	Schedule     []scheduleTOML         `toml:"schedule"`     // schema_feedback.go
	Swarm        swarmTOML              `toml:"swarm"`        // schema_feedback.go
	Budget       budgetTOML             `toml:"error_budget"` // schema_feedback.go
	Fatigue      fatigueTOML            `toml:"fatigue"`      // schema_feedback.go
	Design       map[string]*designTOML `toml:"design"`
	// Report is how the results are shown (report.go), not simulated.
	Report reportTOML `toml:"report"`
	// Sensitivity is what opsim sensitivity varies (sensitivity.go).
	Sensitivity sensitivityTOML `toml:"sensitivity"`
	// Workshop is what opsim serve's page offers (workshop.go), not simulated.
	Workshop workshopTOML `toml:"workshop"`
	// Sweep is checked on its own (sweep.go): its keys are paths, not fields.
	Sweep map[string]any `toml:"sweep"`
}

func (f *fileTOML) setDefaults() {
	f.Replications = 30
	f.Seed = 1
	f.Org.setDefaults()
	f.Services.setDefaults()
	f.Work.setDefaults()
	f.Incidents.setDefaults()
	f.Response.setDefaults()
	f.Learning.setDefaults()
	f.Deploy.setDefaults()
	f.Prevention.setDefaults()
	f.Swarm.setDefaults()
	f.Budget.setDefaults()
	f.Fatigue.setDefaults()
}

type orgTOML struct {
	ProductTeams     int        `toml:"product_teams"`
	EngineersPerTeam int        `toml:"engineers_per_team"`
	PlatformTeam     int        `toml:"platform_team"`
	PlatformEng      float64    `toml:"platform_engineering"`
	Calendar         string     `toml:"calendar"`
	Crews            *int       `toml:"crews"`
	FeatureRate      Rate       `toml:"feature_rate"`
	Demand           string     `toml:"demand"`
	WIPLimit         int        `toml:"wip_limit"`
	ToilRate         Rate       `toml:"toil_rate"`
	Interrupts       string     `toml:"interrupts"`
	Rotation         Duration   `toml:"rotation"`
	Secondary        bool       `toml:"secondary"`
	Familiarity      float64    `toml:"familiarity"`
	Runbooks         float64    `toml:"runbooks"`
	Team             []teamTOML `toml:"team"`
}

func (o *orgTOML) setDefaults() {
	o.EngineersPerTeam = 6
	o.PlatformEng = 0.5
	o.Calendar = models.BusinessHours
	o.FeatureRate = Rate(1.0 / hoursPerWeek)
	o.Demand = models.DemandSaturated // real product teams have more to build than they can
	// Assumption, calibrated: with it product teams owning their services
	// spend about 18% of their working time on unplanned work, near DORA
	// 2016's 21% for high performers.
	o.ToilRate = Rate(20.0 / hoursPerWeek)
	o.Interrupts = "spread"
	o.Rotation = hoursPerWeek
	o.Familiarity = 1
	o.Runbooks = 1
}

type teamTOML struct {
	Name        string   `toml:"name"`
	Kind        string   `toml:"kind"`
	Engineers   int      `toml:"engineers"`
	Calendar    *string  `toml:"calendar"`
	Crews       *int     `toml:"crews"`
	OnCall      *bool    `toml:"on_call"`
	Rotation    Duration `toml:"rotation"`
	Secondary   bool     `toml:"secondary"`
	Interrupts  string   `toml:"interrupts"`
	Familiarity *float64 `toml:"familiarity"`
	Runbooks    *float64 `toml:"runbooks"`
	FeatureRate *Rate    `toml:"feature_rate"`
	Demand      *string  `toml:"demand"`
	WIPLimit    int      `toml:"wip_limit"`
	ToilRate    *Rate    `toml:"toil_rate"`
}

func (t *teamTOML) setDefaults() {
	t.Rotation = hoursPerWeek
	t.Interrupts = "spread"
}

// kindDefaults are the familiarity and runbook coverage a team of each kind
// has on services it does not own. They match the teams models' presets
// create, so an explicit ops team behaves like the centralized preset's.
var kindDefaults = map[string]struct{ familiarity, runbooks float64 }{
	models.KindProduct:  {1, 1},
	models.KindOps:      {2, 0.5},
	models.KindDesk:     {2, 0.3},
	models.KindSRE:      {1.3, 0.8},
	models.KindPlatform: {1.5, 0.6},
}

type servicesTOML struct {
	PerTeam      int           `toml:"per_team"`
	InfraPerTeam int           `toml:"infra_per_team"`
	Graph        graphTOML     `toml:"graph"`
	Coupling     float64       `toml:"coupling"`
	CascadeDelay Duration      `toml:"cascade_delay"`
	Failover     float64       `toml:"failover"`
	FailoverTime Duration      `toml:"failover_time"`
	IncidentRate Rate          `toml:"incident_rate"`
	RateSpread   float64       `toml:"rate_spread"`
	Critical     float64       `toml:"critical"`
	SLO          float64       `toml:"slo"`
	Service      []serviceTOML `toml:"service"`
	Edge         []edgeTOML    `toml:"edge"`
}

func (s *servicesTOML) setDefaults() {
	s.PerTeam = 3
	s.InfraPerTeam = 2
	s.Graph = graphTOML{Kind: "scale-free", MeanDegree: 2, InfraShare: 0.3}
	s.Coupling = 0.1
	s.CascadeDelay = Duration(10.0 / 60)
	s.FailoverTime = 0.5
	// Assumption, calibrated: most services meet a 99.9% SLO over 28-day
	// windows in the better design.
	s.IncidentRate = Rate(0.3 / hoursPerWeek)
	s.Critical = 0.2
	s.SLO = 0.999
}

// graphTOML merges key by key with its default: a file that only changes
// mean_degree keeps the scale-free kind.
type graphTOML struct {
	Kind       string  `toml:"kind"`
	MeanDegree float64 `toml:"mean_degree"`
	InfraShare float64 `toml:"infra_share"`
}

type serviceTOML struct {
	Name         string   `toml:"name"`
	Owner        string   `toml:"owner"`
	Layer        string   `toml:"layer"`
	IncidentRate *Rate    `toml:"incident_rate"`
	Critical     bool     `toml:"critical"`
	SLO          *float64 `toml:"slo"`
}

func (s *serviceTOML) setDefaults() { s.Layer = models.LayerApp }

type edgeTOML struct {
	From     string   `toml:"from"`
	To       string   `toml:"to"`
	Coupling *float64 `toml:"coupling"`
}

type workTOML struct {
	FeatureSize   *distTOML  `toml:"feature_size"`
	ToilSize      *distTOML  `toml:"toil_size"`
	ContextSwitch switchCost `toml:"context_switch"`
	ChangeFailure float64    `toml:"change_failure"`
	ReferenceSize Duration   `toml:"reference_size"`
	BatchExponent float64    `toml:"batch_exponent"`
}

func (w *workTOML) setDefaults() {
	w.FeatureSize = &distTOML{Dist: "lognormal", Median: dur(3 * hoursPerPersonDay), P90: dur(10 * hoursPerPersonDay)}
	w.ToilSize = &distTOML{Dist: "exponential", Mean: dur(2)}
	w.ContextSwitch = switchCost{hours: 0.25} // Parnin and Rugaber 2011: 10-15 minutes to resume after an interruption
	w.ChangeFailure = 0.05
	w.ReferenceSize = 3 * hoursPerPersonDay
	w.BatchExponent = 1.5 // superlinear: the parts of a big change interact, so small batches are safer per unit of work
}

func dur(h float64) *Duration { d := Duration(h); return &d }

// switchCost is work.context_switch: a duration, or "weinberg" for
// Weinberg's table of time lost to juggling tasks.
type switchCost struct {
	hours    float64
	weinberg bool
}

// UnmarshalText accepts "weinberg" as well as any Duration.
func (s *switchCost) UnmarshalText(b []byte) error {
	if string(b) == "weinberg" {
		*s = switchCost{weinberg: true}
		return nil
	}
	d, err := ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf(`%w, or "weinberg" for Weinberg's table`, err)
	}
	*s = switchCost{hours: d.Hours()}
	return nil
}

// MarshalText writes the value back as a scenario would: "weinberg" or a
// duration, so that a parameter listing shows what the file means.
func (s switchCost) MarshalText() ([]byte, error) {
	if s.weinberg {
		return []byte("weinberg"), nil
	}
	return Duration(s.hours).MarshalText()
}

// distTOML is a distribution table. Fields are pointers so that a parameter
// the kind does not take is reported instead of silently ignored; a table
// replaces its default as a whole, never key by key, because parameters of
// two kinds must not mix.
type distTOML struct {
	Dist   string     `toml:"dist"`
	Mean   *Duration  `toml:"mean"`
	CV     *float64   `toml:"cv"`
	Median *Duration  `toml:"median"`
	P90    *Duration  `toml:"p90"`
	Shape  *float64   `toml:"shape"`
	Scale  *Duration  `toml:"scale"`
	Min    *Duration  `toml:"min"`
	Mode   *Duration  `toml:"mode"`
	Max    *Duration  `toml:"max"`
	Values []Duration `toml:"values"`
}

// distParams are the parameters each kind takes; lognormal takes one of
// two pairs.
var distParams = map[string][][]string{
	"exponential":   {{"mean"}},
	"deterministic": {{"mean"}},
	"lognormal":     {{"median", "p90"}, {"mean", "cv"}},
	"gamma":         {{"shape", "scale"}},
	"weibull":       {{"shape", "scale"}},
	"triangular":    {{"min", "mode", "max"}},
	"empirical":     {{"values"}},
}

func (d *distTOML) given() map[string]bool {
	g := map[string]bool{}
	for name, set := range map[string]bool{
		"mean": d.Mean != nil, "cv": d.CV != nil, "median": d.Median != nil, "p90": d.P90 != nil,
		"shape": d.Shape != nil, "scale": d.Scale != nil, "min": d.Min != nil, "mode": d.Mode != nil,
		"max": d.Max != nil, "values": d.Values != nil,
	} {
		if set {
			g[name] = true
		}
	}
	return g
}

// check reports, under path, what sim.DistSpec.Validate cannot: an unknown
// kind with a suggestion, a missing parameter, and parameters the kind does
// not take (which DistSpec would silently ignore).
func (d *distTOML) check(path string, add func(path, msg string)) {
	if d.Dist == "" {
		add(path+".dist", fmt.Sprintf("is required: the distribution's kind, one of %s", strings.Join(sim.DistKinds, ", ")))
		return
	}
	sets, ok := distParams[d.Dist]
	if !ok {
		msg := fmt.Sprintf("unknown distribution %q (kinds: %s)", d.Dist, strings.Join(sim.DistKinds, ", "))
		if s, ok := suggest(d.Dist, sim.DistKinds); ok {
			msg = fmt.Sprintf("unknown distribution %q (did you mean %q?)", d.Dist, s)
		}
		add(path+".dist", msg)
		return
	}
	given := d.given()
	// Choose the parameter set with the most parameters given.
	best, bestN := sets[0], -1
	for _, set := range sets {
		n := 0
		for _, p := range set {
			if given[p] {
				n++
			}
		}
		if n > bestN {
			best, bestN = set, n
		}
	}
	var alts []string
	for _, set := range sets {
		alts = append(alts, strings.Join(set, " and "))
	}
	takes := strings.Join(alts, ", or ")
	for _, p := range []string{"mean", "cv", "median", "p90", "shape", "scale", "min", "mode", "max", "values"} {
		if given[p] && !contains(best, p) {
			add(path+"."+p, fmt.Sprintf("is not a parameter of this %s distribution (it takes %s)", d.Dist, takes))
		}
	}
	var missing []string
	for _, p := range best {
		if !given[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		add(path, fmt.Sprintf("a %s distribution needs %s", d.Dist, takes))
	}
}

func (d *distTOML) spec() sim.DistSpec {
	get := func(p *Duration) float64 {
		if p == nil {
			return 0
		}
		return p.Hours()
	}
	s := sim.DistSpec{
		Kind: d.Dist, Mean: get(d.Mean), Median: get(d.Median), P90: get(d.P90),
		Scale: get(d.Scale), Min: get(d.Min), Mode: get(d.Mode), Max: get(d.Max),
	}
	if d.CV != nil {
		s.CV = *d.CV
	}
	if d.Shape != nil {
		s.Shape = *d.Shape
	}
	if d.Values != nil {
		s.Values = make([]float64, len(d.Values))
		for i, v := range d.Values {
			s.Values[i] = v.Hours()
		}
	}
	return s
}

type incidentsTOML struct {
	Monitoring     float64        `toml:"monitoring"`
	AlertDelay     Duration       `toml:"alert_delay"`
	CustomerDelay  Duration       `toml:"customer_delay"`
	PMHours        Duration       `toml:"pm_hours"`
	SeverityWeight bool           `toml:"severity_weight"`
	Severity       []severityTOML `toml:"severity"`
}

func (in *incidentsTOML) setDefaults() {
	in.Monitoring = 0.8
	in.AlertDelay = Duration(5.0 / 60)
	in.CustomerDelay = 2
	in.PMHours = 4
	in.SeverityWeight = true
	in.Severity = defaultSeverities()
}

func defaultSeverities() []severityTOML {
	sev := func(name string, share, median, p90, escalate float64, pm bool, impact float64) severityTOML {
		return severityTOML{
			Name: name, Share: &share,
			Effort:        &distTOML{Dist: "lognormal", Median: dur(median), P90: dur(p90)},
			EscalateAfter: Duration(escalate), Postmortem: pm, Impact: impact, Responders: 1,
		}
	}
	return []severityTOML{
		// Impacts are assumptions after PagerDuty's severity definitions:
		// SEV1 a critical outage, SEV2 a major function down for many
		// customers, SEV3 a minor or partial degradation, SEV4 cosmetic.
		sev("SEV1", 0.05, 2, 8, 1, true, 1),
		sev("SEV2", 0.15, 1.5, 6, 4, true, 0.25),
		sev("SEV3", 0.40, 1, 4, hoursPerDay, false, 0.05),
		sev("SEV4", 0.40, 0.5, 2, 3*hoursPerDay, false, 0.01),
	}
}

type severityTOML struct {
	Name          string    `toml:"name"`
	Share         *float64  `toml:"share"`
	Effort        *distTOML `toml:"effort"`
	EscalateAfter Duration  `toml:"escalate_after"`
	Postmortem    bool      `toml:"postmortem"`
	Impact        float64   `toml:"impact"`
	Responders    int       `toml:"responders"`
}

func (s *severityTOML) setDefaults() {
	s.EscalateAfter = hoursPerDay
	s.Impact = 1
	s.Responders = 1
}

type responseTOML struct {
	Ack             Duration  `toml:"ack"`
	AckAfterHours   Duration  `toml:"ack_after_hours"`
	Handoff         Duration  `toml:"handoff"`
	Misroute        float64   `toml:"misroute"`
	MisrouteCascade float64   `toml:"misroute_cascade"`
	Triage          *distTOML `toml:"triage"`
	AnswerWithin    Duration  `toml:"answer_within"`
}

func (r *responseTOML) setDefaults() {
	r.Ack = Duration(5.0 / 60)
	r.AckAfterHours = 0.5
	r.Handoff = 0.25
	r.Misroute = 0.1
	r.MisrouteCascade = 0.2
	r.Triage = &distTOML{Dist: "deterministic", Mean: dur(0.5)}
	r.AnswerWithin = 0.25 // a service desk's "within 15 minutes"
}

type learningTOML struct {
	Blameless        bool     `toml:"blameless"`
	PostmortemEffort Duration `toml:"postmortem_effort"`
	Reduction        float64  `toml:"reduction"`
	Floor            float64  `toml:"floor"`
	BlameHidden      float64  `toml:"blame_hidden"`
	BlameEscalation  Duration `toml:"blame_escalation"`
	Ownership        float64  `toml:"ownership"`
	OwnershipFloor   float64  `toml:"ownership_floor"`
}

func (l *learningTOML) setDefaults() {
	l.Blameless = true
	l.PostmortemEffort = 4
	l.Reduction = 0.03
	l.Floor = 0.5
	l.OwnershipFloor = 0.5
}

type designTOML struct {
	Preset         string      `toml:"preset"`
	OpsTeamSize    int         `toml:"ops_team_size"`
	OpsCrews       int         `toml:"ops_crews"`
	OpsRunbooks    float64     `toml:"ops_runbooks"`
	OpsFamiliarity float64     `toml:"ops_familiarity"`
	SRETeamSize    int         `toml:"sre_team_size"`
	SRERunbooks    float64     `toml:"sre_runbooks"`
	SREFamiliarity float64     `toml:"sre_familiarity"`
	OpsEngineering *float64    `toml:"ops_engineering"`
	SREEngineering *float64    `toml:"sre_engineering"`
	SRECap         *float64    `toml:"sre_cap"`
	Interrupts     string      `toml:"interrupts"`
	OnCall         *bool       `toml:"on_call"`
	Secondary      *bool       `toml:"secondary"`
	ToilTo         string      `toml:"toil_to"`
	Reserve        *float64    `toml:"reserve"`
	Swarm          *int        `toml:"swarm"`
	ErrorBudget    string      `toml:"error_budget"`
	Blameless      *bool       `toml:"blameless"`
	Route          []routeTOML `toml:"route"`
}

type routeTOML struct {
	Layer    string   `toml:"layer"`
	Critical *bool    `toml:"critical"`
	Chain    []string `toml:"chain"`
}

// presetKeys says which design keys a preset reads; setting another is a
// mistake that would otherwise be silently ignored.
var presetKeys = map[string][]string{
	models.PresetCentralized: {"ops_team_size", "ops_crews", "ops_runbooks", "ops_familiarity", "ops_engineering"},
	models.PresetLayered:     {"ops_team_size", "ops_crews", "ops_runbooks", "ops_familiarity", "ops_engineering"},
	models.PresetSRE:         {"sre_team_size", "sre_runbooks", "sre_familiarity", "sre_engineering", "sre_cap"},
}

// Limits keep a scenario within what one machine can simulate, and keep a
// typo like 1000000 product teams from exhausting memory at parse time.
const (
	maxTeams        = 1000
	maxEngineers    = 1000
	maxServices     = 1000
	maxReplications = 100000
	maxCrews        = 100
	maxSweepPoints  = 100000
)

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
