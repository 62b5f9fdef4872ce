package scenarios

import (
	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/sim"
)

// Sources of defaults, named once so every key cites them the same way.
const (
	srcAssumption = "assumption"
	srcSRE11      = "SRE book (Beyer et al., Site Reliability Engineering, O'Reilly 2016), ch. 11 \"Being On-Call\": response targets of 5 minutes for user-facing services and 30 for less time-critical ones"
	srcSRE5       = "SRE book (Beyer et al. 2016), ch. 5 \"Eliminating Toil\": operational work capped at 50%, at least 50% engineering"
	srcSRE15      = "SRE book (Beyer et al. 2016), ch. 15 \"Postmortem Culture\""
	srcRefocus    = "Parnin & Rugaber, \"Resumption strategies for interrupted programming tasks\", Software Quality Journal 2011: 10-15 minutes to resume editing after an interruption. Weinberg's table (Quality Software Management vol. 1, 1992: about 20% of the time lost per task juggled) is the alternative; field data find it overstated (Tregubov et al. 2017: 17% of effort for developers on two or more projects), so the measured refocus time is the default"
	srcDORA2023   = "DORA, Accelerate State of DevOps Report 2023: change failure rate 5% for elite performers (10% high, 15% medium, 64% low); earlier reports give ranges (0-15% for elite in 2021), and 5% sits in both"
	srcTeamTopo   = "Skelton & Pais, Team Topologies (2019): stable teams of 5 to 9 people"
	srcLittle     = "lognormal shape: Little, \"Schedule Estimation and Uncertainty Surrounding the Cone of Uncertainty\", IEEE Software 2006; median and p90: assumption"
	srcCrews      = "arithmetic: 4 crews of 8-hour shifts cover 168 hours a week with about 42 hours per engineer"
	srcPreset     = "the preset's choice (assumption, not calibrated; see models/design.go)"
	srcDORA2016   = "assumption, calibrated: with it, product teams that own their services spend about 18% of their working time on unplanned work (incidents, tickets, switching) in the default scenario, near the 21% the Puppet/DORA State of DevOps Report 2016 found for high performers (27-32% for the rest)"
	srcSLOCal     = "assumption, calibrated: with it, most services (76% of service windows in the default scenario) meet a 99.9% SLO over 28-day windows in the better design"
	srcChen2019   = "Chen et al., \"An Empirical Investigation of Incident Triage for Online Service Systems\", ICSE-SEIP 2019: 4% to 92% of incidents reassigned at least once across 20 Microsoft services; 0.1 sits at the low end"
	srcImpact     = "assumption, after PagerDuty's incident response severity definitions (SEV1 critical outage, SEV2 a major function down for many customers, SEV3 minor or partial degradation, SEV4 cosmetic)"
)

// Reference is the scenario file's reference: every key, in sections. It
// is the one source docs/scenarios.md, 'opsim schema' and the JSON Schema
// for editors are generated from, and tests check it against the schema
// types (every key documented, every literal default the parser's).
var Reference = []Section{
	{
		Title: "Top level",
		Intro: "The experiment: what to simulate for how long, how often, and against which design.",
		Keys: []Key{
			{Path: "name", Type: TypeString, Default: "the file's name without .toml", Source: "convention", Meaning: "The scenario's name; results go to out/NAME. Letters, digits, '-' and '_'."},
			{Path: "horizon", Type: TypeDuration, Default: "required", Meaning: "Simulated time per replication after the warm-up, e.g. \"52w\"."},
			{Path: "warmup", Type: TypeDuration, Default: `"0"`, Meaning: "Simulated first and discarded, so that queues start from a typical state rather than empty. Must be shorter than horizon.", Source: "assumption: queues start empty; set a warm-up of a few weeks"},
			{Path: "replications", Type: TypeInteger, Default: "30", Min: ptr(2), Max: ptr(maxReplications), Meaning: "Independent runs of each design at each sweep point; more narrow the confidence intervals. --reps and --precision override it.", Source: "assumption: a common rule of thumb; --precision chooses it by interval width instead"},
			{Path: "seed", Type: TypeInteger, Default: "1", Min: ptr(0), Meaning: "Master seed: the same seed gives the same numbers on any machine, with any number of workers or shards.", Source: "convention"},
			{Path: "baseline", Type: TypeString, Default: "the first design in the file", Source: "convention", Meaning: "The design the others are compared against, paired replication by replication."},
			{Path: "max_events", Type: TypeInteger, Default: "0", Min: ptr(0), Meaning: "Guard against a runaway replication: stop after this many events. 0 is the simulator's generous default.", Source: "convention"},
		},
	},
	{
		Title: "[org]",
		Intro: "The product teams, generated from one template, and a platform team. Teams are named team-01, team-02, ...",
		Keys: []Key{
			{Path: "org", Type: TypeTable, Meaning: "The organisation."},
			{Path: "org.product_teams", Type: TypeInteger, Default: "0", Min: ptr(0), Max: ptr(maxTeams), Meaning: "Product teams generated from this template (0: list teams with [[org.team]] instead).", Source: "convention: no generated teams"},
			{Path: "org.engineers_per_team", Type: TypeInteger, Default: "6", Min: ptr(1), Max: ptr(maxEngineers), Meaning: "Engineers in each product team.", Source: srcTeamTopo},
			{Path: "org.platform_team", Type: TypeInteger, Default: "0", Min: ptr(0), Max: ptr(maxEngineers), Meaning: "Engineers of a platform team that owns the infrastructure services in every design; 0 for none.", Source: "convention: no platform team"},
			{Path: "org.platform_engineering", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Share of the platform team on planned platform work between interrupts.", Source: "assumption, after the SRE book's 50% engineering (" + srcSRE5 + ")"},
			{Path: "org.calendar", Type: TypeString, Default: `"business"`, Enum: []string{models.BusinessHours, models.AllHours}, Meaning: "When product teams work: \"business\" is Monday to Friday 9 to 17; \"24x7\" is shifts around the clock.", Source: srcAssumption},
			{Path: "org.crews", Type: TypeInteger, Default: "4 for \"24x7\" (at most one per engineer), else 0", Min: ptr(0), Max: ptr(maxCrews), Meaning: "Crews a 24x7 team is split into, taking 8-hour shifts in turn.", Source: srcCrews},
			{Path: "org.feature_rate", Type: TypeRate, Default: `"1/week"`, Unit: "features per team", Meaning: "Features arriving to each product team's backlog.", Source: srcAssumption},
			{Path: "org.demand", Type: TypeString, Default: `"saturated"`, Enum: []string{models.DemandArrivals, models.DemandSaturated}, Meaning: "\"arrivals\": features arrive at feature_rate; \"saturated\": there is always a next feature, as in product teams with more to build than they can, so throughput is the outcome (lead time and backlog are then not reported).", Source: "assumption: real product teams have more to build than they can"},
			{Path: "org.wip_limit", Type: TypeInteger, Default: "0", Min: ptr(0), Meaning: "Features a team works on at once; 0 means one per engineer.", Source: "assumption (a kanban-style limit of one item per person)"},
			{Path: "org.toil_rate", Type: TypeRate, Default: `"20/week"`, Unit: "tickets per team", Meaning: "Tickets (service requests) each team's services generate.", Source: srcDORA2016},
			{Path: "org.interrupts", Type: TypeString, Default: `"spread"`, Enum: []string{"spread", "shield"}, Meaning: "\"spread\": pages and tickets go to whoever is free, or least urgently busy; \"shield\": one rotating engineer takes them all and builds nothing meanwhile.", Source: "assumption (most teams spread; the shield is the interrupt handler of the SRE book, ch. 29)"},
			{Path: "org.rotation", Type: TypeDuration, Default: `"1w"`, Meaning: "How long an engineer stays primary on call.", Source: "assumption (week-long rotations are common practice)"},
			{Path: "org.secondary", Type: TypeBoolean, Default: "false", Meaning: "Page a secondary when the primary is busy.", Source: srcAssumption},
			{Path: "org.familiarity", Type: TypeNumber, Default: "1", Min: ptr(0), Unit: "effort multiplier", Meaning: "How much longer a product team takes on a service it does not own.", Source: srcAssumption},
			{Path: "org.runbooks", Type: TypeNumber, Default: "1", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance a product team can mitigate an incident on a service it does not own without escalating.", Source: srcAssumption},
		},
	},
	{
		Title: "[[org.team]]",
		Intro: "Explicit teams, added to the generated ones: an ops team, a service desk, an SRE team, or product teams of their own sizes.",
		Keys: []Key{
			{Path: "org.team", Type: TypeArrayOfTables, Meaning: "One table per team."},
			{Path: "org.team[].name", Type: TypeString, Default: "required", Meaning: "The team's name, used by routes and service owners."},
			{Path: "org.team[].kind", Type: TypeString, Default: "required", Enum: []string{models.KindProduct, models.KindOps, models.KindSRE, models.KindPlatform, models.KindDesk}, Meaning: "What the team is: it sets the defaults below."},
			{Path: "org.team[].engineers", Type: TypeInteger, Default: "required", Min: ptr(1), Max: ptr(maxEngineers), Meaning: "Engineers in the team."},
			{Path: "org.team[].calendar", Type: TypeString, Default: `"24x7" for kind "ops", else "business"`, Enum: []string{models.BusinessHours, models.AllHours}, Meaning: "When the team works.", Source: srcAssumption},
			{Path: "org.team[].crews", Type: TypeInteger, Default: "4 for \"24x7\" (at most one per engineer), else 0", Min: ptr(0), Max: ptr(maxCrews), Meaning: "Crews of a 24x7 team, taking 8-hour shifts in turn.", Source: srcCrews},
			{Path: "org.team[].on_call", Type: TypeBoolean, Default: "true, false for \"24x7\" (someone is always on duty)", Meaning: "Whether the team runs an on-call rotation that can be paged out of hours.", Source: srcAssumption},
			{Path: "org.team[].rotation", Type: TypeDuration, Default: `"1w"`, Meaning: "How long an engineer stays primary on call.", Source: "assumption (week-long rotations are common practice)"},
			{Path: "org.team[].secondary", Type: TypeBoolean, Default: "false", Meaning: "Page a secondary when the primary is busy.", Source: srcAssumption},
			{Path: "org.team[].interrupts", Type: TypeString, Default: `"spread"`, Enum: []string{"spread", "shield"}, Meaning: "As org.interrupts, for this team.", Source: srcAssumption},
			{Path: "org.team[].familiarity", Type: TypeNumber, Default: "by kind: ops 2, desk 2, sre 1.3, platform 1.5, product 1", Min: ptr(0), Unit: "effort multiplier", Meaning: "How much longer this team takes on services it does not own.", Source: srcAssumption},
			{Path: "org.team[].runbooks", Type: TypeNumber, Default: "by kind: ops 0.5, desk 0.3, sre 0.8, platform 0.6, product 1", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance this team can mitigate an incident on a service it does not own without escalating.", Source: srcAssumption},
			{Path: "org.team[].feature_rate", Type: TypeRate, Default: "[org] feature_rate for kind \"product\", else 0", Unit: "features", Meaning: "Features arriving to this team's backlog."},
			{Path: "org.team[].demand", Type: TypeString, Default: "[org] demand for kind \"product\", else \"arrivals\"", Enum: []string{models.DemandArrivals, models.DemandSaturated}, Meaning: "As org.demand, for this team."},
			{Path: "org.team[].wip_limit", Type: TypeInteger, Default: "0", Min: ptr(0), Meaning: "Features in progress at once; 0 means one per engineer.", Source: "assumption (a kanban-style limit of one item per person)"},
			{Path: "org.team[].toil_rate", Type: TypeRate, Default: "[org] toil_rate", Unit: "tickets", Meaning: "Tickets this team's services generate."},
		},
	},
	{
		Title: "[services]",
		Intro: "The services the teams own and how they depend on each other. Without [[services.service]], per_team application services are generated for each product team and infra_per_team infrastructure services for each platform or ops team.",
		Keys: []Key{
			{Path: "services", Type: TypeTable, Meaning: "Services and their dependency graph."},
			{Path: "services.per_team", Type: TypeInteger, Default: "3", Min: ptr(0), Max: ptr(maxServices), Meaning: "Application services per product team.", Source: srcAssumption},
			{Path: "services.infra_per_team", Type: TypeInteger, Default: "2", Min: ptr(0), Max: ptr(maxServices), Meaning: "Infrastructure services per platform or ops team.", Source: srcAssumption},
			{Path: "services.graph", Type: TypeTable, Default: `{ kind = "scale-free", mean_degree = 2, infra_share = 0.3 }`, Meaning: "How the dependency graph is generated; a table merges key by key with this default.", Source: "shape after the heavy-tailed service dependency graphs of large microservice systems (Luo et al., Alibaba traces, SoCC 2021); degree and infrastructure share: assumption"},
			{Path: "services.graph.kind", Type: TypeString, Default: `"scale-free"`, Enum: []string{"none", "random", "scale-free"}, Meaning: "\"scale-free\": preferential attachment, a few hubs many services depend on; \"random\": dependencies spread evenly (acyclic); \"none\": no dependencies.", Source: "Luo et al., SoCC 2021 (see services.graph)"},
			{Path: "services.graph.mean_degree", Type: TypeNumber, Default: "2", Min: ptr(0), Unit: "dependencies per service", Meaning: "Mean number of services each service depends on.", Source: srcAssumption},
			{Path: "services.graph.infra_share", Type: TypeNumber, Default: "0.3", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance a generated dependency is on an infrastructure service.", Source: srcAssumption},
			{Path: "services.coupling", Type: TypeNumber, Default: "0.1", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance an incident in a dependency causes one in each service that depends on it; loose coupling lowers it.", Source: srcAssumption},
			{Path: "services.cascade_delay", Type: TypeDuration, Default: `"10m"`, Meaning: "Mean (exponential) delay before a cascade shows in the dependent.", Source: srcAssumption},
			{Path: "services.failover", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance a dependent can mitigate the symptom of a failed dependency on its own (degrade gracefully, fail over, serve from cache); otherwise the symptom stays open until its cause is restored.", Source: "assumption: no graceful degradation unless a scenario says so"},
			{Path: "services.failover_time", Type: TypeDuration, Default: `"30m"`, Unit: "effort", Meaning: "The effort a failover takes.", Source: srcAssumption},
			{Path: "services.incident_rate", Type: TypeRate, Default: `"0.3/week"`, Unit: "incidents per service", Meaning: "Base incident rate of each service, before learning from postmortems and change failures.", Source: srcSLOCal},
			{Path: "services.rate_spread", Type: TypeNumber, Default: "0", Min: ptr(0), Meaning: "Sigma of a lognormal multiplier (mean 1) on each service's rate: 0 makes every service alike; 1.5 lets one component cause most incidents.", Source: srcAssumption},
			{Path: "services.critical", Type: TypeNumber, Default: "0.2", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Fraction of services, most depended-on first, that count as critical (the sre design runs them).", Source: "assumption (a Pareto-style fifth)"},
			{Path: "services.slo", Type: TypeNumber, Default: "0.999", Min: ptr(0), Max: ptr(1), Unit: "availability", Meaning: "Availability target of every service.", Source: "a common target (\"three nines\"; SRE book, ch. 4 uses it in examples); assumption", Measure: true},
			{Path: "services.service", Type: TypeArrayOfTables, Meaning: "Explicit services, replacing the generated ones."},
			{Path: "services.service[].name", Type: TypeString, Default: "required", Meaning: "The service's name."},
			{Path: "services.service[].owner", Type: TypeString, Default: "required", Meaning: "The team that owns it."},
			{Path: "services.service[].layer", Type: TypeString, Default: `"app"`, Enum: []string{models.LayerApp, models.LayerInfra}, Meaning: "\"app\": used by people outside IT; \"infra\": used by other services.", Source: "convention"},
			{Path: "services.service[].incident_rate", Type: TypeRate, Default: "[services] incident_rate", Unit: "incidents", Meaning: "This service's base incident rate."},
			{Path: "services.service[].critical", Type: TypeBoolean, Default: "false", Meaning: "Whether the service is critical.", Source: "convention"},
			{Path: "services.service[].slo", Type: TypeNumber, Default: "[services] slo", Min: ptr(0), Max: ptr(1), Unit: "availability", Meaning: "This service's availability target.", Measure: true},
			{Path: "services.edge", Type: TypeArrayOfTables, Meaning: "Explicit dependencies, replacing the generated graph."},
			{Path: "services.edge[].from", Type: TypeString, Default: "required", Meaning: "The service that depends ..."},
			{Path: "services.edge[].to", Type: TypeString, Default: "required", Meaning: "... on this one."},
			{Path: "services.edge[].coupling", Type: TypeNumber, Default: "[services] coupling", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance an incident in to causes one in from."},
		},
	},
	{
		Title: "[work]",
		Intro: "Planned work, tickets and what interruptions cost.",
		Keys: []Key{
			{Path: "work", Type: TypeTable, Meaning: "Planned work and toil."},
			{Path: "work.feature_size", Type: TypeDistribution, Default: `{ dist = "lognormal", median = "3pd", p90 = "10pd" }`, Unit: "effort", Meaning: "Effort of one feature.", Source: srcLittle},
			{Path: "work.toil_size", Type: TypeDistribution, Default: `{ dist = "exponential", mean = "2h" }`, Unit: "effort", Meaning: "Effort of one ticket.", Source: srcAssumption},
			{Path: "work.context_switch", Type: TypeSwitchCost, Default: `"15m"`, Meaning: "The time to get back into a task that urgent work interrupted; or \"weinberg\": an engineer juggling 2, 3, 4 or 5 tasks works at 80, 60, 40 or 25% speed.", Source: srcRefocus},
			{Path: "work.change_failure", Type: TypeNumber, Default: "0.05", Min: ptr(0), Max: ptr(1), Unit: "probability per deploy", Meaning: "Chance that deploying a feature of reference_size causes an incident; with the default sizes and batch exponent about 12% of deploys fail.", Source: srcDORA2023 + "; the resulting 12% sits in DORA 2024's high band (20% or less)"},
			{Path: "work.reference_size", Type: TypeDuration, Default: `"3pd"`, Unit: "effort", Meaning: "The feature size change_failure applies to; other sizes scale by (size / reference_size) ^ batch_exponent.", Source: "assumption (the median feature)"},
			{Path: "work.batch_exponent", Type: TypeNumber, Default: "1.5", Min: ptr(0), Meaning: "Above 1, risk grows faster than size: small batches are safer per unit of work.", Source: "assumption: the direction follows DORA's finding that small batches fail less; the exponent is not measured"},
		},
	},
	{
		Title: "Distribution tables",
		Intro: "work.feature_size, work.toil_size, incidents.severity[].effort and response.triage are distributions: a table whose dist names the kind and whose other keys are its parameters (durations but for cv and shape), or a plain duration, read as that fixed value (\"30m\" is { dist = \"deterministic\", mean = \"30m\" }). A table replaces its default as a whole. Keys below are written DIST.key.",
		Keys: []Key{
			{Path: "DIST.dist", Type: TypeString, Default: "required", Enum: sim.DistKinds, Meaning: "The kind: exponential and deterministic take mean; lognormal median and p90, or mean and cv; gamma and weibull shape and scale; triangular min, mode and max; empirical values."},
			{Path: "DIST.mean", Type: TypeDuration, Meaning: "Mean (exponential, deterministic, lognormal with cv)."},
			{Path: "DIST.cv", Type: TypeNumber, Min: ptr(0), Meaning: "Coefficient of variation, standard deviation over mean (lognormal with mean)."},
			{Path: "DIST.median", Type: TypeDuration, Meaning: "Median (lognormal with p90)."},
			{Path: "DIST.p90", Type: TypeDuration, Meaning: "90th percentile (lognormal with median); must exceed the median."},
			{Path: "DIST.shape", Type: TypeNumber, Min: ptr(0), Meaning: "Shape (gamma, weibull)."},
			{Path: "DIST.scale", Type: TypeDuration, Meaning: "Scale (gamma, weibull)."},
			{Path: "DIST.min", Type: TypeDuration, Meaning: "Minimum (triangular)."},
			{Path: "DIST.mode", Type: TypeDuration, Meaning: "Most likely value (triangular)."},
			{Path: "DIST.max", Type: TypeDuration, Meaning: "Maximum (triangular)."},
			{Path: "DIST.values", Type: TypeDurationList, Meaning: "Observed values, drawn from uniformly (empirical)."},
		},
	},
	{
		Title: "[incidents]",
		Intro: "How incidents arise, are noticed and reach customers.",
		Keys: []Key{
			{Path: "incidents", Type: TypeTable, Meaning: "Incidents."},
			{Path: "incidents.monitoring", Type: TypeNumber, Default: "0.8", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance an incident is caught by an alert; otherwise customers report it, later.", Source: srcAssumption},
			{Path: "incidents.alert_delay", Type: TypeDuration, Default: `"5m"`, Meaning: "Mean time for monitoring to notice.", Source: srcAssumption},
			{Path: "incidents.customer_delay", Type: TypeDuration, Default: `"2h"`, Meaning: "Mean time for customers to report what monitoring missed.", Source: srcAssumption},
			{Path: "incidents.pm_hours", Type: TypeDuration, Default: `"4h"`, Unit: "effort", Meaning: "Product-management hours per customer escalation.", Source: srcAssumption, Measure: true},
			{Path: "incidents.severity_weight", Type: TypeBoolean, Default: "true", Meaning: "Weight PM hours by severity rank: SEV1 x4 ... SEV4 x1.", Source: srcAssumption},
			{Path: "incidents.severity", Type: TypeArrayOfTables, Default: "SEV1-SEV4 with shares 0.05, 0.15, 0.40, 0.40; lognormal efforts (median, p90) 2h/8h, 1.5h/6h, 1h/4h, 30m/2h; escalate_after 1h, 4h, 1d, 3d; postmortems on SEV1 and SEV2; impact 1, 0.25, 0.05, 0.01; one responder each", Meaning: "Severities, most severe first; a written list replaces the default as a whole and its shares must add up to 1.", Source: "postmortems for user-visible outages: " + srcSRE15 + "; impacts: " + srcImpact + "; heavy-tailed (lognormal) efforts, as restore times are (Davidovič, Incident Metrics in SRE, O'Reilly 2021); shares, medians and thresholds: assumption"},
			{Path: "incidents.severity[].name", Type: TypeString, Default: `"SEV<n>"`, Meaning: "The severity's name, used in metric names (incidents_SEV1_per_week).", Source: "convention"},
			{Path: "incidents.severity[].share", Type: TypeNumber, Default: "required", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Fraction of incidents at this severity.", Source: "assumption (the default list's shares)"},
			{Path: "incidents.severity[].effort", Type: TypeDistribution, Default: "required", Unit: "effort", Meaning: "Diagnosis and mitigation effort for the owning team.", Source: "assumption (the default list's medians and p90s); lognormal because restore times are heavy-tailed (Davidovič, Incident Metrics in SRE, O'Reilly 2021)"},
			{Path: "incidents.severity[].escalate_after", Type: TypeDuration, Default: `"1d"`, Meaning: "Unrestored for longer, the incident becomes a customer escalation.", Source: srcAssumption, Measure: true},
			{Path: "incidents.severity[].postmortem", Type: TypeBoolean, Default: "false", Meaning: "Whether incidents of this severity get a postmortem.", Source: srcAssumption},
			{Path: "incidents.severity[].responders", Type: TypeInteger, Default: "1", Min: ptr(1), Meaning: "Engineers of the responding team the mitigation pulls in, at most those on duty (a large number pages the whole team): the work splits among them, but each pays [swarm] channel_cost for every channel (see [swarm]).", Source: "convention: one responder, the model as it was"},
			{Path: "incidents.severity[].impact", Type: TypeNumber, Default: "1", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Fraction of the service unavailable during the incident (1: a full outage), for availability and SLOs.", Source: srcAssumption},
		},
	},
	{
		Title: "[response]",
		Intro: "How fast people respond, and what handing an incident over costs.",
		Keys: []Key{
			{Path: "response", Type: TypeTable, Meaning: "Response."},
			{Path: "response.ack", Type: TypeDuration, Default: `"5m"`, Meaning: "Mean time to acknowledge a page during working hours.", Source: srcSRE11},
			{Path: "response.ack_after_hours", Type: TypeDuration, Default: `"30m"`, Meaning: "Mean time to acknowledge a page at home, out of hours.", Source: srcSRE11 + "; using the 30 minutes for pages at home is an assumption"},
			{Path: "response.handoff", Type: TypeDuration, Default: `"15m"`, Unit: "effort", Meaning: "Context transfer added at every handoff between teams.", Source: srcAssumption},
			{Path: "response.misroute", Type: TypeNumber, Default: "0.1", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance a handoff goes to the wrong team.", Source: srcChen2019},
			{Path: "response.misroute_cascade", Type: TypeNumber, Default: "0.2", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Added to misroute when the symptom is in another service than the cause.", Source: srcAssumption},
			{Path: "response.triage", Type: TypeDistribution, Default: `"30m"`, Unit: "effort", Meaning: "Effort a responder spends before deciding to escalate: a distribution table, or a fixed duration.", Source: srcAssumption},
			{Path: "response.answer_within", Type: TypeDuration, Default: `"15m"`, Meaning: "First-response target: the share of incidents whose first responder starts within it is reported.", Source: "a service desk's common \"80% answered within 15 minutes\" target; assumption", Measure: true},
		},
	},
	{
		Title: "[learning]",
		Intro: "Postmortems, and how incidents become fewer incidents.",
		Keys: []Key{
			{Path: "learning", Type: TypeTable, Meaning: "Learning."},
			{Path: "learning.blameless", Type: TypeBoolean, Default: "true", Meaning: "Blameless postmortems lower the service's incident rate; without them nothing is learned.", Source: srcSRE15},
			{Path: "learning.postmortem_effort", Type: TypeDuration, Default: `"4h"`, Unit: "effort", Meaning: "Owning-team effort per postmortem.", Source: srcAssumption},
			{Path: "learning.reduction", Type: TypeNumber, Default: "0.03", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Each postmortem lowers the service's incident rate by this fraction ...", Source: srcAssumption},
			{Path: "learning.floor", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "... down to this fraction of its original rate.", Source: srcAssumption},
			{Path: "learning.blame_hidden", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "In a blaming culture (blameless = false), the chance that an incident monitoring caught is not declared and waits until customers report it.", Source: "off; the direction: " + srcBlame},
			{Path: "learning.blame_escalation", Type: TypeDuration, Default: `"0"`, Meaning: "In a blaming culture, the mean (exponential) extra delay before each handoff to another team: people hesitate to escalate.", Source: "off; the direction: " + srcBlame},
			{Path: "learning.ownership", Type: TypeNumber, Default: "0", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "What running its own services teaches a team: each incident on them it restores itself lowers its change-failure chance by this fraction (a team whose incidents others restore learns only from those it gets back). A modest value such as 0.01 is a plausible start; opsim sensitivity can vary it.", Source: "off; the direction: seed 001 (collective ownership \"leads to the reduction of production issues that interrupt feature work\"); the magnitude is an assumption"},
			{Path: "learning.ownership_floor", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "... down to this fraction of the scenario's change-failure chance.", Source: srcAssumption},
		},
	},
	preventionSection,
	scheduleSection,
	swarmSection,
	budgetSection,
	fatigueSection,
	{
		Title: "[design.NAME]",
		Intro: "The org designs to compare on the same organisation, with the same random numbers. NAME is a bare key (letters, digits, '-' and '_'). A preset expands into teams and routes; keys given here override its choices, and keys the preset does not read (ops_* outside centralized and layered, sre_* outside sre) are errors.",
		Keys: []Key{
			{Path: "design", Type: TypeTable, Default: "required: at least one design", Meaning: "One table per design."},
			{Path: "design.NAME.preset", Type: TypeString, Default: "NAME when it is a preset, else \"custom\" when routes are given", Enum: models.Presets, Source: "convention", Meaning: "\"centralized\": a 24x7 ops team answers first and escalates to the owners; \"collective\": you build it, you run it; \"sre\": an SRE team runs the critical services; \"layered\": infrastructure to ops, applications to their teams; \"custom\": only the routes given."},
			{Path: "design.NAME.ops_team_size", Type: TypeInteger, Default: "8", Min: ptr(1), Max: ptr(maxEngineers), Meaning: "Engineers in the ops team (centralized, layered).", Source: srcPreset},
			{Path: "design.NAME.ops_crews", Type: TypeInteger, Default: "4", Min: ptr(1), Max: ptr(maxCrews), Meaning: "24x7 crews of the ops team.", Source: srcCrews},
			{Path: "design.NAME.ops_runbooks", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance ops can mitigate an application incident alone.", Source: srcPreset, Range: []float64{0.25, 1}},
			{Path: "design.NAME.ops_familiarity", Type: TypeNumber, Default: "2", Min: ptr(1), Unit: "effort multiplier", Meaning: "How much longer ops takes on services it does not own.", Source: srcPreset, Range: []float64{1, 3}},
			{Path: "design.NAME.ops_engineering", Type: TypeNumber, Default: "0.3", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Share of the ops team's engineers on duty who take planned engineering work between interrupts.", Source: "assumption: a traditional ops team engineers less than the SRE book's half; with 0.3 the default scenario's ops team is 75% busy"},
			{Path: "design.NAME.sre_team_size", Type: TypeInteger, Default: "6", Min: ptr(1), Max: ptr(maxEngineers), Meaning: "Engineers in the SRE team (sre).", Source: srcPreset},
			{Path: "design.NAME.sre_runbooks", Type: TypeNumber, Default: "0.8", Min: ptr(0), Max: ptr(1), Unit: "probability", Meaning: "Chance the SRE team can mitigate alone.", Source: srcPreset, Range: []float64{0.5, 1}},
			{Path: "design.NAME.sre_familiarity", Type: TypeNumber, Default: "1.3", Min: ptr(1), Unit: "effort multiplier", Meaning: "How much longer the SRE team takes on services it does not own.", Source: srcPreset, Range: []float64{1, 2}},
			{Path: "design.NAME.sre_engineering", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Share of the SRE team's engineers on duty who take planned engineering work between interrupts.", Source: srcSRE5},
			{Path: "design.NAME.sre_cap", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Cap on the SRE team's operational work, on-call included, over the trailing week: above it the team hands incidents back to the owners; 0 or 1 for no cap.", Source: srcSRE5},
			{Path: "design.NAME.interrupts", Type: TypeString, Default: "[org] interrupts", Enum: []string{"spread", "shield"}, Meaning: "Overrides the product teams' interrupt mode."},
			{Path: "design.NAME.on_call", Type: TypeBoolean, Default: "the preset's choice", Source: srcPreset, Meaning: "Overrides whether product teams are on call."},
			{Path: "design.NAME.secondary", Type: TypeBoolean, Default: "the preset's choice", Source: srcPreset, Meaning: "Overrides whether product teams page a secondary."},
			{Path: "design.NAME.reserve", Type: TypeNumber, Default: "[prevention] reserve", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Overrides the share of product teams' WIP slots reserved for improvement work: how this design lets prevention compete with features."},
			{Path: "design.NAME.swarm", Type: TypeInteger, Default: "incidents.severity[0].responders", Source: "convention", Min: ptr(1), Meaning: "Overrides the responders of the most severe class of incident: a design that pages the whole team for a SEV1 (a large number), or an incident commander and two more (3)."},
			{Path: "design.NAME.error_budget", Type: TypeString, Default: "\"critical\" for the sre preset, else [error_budget] freeze", Enum: []string{models.FreezeOff, models.FreezeCritical, models.FreezeAll}, Source: "the SRE book's error budget policy (" + srcBudget + ") for the services an SRE team runs", Meaning: "Overrides whose burned error budgets freeze their owners' feature deploys (see [error_budget])."},
			{Path: "design.NAME.blameless", Type: TypeBoolean, Default: "[learning] blameless", Meaning: "Overrides the culture: a design can compare a blameless way of running incidents with a blaming one on the same organisation and random numbers."},
			{Path: "design.NAME.toil_to", Type: TypeString, Default: "the preset's choice", Source: srcPreset, Meaning: "The team that takes tickets, or \"owner\" for the owning team."},
			{Path: "design.NAME.route", Type: TypeArrayOfTables, Default: "the preset's routes", Source: srcPreset, Meaning: "Routes replacing the preset's; the first that matches a service wins."},
			{Path: "design.NAME.route[].layer", Type: TypeString, Default: "any layer", Source: "convention", Enum: []string{models.LayerApp, models.LayerInfra}, Meaning: "The layer of services this route is for."},
			{Path: "design.NAME.route[].critical", Type: TypeBoolean, Default: "any", Source: "convention", Meaning: "Only critical (true) or only other (false) services."},
			{Path: "design.NAME.route[].chain", Type: TypeStringList, Default: "required", Meaning: "The escalation chain: team names, or \"owner\" for the owning team."},
		},
	},
	{
		Title: "[report]",
		Intro: "How the report presents the results; nothing here changes what is simulated, and it cannot be swept.",
		Keys: []Key{
			{Path: "report", Type: TypeTable, Meaning: "Report options."},
			{Path: "report.measures", Type: TypeStringList, Default: "the measures that change most along the sweep", Source: "the report's rule (see the scaling figure's caption)", Meaning: "Measures (columns of runs.csv) the scenario is about, in the order the scaling figure shows them."},
			{Path: "report.tradeoff", Type: TypeStringList, Default: `["ttr_mean_h", "features_per_week"]`, Source: "convention: the trade-off organisation designs are chosen on", Meaning: "The trade-off figure's two measures, horizontal then vertical: e.g. [\"cost_per_year\", \"ttr_mean_h\"] for cost against restore time, when [costs] gives prices."},
			{Path: "report.focus", Type: TypeValueTable, Default: "the largest value of a one-parameter numeric sweep, else the last point", Source: "convention: differences between designs are usually largest there", Meaning: "The sweep point single-point figures and the decision table are drawn at, as swept path = value, e.g. { \"org.product_teams\" = 20 }."},
			{Path: "report.break_factor", Type: TypeNumber, Default: "2", Min: ptr(1), Meaning: "A design breaks along a sweep where a watched measure is worse than this multiple of its value at the first point ...", Source: "assumption (a doubling: crude, but easy to state and check)"},
			{Path: "report.break_floor", Type: TypeNumberTable, Default: "{ first_response_wait_h = 0.25, ttr_mean_h = 0.5 }", Unit: "the measure's own", Meaning: "... and worse by at least this much (hours for _h measures, fractions for shares), and the intervals apart. Its keys are the measures watched.", Source: "15 minutes of waiting: between the response targets of the SRE book, ch. 11 (5 and 30 minutes); 30 minutes of restoring: assumption"},
		},
	},
	{
		Title: "[sensitivity]",
		Intro: "What `opsim sensitivity` varies and which results it watches; nothing here changes what is simulated, and it cannot be swept. By default every number, duration and rate the scenario uses (written or by default) varies by ±50% within its bounds, or over the plausible range the reference gives; values that only set how a result is measured or priced (targets, thresholds, prices) stay put unless listed in params.",
		Keys: []Key{
			{Path: "sensitivity", Type: TypeTable, Meaning: "Sensitivity analysis options."},
			{Path: "sensitivity.metrics", Type: TypeStringList, Default: `["ttr_mean_h", "features_per_week"]`, Source: "convention: the trade-off organisation designs are chosen on", Meaning: "The results watched (columns of runs.csv): for each, the paired difference between the two designs, and how far each value moves it."},
			{Path: "sensitivity.designs", Type: TypeStringList, Default: "the baseline and the first other design", Source: "convention", Meaning: "The two designs compared, the reference first: the difference is the second minus the first."},
			{Path: "sensitivity.method", Type: TypeString, Default: `"oat"`, Enum: []string{MethodOAT, MethodMorris}, Source: "convention: the cheapest screening design, 2k+1 settings for k values", Meaning: "\"oat\": one value at a time to the low and the high end of its range, finding where a verdict flips by bisection; \"morris\": Morris's elementary effects (1991) along random trajectories, r(k+1) settings, which also show interactions."},
			{Path: "sensitivity.trajectories", Type: TypeInteger, Default: "4", Min: ptr(2), Max: ptr(1000), Source: "assumption: about twice the runs of one at a time; Campolongo et al. (2007) use 10 or more when runs are cheap", Meaning: "Morris's trajectories (r)."},
			{Path: "sensitivity.levels", Type: TypeInteger, Default: "4", Min: ptr(2), Max: ptr(100), Source: "Morris (1991) and Campolongo et al. (2007): 4 levels", Meaning: "Morris's grid levels (p) over each range."},
			{Path: "sensitivity.replications", Type: TypeInteger, Default: "10", Min: ptr(2), Max: ptr(maxReplications), Source: "assumption: keeps one at a time on the default scenario within a minute on two cores; the designs' paired differences are sharp with few", Meaning: "Replications per design and setting; every setting runs the same replications' random numbers."},
			{Path: "sensitivity.spread", Type: TypeNumber, Default: "0.5", Min: ptr(0), Max: ptr(1), Unit: "fraction", Source: "convention: ±50%", Meaning: "The default range: each value ± this fraction, within its bounds (a probability stays within 0 and 1, a count whole)."},
			{Path: "sensitivity.params", Type: TypeSweep, Meaning: "\"dotted.path\" = [low, high]: values with ranges of their own, e.g. \"design.centralized.ops_runbooks\" = [0.25, 1.0] or \"response.handoff\" = [\"5m\", \"30m\"]; paths as in [sweep]."},
			{Path: "sensitivity.only", Type: TypeBoolean, Default: "false", Source: "convention", Meaning: "Vary only the values params lists."},
			{Path: "sensitivity.exclude", Type: TypeStringList, Default: "none", Source: "convention", Meaning: "Values that are not to vary, as paths, e.g. [\"org.product_teams\"]."},
		},
	},
	{
		Title: "[workshop]",
		Intro: "What `opsim serve`'s live page offers a facilitator; nothing here changes what is simulated, and it cannot be swept.",
		Keys: []Key{
			{Path: "workshop", Type: TypeTable, Meaning: "Workshop options."},
			{Path: "workshop.levers", Type: TypeStringList, Default: "none: the page's standard levers only", Source: "convention", Meaning: "More keys the page shows as controls, as --set paths (e.g. \"learning.reduction\", \"design.sre.sre_team_size\"), beside its standard ones: product teams, incident rate, tickets, coupling, monitoring, ops team size, on-call rotation and interrupt policy."},
			{Path: "workshop.grow", Type: TypeIntegerList, Default: "the values of a sweep of org.product_teams alone, else [5, 10, 20, 30, 40]", Source: "assumption: from a small company to one a central team of eight has long outgrown", Meaning: "The numbers of product teams \"Grow the organisation\" walks through, rising; at least two."},
			{Path: "workshop.replications", Type: TypeInteger, Default: "the scenario's replications", Min: ptr(2), Max: ptr(maxReplications), Source: "convention", Meaning: "Replications per design on the live page: fewer make a larger organisation answer sooner."},
		},
	},
	{
		Title: "[sweep]",
		Intro: "Vary values across runs: every listed value of every key is run, as a grid in file order.",
		Keys: []Key{
			{Path: "sweep", Type: TypeSweep, Meaning: "\"dotted.path\" = [values], over any number, string or boolean key above. Paths index arrays of tables from 0 (\"incidents.severity.0.share\") and name designs (\"design.NAME.key\"); both must be written in the file. The experiment's own keys (name, replications, seed, baseline, max_events) and [report] cannot be swept. The same paths serve --set, which can also set those."},
		},
	},
}

func ptr(x float64) *float64 { return &x }
