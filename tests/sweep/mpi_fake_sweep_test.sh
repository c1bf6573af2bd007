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
run_mpi() { timeout 120 mpirun --oversubscribe -np "$@"; }

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
echo "mpi fake sweep: identical files"
