package workshop

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParseState: whatever a hand-edited link holds, reading it gives a
// state every value of which its lever accepts, or an error that says
// what is wrong; never a panic, and preparing it runs or says why not. A state read back from its own link is
// the same state.
func FuzzParseState(f *testing.F) {
	srv, err := New(Options{Scenario: tinyFile})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"scenario=testdata%2Ftiny.toml&set=org.product_teams%3D5&seed=3&reps=4",
		"set=services.coupling%3D0.35&set=org.interrupts%3Dshield",
		"set=org.toil_rate%3D40%2Fweek&reps=2",
		"scenario=bundled%3Agrowth.toml&set=design.centralized.ops_team_size%3D20",
		"set=org.product_teams%3D-1&seed=x&reps=0",
		"set=%3D&set=org.rotation%3D2w",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		st, s, err := srv.parseState(q)
		if err != nil {
			if err.Error() == "" {
				t.Error("an error without a message")
			}
			return
		}
		if st.Reps < 2 || st.Reps > maxLiveReps {
			t.Errorf("state with %d replications", st.Reps)
		}
		for _, set := range st.Sets {
			path, val, _ := strings.Cut(set, "=")
			i := leverIndex(s.levers, set)
			if i < 0 || s.levers[i].check(val) != nil {
				t.Errorf("%s: accepted for %s", set, path)
			}
		}
		// Every lever's value is in its range, so only a combination the
		// parser refuses can fail here, with a message.
		if _, err := prepare(st, s, false); err != nil && err.Error() == "" {
			t.Error("prepare failed without a message")
		}
		again, _, err := srv.parseState(st.Query())
		if err != nil || again.Query().Encode() != st.Query().Encode() {
			t.Errorf("the state's own link reads back as %v, %v", again, err)
		}
	})
}
