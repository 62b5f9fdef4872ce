package models

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
)

// The delivery pipeline (seed 004: promotion through environments, small
// batches, feature toggles, canaries). With every PipelineConfig field at
// its zero value a finished feature deploys at once, alone, and breaks
// production with probability min(1, risk) (deployLegacy): the model as it
// was. With any field set, finished features are changes that wait for a
// batch, and a batch goes through a fixed overhead, pre-production stages,
// the change-management gates and, optionally, a canary before it reaches
// every user.
//
// A batch's latent defects are drawn when it forms: their number is
// Poisson with mean change_failure·(S/reference_size)^batch_exponent, S
// the batch's total effort. The mean equals the old per-deploy chance for
// a batch of one (below 1), and, unlike a chance, does not saturate at one
// incident per deploy. With an exponent above 1 the changes of a batch
// interact, so risk per unit of work grows with batch size while the fixed
// overhead per deploy shrinks: batch size has an optimum (Reinertsen, The
// Principles of Product Development Flow, 2009: the U-curve of transaction
// and holding costs).

// PipelineConfig says how finished features reach production.
type PipelineConfig struct {
	// Batch is the number of finished changes that trigger a deploy (0 or
	// 1: each alone). Cadence, if set, runs a release train instead: every
	// Cadence hours (at the next working hour) whatever is ready ships.
	Batch   int
	Cadence float64
	// Overhead is the team's effort per deploy: pipeline, review, release.
	Overhead float64
	// Stages before production, in order.
	Stages []StageConfig
	// Canary is the fraction of users a new batch reaches first, for
	// CanaryTime hours; the canary detects each defect with probability
	// CanaryCatch and rolls it back automatically, so its incident reaches
	// only that fraction of users (impact scaled by Canary).
	Canary, CanaryCatch, CanaryTime float64
	// Toggles is the share of changes behind a feature toggle: their
	// incidents are mitigated by flipping it, in Mitigate hours, instead of
	// a diagnosis. Rollback rolls a failed deploy back automatically once
	// monitoring sees it, Mitigate hours later, without paging anyone.
	Toggles  float64
	Rollback bool
	Mitigate float64
	// Rework is the effort to fix a failed change, as a fraction of the
	// mean size of its batch's changes: for defects caught by a stage
	// (the batch waits for the fix), in a canary, or that caused an
	// incident (owed once it is restored).
	Rework float64
	// Change management. CAB: a change advisory board meets every CAB
	// hours (from Monday 10:00) and a batch deploys only after the next
	// meeting. FreezeEvery/FreezeLength: the last FreezeLength hours of
	// every FreezeEvery hours are a change freeze.
	CAB                       float64
	FreezeEvery, FreezeLength float64
}

// StageConfig is one pre-production stage (test, staging, QA).
type StageConfig struct {
	Name   string
	Time   float64 // wall-clock hours a batch spends in the stage
	Effort float64 // the team's engineer-hours per batch
	Catch  float64 // probability the stage catches each defect
}

// On reports whether the scenario models a pipeline at all.
func (p *PipelineConfig) On() bool {
	return p.Batch > 1 || p.Cadence > 0 || p.Overhead > 0 || len(p.Stages) > 0 || p.Canary > 0 ||
		p.Toggles > 0 || p.Rollback || p.Rework > 0 || p.CAB > 0 || p.FreezeEvery > 0
}

// pipeline is a team's share of the pipeline: changes waiting for a batch.
type pipeline struct {
	rng   *rand.Rand // defects, catches, toggles, where incidents land
	ready []change
}

// change is a finished feature on its way to production. Its commit is
// when the feature was done: DORA's lead time for changes runs from there.
type change struct{ done, size float64 }

// batch is one deploy's worth of changes moving through the pipeline.
type batch struct {
	t       *team
	changes []change
	size    float64 // total effort of its changes
	defects int     // latent defects not yet caught
	step    int     // stepOverhead, then stages, then stepGate, ...
	worked  bool    // the current stage's effort is done
	waited  bool    // the current stage's time has passed
	dep     *deployment
}

const (
	stepOverhead = -1 // b.step counts stages from 0; these surround them
	stepGate     = 1 << 20
	stepCanary   = stepGate + 1
	stepRollout  = stepGate + 2
)

// deployment is one deploy to production, for DORA's change failure rate
// and failed-deployment recovery time.
type deployment struct {
	t            *team
	start        float64 // when it reached production (canary or all users)
	open         int     // its incidents not yet restored
	failed       bool    // it caused an incident
	rolledOut    bool    // it reached every user (or was deployed the old way)
	warm         bool    // deployed after warm-up: counted
	lastRestore  float64
	reworkEffort float64 // effort to fix one of its failed changes
}

// changeFault is what a deploy gives an incident it causes.
type changeFault struct {
	dep    *deployment
	canary bool // reached only the canary's users, rolled back automatically
	fast   bool // behind a toggle: mitigated in Mitigate hours
	auto   bool // automated rollback once monitoring sees it
}

// deliveryStats are the DORA measures of one replication.
type deliveryStats struct {
	deploys, failed  int
	productDeploys   int         // deploys by product teams, for DORA's per-team frequency
	lead             sim.Samples // hours from commit to every user
	recovery         sim.Samples // hours from deploy to its last incident restored
	caught, rollback int         // defects caught by stages; canary rollbacks
}

func (s *deliveryStats) reset() {
	s.deploys, s.failed, s.caught, s.rollback, s.productDeploys = 0, 0, 0, 0, 0
	s.lead.Reset(0)
	s.recovery.Reset(0)
}

// count counts a deploy to production by team t, after warm-up.
func (s *deliveryStats) count(t *team, warm bool) {
	if !warm {
		return
	}
	s.deploys++
	if t.cfg.Kind == KindProduct {
		s.productDeploys++
	}
}

// deploy ships a finished feature: the old way, or into the pipeline.
func (m *model) deploy(t *team, f *feature) {
	if !m.cfg.Pipeline.On() {
		m.deployLegacy(t, f)
		return
	}
	if t.pipe == nil {
		t.pipe = &pipeline{rng: m.streams.Stream("pipeline/" + t.cfg.Name)}
	}
	p := &m.cfg.Pipeline
	t.pipe.ready = append(t.pipe.ready, change{done: m.env.Now(), size: f.size})
	if p.Cadence == 0 && len(t.pipe.ready) >= max(1, p.Batch) {
		m.formBatch(t)
	}
}

// deployLegacy is a feature deployed at once: a change can break
// production, and a bigger one is riskier: p = change_failure ·
// (size/reference)^exponent, at most 1.
func (m *model) deployLegacy(t *team, f *feature) {
	w := &m.cfg.Work
	now := m.env.Now()
	m.delivery.count(t, m.warm)
	if w.ChangeFailure == 0 {
		return
	}
	owned := t.owned
	if len(owned) == 0 {
		return
	}
	p := math.Min(1, m.changeFailure(t)*math.Pow(f.size/referenceSize(w), w.BatchExponent))
	if t.rng.Float64() < p {
		s := owned[t.rng.IntN(len(owned))]
		dep := &deployment{t: t, start: now, rolledOut: true, warm: m.warm}
		m.occurAs(s, causeChange, nil, &changeFault{dep: dep})
	}
}

func referenceSize(w *WorkConfig) float64 {
	if w.ReferenceSize <= 0 {
		return 24
	}
	return w.ReferenceSize
}

// releaseTrains starts a team's release train: every Cadence hours from
// Monday 10:00, at the next working hour, whatever is ready ships.
func (m *model) releaseTrains(t *team) {
	p := &m.cfg.Pipeline
	if p.Cadence <= 0 {
		return
	}
	k := 0
	var train sim.Handler
	train = sim.Func(func() {
		if t.pipe != nil && len(t.pipe.ready) > 0 {
			m.formBatch(t)
		}
		k++
		next := nextBusinessStart(dayStart + 1 + float64(k)*p.Cadence)
		m.env.Schedule(math.Max(next, m.env.Now()), sim.Normal, train)
	})
	m.env.Schedule(nextBusinessStart(dayStart+1), sim.Normal, train)
}

// formBatch takes the ready changes into one batch and draws its defects.
func (m *model) formBatch(t *team) {
	b := &batch{t: t, changes: t.pipe.ready, step: stepOverhead}
	t.pipe.ready = nil
	for _, c := range b.changes {
		b.size += c.size
	}
	w := &m.cfg.Work
	b.defects = poisson(t.pipe.rng, m.changeFailure(t)*math.Pow(b.size/referenceSize(w), w.BatchExponent))
	m.advance(b)
}

// advance moves a batch on until it has to wait: for the team's effort,
// a stage's time, a fix, a gate, or the canary.
func (m *model) advance(b *batch) {
	p := &m.cfg.Pipeline
	rng := b.t.pipe.rng
	for {
		switch {
		case b.step == stepOverhead:
			b.step = 0
			if p.Overhead > 0 {
				m.pipelineWork(b, catRelease, p.Overhead)
				return
			}
		case b.step < len(p.Stages):
			st := &p.Stages[b.step]
			if !b.worked {
				b.worked = true
				if st.Effort > 0 {
					m.pipelineWork(b, catRelease, st.Effort)
					return
				}
			}
			if !b.waited {
				b.waited = true
				if st.Time > 0 {
					m.env.AfterFunc(st.Time, func() { m.advance(b) })
					return
				}
			}
			caught := binomial(rng, b.defects, st.Catch)
			b.defects -= caught
			b.step++
			b.worked, b.waited = false, false
			if m.warm {
				m.delivery.caught += caught
			}
			if caught > 0 && p.Rework > 0 {
				m.reworkThen(b, caught) // the batch waits for the fix
				return
			}
		case b.step < stepGate:
			b.step = stepGate
		case b.step == stepGate:
			if wait := m.gateWait(b.t, m.env.Now()); wait > 0 {
				m.env.AfterFunc(wait, func() { m.advance(b) })
				return
			}
			b.step = stepCanary
			now := m.env.Now()
			b.dep = &deployment{t: b.t, start: now, warm: m.warm, reworkEffort: p.Rework * b.size / float64(len(b.changes))}
			m.delivery.count(b.t, m.warm)
			if p.Canary > 0 {
				caught := binomial(rng, b.defects, p.CanaryCatch)
				b.defects -= caught
				for range caught {
					m.changeIncident(b, &changeFault{dep: b.dep, canary: true})
				}
				if caught > 0 && m.warm {
					m.delivery.rollback++
				}
				m.env.AfterFunc(p.CanaryTime, func() { m.advance(b) })
				return
			}
		case b.step == stepCanary:
			b.step = stepRollout
			for range b.defects {
				m.changeIncident(b, &changeFault{dep: b.dep, fast: rng.Float64() < p.Toggles, auto: p.Rollback})
			}
			b.defects = 0
			now := m.env.Now()
			if m.warm {
				for _, c := range b.changes {
					m.delivery.lead.Add(now - c.done)
				}
			}
			b.dep.rolledOut = true
			m.recovered(b.dep)
			return
		default:
			return
		}
	}
}

// pipelineWork gives the batch's team effort of a category and resumes
// the batch when it is done. It runs before features and beside tickets.
func (m *model) pipelineWork(b *batch, cat int, hours float64) {
	b.t.submit(&task{cat: cat, then: func() { m.advance(b) }}, prioToil, hours)
}

// reworkThen asks the team to fix n failed changes, then resumes the batch.
func (m *model) reworkThen(b *batch, n int) {
	left := n
	size := m.cfg.Pipeline.Rework * b.size / float64(len(b.changes))
	for range n {
		b.t.submit(&task{cat: catRework, then: func() {
			if left--; left == 0 {
				m.advance(b)
			}
		}}, prioToil, size)
	}
}

// changeIncident is one defect of a batch breaking production (or its
// canary) on one of the team's services. A team that owns no service
// breaks nothing, as in the old model.
func (m *model) changeIncident(b *batch, f *changeFault) {
	owned := b.t.owned
	if len(owned) == 0 {
		return
	}
	s := owned[b.t.pipe.rng.IntN(len(owned))]
	m.occurAs(s, causeChange, nil, f)
}

// faultOpened counts an incident against the deploy that caused it.
func (m *model) faultOpened(f *changeFault) {
	d := f.dep
	d.open++
	if !d.failed {
		d.failed = true
		if d.warm {
			m.delivery.failed++
		}
	}
}

// faultRestored is a change incident restored: its deploy may have
// recovered, and the failed change is owed a fix.
func (m *model) faultRestored(in *incident) {
	d := in.fault.dep
	d.open--
	d.lastRestore = m.env.Now()
	m.recovered(d)
	if w := d.reworkEffort; w > 0 {
		d.t.submit(&task{cat: catRework}, prioToil, w)
	}
}

// recovered records a failed deploy's recovery time once it has reached
// every user and its last incident is restored.
func (m *model) recovered(d *deployment) {
	if d.failed && d.rolledOut && d.open == 0 && d.warm {
		m.delivery.recovery.Add(d.lastRestore - d.start)
	}
}

// autoMitigate restores a change incident without a responder: a canary's
// analysis rolls it back within the canary; automated rollback acts once
// monitoring has seen it. It reports whether it took the incident over.
func (m *model) autoMitigate(in *incident, detectIn float64) bool {
	f := in.fault
	if f == nil {
		return false
	}
	p := &m.cfg.Pipeline
	switch {
	case f.canary:
		in.customer = false
		m.env.AfterFunc(math.Min(detectIn, p.CanaryTime), func() {
			in.detected = m.env.Now()
			m.env.AfterFunc(p.Mitigate, func() { m.restore(in) })
		})
		return true
	case f.auto && !in.customer:
		m.env.AfterFunc(detectIn, func() {
			if !in.restored {
				in.detected = m.env.Now()
				m.env.AfterFunc(p.Mitigate, func() { m.restore(in) })
			}
		})
		return true
	}
	return false
}

// gateWait is how long a batch ready for production must still wait: for
// the next change advisory board, or the end of a change freeze. The
// gates are one list so that a deploy policy (an error budget's freeze,
// issue 9) can join them.
func (m *model) gateWait(t *team, now float64) float64 {
	for _, g := range m.gates {
		if w := g(t, now); w > 0 {
			return w
		}
	}
	return 0
}

// deployGate returns how long team t must wait at time now before it may
// deploy (0: it may).
type deployGate func(t *team, now float64) float64

// buildGates lists the change-management gates the scenario asks for.
func (m *model) buildGates() {
	p := &m.cfg.Pipeline
	if p.CAB > 0 {
		const meeting = dayStart + 1 // Monday 10:00, then every CAB hours
		m.gates = append(m.gates, func(t *team, now float64) float64 {
			k := math.Ceil((now - meeting) / p.CAB)
			return math.Max(0, meeting+k*p.CAB-now)
		})
	}
	if p.FreezeEvery > 0 && p.FreezeLength > 0 {
		m.gates = append(m.gates, func(t *team, now float64) float64 {
			into := math.Mod(now, p.FreezeEvery)
			if into >= p.FreezeEvery-p.FreezeLength {
				return p.FreezeEvery - into
			}
			return 0
		})
	}
}

// poisson draws a Poisson count with mean lambda: by inversion for the
// small means of defects per deploy, by a normal approximation beyond 30.
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*rng.NormFloat64())))
	}
	u := rng.Float64()
	p := math.Exp(-lambda)
	k := 0
	for cum := p; u > cum && k < 1000; cum += p {
		k++
		p *= lambda / float64(k)
	}
	return k
}

// binomial is the number of n trials that succeed with probability p.
func binomial(rng *rand.Rand, n int, p float64) int {
	k := 0
	for range n {
		if rng.Float64() < p {
			k++
		}
	}
	return k
}

// pipeline checks the [deploy] and [change] keys.
func (c *checker) pipeline(p *PipelineConfig) {
	c.nonNegInt("deploy.batch", p.Batch)
	c.nonNeg("deploy.cadence", p.Cadence)
	if p.Cadence > 0 && p.Batch > 1 {
		c.add("deploy.batch", "has no effect with a release train (deploy.cadence): each train ships whatever is ready")
	}
	c.nonNeg("deploy.overhead", p.Overhead)
	for i, st := range p.Stages {
		path := fmt.Sprintf("deploy.stage.%d", i)
		c.nonNeg(path+".time", st.Time)
		c.nonNeg(path+".effort", st.Effort)
		c.prob(path+".catch", st.Catch)
	}
	c.prob("deploy.canary", p.Canary)
	c.prob("deploy.canary_catch", p.CanaryCatch)
	c.nonNeg("deploy.canary_time", p.CanaryTime)
	if p.Canary == 0 && p.CanaryCatch > 0 {
		c.add("deploy.canary_catch", "has no effect without a canary (deploy.canary, the share of users it reaches)")
	}
	c.prob("deploy.toggles", p.Toggles)
	c.nonNeg("deploy.mitigate", p.Mitigate)
	c.nonNeg("deploy.rework", p.Rework)
	c.nonNeg("change.cab", p.CAB)
	c.nonNeg("change.freeze_every", p.FreezeEvery)
	c.nonNeg("change.freeze_length", p.FreezeLength)
	if p.FreezeLength > 0 && !(p.FreezeLength < p.FreezeEvery) {
		c.add("change.freeze_length", "must be shorter than change.freeze_every (%v hours), got %v", p.FreezeEvery, p.FreezeLength)
	}
}
