"""Fault injection: `frontline run` killed with SIGKILL at random moments
(docs/reliability.md, "A killed run never leaves a partial output").

After every kill, the output path holds nothing or a complete file that
`frontline info` reads; besides it there is at most the writer's clearly named
temporary file (.NAME.tmp-PID-RANDOM), and a new run to the same path works.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

TRIALS = 20
SEED = int(os.environ.get("FRONTLINE_RELIABILITY_SEED", "20240611"))
# A long run with per-unit trajectories: hourly steps over the three years of
# Derna, so there is time to kill it while simulating and while writing.
RUN_ARGS = ["run", "derna-2015-2018", "--record", "agents", "--set", "calendar.step=1h", "-q"]


def start_run(folder: Path) -> subprocess.Popen:
    return subprocess.Popen([str(fh.frontline()), *RUN_ARGS, "-o", "out.h5"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_temporary(folder: Path, process: subprocess.Popen, limit: float) -> bool:
    """Polls until the writer's temporary file appears (True) or the run ends."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if fh.temporary_files(folder):
            return True
        time.sleep(0.0005)
    return False


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uncut run: its duration, when its temporary file appeared, and its shapes."""
    folder = tmp_path_factory.mktemp("uncut")
    started = time.monotonic()
    process = start_run(folder)
    saw_temporary = wait_for_temporary(folder, process, 600)
    writing_from = time.monotonic() - started
    _, stderr = process.communicate(timeout=600)
    duration = time.monotonic() - started
    assert process.returncode == 0, stderr.decode()
    assert saw_temporary, "the run never wrote a temporary file beside its output"
    assert fh.leftovers(folder, {"out.h5"}) == [] and fh.temporary_files(folder) == []
    with h5py.File(folder / "out.h5", "r") as f:
        shapes = {name: f[name].shape for name in f if isinstance(f[name], h5py.Dataset)}
    return {"duration": duration, "writing_from": writing_from, "shapes": shapes}


def check_after_kill(folder: Path, reference, note: str) -> str:
    """Checks the folder a killed run leaves; returns what was found."""
    strays = fh.leftovers(folder, {"out.h5"})
    assert strays == [], f"{note}: unexpected files {strays}"
    output = folder / "out.h5"
    if output.exists():
        info = fh.run(["info", output])
        assert info.returncode == fh.OK, f"{note}: `frontline info` failed on the output:\n{info.output}"
        with h5py.File(output, "r") as f:
            for name, shape in reference["shapes"].items():
                assert f[name].shape == shape, f"{note}: {name} has shape {f[name].shape}"
        found = "complete file"
    else:
        found = "no file"
    if fh.temporary_files(folder):
        found += " + temporary file"
    # The next run to the same path is not confused by what the killed one left.
    again = fh.run(["run", "derna-2015-2018", "-q", "-o", "out.h5"], cwd=folder)
    if output.exists() and found.startswith("complete"):
        assert again.returncode == fh.BAD_INPUT and "already exists" in again.stderr, note
    else:
        assert again.returncode == fh.OK, f"{note}: a new run failed:\n{again.output}"
    return found


def test_killed_runs_leave_nothing_or_a_complete_file(tmp_path, reference):
    rng = random.Random(SEED)
    outcomes = []
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial:02d}"
        folder.mkdir()
        process = start_run(folder)
        if trial % 2 == 0:
            # Anywhere in the run: loading, simulating, writing, or just after.
            delay = rng.uniform(0.0, 1.25 * reference["duration"])
            time.sleep(delay)
            moment = f"{delay:.3f} s after the start"
        else:
            # While writing: after the temporary file appears.
            window = max(0.001, reference["duration"] - reference["writing_from"])
            delay = rng.uniform(0.0, window)
            wait_for_temporary(folder, process, 600)
            time.sleep(delay)
            moment = f"{delay * 1000:.1f} ms into writing"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        note = f"trial {trial} (seed {SEED}), killed {moment}"
        outcomes.append((note, check_after_kill(folder, reference, note)))
    print("\n".join(f"{note}: {found}" for note, found in outcomes))
    mid_write = sum("temporary" in found for _, found in outcomes)
    assert mid_write >= 3, f"only {mid_write} of {TRIALS} kills landed while writing: {outcomes}"
