package campaign

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseShard reads a --shard value: "" (no sharding), "i/n" with
// 0 <= i < n, "auto" or "auto/n", taking what auto leaves out from the job
// scheduler's environment (getenv).
//
// "auto" in a Slurm array task is shard SLURM_ARRAY_TASK_ID −
// SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT: the whole array, as
// submitted. "auto/n" is shard SLURM_ARRAY_TASK_ID of n, the array
// numbered from 0, so that a task resubmitted on its own (sbatch
// --array=3) is still shard 3 of n. In a Kubernetes indexed job, which
// does not expose its number of completions, "auto/n" is shard
// JOB_COMPLETION_INDEX of n.
func ParseShard(s string, getenv func(string) string) (i, n int, err error) {
	if s == "" {
		return 0, 1, nil
	}
	a, b, hasCount := strings.Cut(s, "/")
	bad := func(format string, args ...any) (int, int, error) {
		return 0, 0, fmt.Errorf("--shard %q: %s", s, fmt.Sprintf(format, args...))
	}
	if hasCount {
		if n, err = strconv.Atoi(b); err != nil || n < 1 {
			return bad("want i/n with 0 <= i < n, e.g. 3/8, or auto")
		}
	}
	if a != "auto" {
		if i, err = strconv.Atoi(a); err != nil || !hasCount || i < 0 || i >= n {
			return bad("want i/n with 0 <= i < n, e.g. 3/8, or auto")
		}
		return i, n, nil
	}
	envInt := func(name string) (int, bool, error) {
		v := getenv(name)
		if v == "" {
			return 0, false, nil
		}
		x, err := strconv.Atoi(v)
		if err != nil {
			return 0, true, fmt.Errorf("%s=%q is not a number", name, v)
		}
		return x, true, nil
	}
	if id, ok, err := envInt("SLURM_ARRAY_TASK_ID"); ok || err != nil {
		if err != nil {
			return bad("%v", err)
		}
		lo, _, err := envInt("SLURM_ARRAY_TASK_MIN")
		if err != nil {
			return bad("%v", err)
		}
		count, haveCount, err := envInt("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return bad("%v", err)
		}
		hi, haveHi, err := envInt("SLURM_ARRAY_TASK_MAX")
		if err != nil {
			return bad("%v", err)
		}
		if haveHi && haveCount && hi-lo+1 != count {
			return bad("the Slurm array %d-%d has gaps (%d tasks); shards need a contiguous array such as --array=0-%d", lo, hi, count, count-1)
		}
		switch {
		case hasCount:
			i = id
			if id >= n {
				return bad("array task %d is not one of %d shards; number the array from 0, e.g. --array=0-%d", id, n, n-1)
			}
		case !haveCount:
			return bad("SLURM_ARRAY_TASK_COUNT is not set; write auto/n")
		default:
			i, n = id-lo, count
		}
	} else if idx, ok, err := envInt("JOB_COMPLETION_INDEX"); ok || err != nil {
		if err != nil {
			return bad("%v", err)
		}
		if !hasCount {
			return bad("a Kubernetes indexed job gives the index (JOB_COMPLETION_INDEX) but not the number of completions; write auto/n, e.g. auto/8")
		}
		i = idx
	} else {
		return bad("neither SLURM_ARRAY_TASK_ID (a Slurm array task) nor JOB_COMPLETION_INDEX (a Kubernetes indexed job) is set; give i/n")
	}
	if i < 0 || i >= n {
		return bad("shard %d is not in 0..%d", i, n-1)
	}
	return i, n, nil
}
