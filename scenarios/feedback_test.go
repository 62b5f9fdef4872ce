package scenarios

import (
	"reflect"
	"testing"

	"github.com/opsim/opsim/models"
)

// Bad values of the feedback mechanisms' keys, each an error naming file,
// line and field like every other key (and seeds of the fuzz corpus).
func init() {
	malformedCases = append(malformedCases, []malformedCase{
		{name: "negative recurrence", src: head + "[prevention]\nrecurrence = -0.5\n", line: 6, field: "prevention.recurrence", msg: "must be zero or more"},
		{name: "reserve above 1", src: head + "[prevention]\nreserve = 1.5\n", line: 6, field: "prevention.reserve", msg: "between 0 and 1"},
		{name: "ceiling below 1", src: head + "[prevention]\nceiling = 0.5\n", line: 6, field: "prevention.ceiling", msg: "must be 1 or more"},
		{name: "misspelt action items", src: head + "[prevention]\naction_item = 2\n", line: 6, field: "prevention.action_item", msg: `did you mean "action_items"?`},
		{name: "schedule step without a time", src: head + "[[schedule]]\nincident_rate = 2.0\n", line: 5, field: "schedule.0.at", msg: "is required"},
		{name: "schedule step that changes nothing", src: head + "[[schedule]]\nat = \"4w\"\n", line: 5, field: "schedule.0", msg: "changes nothing"},
		{name: "schedule with no tickets", src: head + "[[schedule]]\nat = \"4w\"\ntoil_rate = 0.0\n", line: 7, field: "schedule.0.toil_rate", msg: "must be more than 0"},
		{name: "no responders", src: head + "[[incidents.severity]]\nshare = 1.0\neffort = \"1h\"\nresponders = 0\n", line: 8, field: "incidents.severity.0.responders", msg: "must be at least 1"},
		{name: "a design swarm of none", src: head + "swarm = 0\n", line: 5, field: "design.collective.swarm", msg: "must be at least 1"},
		{name: "an unknown freeze", src: head + "[error_budget]\nfreeze = \"sometimes\"\n", line: 6, field: "error_budget.freeze", msg: "must be one of"},
		{name: "a design freeze unknown", src: head + "error_budget = \"never\"\n", line: 5, field: "design.collective.error_budget", msg: "must be one of"},
		{name: "fatigue with no window", src: head + "[fatigue]\npenalty = 0.1\nwindow = \"0\"\n", line: 7, field: "fatigue.window", msg: "must be more than zero"},
		{name: "blame hides more than all", src: head + "[learning]\nblame_hidden = 2\n", line: 6, field: "learning.blame_hidden", msg: "is a probability"},
	}...)
}

// TestFeedbackKeys: every key of [prevention], [[schedule]], [swarm],
// [error_budget], [fatigue], the culture keys of [learning] and the
// feedback keys of a design reaches the model with its unit converted.
func TestFeedbackKeys(t *testing.T) {
	src := `horizon = "10w"
[org]
product_teams = 2
[learning]
blame_hidden = 0.3
blame_escalation = "30m"
ownership = 0.02
ownership_floor = 0.4
[[incidents.severity]]
share = 1.0
effort = "1h"
responders = 3
[prevention]
action_items = 2
action_effort = "2pd"
action_reduction = 0.1
recurrence = 0.5
problem_life = "13w"
ceiling = 3
automate_every = 10
automation_effort = "1pw"
automation_reduction = 0.2
toil_floor = 0.4
reserve = 0.25
[[schedule]]
at = "2w"
ramp = "1w"
incident_rate = 2.5
[[schedule]]
at = "6w"
toil_rate = 0.5
[swarm]
channel_cost = 0.1
[error_budget]
freeze = "all"
reliability_effort = "4h"
reliability_reduction = 0.03
[fatigue]
window = "3d"
threshold = 1
penalty = 0.2
attrition = 0.1
hiring_delay = "6w"
onboarding = "2w"
[design.collective]
reserve = 0.5
swarm = 5
error_budget = "critical"
blameless = false
`
	s, err := Parse("feedback.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	o := s.Org
	if want := (models.PreventionConfig{ActionItems: 2, ActionEffort: 16, ActionReduction: 0.1, Recurrence: 0.5, ProblemLife: 13 * week,
		Ceiling: 3, AutomateEvery: 10, AutomationEffort: 40, AutomationReduction: 0.2, ToilFloor: 0.4, Reserve: 0.25}); o.Prevention != want {
		t.Errorf("prevention %+v, want %+v", o.Prevention, want)
	}
	up, half := 2.5, 0.5
	if want := []models.ScheduleStep{{At: 2 * week, Ramp: week, IncidentRate: &up}, {At: 6 * week, ToilRate: &half}}; !reflect.DeepEqual(o.Schedule, want) {
		t.Errorf("schedule %+v", o.Schedule)
	}
	if o.Swarm.ChannelCost != 0.1 || o.Incident.Severities[0].Responders != 3 {
		t.Errorf("swarm %+v, responders %d", o.Swarm, o.Incident.Severities[0].Responders)
	}
	if want := (models.BudgetConfig{Freeze: models.FreezeAll, ReliabilityEffort: 4, ReliabilityReduction: 0.03}); o.Budget != want {
		t.Errorf("error budget %+v", o.Budget)
	}
	if want := (models.FatigueConfig{Window: 72, Threshold: 1, Penalty: 0.2, Attrition: 0.1, HiringDelay: 6 * week, Onboarding: 2 * week}); o.Fatigue != want {
		t.Errorf("fatigue %+v", o.Fatigue)
	}
	l := o.Learning
	if l.BlameHidden != 0.3 || l.BlameEscalation != 0.5 || l.Ownership != 0.02 || l.OwnershipFloor != 0.4 {
		t.Errorf("learning %+v", l)
	}
	cfgs, err := s.Configs(s.Points()[0])
	if err != nil {
		t.Fatal(err)
	}
	c := cfgs[0]
	if c.Prevention.Reserve != 0.5 || c.Incident.Severities[0].Responders != 5 || c.Budget.Freeze != models.FreezeCritical || c.Learning.Blameless {
		t.Errorf("design overrides: reserve %v, responders %d, freeze %q, blameless %v",
			c.Prevention.Reserve, c.Incident.Severities[0].Responders, c.Budget.Freeze, c.Learning.Blameless)
	}
	if o.Incident.Severities[0].Responders != 3 {
		t.Error("a design's swarm changed the organisation's severities, which every design shares")
	}
}
