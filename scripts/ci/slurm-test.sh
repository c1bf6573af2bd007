#!/usr/bin/env bash
# The cluster path on a real single-node Slurm on loopback:
#   scripts/ci/slurm-test.sh BUILD_DIR
# Starts munge, slurmctld and slurmd with a generated configuration (in a
# temporary folder, own ports and munge socket), submits the example array job
# with its merge job (scripts/slurm/submit-sweep.sh), re-runs one task of the
# array the usual way (sbatch --array=1, the task `frontline sweep --missing`
# names), checks that a sweep too big for its job's --mem or its memory cgroup
# is refused before any run and, when BUILD_DIR is the MPI build
# (-DFRONTLINE_MPI=ON), runs the MPI job (srun --mpi=pmix); compares the results
# with a local sweep, and stops exactly the daemons it started. On failure (any
# exit path) it first cancels the jobs it submitted, so none outlives slurmd.
# Installs nothing (scripts/install-deps.sh --all installs slurm-wlm and munge);
# needs root, as CI has. Every wait has a timeout.
set -euo pipefail
build=$(realpath "${1:?usage: scripts/ci/slurm-test.sh BUILD_DIR}")
repo=$(realpath "$(dirname "$0")/../..")
frontline=$build/sim/cli/frontline
sweep=$repo/scenarios/sweeps/ci-small.yaml
say() { echo "slurm-test: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

[[ -x $frontline ]] || die "no frontline in $build (build it first)"
for tool in munged slurmctld slurmd sbatch squeue scontrol sinfo runuser; do
  command -v "$tool" >/dev/null || die "$tool is missing: scripts/install-deps.sh --all installs Slurm and munge"
done
((EUID == 0)) || die "needs root (slurmd runs jobs as root here)"
mpi_build=no
grep -q '^FRONTLINE_MPI:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null && mpi_build=yes

work=$(mktemp -d /tmp/frontline-slurm.XXXXXX)
chmod 755 "$work"
pids=()
submitted_jobs=()  # job ids as sbatch gave them
slurm_started=no
# The jobs this run submitted that are still queued or running: the ids it
# recorded, and any job working in its folder (all of them do, --chdir), in case
# a submission failed before its id was recorded.
cancel_jobs() {
  [[ $slurm_started == yes ]] || return 0
  local -A seen=()
  local ids=() id dir
  while read -r id dir; do
    if [[ -n $id && -z ${seen[$id]:-} && ($dir == recorded || $dir == "$work"/*) ]]; then
      seen[$id]=1
      ids+=("$id")
    fi
  done < <(printf '%s recorded\n' "${submitted_jobs[@]}"
    timeout 20 squeue -h -o '%A %Z' 2>/dev/null || true)
  ((${#ids[@]})) || return 0
  say "cancelling jobs ${ids[*]}"
  timeout 20 scancel "${ids[@]}" 2>/dev/null || true
  # Their processes end with the jobs: wait for the queue to let them go.
  local left i
  for ((i = 0; i < 150; i++)); do
    left=$(IFS=,; timeout 10 squeue -h -j "${ids[*]}" 2>/dev/null || true)
    [[ -z $left ]] && return 0
    sleep 0.2
  done
  say "jobs still in the queue after scancel: $left"
}
cleanup() {
  local code=$?
  ((code == 0)) || cancel_jobs
  # Newest first; munged itself (not only runuser) so that runuser reaps it.
  local munged_pid
  munged_pid=$(cat "$work/munge/munged.pid" 2>/dev/null || true)
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    ((i == 0)) && [[ -n $munged_pid ]] && kill "$munged_pid" 2>/dev/null
    kill "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if ((code != 0)); then
    for log in "$work"/log/*.log "$work"/jobs/*.out; do
      [[ -f $log ]] && { say "--- $log"; tail -n 30 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS WHAT COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "timed out after ${seconds}s waiting for $what"
}

# --- munge, on its own socket
mkdir -p "$work"/{state,spool,tmp,log,jobs,results}
install -d -o munge -g munge -m 0755 "$work/munge"
socket=$work/munge/munge.socket
runuser -u munge -- /usr/sbin/munged --foreground --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munged.seed" 2>"$work/log/munged.stderr" &
pids+=($!)
wait_for 20 "munged" test -S "$socket"

# --- slurm.conf for this host on loopback (a single-node Slurm 22.05 cluster)
host=$(hostname -s)
conf=$work/slurm.conf
# The node offers its memory (less a margin), so jobs may ask for --mem (the
# sweep scripts size it from --dry-run); without RealMemory Slurm counts 1 MB.
memory_mib=$(( $(awk '/^MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 512 ))
cat >"$conf" <<CONF
ClusterName=frontline-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
TmpFS=$work/tmp
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$memory_mib State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld -D -i -f "$conf" >"$work/log/slurmctld.stdout" 2>&1 &
pids+=($!)
slurm_started=yes
slurmd -D -f "$conf" >"$work/log/slurmd.stdout" 2>&1 &
pids+=($!)
node_idle() { [[ $(sinfo -h -n "$host" -o %T 2>/dev/null) == idle* ]]; }
wait_for 60 "the node to be idle" node_idle
say "slurm is up on $host"

# job_done JOB: true once the job has left the queue; its state must be COMPLETED.
job_done() { ! squeue -h -j "$1" 2>/dev/null | grep -q .; }
# The distinct states of a job (of all tasks of an array job), one line.
job_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | xargs; }
expect_completed() {
  wait_for 300 "job $1 ($2)" job_done "$1"
  local state
  state=$(job_state "$1")
  [[ $state == COMPLETED ]] || die "job $1 ($2) ended $state"
  say "job $1 ($2) completed"
}

# --- the reference: the same sweep, locally
cd "$work/results"
"$frontline" sweep -q "$sweep" -j 2 -o local.h5 >/dev/null

# --- the array job and its merge
export FRONTLINE=$frontline
submitted=$("$repo/scripts/slurm/submit-sweep.sh" "$sweep" "$work/results/array" 3 \
  --overcommit --cpus-per-task=1 --time=10 --chdir="$work/jobs" --output="$work/jobs/%x-%A_%a.out")
say "$submitted"
array_job=$(sed -n 's/^array job \([0-9]*\).*/\1/p' <<<"$submitted")
merge_job=$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' <<<"$submitted")
submitted_jobs+=("$array_job" "$merge_job")
expect_completed "$array_job" "array"
expect_completed "$merge_job" "merge"
cmp "$work/results/array.h5" local.h5 || die "the array sweep differs from the local sweep"
say "array job + merge = local sweep"

# --- one task of the array again, the usual way (sbatch --array=1): the shard
# is the task id of the explicit count, and --missing names exactly that task
rm "$work/results/array.shard-1-of-3.h5" "$work/results/array.h5"
missing=$("$frontline" sweep "$sweep" --missing 3 -o "$work/results/array.h5" 2>/dev/null)
[[ $missing == 1 ]] || die "--missing listed '$missing', expected 1"
rerun=$(sbatch --parsable --array="$missing" --overcommit --cpus-per-task=1 --time=10 \
  --chdir="$work/jobs" --output="$work/jobs/%x-%A_%a.out" \
  "$repo/scripts/slurm/sweep-array.sbatch" "$sweep" "$work/results/array" 3)
submitted_jobs+=("${rerun%%;*}")
expect_completed "${rerun%%;*}" "array task 1 again"
[[ -z $("$frontline" sweep "$sweep" --missing 3 -o "$work/results/array.h5" 2>/dev/null) ]] ||
  die "shards still missing after the re-run"
"$frontline" merge "$work"/results/array.shard-{0,1,2}-of-3.h5 -o "$work/results/rerun.h5" >/dev/null
cmp "$work/results/rerun.h5" local.h5 || die "the re-run task's shard does not merge into the local sweep"
say "re-running one array task (sbatch --array=1) = local sweep"

# --- a job whose memory (--mem) cannot hold the result is refused before any run
big=$(sbatch --parsable --mem=64 --overcommit --cpus-per-task=1 --time=10 --chdir="$work/jobs" \
  --output="$work/jobs/big-%j.out" --wrap "'$frontline' sweep -q --scenario sirte-2016 \
  --replicates 100000 --timeseries -o '$work/results/big.h5'; echo exit=\$?")
big=${big%%;*}
submitted_jobs+=("$big")
wait_for 120 "job $big (too big for --mem)" job_done "$big"
grep -q "exit=1" "$work/jobs/big-$big.out" || die "the sweep under --mem=64 was not refused: $(cat "$work/jobs/big-$big.out")"
grep -q "SLURM_MEM_PER_NODE" "$work/jobs/big-$big.out" || die "the refusal does not name the job's limit"
[[ ! -e $work/results/big.h5.journal ]] || die "the refused sweep started running"
say "a sweep too big for the job's --mem is refused up front"

# --- and one in a memory cgroup of 64 MiB (cgroup v2 or v1), where root may make one
for root in /sys/fs/cgroup /sys/fs/cgroup/memory; do
  limit_file=memory.max
  [[ $root == */memory ]] && limit_file=memory.limit_in_bytes
  [[ -e $root/$limit_file || -e $root/cgroup.controllers ]] || continue
  group=$root/frontline-ci-$$
  mkdir "$group" 2>/dev/null || continue
  if echo $((64 << 20)) >"$group/$limit_file" 2>/dev/null; then
    set +e
    (echo $BASHPID >"$group/cgroup.procs" && exec "$frontline" sweep -q --scenario sirte-2016 \
      --replicates 100000 --timeseries -o "$work/results/cgroup.h5") 2>"$work/log/cgroup.err"
    code=$?
    set -e
    rmdir "$group" 2>/dev/null || true
    ((code == 1)) || die "the sweep in a 64 MiB cgroup ended with $code: $(cat "$work/log/cgroup.err")"
    grep -q "cgroup" "$work/log/cgroup.err" || die "the refusal does not name the cgroup: $(cat "$work/log/cgroup.err")"
    say "a sweep too big for its memory cgroup ($group) is refused up front"
  else
    rmdir "$group" 2>/dev/null || true
  fi
  break
done

# --- the MPI job
if [[ $mpi_build == yes ]]; then
  mpi_job=$(sbatch --parsable --ntasks=2 --overcommit --time=10 --chdir="$work/jobs" \
    --output="$work/jobs/%x-%j.out" --export=ALL,OMPI_ALLOW_RUN_AS_ROOT=1,OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
    "$repo/scripts/slurm/sweep-mpi.sbatch" "$sweep" "$work/results/mpi.h5")
  submitted_jobs+=("${mpi_job%%;*}")
  expect_completed "${mpi_job%%;*}" "MPI, 2 ranks"
  grep -q "2 MPI ranks" "$work"/jobs/frontline-sweep-mpi-*.out || die "the MPI job did not run on 2 ranks"
  cmp "$work/results/mpi.h5" local.h5 || die "the MPI sweep differs from the local sweep"
  say "MPI job = local sweep"
else
  say "SKIP the MPI job: $build is not an MPI build (cmake -DFRONTLINE_MPI=ON)"
fi
say "passed"
