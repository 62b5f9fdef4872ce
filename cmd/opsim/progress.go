package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress shows how far a campaign is: on a terminal a bar redrawn in
// place, elsewhere (a batch job's log, CI) a plain line every
// plainEvery, so that a log shows the job is alive without filling up.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	now      func() time.Time
	start    time.Time
	last     time.Time
	first    int // runs already done when this invocation started
	started  bool
	done     int
	total    int
}

// plainEvery is how often a plain progress line is written.
const plainEvery = 5 * time.Second

func newProgress(w io.Writer) *progress {
	if w == nil {
		return &progress{}
	}
	return &progress{w: w, terminal: isTerminal(w), now: time.Now}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// set notes that done of total runs are done.
func (p *progress) set(done, total int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !p.started {
		p.started, p.start, p.last, p.first = true, now, now, done
	}
	p.done, p.total = done, total
	every := plainEvery
	if p.terminal {
		every = 100 * time.Millisecond
	}
	if done < total && now.Sub(p.last) < every {
		return
	}
	if !p.terminal && done == total && now.Sub(p.start) < plainEvery {
		return // a short run needs no progress in a log
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	eta := ""
	if ran := done - p.first; ran > 0 && done < total {
		eta = fmt.Sprintf(", about %s left", (time.Duration(el/float64(ran)*float64(total-done)) * time.Second).Round(time.Second))
	}
	if !p.terminal {
		fmt.Fprintf(p.w, "progress: %d/%d runs (%.0f%%), %s elapsed%s\n", done, total, 100*float64(done)/float64(max(1, total)),
			(time.Duration(el) * time.Second).Round(time.Second), eta)
		return
	}
	const width = 30
	fill := width * done / max(1, total)
	// \x1b[K clears what a longer previous line left behind.
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d runs, %.1fs%s\x1b[K", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done, total, el, eta)
}

// end finishes the bar's line.
func (p *progress) end() {
	if p.w != nil && p.terminal && p.started {
		fmt.Fprintln(p.w)
	}
}
