package calibrate

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// exportReader streams an opsim event log of n rows without holding it:
// a block of 10,000 generated rows is replayed with a block prefix on the
// ids, so memory measured during Fit is Fit's own.
type exportReader struct {
	block   [][]byte // rows without their id
	rows    int
	next    int
	pending bytes.Buffer
}

func newExportReader(rows int) *exportReader {
	rng := rand.New(rand.NewPCG(9, 9))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(h float64) string {
		return start.Add(time.Duration(h * float64(time.Hour))).Format("2006-01-02T15:04:05.000Z07:00")
	}
	r := &exportReader{rows: rows}
	r.pending.WriteString(strings.Join(fieldNames(), ",") + "\n")
	var t float64
	for i := 0; i < 10000; i++ {
		t += rng.ExpFloat64() * 0.9
		det := t + rng.ExpFloat64()*0.1
		ack := det + rng.ExpFloat64()*0.2
		first := ack + rng.ExpFloat64()*0.05
		res := first + math.Exp(rng.NormFloat64())
		svc, team := fmt.Sprintf("svc-%02d", rng.IntN(40)), fmt.Sprintf("team-%d", rng.IntN(8))
		var row string
		if rng.IntN(3) == 0 {
			row = fmt.Sprintf(",ticket,%s,,,%s,%s,,%s,%s,,,,\n", at(t), at(first), at(res), team, team)
		} else {
			row = fmt.Sprintf(",incident,%s,%s,%s,%s,%s,%s,%s,%s,SEV%d,base,%s,0\n", at(t), at(det), at(ack), at(first), at(res),
				svc, team, team, 1+rng.IntN(4), []string{"monitoring", "customer"}[rng.IntN(2)])
		}
		r.block = append(r.block, []byte(row))
	}
	return r
}

func (r *exportReader) Read(p []byte) (int, error) {
	for r.pending.Len() < len(p) && r.next < r.rows {
		fmt.Fprintf(&r.pending, "b%d-%d", r.next/len(r.block), r.next%len(r.block))
		r.pending.Write(r.block[r.next%len(r.block)])
		r.next++
	}
	if r.pending.Len() == 0 {
		return 0, io.EOF
	}
	return r.pending.Read(p)
}

// peakHeap samples the heap's live and not-yet-swept objects every 2 ms
// while f runs, through runtime/metrics, which (unlike ReadMemStats) does
// not stop the world and so does not slow what it measures.
func peakHeap(f func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}

// BenchmarkFit streams 100,000 and 1,000,000-row event logs through Fit
// and reports rows per second and the peak live heap: memory grows by the
// 16 bytes a row needed to find duplicate ids, not with the rows' text.
func BenchmarkFit(b *testing.B) {
	for _, rows := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				r := newExportReader(rows)
				runtime.GC()
				p := peakHeap(func() {
					c, err := Fit("bench.csv", r, Options{})
					if err != nil || c.Incidents+c.Tickets != rows {
						b.Fatalf("%v: %d rows fitted", err, c.Rows)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
