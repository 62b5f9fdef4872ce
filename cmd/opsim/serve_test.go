package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// freePort picks a free port of 18811-18899 at random, so that tests of
// opsim serve running beside other work on the machine do not collide.
func freePort(t *testing.T) int {
	t.Helper()
	for range 50 {
		p := 18811 + rand.IntN(89)
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			ln.Close()
			return p
		}
	}
	t.Fatal("no free port in 18811-18899")
	return 0
}

// syncBuffer is a Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// opsim serve as the README and docs/workshop.md show it: it prints the
// page's address, serves the page and the scenario it was given first,
// and stops cleanly on a signal (here, its context).
func TestServeCommand(t *testing.T) {
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "../../scenarios/growth.toml", "--port", fmt.Sprint(port)}, &out, &errs)
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	var resp *http.Response
	var err error
	for range 100 {
		if resp, err = http.Get(base); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("the page at %s: %v (stderr: %s)", base, err, errs.String())
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Grow the organisation") || !strings.Contains(out.String(), "opsim workshop: "+base) {
		t.Errorf("page %d bytes, stdout %q", len(page), out.String())
	}
	resp, err = http.Get(base + "api/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	var list []struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list) < 2 || list[0].ID != "../../scenarios/growth.toml" {
		t.Errorf("scenarios %+v, want the given one first", list)
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after a signal: %s", c, errs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("opsim serve did not stop")
	}
}

func TestServeBadArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "a.toml", "b.toml"}, "at most one scenario"},
		{[]string{"serve", "missing.toml"}, "missing.toml"},
		{[]string{"serve", "--port", "70000"}, "--port 70000"},
		{[]string{"serve", "--max-runs", "0"}, "--max-runs 0: want at least 1"},
	} {
		code, _, errs := opsim(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, errs, exitUsage, tc.want)
		}
	}
}
