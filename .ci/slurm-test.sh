#!/usr/bin/env bash
# The cluster recipes of the README, for real: a single-node Slurm (Debian's
# slurm-wlm and munge, installed with apt when missing) runs the README's
# sbatch script as an 8-task array of a sweep; one task is cancelled
# mid-run and resubmitted on its own, the shards are merged with the
# README's command, and the result must be byte-identical to an unsharded
# run. The README's GNU parallel recipe runs too, --joblog and
# --resume-failed included. make test runs this; it takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

fail() { echo "slurm-test: FAIL: $*" >&2; exit 1; }
note() { echo "slurm-test: $*"; }

# --- what the test needs --------------------------------------------------
need=(sbatch squeue scancel sinfo slurmctld slurmd munged munge parallel flock)
missing=()
for c in "${need[@]}"; do command -v "$c" >/dev/null || missing+=("$c"); done
if ((${#missing[@]})); then
	note "installing slurm-wlm, munge and parallel with apt (missing: ${missing[*]})"
	./.ci/apt-install.sh "slurm-test: FAIL" slurm-wlm munge parallel
fi
((EUID == 0)) || fail "the single-node Slurm runs its daemons as root; run as root (CI containers do)"

# One test at a time per machine: the daemons use fixed ports.
exec 9>/tmp/opsim-slurm-test.lock
flock -w 900 9 || fail "another Slurm test held /tmp/opsim-slurm-test.lock for 15 minutes"

work=$(mktemp -d /tmp/opsim-slurm.XXXXXX)
chmod 755 "$work"
export SLURM_CONF=$work/slurm.conf
cleanup() {
	local rc=$?
	if [[ -f $SLURM_CONF ]]; then
		scancel --quiet --partition=opsim 2>/dev/null || true
	fi
	local pids=()
	for d in slurmd slurmctld munged; do
		[[ -f $work/$d.pid ]] && pids+=("$(cat "$work/$d.pid")")
	done
	((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "${pids[@]}" 2>/dev/null || break
		sleep 0.1
	done
	if ((rc != 0)); then
		for log in "$work"/*.log "$work"/run/logs/*.log; do
			[[ -f $log ]] && { echo "--- $log"; tail -n 20 "$log"; }
		done
	fi
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT

# --- a single-node Slurm with its own munge -------------------------------
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge.key"
munged --force --socket="$work/munge.sock" --key-file="$work/munge.key" --log-file="$work/munged.log" \
	--pid-file="$work/munged.pid" --seed-file="$work/munged.seed" || fail "munged did not start"
mkdir -p "$work/state" "$work/spool"
cat >"$SLURM_CONF" <<EOF
ClusterName=opsimtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
KillWait=10
NodeName=opsimnode NodeAddr=127.0.0.1 NodeHostname=$(hostname) CPUs=8 State=UNKNOWN
PartitionName=opsim Nodes=opsimnode Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N opsimnode || fail "slurmd did not start"
for ((i = 0; ; i++)); do
	[[ $(sinfo -h -o %T 2>/dev/null) == idle ]] && break
	((i < 60)) || fail "the Slurm node is not idle after 30 s: $(sinfo 2>&1)"
	sleep 0.5
done
note "single-node Slurm up"

# --- opsim and the README's recipes ---------------------------------------
make -s build
export PATH=$repo/bin:$PATH
# extract prints the first README code block with a line matching $1.
extract() {
	awk -v want="$1" '/^```/ { if (inblock) { if (found) { printf "%s", block; exit } inblock = 0 } else { inblock = 1; block = "" }; next }
		inblock { block = block $0 "\n"; if ($0 ~ want) found = 1 }' "$repo/README.md"
}
mkdir -p "$work/run" && cd "$work/run"
extract '^#SBATCH --array' >opsim-sweep.sbatch
grep -q -- '--shard auto' opsim-sweep.sbatch || fail "no sbatch script in the README's cluster section"
head -n 1 opsim-sweep.sbatch | grep -q '^#!/bin/bash' || fail "the README's sbatch script does not start with #!/bin/bash"

# A sweep slow enough to cancel a task mid-run: the default organisation
# over 10 years, 2 points x every design x 4 replications.
sed -e 's/^horizon = .*/horizon = "10y"/' -e 's/^replications = .*/replications = 4/' \
	"$repo/scenarios/default.toml" >sweep.toml
printf '\n[sweep]\n"services.coupling" = [0.1, 0.2]\n' >>sweep.toml

# wait_job waits until no task of job $1 is queued or running.
wait_job() {
	for ((i = 0; ; i++)); do
		[[ -z $(squeue -h -j "$1" 2>/dev/null) ]] && return
		((i < 1200)) || fail "job $1 still running after 10 minutes: $(squeue)"
		sleep 0.5
	done
}

# The README's commands, with this sweep; one CPU per task so that all
# eight run at once on the test's node.
mkdir -p logs
job=$(sbatch --parsable --cpus-per-task=1 opsim-sweep.sbatch sweep.toml out/sweep) || fail "sbatch failed"
note "submitted array job $job"
journal=out/sweep/shard-3/.campaign/journal
for ((i = 0; ; i++)); do
	[[ -s $journal ]] && break
	[[ -f out/sweep/shard-3/manifest.json ]] && fail "task 3 finished before it could be cancelled; the sweep is too short for this machine"
	((i < 2400)) || fail "task 3 saved no run within 2 minutes"
	sleep 0.05
done
scancel "${job}_3"
note "cancelled task ${job}_3 after its first run"
wait_job "$job"
log3=$(ls logs/*_3.log)
grep -q 'interrupted: [0-9]* of [0-9]* runs saved; rerun to resume' "$log3" || fail "task 3's log does not say it was interrupted: $(cat "$log3")"
[[ -f out/sweep/shard-3/manifest.json ]] && fail "the cancelled task wrote results"
for t in 0 1 2 4 5 6 7; do
	[[ -f out/sweep/shard-$t/manifest.json ]] || fail "task $t did not finish: $(cat logs/*_"$t".log)"
done

job2=$(sbatch --parsable --array=3 --cpus-per-task=1 opsim-sweep.sbatch sweep.toml out/sweep) || fail "resubmission failed"
wait_job "$job2"
grep -q 'runs: [0-9]* done, 0 failed, [1-9][0-9]* skipped' logs/*-"${job2}"_3.log ||
	fail "the resubmitted task did not resume: $(cat logs/*-"${job2}"_3.log)"
note "task 3 resumed"

opsim merge -o out/sweep out/sweep/shard-* >/dev/null || fail "merge failed"
opsim sweep sweep.toml -o unsharded -q >/dev/null || fail "the unsharded sweep failed"
for f in manifest.json runs.csv summary.csv timeseries.csv.gz samples.csv.gz teams.csv services.csv report.html report.md; do
	cmp -s "out/sweep/$f" "unsharded/$f" || fail "$f of the merged shards differs from the unsharded run's"
done
diff -r out/sweep/figures unsharded/figures >/dev/null || fail "the merged shards' figures differ from the unsharded run's"
note "merged shards are byte-identical to the unsharded run"

# --- GNU parallel, as the README writes it --------------------------------
cd "$work" && mkdir parallel && cd parallel
ln -s "$repo/scenarios" scenarios
extract '^seq 0 7 \| parallel' >parallel.sh
grep -q -- '--joblog' parallel.sh && grep -q -- '--resume-failed' parallel.sh ||
	fail "no GNU parallel recipe with --joblog and --resume-failed in the README"
bash -e parallel.sh >parallel.out 2>&1 || fail "the README's GNU parallel recipe failed: $(cat parallel.out)"
[[ $(awk 'NR > 1 && $7 == 0' out/growth/parallel.log | wc -l) == 8 ]] || fail "the joblog does not record 8 successful shards"
# Run again, --resume-failed reruns nothing: every shard succeeded.
bash -e parallel.sh >parallel.out 2>&1 || fail "the README's GNU parallel recipe failed when rerun: $(cat parallel.out)"
[[ $(awk 'NR > 1' out/growth/parallel.log | wc -l) == 8 ]] || fail "--resume-failed reran shards that had succeeded"
opsim sweep scenarios/growth.toml -o unsharded -q >/dev/null
for f in manifest.json runs.csv summary.csv timeseries.csv.gz; do
	cmp -s "out/growth/$f" "unsharded/$f" || fail "$f of the GNU parallel shards differs from the unsharded run's"
done
note "GNU parallel recipe works as written"
note "ok"
