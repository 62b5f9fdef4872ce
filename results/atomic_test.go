package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.csv")
	for _, content := range []string{"first\n", "second, longer\n", ""} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Errorf("content %q, want %q", got, content)
		}
		if s := snapshot(t, dir); len(s) != 1 {
			t.Errorf("folder holds %v, want only f.csv", keys(s))
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
}

// TestWriteFileAtomicFailures forces a failure at each step. Tests run as
// root, where a read-only directory does not stop writes, so the failures
// come from impossible paths and from hooks around the system calls.
func TestWriteFileAtomicFailures(t *testing.T) {
	boom := errors.New("injected failure")
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (path string)
		fail  func() // installs a hook; restored after the case
	}{
		{"parent is a regular file", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "old.txt", "child")
		}, nil},
		{"target is a directory", func(t *testing.T, dir string) string {
			sub := filepath.Join(dir, "sub")
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, "keep"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return sub
		}, nil},
		{"write fails", nil, func() {
			writeTemp = func(f *os.File, b []byte) (int, error) { f.Write(b[:len(b)/2]); return len(b) / 2, boom }
		}},
		{"sync fails", nil, func() { syncFile = func(*os.File) error { return boom } }},
		{"close fails", nil, func() { closeFile = func(f *os.File) error { f.Close(); return boom } }},
		{"rename fails", nil, func() { renameFile = func(string, string) error { return boom } }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, s, c, r := writeTemp, syncFile, closeFile, renameFile
			t.Cleanup(func() { writeTemp, syncFile, closeFile, renameFile = w, s, c, r })
			dir := t.TempDir()
			old := filepath.Join(dir, "old.txt")
			if err := os.WriteFile(old, []byte("old content\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			path := old
			if tt.setup != nil {
				path = tt.setup(t, dir)
			}
			before := snapshot(t, dir)
			if tt.fail != nil {
				tt.fail()
			}
			err := WriteFileAtomic(path, []byte("new content that must not appear\n"))
			if err == nil {
				t.Fatal("WriteFileAtomic succeeded")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			if tt.fail != nil && !errors.Is(err, boom) {
				t.Errorf("error %q does not wrap the cause", err)
			}
			after := snapshot(t, dir)
			for name, content := range before {
				if after[name] != content {
					t.Errorf("%s changed to %q", name, after[name])
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok {
					t.Errorf("%s left behind", name)
				}
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "sub")); tt.setup != nil && len(entries) > 1 {
				t.Errorf("target directory gained entries: %v", entries)
			}
		})
	}
}
