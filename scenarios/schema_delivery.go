package scenarios

import (
	"fmt"

	"github.com/opsim/opsim/models"
)

// The schema of the delivery pipeline, coordination costs and money: four
// tables, every key off by default, so a scenario without them runs the
// model as it was.
//
// [deploy] (deployTOML): how finished features reach production.
//
//	batch         int       default 1 (every change deploys alone)
//	cadence       Duration  default "0" (no release train)
//	overhead      Duration  default "0"; effort per deploy
//	canary        float     default 0; share of users a canary reaches first
//	canary_catch  float     default 0; share of bad changes the canary catches
//	canary_time   Duration  default "1h"
//	toggles       float     default 0; share of changes behind a feature toggle
//	rollback      bool      default false; automated rollback
//	mitigate      Duration  default "10m"; a toggle flip or a rollback
//	rework        float     default 0; fix effort per failed change, of its size
//
// [[deploy.stage]] (stageTOML): name required; time "0", effort "0",
// catch 0.
//
// [change] (changeTOML): cab "0" (a change advisory board's meeting
// interval), freeze_every "0", freeze_length "0".
//
// [coordination] (coordinationTOML): per_peer 0, turnover 0 (a year),
// onboarding "0", incident "0", platform_requests "0/week",
// platform_blocking false.
//
// [costs] (costsTOML): engineer_year = { product = ..., ops = ... },
// on_call_hour, after_hours_page, outage_minute_critical, outage_minute,
// sla (0: each service's SLO), sla_credit, pm_hour; all 0.

type deployTOML struct {
	Batch       int         `toml:"batch"`
	Cadence     Duration    `toml:"cadence"`
	Overhead    Duration    `toml:"overhead"`
	Stage       []stageTOML `toml:"stage"`
	Canary      float64     `toml:"canary"`
	CanaryCatch float64     `toml:"canary_catch"`
	CanaryTime  Duration    `toml:"canary_time"`
	Toggles     float64     `toml:"toggles"`
	Rollback    bool        `toml:"rollback"`
	Mitigate    Duration    `toml:"mitigate"`
	Rework      float64     `toml:"rework"`
}

func (d *deployTOML) setDefaults() {
	d.Batch = 1
	d.CanaryTime = 1       // assumption: an hour of canary analysis
	d.Mitigate = 10.0 / 60 // assumption: flipping a toggle or rolling back takes minutes
}

type stageTOML struct {
	Name   string   `toml:"name"`
	Time   Duration `toml:"time"`
	Effort Duration `toml:"effort"`
	Catch  float64  `toml:"catch"`
}

type changeTOML struct {
	CAB          Duration `toml:"cab"`
	FreezeEvery  Duration `toml:"freeze_every"`
	FreezeLength Duration `toml:"freeze_length"`
}

type coordinationTOML struct {
	PerPeer          float64  `toml:"per_peer"`
	Turnover         float64  `toml:"turnover"`
	Onboarding       Duration `toml:"onboarding"`
	Incident         Duration `toml:"incident"`
	PlatformRequests Rate     `toml:"platform_requests"`
	PlatformBlocking bool     `toml:"platform_blocking"`
}

type costsTOML struct {
	EngineerYear         map[string]float64 `toml:"engineer_year"`
	OnCallHour           float64            `toml:"on_call_hour"`
	AfterHoursPage       float64            `toml:"after_hours_page"`
	OutageMinuteCritical float64            `toml:"outage_minute_critical"`
	OutageMinute         float64            `toml:"outage_minute"`
	SLA                  float64            `toml:"sla"`
	SLACredit            float64            `toml:"sla_credit"`
	PMHour               float64            `toml:"pm_hour"`
}

// convertDelivery fills the organisation's pipeline, coordination and
// costs from the file.
func convertDelivery(c *checker, f *fileTOML, o *models.Org) {
	d := &f.Deploy
	o.Pipeline = models.PipelineConfig{
		Batch: d.Batch, Cadence: d.Cadence.Hours(), Overhead: d.Overhead.Hours(),
		Canary: d.Canary, CanaryCatch: d.CanaryCatch, CanaryTime: d.CanaryTime.Hours(),
		Toggles: d.Toggles, Rollback: d.Rollback, Mitigate: d.Mitigate.Hours(), Rework: d.Rework,
		CAB: f.Change.CAB.Hours(), FreezeEvery: f.Change.FreezeEvery.Hours(), FreezeLength: f.Change.FreezeLength.Hours(),
	}
	for i, st := range d.Stage {
		if st.Name == "" {
			c.add(fmt.Sprintf("deploy.stage.%d.name", i), "is required: the stage's name, e.g. \"staging\"")
		}
		o.Pipeline.Stages = append(o.Pipeline.Stages, models.StageConfig{Name: st.Name, Time: st.Time.Hours(), Effort: st.Effort.Hours(), Catch: st.Catch})
	}
	k := &f.Coordination
	o.Coordination = models.CoordinationConfig{
		PerPeer: k.PerPeer, Turnover: k.Turnover, Onboarding: k.Onboarding.Hours(), Incident: k.Incident.Hours(),
		PlatformRequests: k.PlatformRequests.PerHour(), PlatformBlocking: k.PlatformBlocking,
	}
	m := &f.Costs
	o.Costs = models.CostConfig{
		EngineerYear: m.EngineerYear, OnCallHour: m.OnCallHour, AfterHoursPage: m.AfterHoursPage,
		OutageMinuteCritical: m.OutageMinuteCritical, OutageMinute: m.OutageMinute,
		SLA: m.SLA, SLACredit: m.SLACredit, PMHour: m.PMHour,
	}
}
