package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// bundled holds the scenarios that ship with opsim, embedded so that the
// command-line tool finds them from any working directory.
//
//go:embed default.toml growth.toml mmc.toml interrupts.toml coupling.toml delivery.toml firefighting.toml overreaction.toml blameless.toml problem.toml nosilverbullet.toml instrument.toml overbuilt.toml
var bundled embed.FS

// Bundled returns the text of a bundled scenario (see BundledNames), such
// as "default.toml" or "growth.toml". Pass the result to Parse with the
// same name so that errors and manifests name the scenario.
func Bundled(name string) ([]byte, error) {
	b, err := bundled.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("no bundled scenario %q (bundled: %s)", name, strings.Join(BundledNames(), ", "))
	}
	return b, nil
}

// BundledNames lists the bundled scenarios, for help texts and listings.
func BundledNames() []string {
	var names []string
	entries, _ := fs.ReadDir(bundled, ".")
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}
