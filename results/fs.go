package results

import (
	"io"
	"io/fs"
	"os"
)

// FS opens the files that [Writer] and [Journal] write, so that a caller can
// make them fail the way a full disk or a failing device does and check
// that nothing already written is lost. [OS] is the operating system's.
type FS interface {
	// OpenFile opens a file as os.OpenFile does.
	OpenFile(name string, flag int, perm fs.FileMode) (File, error)
}

// File is what results needs of an open file.
type File interface {
	io.Writer
	// Sync commits the file's content to stable storage.
	Sync() error
	Close() error
}

// OS is the operating system's file system.
var OS FS = osFS{}

type osFS struct{}

// OpenFile is os.OpenFile.
func (osFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	return os.OpenFile(name, flag, perm)
}

// syncOut makes a written file durable; tests that write thousands of
// folders replace it, as fsync would dominate their time.
var syncOut = func(f File) error { return f.Sync() }
