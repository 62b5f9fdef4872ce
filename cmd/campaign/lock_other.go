//go:build !unix

package campaign

import "os"

// lockFile opens path; without flock, two campaigns on one folder are not
// prevented here.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}
