package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/opsim/opsim/analysis"
)

// BenchmarkSensitivityDefault is `opsim sensitivity scenarios/default.toml`
// with its defaults (one value at a time, 10 replications, every core):
// issue 8 asks that it fit in what the workers can do in a minute. It
// reports the runs and settings it simulates and its time as a share of
// that minute (minute_share, which should stay below 1 on 2 cores).
func BenchmarkSensitivityDefault(b *testing.B) {
	dir := b.TempDir()
	var s analysis.Sensitivity
	start := time.Now()
	n := 0
	for b.Loop() {
		var out bytes.Buffer
		if code := run(context.Background(), []string{"sensitivity", filepath.Join("..", "..", "scenarios", "default.toml"), "-o", dir, "-q", "--json"}, &out, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
		if err := json.Unmarshal(out.Bytes(), &s); err != nil {
			b.Fatal(err)
		}
		n++
	}
	per := time.Since(start).Seconds() / float64(n)
	b.ReportMetric(float64(s.Runs), "runs/op")
	b.ReportMetric(float64(s.Settings), "settings/op")
	b.ReportMetric(float64(len(s.Params)), "values/op")
	b.ReportMetric(per/60, "minute_share")
}
