#!/usr/bin/env bash
# Submits a sweep as a Slurm array of N shards plus a merge job that runs once
# every shard succeeded:
#   scripts/slurm/submit-sweep.sh SWEEP.yaml OUT_PREFIX N [sbatch options...]
# e.g. submit-sweep.sh scenarios/sweeps/sirte-2016-sobol.yaml results/sobol 16 --partition=short
# The result is OUT_PREFIX.h5. Only the shards not yet complete are submitted
# (`frontline sweep --missing N`), so running it again after some tasks failed
# resubmits exactly those. Each task's --mem comes from `frontline sweep
# --dry-run` (unless the options give --mem). Prints the two job ids.
set -euo pipefail
if (($# < 3)); then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
sweep=$1 prefix=$2 count=$3
shift 3
here=$(dirname "$(realpath "$0")")
frontline=${FRONTLINE:-frontline}
missing=$("$frontline" sweep "$sweep" --missing "$count" -o "$prefix.h5" 2>/dev/null)
if [[ -z $missing ]]; then
  echo "every shard of $count is complete; merge: sbatch $here/sweep-merge.sbatch $prefix $count"
  exit 0
fi
memory=()
if [[ " $* " != *" --mem"* ]]; then
  mib=$("$frontline" sweep "$sweep" --shard "0/$count" --dry-run -o "$prefix.h5" |
    sed -n 's/.*sbatch --mem=\([0-9]*\).*/\1/p')
  [[ -n $mib ]] && memory=(--mem="${mib}M")
fi
array=$(sbatch --parsable --array="$missing" "${memory[@]}" "$@" "$here/sweep-array.sbatch" \
  "$sweep" "$prefix" "$count")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes "$@" \
  "$here/sweep-merge.sbatch" "$prefix" "$count")
merge=${merge%%;*}
echo "array job $array (shards $missing of $count), merge job $merge -> $prefix.h5"
