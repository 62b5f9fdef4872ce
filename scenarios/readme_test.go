package scenarios

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeScenarioParses keeps the README's first scenario honest: the
// TOML block under "Writing a scenario" must parse, validate and expand.
func TestReadmeScenarioParses(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "## Writing a scenario")
	if i < 0 {
		t.Fatal(`README has no "Writing a scenario" section`)
	}
	start := strings.Index(text[i:], "```toml\n")
	if start < 0 {
		t.Fatal("no TOML block in the section")
	}
	block := text[i+start+len("```toml\n"):]
	block = block[:strings.Index(block, "```")]
	s, err := Parse("README.md", []byte(block))
	if err != nil {
		t.Fatalf("the README's scenario does not parse:\n%v", err)
	}
	if len(s.Designs) != 2 {
		t.Fatalf("%d designs", len(s.Designs))
	}
	if _, err := s.Configs(s.Points()[0]); err != nil {
		t.Fatal(err)
	}
}
