"""Fault injection: `frontline sweep` killed with SIGKILL at random moments, 20
times, then resumed with --resume: the result is byte-for-byte the file of an
uncut sweep (docs/reliability.md). The sweep's own tests kill it three times
(tests/sweep/cli_sweep_test.sh, "kill -9 at random moments") and cover failed
runs being recorded while the sweep goes on ("failed runs are recorded").
"""
from __future__ import annotations

import math
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

TRIALS = 20
SEED = int(os.environ.get("FRONTLINE_RELIABILITY_SEED", "20240611"))
# Enough replicates of Sirte 2016 for the sweep to last about a second (the
# fixture scales them to the speed of the engine and the machine).
TARGET_SECONDS = 1.0


def sweep_args(replicates: int) -> list[str]:
    return ["sweep", "-q", "--scenario", "sirte-2016", "--replicates", str(replicates),
            "-j", "2"]
# Beside a sweep's output: its journal (parts), and the result file's temporary
# file when a kill lands while it is being written.
SWEEP_SIDE_FILE = re.compile(r"^(out\.h5\.journal(\.\d+)?|\.out\.h5\.tmp-\d+-[0-9a-f]{8})$")


@pytest.fixture(scope="module")
def uncut(tmp_path_factory):
    fh.require_subcommand("sweep")
    folder = tmp_path_factory.mktemp("uncut-sweep")
    replicates = 60
    for _ in range(3):
        (folder / "out.h5").unlink(missing_ok=True)
        result = fh.run([*sweep_args(replicates), "-o", "out.h5"], cwd=folder, timeout=600)
        assert result.returncode == fh.OK, result.output
        if result.seconds >= 0.5 * TARGET_SECONDS or replicates >= 5000:
            break
        replicates = min(5000, math.ceil(replicates * TARGET_SECONDS / max(result.seconds, 0.01)))
    assert sorted(os.listdir(folder)) == ["out.h5"]
    return {"bytes": (folder / "out.h5").read_bytes(), "duration": result.seconds,
            "args": sweep_args(replicates)}


def test_killed_sweeps_resume_to_the_uncut_result(tmp_path, uncut):
    rng = random.Random(SEED)
    outcomes = []
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial:02d}"
        folder.mkdir()
        process = subprocess.Popen([str(fh.frontline()), *uncut["args"], "-o", "out.h5"],
                                   cwd=folder, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        # Half anywhere in the sweep, half near its end (the last runs, the journal's
        # last records, the result file being written).
        low = 0.0 if trial % 2 == 0 else 0.75 * uncut["duration"]
        delay = rng.uniform(low, 1.1 * uncut["duration"])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        note = f"trial {trial} (seed {SEED}), killed {delay:.3f} s after the start"
        strays = [e for e in os.listdir(folder) if e != "out.h5" and not SWEEP_SIDE_FILE.match(e)]
        assert strays == [], f"{note}: unexpected files {strays}"
        finished = (folder / "out.h5").exists()
        killed_writing = any(re.match(r"^\.out\.h5\.tmp-\d+-[0-9a-f]{8}$", e) for e in os.listdir(folder))
        journal = (folder / "out.h5.journal").exists()

        resumed = fh.run([*uncut["args"], "-o", "out.h5", "--resume"], cwd=folder, timeout=600)
        assert resumed.returncode == fh.OK, f"{note}: --resume failed:\n{resumed.output}"
        if finished:
            assert "already complete" in resumed.stdout, f"{note}: {resumed.output}"
        assert (folder / "out.h5").read_bytes() == uncut["bytes"], \
            f"{note}: the resumed sweep differs from the uncut one"
        # The resumed writer removes the temporary file the killed one left.
        left = sorted(e for e in os.listdir(folder) if e != "out.h5")
        assert left == [], f"{note}: left behind after --resume: {left}"
        outcomes.append((note, "finished" if finished else
                         "journal" if journal else "nothing yet", killed_writing))
    print("\n".join(f"{note}: {state}{' (while writing the result)' if writing else ''}"
                     for note, state, writing in outcomes))
    assert sum(state == "journal" for _, state, _ in outcomes) >= 5, \
        f"too few kills landed mid-sweep: {outcomes}"
