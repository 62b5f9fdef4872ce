package models

// The SRE book's safety valve (ch. 5, "Eliminating Toil"; ch. 29): an SRE
// team spends at most half its time on operational work, on-call included;
// when it passes
// the cap, the excess goes back to the development teams (pages and
// tickets redirected to them) until it falls again. A team with
// TeamConfig.OpsCap measures its operational share of working time over
// the trailing week, each day, and while it is over the cap its place in
// escalation chains is skipped (chainFor).

// capWindow is the trailing window of the cap, in days: a week, so that
// weekends and a bad day neither trip nor release the valve (assumption:
// the SRE book gives the principle, not the window).
const capWindow = 7

// opsCap is one team's record for its operational cap.
type opsCap struct {
	op, present        [capWindow]float64 // per day: operational and present engineer-hours
	lastOp, lastPresnt float64
	n                  int
	handback           bool
	days               int // days in handback since warm-up
}

// sample closes a day: it updates the trailing week and decides whether
// the team hands incidents back tomorrow.
func (c *opsCap) sample(t *team, now float64) {
	if t.cfg.OpsCap <= 0 {
		return
	}
	u := t.ledger.use(now)
	// On-call work at night is operational work too (the SRE book counts
	// on-call in the 50%): it counts on both sides of the share.
	op := u.work[catInterrupt] + u.work[catToil] + u.work[stSwitch] + u.afterHours()
	present := u.present + u.afterHours()
	k := c.n % capWindow
	c.op[k], c.present[k] = op-c.lastOp, present-c.lastPresnt
	c.lastOp, c.lastPresnt = op, present
	c.n++
	var o, p float64
	for i := range c.op {
		o += c.op[i]
		p += c.present[i]
	}
	c.handback = p > 0 && o/p > t.cfg.OpsCap
	if c.handback {
		c.days++
	}
}
