package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Indirections for the steps of WriteFileAtomic, so tests can force the
// failures that permission bits cannot produce when tests run as root.
var (
	writeTemp  = func(f *os.File, b []byte) (int, error) { return f.Write(b) }
	syncFile   = func(f *os.File) error { return f.Sync() }
	closeFile  = func(f *os.File) error { return f.Close() }
	renameFile = os.Rename
	syncDirFn  = syncDir
)

// WriteFileAtomic replaces the file at path with data so that a reader, or
// the file system after a crash, sees either the old content or the new one,
// never a prefix. It writes a temporary file in the same directory (rename is
// only atomic within one file system), syncs it, renames it over path and
// syncs the directory so the rename itself is durable. On any error before
// the rename the temporary file is removed and an existing file at path is
// left untouched. The file is created with mode 0644, as results are meant to
// be shared.
func WriteFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
			err = fmt.Errorf("results: write %s: %w", path, err)
		}
	}()
	if _, err = writeTemp(f, data); err != nil {
		return err
	}
	// CreateTemp makes the file 0600, too tight for shared results.
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = syncFile(f); err != nil {
		return err
	}
	closed = true
	if err = closeFile(f); err != nil {
		return err
	}
	if err = renameFile(tmp, path); err != nil {
		return err
	}
	if err := syncDirFn(dir); err != nil {
		// The new content is in place; only its durability is in doubt,
		// so report it without the temp-file cleanup above.
		return fmt.Errorf("results: write %s: sync directory: %w", path, err)
	}
	return nil
}

// syncDir makes renames and removals in dir durable. Some file systems
// cannot sync a directory at all; there is nothing more to do on those, so
// that is not treated as a failure.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
