#!/usr/bin/env bash
# The sweep result writer at scale (docs/sweeps.md, "Writer figures"):
#   bench/sweep_writer.sh BUILD_DIR [RUNS] [PARTS] [SCENARIO]
# 1. `frontline sweep -q --scenario SCENARIO --replicates RUNS -j 2`: wall time,
#    peak memory of the whole process (the writer included), and the time the
#    result file took ("Result file written in"), with its share of the wall time.
# 2. That sweep's complete journal (kept through a hard link, since the sweep
#    deletes it at the end) finished again with --resume: the writer alone, from
#    1 journal part and from PARTS parts (as PARTS MPI ranks leave it): its peak
#    memory, its cost per run and per journal part, and that both files equal
#    the sweep's, byte for byte; and from 1 part without its block records (every
#    block encoded by the writer from its runs' records: a resumed sweep's worst case).
# 3. frontline_writer_costs: the CPU time per chunk to encode, join and place, and
#    the built MPI design's CPU time per run on a running rank (encoding its
#    blocks) and on rank 0 (decoding and writing them).
# Long (10^5 runs of sirte-2016: about 15 minutes at -j 2): run it niced, by
# hand, never from the test suite.
set -euo pipefail
build=$(realpath "${1:?usage: bench/sweep_writer.sh BUILD_DIR [RUNS] [PARTS] [SCENARIO]}")
runs=${2:-100000}
parts=${3:-1000}
scenario=${4:-sirte-2016}
frontline=$build/sim/cli/frontline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
sweep=(sweep -q --scenario "$scenario" --replicates "$runs" -j 2 --force)

seconds_of() { sed -n 's/^Result file written in \([0-9.]*\) s/\1/p' "$1"; }
peak_mib_of() { awk '/Maximum resident set size/ {printf "%.1f", $NF / 1024}' "$1"; }
cpu_of() { awk '/User time|System time/ {s += $NF} END {print s}' "$1"; }
wall_of() { awk '/Elapsed \(wall clock\)/ {n = split($NF, t, ":"); s = 0;
  for (i = 1; i <= n; ++i) s = 60 * s + t[i]; print s}' "$1"; }

# 1. The sweep; its journal is kept by a second name.
/usr/bin/time -v -o full.time "$frontline" "${sweep[@]}" -o full.h5 >full.out &
sweeping=$!
while [[ ! -e full.h5.journal ]]; do sleep 0.05; done
ln full.h5.journal saved.journal
wait $sweeping
wall=$(wall_of full.time)
write=$(seconds_of full.out)
echo "$scenario, $runs runs at -j 2: wall $wall s, peak memory $(peak_mib_of full.time) MiB," \
  "result file written in $write s ($(awk "BEGIN{printf \"%.2f\", 100 * $write / $wall}")% of the wall time)"
echo "CPU (user + system) $(cpu_of full.time) s: $(awk "BEGIN{printf \"%.2f\", 1e3 * $(cpu_of full.time) / $runs}") ms per run"

# 2. The writer alone, from the complete journal in 1 part (the same output name:
#    the sweep's fingerprint covers it) ...
mv full.h5 reference.h5
resume=(sweep -q --scenario "$scenario" --replicates "$runs" -j 2 --resume -o full.h5)
cp saved.journal full.h5.journal
/usr/bin/time -v -o one.time "$frontline" "${resume[@]}" >one.out
cmp full.h5 reference.h5
one=$(seconds_of one.out)
echo "writer from 1 journal part: $one s ($(awk "BEGIN{printf \"%.1f\", 1e6 * $one / $runs}") us per run)," \
  "CPU $(cpu_of one.time) s ($(awk "BEGIN{printf \"%.1f\", 1e6 * $(cpu_of one.time) / $runs}") us per run," \
  "process start and scenario included), peak memory $(peak_mib_of one.time) MiB; same bytes as the sweep's file"
rm full.h5

# ... without the block records ...
/usr/bin/python3 - <<'PY'
import struct
data = open("saved.journal", "rb").read()
header_end = 8 + 8 + struct.unpack_from("<I", data, 8)[0]
kept, pos, blocks = [data[:header_end]], header_end, 0
while pos + 8 <= len(data):
    length = struct.unpack_from("<I", data, pos)[0]
    if data[pos + 8] == 1:  # a block record
        blocks += 1
    else:
        kept.append(data[pos:pos + 8 + length])
    pos += 8 + length
open("full.h5.journal", "wb").write(b"".join(kept))
print(f"(the journal held {blocks} block records)")
PY
/usr/bin/time -v -o rows.time "$frontline" "${resume[@]}" >rows.out
cmp full.h5 reference.h5
rows=$(seconds_of rows.out)
echo "writer from 1 journal part without block records: $rows s, CPU $(cpu_of rows.time) s" \
  "($(awk "BEGIN{printf \"%.1f\", 1e6 * $(cpu_of rows.time) / $runs}") us per run), peak memory" \
  "$(peak_mib_of rows.time) MiB; same bytes"
rm full.h5

# ... and in PARTS parts, the records dealt out round robin as ranks would write them.
/usr/bin/python3 - "$parts" <<'PY'
import struct, sys
parts = int(sys.argv[1])
data = open("saved.journal", "rb").read()
header_end = 8 + 8 + struct.unpack_from("<I", data, 8)[0]
records, pos = [], header_end
while pos + 8 <= len(data):
    length = struct.unpack_from("<I", data, pos)[0]
    records.append(data[pos:pos + 8 + length])
    pos += 8 + length
for p in range(parts):
    with open("full.h5.journal" + (f".{p}" if p else ""), "wb") as out:
        out.write(data[:header_end])
        out.writelines(records[p::parts])
PY
/usr/bin/time -v -o many.time "$frontline" "${resume[@]}" >many.out
cmp full.h5 reference.h5
many=$(seconds_of many.out)
echo "writer from $parts journal parts: $many s" \
  "($(awk "BEGIN{printf \"%.0f\", 1e6 * ($many - $one) / ($parts - 1)}") us per part beyond the first)," \
  "CPU $(cpu_of many.time) s ($(awk "BEGIN{printf \"%.0f\", 1e6 * ($(cpu_of many.time) - $(cpu_of one.time)) / ($parts - 1)}") us per part)," \
  "peak memory $(peak_mib_of many.time) MiB; same bytes"

# 3. What each chunk costs (CPU time) to encode in pieces (the rank that ran them
#    could), to join and to place (the writer only).
"$build/bench/frontline_writer_costs" reference.h5 scratch.h5
