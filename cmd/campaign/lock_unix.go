//go:build unix

package campaign

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on path, so that two campaigns never
// write one folder at once (a Slurm task requeued while its first attempt
// still runs, a command started twice). File systems without locks (some
// NFS mounts) are let through: the lock is a safeguard, not a protocol.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, fmt.Errorf("%w: another opsim is writing this folder (%s is locked)", ErrRefused, path)
	}
	return f, nil
}
