package results

import (
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"runtime/debug"
)

const unknown = "unknown"

// HashScenario returns the hex SHA-256 of a scenario's text. Shards are
// matched by this hash rather than by file name, because the same scenario
// may sit at different paths on the machines that run them.
func HashScenario(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// ReadBuildInfo reports the running binary's provenance from the build
// information the Go toolchain embeds. Fields the toolchain did not record
// (e.g. with -buildvcs=false, or in a test binary) are "unknown", and a
// module built from a local checkout reports "(devel)", so that a manifest
// never claims a version it cannot back up.
func ReadBuildInfo() BuildInfo {
	b := BuildInfo{
		OpsimVersion: unknown,
		VCSRevision:  unknown,
		GoVersion:    runtime.Version(),
		GonumVersion: unknown,
		PlotVersion:  unknown,
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if bi.Main.Version != "" {
		b.OpsimVersion = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if s.Value != "" {
				b.VCSRevision = s.Value
			}
		case "vcs.modified":
			b.VCSModified = s.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		switch d.Path {
		case "gonum.org/v1/gonum":
			b.GonumVersion = moduleVersion(d)
		case "gonum.org/v1/plot":
			b.PlotVersion = moduleVersion(d)
		}
	}
	return b
}

// moduleVersion prefers the replacement's version because that is the code
// actually compiled in; a replacement by a local directory has none.
func moduleVersion(m *debug.Module) string {
	if m.Replace != nil {
		m = m.Replace
	}
	if m.Version == "" {
		return "(devel)"
	}
	return m.Version
}
