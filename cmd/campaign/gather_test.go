package campaign

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// Runs gathered in memory, in the order they finish, summarise exactly as
// the results folder of the same plan: the numbers a live page shows are
// the CLI's.
func TestGatherMatchesCampaign(t *testing.T) {
	p := tinyPlan(t, 4)
	res, err := newCampaign(p, filepath.Join(t.TempDir(), "out")).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	g := NewGather(p, "sweep", nil)
	var complete [][]int
	err = p.Execute(context.Background(), Interleaved(p.Runs()), Options{Workers: 2}, func(o Outcome) error {
		if o.Err != nil {
			return o.Err
		}
		g.Add(o.Data)
		complete = append(complete, g.Complete())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.Runs() != len(p.Runs()) {
		t.Fatalf("gathered %d runs of %d", g.Runs(), len(p.Runs()))
	}
	rows, err := Summary(g.Set())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%#v", rows), fmt.Sprintf("%#v", res.Summary); got != want {
		t.Errorf("the gathered summary differs from the campaign's")
	}
	// A point is complete once all its runs are in, and stays so.
	for i := 1; i < len(complete); i++ {
		if len(complete[i]) < len(complete[i-1]) || i < 7 && len(complete[i]) > 0 {
			t.Fatalf("complete points as runs arrived: %v", complete)
		}
	}
	if !slices.Equal(complete[len(complete)-1], []int{0, 1, 2}) {
		t.Errorf("complete points at the end: %v", complete[len(complete)-1])
	}
	// A Set of some points lists only those, with their runs alone.
	one := g.Set(1)
	if len(one.Manifest.Points) != 1 || one.Manifest.Points[0].Index != 1 || len(one.Records) != 8 {
		t.Errorf("the Set of point 1: %d points, %d records", len(one.Manifest.Points), len(one.Records))
	}
	for _, r := range one.Records {
		if r.Point != 1 {
			t.Errorf("record %s of point %d in the Set of point 1", r.ID, r.Point)
		}
	}
}

// Interleaved runs advance every design together: the first runs are
// replication 0 of each design.
func TestInterleaved(t *testing.T) {
	p := tinyPlan(t, 3)
	runs := Interleaved(p.Runs())
	if len(runs) != len(p.Runs()) {
		t.Fatalf("%d runs, want %d", len(runs), len(p.Runs()))
	}
	for i, want := range []string{"p000-centralized-r0000", "p000-collective-r0000", "p000-centralized-r0001"} {
		if runs[i].ID != want {
			t.Errorf("run %d is %s, want %s", i, runs[i].ID, want)
		}
	}
}
