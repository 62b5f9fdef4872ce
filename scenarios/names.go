package scenarios

// Helpers for tools that write or check scenario text (opsim calibrate
// writes fragments), so they quote and suggest exactly as the parser does.

// QuoteTOML quotes s as a TOML basic string, with TOML's escapes (which
// differ from Go's %q: no \x, no \a).
func QuoteTOML(s string) string { return tomlString(s) }

// Suggest returns the candidate closest to name (case-insensitive edit
// distance under 3 and under name's length), for "did you mean" hints.
func Suggest(name string, cands []string) (string, bool) { return suggest(name, cands) }
