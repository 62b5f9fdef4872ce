package campaign

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/opsim/opsim/results"
)

// MergeOptions configures [Merge].
type MergeOptions struct {
	// Force replaces a folder holding another experiment.
	Force bool
	// Report writes report.html, report.md and the figures.
	Report bool
}

// Merge joins the results folders of a sharded campaign (Slurm array
// tasks, Kubernetes indexed jobs, GNU parallel slots) into out, which gets
// the folder an unsharded campaign would have written, byte for byte. Each
// shard is checked first (its checksums) and against the others (one
// experiment, no run twice, none missing); the runs then stream through,
// one per shard at a time, rendered in parallel across shards.
func Merge(ctx context.Context, out string, shards []string, opt MergeOptions) (*Result, error) {
	if len(shards) == 0 {
		return nil, errors.New("no shard folders")
	}
	heads := make([]*results.Set, len(shards))
	for i, dir := range shards {
		if _, err := os.Stat(filepath.Join(dir, stateDir, stateFile)); err == nil {
			if _, err := os.Stat(filepath.Join(dir, results.ManifestFile)); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%w: %s is a shard that has not finished; rerun its command to resume it", ErrRefused, dir)
			}
		}
		h, err := results.Head(dir)
		if err != nil {
			return nil, err
		}
		heads[i] = h
	}
	if err := results.CheckShards(heads, shards); err != nil {
		return nil, err
	}
	m := heads[0].Manifest
	m.Shard = ""
	want := IdentityOf(&m)
	if _, err := ChooseDir(out, "", opt.Force, want, false); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(out, stateDir), 0o755); err != nil {
		return nil, err
	}
	lock, err := lockFile(filepath.Join(out, stateDir, "lock"))
	if err != nil {
		return nil, err
	}
	defer func() {
		lock.Close()
		os.RemoveAll(filepath.Join(out, stateDir))
	}()
	if _, err := results.Recover(out); err != nil {
		return nil, err
	}
	sc := results.Schema{Metrics: heads[0].Metrics, Tables: heads[0].Tables}
	if len(m.Points) > 0 {
		for _, p := range m.Points[0].Params {
			sc.Params = append(sc.Params, p.Name)
		}
	}
	a, err := newAssembly(results.OS, out, &m, &sc, opt.Report, nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	streams := make([]*shardStream, len(shards))
	for i, dir := range shards {
		streams[i] = streamShard(ctx, dir, &sc)
	}
	fail := func(err error) (*Result, error) {
		cancel(err)
		a.abort()
		if ctx.Err() != nil && context.Cause(ctx) != err {
			return nil, context.Cause(ctx)
		}
		return nil, err
	}
	for _, id := range m.Runs {
		var found *results.Rendered
		for i, s := range streams {
			r, err := s.peek()
			if err != nil {
				return fail(fmt.Errorf("%s: %w", shards[i], err))
			}
			if r == nil || r.Record.ID != id {
				continue
			}
			if found != nil {
				return fail(fmt.Errorf("run %q is in more than one shard, %s among them", id, shards[i]))
			}
			found = r
			s.take()
		}
		if found == nil {
			return fail(fmt.Errorf("run %q is in no shard; is a shard missing?", id))
		}
		if err := a.add(found); err != nil {
			return fail(err)
		}
	}
	for i, s := range streams {
		if r, err := s.peek(); err != nil || r != nil {
			if err == nil {
				err = fmt.Errorf("run %q is not in the experiment's run list, or out of order", r.Record.ID)
			}
			return fail(fmt.Errorf("%s: %w", shards[i], err))
		}
	}
	res := &Result{Dir: out}
	if err := a.finish(ctx, opt.Report, res); err != nil {
		return nil, err
	}
	return res, nil
}

// shardStream reads a shard's runs in a goroutine, rendered, one ahead.
type shardStream struct {
	ch   chan *results.Rendered
	errc chan error
	next *results.Rendered
	have bool
	err  error
}

func streamShard(ctx context.Context, dir string, sc *results.Schema) *shardStream {
	s := &shardStream{ch: make(chan *results.Rendered, 1), errc: make(chan error, 1)}
	go func() {
		defer close(s.ch)
		_, err := results.Scan(dir, results.ScanOptions{}, func(d *results.RunData) error {
			r, err := results.Render(sc, d)
			if err != nil {
				return err
			}
			select {
			case s.ch <- r:
				return nil
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		})
		s.errc <- err
	}()
	return s
}

// peek returns the shard's next run, nil at its end.
func (s *shardStream) peek() (*results.Rendered, error) {
	if !s.have {
		r, ok := <-s.ch
		if !ok {
			s.err = <-s.errc
			s.errc <- s.err // for later peeks
		}
		s.next, s.have = r, true
	}
	return s.next, s.err
}

func (s *shardStream) take() { s.have = false }
