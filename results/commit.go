package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A results folder is replaced in three steps, so that whatever stops the
// process (an error, a full disk, a kill, a power cut) leaves either the
// old folder or the new one:
//
//  1. [Stage] makes a staging folder inside the results folder, and the
//     new files are written there in full and synced; until then the old
//     files are untouched, and an interruption leaves only the staging
//     folder, which [Recover] removes.
//  2. [Commit] writes a commit marker listing what to move and what to
//     remove: from then on the update is decided.
//  3. The files are renamed into place, manifest.json last, stale files
//     are removed, and the marker goes. [Read] refuses a folder that
//     still has a marker, and [Recover] completes the renames.

// stagingPrefix starts the name of every staging folder.
const stagingPrefix = ".staging-"

// commitMarker is the file that says an update is decided but may not be
// complete.
const commitMarker = ".opsim-commit.json"

// legacyFiles are files of earlier formats that a new folder replaces.
var legacyFiles = []string{"timeseries.csv", "samples.csv"}

// commitPlan is the commit marker's content.
type commitPlan struct {
	Staging string   `json:"staging"` // the staging folder's name in dir
	Move    []string `json:"move"`    // its entries, manifest.json last
	Remove  []string `json:"remove"`  // entries of dir that go afterwards
}

// Stage creates dir if needed and an empty staging folder inside it (on
// the same file system, so that Commit can rename), and returns its path.
func Stage(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("results: write %s: %w", dir, err)
	}
	staging, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		return "", fmt.Errorf("results: write %s: %w", dir, err)
	}
	return staging, nil
}

// Discard removes a staging folder that will not be committed.
func Discard(staging string) {
	os.RemoveAll(staging)
}

// Commit puts the entries of staging (made by Stage in dir) in place of
// those of dir with the same names, then removes the entries of dir that
// remove names and staging has not (for a whole new set of results,
// StaleFiles: the old results files the new ones do not have). It returns
// once the update is complete and durable; if it fails after writing the
// commit marker, Recover completes it.
func Commit(dir, staging string, remove []string) error {
	if filepath.Dir(staging) != filepath.Clean(dir) || !strings.HasPrefix(filepath.Base(staging), stagingPrefix) {
		return fmt.Errorf("results: commit %s: %s is not one of its staging folders", dir, staging)
	}
	entries, err := os.ReadDir(staging)
	if err != nil {
		return fmt.Errorf("results: commit %s: %w", dir, err)
	}
	p := commitPlan{Staging: filepath.Base(staging)}
	for _, e := range entries {
		if e.Name() != ManifestFile {
			p.Move = append(p.Move, e.Name())
		}
	}
	if slices.ContainsFunc(entries, func(e os.DirEntry) bool { return e.Name() == ManifestFile }) {
		p.Move = append(p.Move, ManifestFile)
	}
	for _, name := range remove {
		if isFolderFile(name) && !slices.Contains(p.Move, name) && !slices.Contains(p.Remove, name) {
			p.Remove = append(p.Remove, name)
		}
	}
	if err := syncDirFn(staging); err != nil {
		return fmt.Errorf("results: commit %s: %w", dir, err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("results: commit %s: %w", dir, err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, commitMarker), b); err != nil {
		return err
	}
	return apply(dir, &p)
}

// StaleFiles lists the results files of the folder dir holds now, from its
// manifest (and the names of earlier formats): those a new set of results
// must not leave behind.
func StaleFiles(dir string) []string {
	names := slices.Clone(legacyFiles)
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return names
	}
	var mf struct {
		Files []FileSum `json:"files"`
	}
	if json.Unmarshal(data, &mf) == nil {
		for _, f := range mf.Files {
			names = append(names, f.Name)
		}
	}
	for _, t := range oldTables(dir) {
		names = append(names, tableFile(t))
	}
	return names
}

// apply carries out a decided update; every step can be repeated, so an
// apply interrupted at any point can be run again to completion.
func apply(dir string, p *commitPlan) error {
	staging := filepath.Join(dir, p.Staging)
	fail := func(err error) error { return fmt.Errorf("results: commit %s: %w", dir, err) }
	for _, name := range p.Move {
		src, dst := filepath.Join(staging, name), filepath.Join(dir, name)
		st, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue // moved before an interruption
		}
		if err != nil {
			return fail(err)
		}
		if st.IsDir() {
			// A folder (the figures) cannot be renamed over a full one:
			// the old one moves into the staging folder, which goes last.
			if _, err := os.Lstat(dst); err == nil {
				if err := renameFile(dst, filepath.Join(staging, ".old-"+name)); err != nil {
					return fail(err)
				}
			}
		}
		if err := renameFile(src, dst); err != nil {
			return fail(err)
		}
	}
	for _, name := range p.Remove {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fail(err)
		}
	}
	if err := syncDirFn(dir); err != nil {
		return fail(err)
	}
	if err := os.RemoveAll(staging); err != nil {
		return fail(err)
	}
	if err := os.Remove(filepath.Join(dir, commitMarker)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail(err)
	}
	if err := syncDirFn(dir); err != nil {
		return fail(err)
	}
	return nil
}

// Recover makes dir consistent after an interruption: it completes an
// update whose commit marker was written, and removes staging folders and
// temporary files that an update stopped earlier left behind. It reports
// whether it changed anything. Only call it when no other process is
// writing to dir.
func Recover(dir string) (bool, error) {
	changed := false
	data, err := os.ReadFile(filepath.Join(dir, commitMarker))
	switch {
	case err == nil:
		var p commitPlan
		if err := json.Unmarshal(data, &p); err != nil || !strings.HasPrefix(p.Staging, stagingPrefix) || p.Staging != filepath.Base(p.Staging) ||
			slices.ContainsFunc(append(slices.Clone(p.Move), p.Remove...), func(n string) bool { return !isFolderFile(n) && n != ManifestFile }) {
			return false, fmt.Errorf("results: %s: unreadable commit marker %s; remove it and rerun the command", dir, commitMarker)
		}
		if err := apply(dir, &p); err != nil {
			return false, err
		}
		changed = true
	case errors.Is(err, fs.ErrNotExist):
	default:
		return false, fmt.Errorf("results: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return changed, nil
	}
	if err != nil {
		return changed, fmt.Errorf("results: %w", err)
	}
	for _, e := range entries {
		if isTemp(e.Name()) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return changed, fmt.Errorf("results: %w", err)
			}
			changed = true
		}
	}
	return changed, nil
}
