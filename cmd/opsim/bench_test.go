package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
)

// BenchmarkDefaultScenario is `opsim run scenarios/default.toml`: 2 designs
// × 30 replications of one simulated year, summarised and written. One
// iteration is the whole command.
func BenchmarkDefaultScenario(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if code := run(context.Background(), []string{"run", filepath.Join("..", "..", "scenarios", "default.toml"), "-o", dir, "-q"}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
