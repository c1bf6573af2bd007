#!/usr/bin/env bash
# The fake sweep under mpirun gives the same file as with threads, and an MPI
# sweep stopped at a failure resumes (with fewer ranks) to the same file.
#   mpi_fake_sweep_test.sh FAKE_SWEEP_BINARY
set -euo pipefail
fake=$1
source "$(dirname "$0")/../mpi_env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Every job is bounded: mpirun aborts it after 120 s and says where each rank
# stood; timeout ends an mpirun that does not exit itself.
mpirun_bounded() {
  timeout -k 10 150 mpirun --oversubscribe --timeout 120 --report-state-on-timeout "$@"
}
run_mpi() { mpirun_bounded -np "$@"; }
# Wait for a background mpirun whose ranks were killed; one still there after
# 60 s is reported and killed with whatever ranks it left, so the resume that
# follows starts from a dead job as intended.
wait_for_launcher() {
  local launcher=$1 left
  for _ in $(seq 600); do
    kill -0 "$launcher" 2>/dev/null || { wait "$launcher" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  left=$(pgrep -P "$launcher" || true)
  echo "note: mpirun $launcher still running 60 s after the kill; ranks left: ${left:-none}" >&2
  ps -o pid,ppid,stat,etime,args -p "$launcher" $left >&2 || true
  kill -9 "$launcher" $left 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
}

timeout 60 "$fake" threads1.h5 -j 1 --fail 5
timeout 60 "$fake" threads2.h5 -j 2 --fail 5
run_mpi 2 "$fake" mpi2.h5 --fail 5 --delay-us 500
cmp threads1.h5 threads2.h5
cmp threads1.h5 mpi2.h5

if run_mpi 3 "$fake" stopped.h5 --fail 5 --stop --delay-us 500 >stop.log 2>&1; then
  echo "FAIL: the stop policy did not stop the MPI sweep" >&2
  exit 1
fi
grep -q "sweep stopped at a failed run (--on-failure stop): run 15: fake failure at design point 5" stop.log
[[ ! -e stopped.h5 && -e stopped.h5.journal ]]
run_mpi 2 "$fake" stopped.h5 --resume --fail 5 | grep -q "runs 72"
cmp threads1.h5 stopped.h5
[[ ! -e stopped.h5.journal && ! -e stopped.h5.journal.1 && ! -e stopped.h5.journal.2 ]]
# 720 runs, 12 blocks of 64 rows (the last of 16): with 3 running ranks and
# uneven run times blocks reach rank 0 out of order; it writes them in row order.
timeout 120 "$fake" big1.h5 -j 1 --fail 5 --replicates 30
run_mpi 4 "$fake" big4.h5 --fail 5 --replicates 30 --delay-us 300
cmp big1.h5 big4.h5

# The whole job killed (SIGKILL) at a random moment, or one running rank killed
# in the middle of its block (then OpenMPI ends the others): the resumed sweep
# (other rank counts, or threads) writes the same file. Blocks cut by the kill
# come back as runs; blocks journaled whole are taken as they are.
for attempt in 1 2 3 4; do
  rm -f cut.h5 cut.h5.journal*
  mpirun --oversubscribe -np 3 "$fake" cut.h5 --fail 5 --replicates 30 --delay-us 2000 \
    >/dev/null 2>&1 &
  launcher=$!
  sleep "0.$((RANDOM % 6 + 3))"
  ranks=$(pgrep -P "$launcher" || true)
  if ((attempt % 2)); then
    for rank in $ranks; do kill -9 "$rank" 2>/dev/null || true; done
  else
    rank=$(echo "$ranks" | tail -n 1)
    [[ -n $rank ]] && kill -9 "$rank" 2>/dev/null || true
  fi
  wait_for_launcher "$launcher"  # mpirun ends the ranks left
  if [[ -e cut.h5 ]]; then
    run_mpi 2 "$fake" cut.h5 --resume --fail 5 --replicates 30 | grep -q "already complete"
  elif ((attempt % 2)); then
    run_mpi 2 "$fake" cut.h5 --resume --fail 5 --replicates 30 >/dev/null
  else
    timeout 60 "$fake" cut.h5 --resume -j 2 --fail 5 --replicates 30 >/dev/null
  fi
  cmp big1.h5 cut.h5
  [[ ! -e cut.h5.journal && ! -e cut.h5.journal.1 && ! -e cut.h5.journal.2 ]]
done
echo "mpi fake sweep: identical files"
