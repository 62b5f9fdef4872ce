package scenarios

import "github.com/opsim/opsim/models"

// The reference of the feedback mechanisms' tables, kept beside their
// schema (schema_feedback.go); Reference lists these sections in order.

const (
	srcRepenning = "Repenning, \"Understanding Fire Fighting in New Product Development\", Journal of Product Innovation Management 18(5), 2001, and Repenning, Gonçalves & Black, \"Past the Tipping Point: The Persistence of Firefighting in Product Development\", California Management Review 43(4), 2001: problems left unsolved come back as more unplanned work, which is self-reinforcing past a tipping point"
	srcCagan     = "Cagan, Inspired (2nd ed., 2017): product management takes 20% of engineering capacity \"off the top\" for engineering's own work (rewrites, re-architecture, refactoring)"
	srcBudget    = "SRE workbook (Beyer et al., The Site Reliability Workbook, O'Reilly 2018), ch. 2 \"Implementing SLOs\" and appendix B \"Example Error Budget Policy\": a service over its error budget for the trailing four weeks halts changes and releases other than P0 and security fixes until it is back within its SLO, and the team works on reliability"
	srcBlame     = "Westrum, \"A typology of organisational cultures\", Quality and Safety in Health Care 13(suppl 2), 2004 (pathological cultures shoot the messenger and cover failures up; Forsgren, Humble & Kim, Accelerate, 2018, find his generative culture predicts delivery performance), and Probst & Estrada, Accident Analysis and Prevention 42(5), 2010 (fear of blame and its consequences among the main reasons incidents go unreported); magnitudes: assumption"
	srcToil      = "SRE book (Beyer et al. 2016), ch. 5 \"Eliminating Toil\": toil is automatable work that scales with the service; magnitudes: assumption"
)

var preventionSection = Section{
	Title: "[prevention]",
	Intro: "Prevention work and the problems it fixes: postmortem action items, toil automation, and how much of product teams' capacity they may take. Off unless action_items, recurrence or automate_every is set; with recurrence, Repenning's firefighting trap can emerge.",
	Keys: []Key{
		{Path: "prevention", Type: TypeTable, Meaning: "Prevention work."},
		{Path: "prevention.action_items", Type: TypeInteger, Default: "0", Min: ptr(0), Meaning: "Action items each postmortem produces: planned work of the service's team that, once done, lowers the service's incident rate. 0: none (postmortems alone teach).", Source: "off: no action items unless a scenario asks for them"},
		{Path: "prevention.action_effort", Type: TypeDuration, Default: `"1pd"`, Unit: "effort", Meaning: "Effort of one action item.", Source: srcAssumption},
		{Path: "prevention.action_reduction", Type: TypeNumber, Default: "0.05", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Each action item done lowers its service's incident rate by this fraction, down to learning.floor of its base rate.", Source: srcAssumption},
		{Path: "prevention.recurrence", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "base rates per open problem", Meaning: "An incident with a postmortem severity leaves its root cause open until its postmortem and action items are done; meanwhile the problem recurs, adding this multiple of the service's base rate to its incident rate. 0: problems are not modelled.", Source: "off by default; the mechanism is ITIL problem management's (a problem not removed brings its incidents back) and " + srcRepenning + "; magnitude: assumption"},
		{Path: "prevention.problem_life", Type: TypeDuration, Default: `"26w"`, Meaning: "Mean (exponential) time after which an open problem goes away by itself (the code is rewritten, traffic moves on); \"0\": never.", Source: srcAssumption},
		{Path: "prevention.ceiling", Type: TypeNumber, Default: "4", Min: ptr(0), Unit: "base rates", Meaning: "Open problems raise a service's rate to at most this multiple of its base rate (0: no cap), so that a service deep in the trap keeps a finite rate.", Source: srcAssumption},
		{Path: "prevention.automate_every", Type: TypeInteger, Default: "0", Min: ptr(0), Unit: "tickets", Meaning: "Every this many tickets a team's services raise give the team that takes them first an automation item. 0: no automation.", Source: "off: " + srcToil},
		{Path: "prevention.automation_effort", Type: TypeDuration, Default: `"2pd"`, Unit: "effort", Meaning: "Effort of one automation item.", Source: srcAssumption},
		{Path: "prevention.automation_reduction", Type: TypeNumber, Default: "0.05", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Each automation item done lowers the ticket rate of the team whose tickets it automates by this fraction ...", Source: srcAssumption},
		{Path: "prevention.toil_floor", Type: TypeNumber, Default: "0.3", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "... down to this fraction of its original rate: requests that need a person.", Source: srcAssumption},
		{Path: "prevention.reserve", Type: TypeNumber, Default: "0.2", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Share of a product team's WIP slots reserved for improvement work (rounded, at least one when above 0): waiting improvement work takes a freed slot first while fewer hold it. 0 is \"features first\": under saturated demand improvement work then never starts. Teams whose planned work is engineering (ops, SRE, platform) always take improvement work first.", Source: srcCagan},
	},
}

var scheduleSection = Section{
	Title: "[[schedule]]",
	Intro: "Load that changes during a run: at given times after the warm-up, every service's incident rate or every team's ticket rate is scaled, at once or along a ramp. Multipliers are of the scenario's own rates, so a step back to 1 restores them.",
	Keys: []Key{
		{Path: "schedule", Type: TypeArrayOfTables, Meaning: "One table per change, in any order."},
		{Path: "schedule[].at", Type: TypeDuration, Default: "required", Meaning: "When the change begins, after the warm-up."},
		{Path: "schedule[].ramp", Type: TypeDuration, Default: `"0"`, Meaning: "How long the change takes: the multipliers move linearly, a step a day; \"0\": at once. A later step stops a ramp still under way.", Source: "convention"},
		{Path: "schedule[].incident_rate", Type: TypeNumber, Default: "unchanged", Source: "convention", Min: ptr(0), Unit: "multiplier", Meaning: "Every service's incident rate from then on, as a multiple of what learning and problems make it."},
		{Path: "schedule[].toil_rate", Type: TypeNumber, Default: "unchanged", Source: "convention", Min: ptr(0), Unit: "multiplier", Meaning: "Every team's ticket rate from then on, as a multiple of what automation leaves; more than 0."},
	},
}

var swarmSection = Section{
	Title: "[swarm]",
	Intro: "What pulling several responders into one incident costs (incidents.severity[].responders, design.NAME.swarm): the work splits among n responders, but every pair of them is a channel to keep in sync, so each one's part is effort/n + channel_cost · effort · (n−1)/2 and time to restore is U-shaped in n. Everyone pulled in leaves planned work and pays the refocus to get back to it.",
	Keys: []Key{
		{Path: "swarm", Type: TypeTable, Meaning: "Swarming."},
		{Path: "swarm.channel_cost", Type: TypeNumber, Default: "0.08", Min: ptr(0), Unit: "fraction of the effort per channel", Meaning: "What each channel between two responders costs, as a share of the incident's effort spread over the responders; time to restore bottoms out at √(2/channel_cost) responders.", Source: "channels: Brooks, The Mythical Man-Month (1975), n(n−1)/2; 0.08 puts the bottom at 5 responders, the optimal span of control of the Incident Command System (FEMA, National Incident Management System, 2017: 1 to 5, within 3 to 7); assumption"},
	},
}

var budgetSection = Section{
	Title: "[error_budget]",
	Intro: "Error budgets: a service's budget is the impaired time its SLO allows over a rolling 28-day window, (1 − slo) × 28 days, and every service's burn (the share of it the last 28 days used) is measured. Under a freeze policy, a team owning a service that has burned its whole budget stops shipping features (finished ones wait, none start) and puts every free WIP slot on reliability work for that service until its window is back within budget. The sre preset freezes for the critical services (design.NAME.error_budget).",
	Keys: []Key{
		{Path: "error_budget", Type: TypeTable, Meaning: "Error budgets and what a burned one does."},
		{Path: "error_budget.freeze", Type: TypeString, Default: `"off"`, Enum: []string{models.FreezeOff, models.FreezeCritical, models.FreezeAll}, Meaning: "Whose burned budgets freeze their owners' feature deploys: none, the critical services, or all; a design can override it.", Source: "off: the policy is a choice (" + srcBudget + ")"},
		{Path: "error_budget.reliability_effort", Type: TypeDuration, Default: `"1pd"`, Unit: "effort", Meaning: "Effort of one item of reliability work under a freeze.", Source: srcAssumption},
		{Path: "error_budget.reliability_reduction", Type: TypeNumber, Default: "0.01", Min: ptr(0), Max: ptr(1), Unit: "fraction", Meaning: "Each item lowers the burned service's incident rate by this fraction, down to learning.floor of its base rate.", Source: srcAssumption},
	},
}

var fatigueSection = Section{
	Title: "[fatigue]",
	Intro: "On-call fatigue and attrition. Every page to a business-hours team outside working hours wakes its primary; a person paged at home more than threshold times within window is fatigued: each page above it makes them 1 + penalty slower to acknowledge at home and to mitigate at night, and the team's changes fail more often by the mean of its people's multipliers. With attrition set, people leave with a chance rising with the after-hours pages of their last quarter, are replaced after hiring_delay and work only after onboarding. Off unless penalty or attrition is set.",
	Keys: []Key{
		{Path: "fatigue", Type: TypeTable, Meaning: "Fatigue and attrition."},
		{Path: "fatigue.window", Type: TypeDuration, Default: `"1w"`, Meaning: "How far back a person's after-hours pages count toward fatigue.", Source: "assumption (a week, the common on-call rotation)"},
		{Path: "fatigue.threshold", Type: TypeInteger, Default: "2", Min: ptr(0), Unit: "pages", Meaning: "After-hours pages in the window a person takes without effect.", Source: "assumption, after the SRE book's (ch. 11) limit of two incidents per on-call shift"},
		{Path: "fatigue.penalty", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "fraction per page", Meaning: "How much slower and more error-prone each page above the threshold makes a person: acknowledgement at home, mitigation at night and the team's change-failure chance scale by 1 + penalty × pages above. 0: no fatigue.", Source: "off; the direction: broken sleep impairs performance on waking and the next day (Ferguson et al., \"On-call work: to sleep or not to sleep? It depends\", Chronobiology International 33(6), 2016); magnitude: assumption (0.1 is a plausible start)"},
		{Path: "fatigue.attrition", Type: TypeNumber, Default: "0", Min: ptr(0), Unit: "per year per weekly page", Meaning: "A person's yearly hazard of leaving per after-hours page a week over their last quarter: paged twice a week, 0.1 gives a 20% yearly chance of leaving on top of whatever else makes people leave (not modelled). 0: nobody leaves.", Source: "off; the direction: burnout predicts leaving (Trinkenreich, Santos & Stol, \"Predicting Attrition among Software Professionals\", ACM TOSEM 2024; DORA 2023 finds unplanned work predicts burnout); magnitude: assumption"},
		{Path: "fatigue.hiring_delay", Type: TypeDuration, Default: `"8w"`, Meaning: "How long a seat stays empty before its replacement starts.", Source: srcAssumption},
		{Path: "fatigue.onboarding", Type: TypeDuration, Default: `"4w"`, Meaning: "How long a new hire takes before working in the pool and the rotation: the equivalent of a ramp rising linearly to full speed over twice as long.", Source: srcAssumption},
	},
}
