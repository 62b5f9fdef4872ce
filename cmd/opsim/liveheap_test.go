package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
)

// recordLiveHeap writes to path, after every garbage collection that finds
// more live heap than any before, that many bytes: the process's peak live
// heap, which unlike its peak resident memory does not depend on when the
// collector happened to run.
func recordLiveHeap(path string) {
	var peak uint64
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new([16]byte), func(*[16]byte) {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak {
				peak = v
				os.WriteFile(path, []byte(strconv.FormatUint(v, 10)), 0o644)
			}
			arm()
		})
	}
	arm()
}
