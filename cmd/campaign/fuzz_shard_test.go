package campaign

import (
	"strings"
	"testing"
)

// FuzzParseShard: no --shard value or scheduler environment may panic
// ParseShard; what it accepts is a shard that exists (0 <= i < n), and
// what it refuses names the flag.
func FuzzParseShard(f *testing.F) {
	for _, s := range [][4]string{
		{"", "", "", ""}, {"3/8", "", "", ""}, {"auto", "3", "0", "8"}, {"auto", "7", "4", "4"},
		{"auto/8", "3", "", ""}, {"auto/8", "", "", ""}, {"8/8", "", "", ""}, {"auto", "x", "", ""},
		{"-1/2", "", "", ""}, {"auto/0", "1", "", ""}, {"auto", "9223372036854775807", "-9223372036854775808", "1"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, flag, id, lo, count string) {
		env := map[string]string{"SLURM_ARRAY_TASK_ID": id, "SLURM_ARRAY_TASK_MIN": lo, "SLURM_ARRAY_TASK_COUNT": count, "JOB_COMPLETION_INDEX": id}
		i, n, err := ParseShard(flag, func(k string) string { return env[k] })
		if err != nil {
			if !strings.Contains(err.Error(), "--shard") {
				t.Fatalf("ParseShard(%q, %v) error %q does not name the flag", flag, env, err)
			}
			return
		}
		if n < 1 || i < 0 || i >= n {
			t.Fatalf("ParseShard(%q, %v) = shard %d of %d", flag, env, i, n)
		}
	})
}
