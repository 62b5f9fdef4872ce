package sim

import "testing"

// scanLeast is the least urgent running job as a scan of the running list
// in order finds it: the reference for ranks.least.
func scanLeast(r *Resource) *Job {
	var v *Job
	for _, j := range r.running {
		if v == nil || j.Priority > v.Priority || (j.Priority == v.Priority && j.segStart >= v.segStart) {
			v = j
		}
	}
	return v
}

// TestRanksFollowJobsBetweenResources moves jobs between two big crews of
// one Env, as a model hands work from one team to another: a job taken
// off one resource leaves an entry in that resource's stack, which must
// read as gone even while the job runs on the other resource, and even
// after the model zeroes the Job and submits it again.
func TestRanksFollowJobsBetweenResources(t *testing.T) {
	env := NewEnv()
	res := [2]*Resource{NewResource(env, "a", 2*bigCrew), NewResource(env, "b", 2*bigCrew)}
	for _, r := range res {
		r.Preemptive = true
		if r.ranks == nil {
			t.Fatal("a resource of 64 servers does not group its running jobs")
		}
	}
	rng := NewStreams(9, "moves").Stream("x")
	var jobs []*Job
	moved := 0
	for step := range 20_000 {
		switch op := rng.IntN(10); {
		case op < 5 || len(jobs) == 0:
			j := &Job{Priority: rng.IntN(3), Work: rng.ExpFloat64() * 50}
			jobs = append(jobs, j)
			res[rng.IntN(2)].Submit(j)
		case op < 8: // hand a job to the other resource
			j := jobs[rng.IntN(len(jobs))]
			if from := j.res; from != nil && from.Remove(j) {
				to := res[0]
				if from == res[0] {
					to = res[1]
				}
				if rng.IntN(2) == 0 {
					*j = Job{Priority: j.Priority, Work: j.Work} // zeroed and used again
				}
				to.Submit(j)
				moved++
			}
		default:
			if err := env.RunUntil(env.Now() + rng.ExpFloat64()); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range res {
			if got, want := r.least(), scanLeast(r); got != want {
				t.Fatalf("step %d, %s: least urgent %p, the scan finds %p", step, r.Name, got, want)
			}
		}
	}
	if moved < 300 || res[0].Preemptions == 0 || res[1].Completed == 0 {
		t.Fatalf("%d moves, %d preemptions, %d completions: the walk did not exercise the groups", moved, res[0].Preemptions, res[1].Completed)
	}
}
