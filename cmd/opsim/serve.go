package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/opsim/opsim/cmd/workshop"
)

// cmdServe starts the workshop page: a local web server a facilitator
// opens in a browser (or a room on the LAN with --lan).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("serve [flags] [SCENARIO]",
		"Starts the workshop page, a local web server: choose a scenario (the one given, or a bundled\none), see its designs side by side on common random numbers, move its levers and watch the\nestimates fill in as replications finish, then grow the organisation until a design breaks.\nEverything is in the binary: no internet is needed. See docs/workshop.md for a session plan.",
		"opsim serve scenarios/growth.toml --port 8080", &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fs.wrongArgs("want at most one scenario file")
	}
	given := ""
	if len(pos) == 1 {
		if _, err := loadScenario(pos[0], nil); err != nil {
			return err
		}
		given = pos[0]
	}
	if o.serve.port < 0 || o.serve.port > 65535 {
		return usageError{fmt.Errorf("--port %d: want 0 to 65535", o.serve.port)}
	}
	if o.serve.maxRuns < 1 {
		return usageError{fmt.Errorf("--max-runs %d: want at least 1", o.serve.maxRuns)}
	}
	srv, err := workshop.New(workshop.Options{Scenario: given, MaxRuns: o.serve.maxRuns, Workers: o.workers})
	if err != nil {
		return usageError{err}
	}
	host := "127.0.0.1"
	if o.serve.lan {
		host = "0.0.0.0"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(o.serve.port)))
	if err != nil {
		return fmt.Errorf("cannot listen on port %d: %w (choose another with --port)", o.serve.port, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	fmt.Fprintf(stdout, "opsim workshop: http://127.0.0.1:%d/\n", port)
	if o.serve.lan {
		for _, ip := range lanAddrs() {
			fmt.Fprintf(stdout, "  for the room:  http://%s/\n", net.JoinHostPort(ip, strconv.Itoa(port)))
		}
	}
	fmt.Fprintln(stdout, "Ctrl-C stops it.")
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// Streams end with their runs; give them a moment.
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// lanAddrs are this machine's non-loopback IPv4 addresses, which a room
// on the same network reaches the page at.
func lanAddrs() []string {
	var out []string
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			out = append(out, n.IP.String())
		}
	}
	return out
}
