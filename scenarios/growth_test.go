package scenarios

import "testing"

// TestGrowthBreaksEachDesignAtItsOwnSize: in the bundled growth sweep the
// centralized design breaks between 10 and 20 teams and the collective one
// between 20 and 40, each for a reason its measures name: ops' ticket
// turnaround and queue for the first, the platform team's for the second,
// whose product teams then build less per engineer.
func TestGrowthBreaksEachDesignAtItsOwnSize(t *testing.T) {
	const reps = 6
	res := runBundled(t, "growth.toml", nil, []int{0, 1, 2, 3}, reps) // 5, 10, 20, 40 teams
	const cen, col = 0, 1
	m := func(p, d int, name string) float64 { return avg(values(res[p][d], name)) }
	unstable := func(p, d int, team string) int {
		n := 0
		for _, r := range res[p][d] {
			for _, tr := range r.Teams {
				if tr.Name == team && tr.Unstable {
					n++
				}
			}
		}
		return n
	}
	for p, teams := range []string{"5", "10", "20", "40"} {
		t.Logf("%s teams: centralized ops turnaround %.1f h (%d of %d unstable), features/eng %.3f; collective platform turnaround %.1f h (%d unstable), features/eng %.3f, cross-team incidents %.1f/week",
			teams, m(p, cen, "ops_ticket_turnaround_mean_h"), unstable(p, cen, "ops"), reps, m(p, cen, "features_per_eng_week"),
			m(p, col, "platform_ticket_turnaround_mean_h"), unstable(p, col, "platform"), m(p, col, "features_per_eng_week"), m(p, col, "cross_team_incidents_per_week"))
	}
	// Centralized keeps up at 10 teams and breaks at 20: its ops queue.
	if unstable(1, cen, "ops") > 0 || unstable(2, cen, "ops") < reps {
		t.Errorf("ops unstable in %d replications at 10 teams and %d at 20, want none and all", unstable(1, cen, "ops"), unstable(2, cen, "ops"))
	}
	if a, b := m(0, cen, "ops_ticket_turnaround_mean_h"), m(2, cen, "ops_ticket_turnaround_mean_h"); !(b > 2*a && b-a > 8) {
		t.Errorf("ops ticket turnaround %.1f h at 5 teams, %.1f at 20: want a break (twice, and a working day more)", a, b)
	}
	if a, b := m(1, cen, "features_per_eng_week"), m(2, cen, "features_per_eng_week"); !(b < 0.5*a) {
		t.Errorf("centralized features per engineer %.3f at 10 teams, %.3f at 20: the teams waiting on ops should build far less", a, b)
	}
	// Collective keeps up at 20 teams and breaks at 40: its platform team.
	if unstable(2, col, "platform") > 0 || unstable(3, col, "platform") < reps/2 {
		t.Errorf("platform unstable in %d replications at 20 teams and %d at 40, want none and most", unstable(2, col, "platform"), unstable(3, col, "platform"))
	}
	if a, b := m(0, col, "platform_ticket_turnaround_mean_h"), m(3, col, "platform_ticket_turnaround_mean_h"); !(b > 2*a && b-a > 8) {
		t.Errorf("platform ticket turnaround %.1f h at 5 teams, %.1f at 40: want a break", a, b)
	}
	if a, b := m(0, col, "features_per_eng_week"), m(3, col, "features_per_eng_week"); !(b < 0.9*a) {
		t.Errorf("collective features per engineer %.3f at 5 teams, %.3f at 40: the teams waiting on the platform should build less", a, b)
	}
	// Incidents that cross team boundaries, and the bridge calls they
	// cost, grow with the organisation.
	if a, b := m(0, col, "cross_team_incidents_per_week"), m(3, col, "cross_team_incidents_per_week"); !(b > 3*a) {
		t.Errorf("cross-team incidents %.2f a week at 5 teams, %.2f at 40: want them to grow with the organisation", a, b)
	}
}
