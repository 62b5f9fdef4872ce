package results

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Sanity bounds on reading a results folder: a damaged or doctored file
// must give an error, not exhaust memory.
const (
	// maxManifestBytes bounds manifest.json: a 1 MiB scenario and a
	// million run ids fit.
	maxManifestBytes = 64 << 20
	// maxLineBytes bounds one line of a CSV file; a row of runs.csv with a
	// few hundred metrics is a few kilobytes.
	maxLineBytes = 1 << 20
)

// openFolder is the first step of reading dir: it refuses a folder whose
// last update did not finish, reads the manifest into m and checks every
// file the manifest lists against its size and checksum, so that what is
// parsed afterwards is what opsim wrote.
func openFolder(dir string, m *Manifest) (map[string][]string, error) {
	if err := notPending(dir); err != nil {
		return nil, err
	}
	mf, err := readManifest(dir, m)
	if err != nil {
		return nil, err
	}
	if err := verifyFiles(dir, mf.Files); err != nil {
		return nil, err
	}
	return mf.TableLabels, nil
}

// Verify checks the results folder dir without parsing its rows: the
// manifest's own checksum, and the size and SHA-256 of every file it
// lists. The error names the first file that differs.
func Verify(dir string) error {
	var m Manifest
	_, err := openFolder(dir, &m)
	return err
}

// verifyFiles checks each listed file's size and SHA-256, and that the
// folder's own files are all listed.
func verifyFiles(dir string, files []FileSum) error {
	listed := map[string]bool{ManifestFile: true}
	for _, f := range files {
		if !isFolderFile(f.Name) {
			return fmt.Errorf("results: %s: files: %q is not a results file name", filepath.Join(dir, ManifestFile), f.Name)
		}
		listed[f.Name] = true
		path := filepath.Join(dir, f.Name)
		n, sum, err := hashFile(path)
		if err != nil {
			return fmt.Errorf("results: %w", err)
		}
		if n != f.Bytes || sum != f.SHA256 {
			return fmt.Errorf("results: %s: the file differs from what opsim wrote (%d bytes, SHA-256 %.12s; the manifest records %d bytes, %.12s): it was edited, truncated or damaged",
				path, n, sum, f.Bytes, f.SHA256)
		}
	}
	for _, name := range []string{RunsFile, SummaryFile, TimeseriesFile} {
		if !listed[name] {
			return fmt.Errorf("results: %s: files: %s is not listed", filepath.Join(dir, ManifestFile), name)
		}
	}
	return nil
}

// isFolderFile reports whether name can be a file of a results folder: a
// plain name, no path, so that a doctored manifest cannot point outside.
func isFolderFile(name string) bool {
	return name != "" && name == filepath.Base(name) && name != "." && name != ".." && name != ManifestFile
}

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// checkManifestSum checks the manifest's own checksum: re-encoding what was
// read with an empty checksum must hash to it.
func checkManifestSum(path string, mf *manifestFile) error {
	want := mf.Checksum
	cp := *mf
	cp.Checksum = ""
	b, err := marshalManifest(&cp)
	if err != nil {
		return fmt.Errorf("results: %s: %w", path, err)
	}
	if got := sha256Hex(b); got != want {
		return fmt.Errorf("results: %s: the manifest differs from what opsim wrote (checksum %.12s, recorded %.12s): it was edited or damaged", path, got, want)
	}
	return nil
}

// readAtMost reads a file that may be no larger than limit bytes.
func readAtMost(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("results: %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("results: %s: larger than %d MiB, which no results folder needs", path, limit>>20)
	}
	return b, nil
}

// lineLimit passes r through, failing once a line grows beyond
// maxLineBytes: csv.Reader would otherwise read a file without newlines
// into memory whole.
type lineLimit struct {
	r    io.Reader
	path string
	run  int // bytes since the last newline
}

// errLongLine is wrapped by the error a too long line gives.
var errLongLine = errors.New("line too long")

// Read reads from the underlying reader, failing on a line too long.
func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.run = 0
			continue
		}
		if l.run++; l.run > maxLineBytes {
			return 0, fmt.Errorf("%w: a line of %s is longer than %d KiB, which no results file has", errLongLine, l.path, maxLineBytes>>10)
		}
	}
	return n, err
}

// notPending refuses a folder whose last update stopped between its first
// and last rename; Recover completes it.
func notPending(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, commitMarker)); err == nil {
		return fmt.Errorf("results: %s: an update of this folder was interrupted before it finished; rerun the command that wrote it (or opsim plot %s) to complete it", dir, dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("results: %w", err)
	}
	return nil
}
