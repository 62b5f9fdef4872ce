package workshop_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/opsim/opsim/cmd/workshop"
)

// A Server is an http.Handler: opsim serve listens with it, and a test or
// another program can mount it anywhere. The scenarios the page offers
// come first from its API.
func ExampleNew() {
	srv, err := workshop.New(workshop.Options{Scenario: "bundled:growth.toml"})
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/api/scenarios")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var list []struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, list[0].ID, len(list))
	// Output: 200 bundled:growth.toml 5
}

// A page's state is its link, and the opsim command that prints the same
// numbers.
func ExampleState() {
	st := workshop.State{Scenario: "bundled:default.toml", Sets: []string{"org.product_teams=20", "work.context_switch=30 m"}, Seed: 42, Reps: 10}
	fmt.Println(st.Query().Encode())
	fmt.Println(st.Command("scenarios/default.toml", false))
	// Output:
	// reps=10&scenario=bundled%3Adefault.toml&seed=42&set=org.product_teams%3D20&set=work.context_switch%3D30+m
	// opsim run scenarios/default.toml --set org.product_teams=20 --set 'work.context_switch=30 m' --reps 10 --seed 42
}
