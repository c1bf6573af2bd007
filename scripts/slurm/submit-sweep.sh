#!/usr/bin/env bash
# Submits a sweep as a Slurm array of N shards plus a merge job that runs once
# every shard succeeded:
#   scripts/slurm/submit-sweep.sh SWEEP.yaml OUT_PREFIX N [sbatch options...]
# e.g. submit-sweep.sh scenarios/sweeps/sirte-2016-sobol.yaml results/sobol 16 --partition=short
# The result is OUT_PREFIX.h5. Prints the two job ids.
set -euo pipefail
if (($# < 3)); then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
sweep=$1 prefix=$2 count=$3
shift 3
here=$(dirname "$(realpath "$0")")
array=$(sbatch --parsable --array=0-$((count - 1)) "$@" "$here/sweep-array.sbatch" "$sweep" "$prefix")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" "$@" "$here/sweep-merge.sbatch" "$prefix" "$count")
merge=${merge%%;*}
echo "array job $array ($count shards), merge job $merge -> $prefix.h5"
