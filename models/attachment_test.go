package models

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/opsim/opsim/sim"
)

// scanPick is the draw generateGraph made before the tree: the first
// candidate whose weight takes u below 0 when the weights are subtracted in
// turn, the last one if none does.
func scanPick(w []int, u float64) int {
	for i, x := range w {
		u -= float64(x)
		if u < 0 {
			return i
		}
	}
	return len(w) - 1
}

// TestAttachmentDrawsAsTheScan checks the tree's descent against the scan
// for random weights and draws, at the edges where a rounding would show:
// u exactly at a prefix sum, one float below it, 0, and just below the
// total; weights beyond the candidates are 0, as generateGraph's are.
func TestAttachmentDrawsAsTheScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(300)
		active := 1 + rng.IntN(n)
		w := make([]int, n)
		for i := range active {
			w[i] = 1 + rng.IntN(1+rng.IntN(60))
		}
		a := newAttachment(w)
		total := 0
		for _, x := range w[:active] {
			total += x
		}
		if got := a.prefix(active); got != total {
			t.Fatalf("prefix(%d) = %d, want %d", active, got, total)
		}
		us := []float64{0, math.Nextafter(float64(total), 0)}
		for p, i := 0, 0; i < active; i++ {
			p += w[i]
			us = append(us, float64(p), math.Nextafter(float64(p), 0))
		}
		for range 50 {
			us = append(us, rng.Float64()*float64(total))
		}
		for _, u := range us {
			if u >= float64(total) {
				continue // never drawn: Float64 < 1
			}
			want := scanPick(w[:active], u)
			got, ok := a.search(u)
			if !ok || got != want {
				t.Fatalf("weights %v: u=%v draws %d (ok %v), the scan %d", w[:active], u, got, ok, want)
			}
		}
		// Updates as generateGraph makes them: a weight grows by one.
		i := rng.IntN(active)
		w[i]++
		a.add(i, 1)
		if got, want := a.prefix(active), total+1; got != want {
			t.Fatalf("after an update prefix(%d) = %d, want %d", active, got, want)
		}
	}
}

// scanGraph is generateGraph as it was before the tree: every draw scans
// the candidates' dependents.
func scanGraph(sc *ServicesConfig, rng *rand.Rand, infra, app []*service) {
	order := append([]*service(nil), app...)
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	pick := func(cands []*service) *service {
		if sc.Graph == "random" {
			return cands[rng.IntN(len(cands))]
		}
		w := make([]int, len(cands))
		var total float64
		for i, c := range cands {
			w[i] = len(c.dependents) + 1
			total += float64(w[i])
		}
		return cands[scanPick(w, rng.Float64()*total)]
	}
	for i, s := range order {
		k := int(sc.MeanDegree)
		if rng.Float64() < sc.MeanDegree-float64(k) {
			k++
		}
		seen := map[*service]bool{}
		for n := 0; n < k; n++ {
			var target *service
			if len(infra) > 0 && (i == 0 || rng.Float64() < sc.InfraShare) {
				target = pick(infra)
			} else if i > 0 {
				target = pick(order[:i])
			}
			if target == nil || seen[target] {
				continue
			}
			seen[target] = true
			target.dependents = append(target.dependents, edge{to: s, coupling: sc.Coupling})
			s.deps++
		}
	}
}

// TestGraphIsTheScansGraph builds organisations of several sizes and
// graph settings and requires the same dependency graph, edge for edge and
// in the same order, as the scan gave for the same seed.
func TestGraphIsTheScansGraph(t *testing.T) {
	for _, teams := range []int{1, 3, 40, 250} {
		for _, g := range []struct {
			kind         string
			degree, infr float64
		}{{"scale-free", 2, 0.3}, {"scale-free", 2.6, 0}, {"scale-free", 1.5, 0.9}, {"random", 2, 0.3}} {
			t.Run(fmt.Sprintf("%d/%s/%v/%v", teams, g.kind, g.degree, g.infr), func(t *testing.T) {
				org := smallOrg()
				org.ProductTeams = teams
				org.Services.Graph, org.Services.MeanDegree, org.Services.InfraShare = g.kind, g.degree, g.infr
				cfg, err := Expand(org, collective)
				if err != nil {
					t.Fatal(err)
				}
				for seed := uint64(1); seed <= 3; seed++ {
					streams := sim.NewStreams(seed, "graph-test")
					m, err := newModel(cfg, streams)
					if err != nil {
						t.Fatal(err)
					}
					got := graphOf(m.services)
					var infra, app []*service
					for _, s := range m.services {
						s.dependents, s.deps = nil, 0
						if s.layer == LayerInfra {
							infra = append(infra, s)
						} else {
							app = append(app, s)
						}
					}
					scanGraph(&m.cfg.Services, streams.Stream("graph"), infra, app)
					if want := graphOf(m.services); !slices.Equal(got, want) {
						t.Fatalf("seed %d: graph\n%v\nthe scan's\n%v", seed, got, want)
					}
					if edges := len(got) - len(m.services); teams >= 40 && edges < len(m.services) {
						t.Fatalf("seed %d: %d edges among %d services: the graph was not built", seed, edges, len(m.services))
					}
				}
			})
		}
	}
}

// graphOf lists every service with its dependency count, then each edge
// in the order it was added.
func graphOf(services []*service) []string {
	var g []string
	for _, s := range services {
		g = append(g, fmt.Sprintf("%s deps=%d", s.name, s.deps))
		for _, e := range s.dependents {
			g = append(g, s.name+" <- "+e.to.name)
		}
	}
	return g
}
