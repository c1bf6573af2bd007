"""Sweeps and merges that must not give a wrong answer silently or touch a user's
file (issue 14 items 4, 5, 7, 8, 10, 11, 15, 16; docs/reliability.md): each case is
refused with a located message (exit 1) in bounded time and memory, or keeps the
user's data. Run with /usr/bin/python3 -m pytest tests/python/test_sweep_hardening.py.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest
import xarray as xr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

SCENARIO = fh.SCENARIOS / "sirte-2016.yaml"


def sweep_file(folder: Path, body: str, scenario: Path = SCENARIO) -> Path:
    path = folder / "sweep.yaml"
    path.write_text(f"scenario: {scenario}\n{body}")
    return path


def start(args, cwd) -> subprocess.Popen:
    return subprocess.Popen([str(fh.frontline()), *map(str, args)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, f"the sweep ended before {path} appeared"
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.01)


def interrupted_sweep(folder: Path, args) -> None:
    """A sweep killed once its journal has a record or two."""
    process = start(["sweep", "-q", *args], folder)
    journal = folder / "out.h5.journal"
    wait_for(journal, process)
    while journal.stat().st_size < 400 and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()


# ---------------------------------------------------------------- item 4

def test_a_sweep_over_seed_really_varies_the_seed(tmp_path):
    spec = sweep_file(tmp_path, "parameters:\n  seed: [1, 2, 3, 4]\n")
    result = fh.run(["sweep", "-q", spec, "-j", "2", "-o", tmp_path / "seeds.h5"])
    assert result.returncode == fh.OK, result.output
    one = fh.run(["sweep", "-q", "--scenario", "sirte-2016", "--seed", "3",
                  "-o", tmp_path / "three.h5"])
    assert one.returncode == fh.OK, one.output
    with xr.open_dataset(tmp_path / "seeds.h5", engine="h5netcdf") as ds, \
            xr.open_dataset(tmp_path / "three.h5", engine="h5netcdf") as three:
        assert ds["seed"].values.tolist() == [1, 2, 3, 4]
        killed = ds["metric_killed"].values
        assert len({tuple(row) for row in killed}) > 1, "every seed gave the same run"
        np.testing.assert_array_equal(killed[2], three["metric_killed"].values[0])


def test_a_seed_that_is_not_a_whole_number_is_refused_where_it_is(tmp_path):
    spec = sweep_file(tmp_path, "parameters:\n  seed: [1, 2.5]\n")
    result = fh.run(["sweep", "-q", spec, "-o", tmp_path / "out.h5"], timeout=60)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert f"{spec}:3:3: parameter 'seed' takes the value 2.5, which is not a seed" in result.stderr
    assert not (tmp_path / "out.h5").exists()


# ---------------------------------------------------------------- item 5

def test_a_scenario_edited_during_its_sweep_does_not_change_the_result(tmp_path):
    scenario = tmp_path / "sirte.yaml"
    original = SCENARIO.read_text()
    scenario.write_text(original)
    values = ", ".join(str(2000 + 50 * i) for i in range(40))
    spec = sweep_file(tmp_path, f"parameters:\n  factions.ISIS.fighters: [{values}]\n", scenario)
    reference = fh.run(["sweep", "-q", spec, "-j", "1", "-o", tmp_path / "reference.h5"],
                       timeout=300)
    assert reference.returncode == fh.OK, reference.output
    process = start(["sweep", "-q", spec, "-j", "1", "-o", tmp_path / "edited.h5"], tmp_path)
    wait_for(tmp_path / "edited.h5.journal", process)
    edited = original.replace("fighters: 6000", "fighters: 600", 1)
    assert edited != original
    scenario.write_text(edited)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == fh.OK, stderr
    assert (tmp_path / "edited.h5").read_bytes() == (tmp_path / "reference.h5").read_bytes()


# ---------------------------------------------------------------- item 7

def test_resume_refuses_a_journal_with_a_flipped_byte(tmp_path):
    interrupted_sweep(tmp_path, ["--scenario", "sirte-2016", "--replicates", "200", "-j", "1",
                                 "-o", "out.h5"])
    journal = tmp_path / "out.h5.journal"
    data = bytearray(journal.read_bytes())
    data[len(data) // 2] ^= 0x04
    journal.write_bytes(bytes(data))
    result = fh.run(["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "200", "-j", "1",
                     "--resume", "-o", "out.h5"], cwd=tmp_path, timeout=60)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert "out.h5.journal: the journal is damaged at byte " in result.stderr
    assert journal.read_bytes() == bytes(data), "the damaged journal was changed"
    assert not (tmp_path / "out.h5").exists()


# ---------------------------------------------------------------- items 10, 11, 16

def test_force_does_not_delete_a_running_sweeps_journal(tmp_path):
    args = ["--scenario", "sirte-2016", "--replicates", "60", "-j", "1", "-o", "out.h5"]
    process = start(["sweep", "-q", *args], tmp_path)
    wait_for(tmp_path / "out.h5.journal", process)
    second = fh.run(["sweep", "-q", *args, "--force"], cwd=tmp_path, timeout=60)
    assert second.returncode == fh.BAD_INPUT, second.output
    assert "out.h5.journal: another sweep is writing this output's journal" in second.stderr
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == fh.OK, stderr
    with xr.open_dataset(tmp_path / "out.h5", engine="h5netcdf") as ds:
        assert ds.sizes["run"] == 60 and (ds["status"] == "ok").all()


def test_resume_with_another_shard_than_the_journals_is_refused(tmp_path):
    args = ["--scenario", "sirte-2016", "--replicates", "200", "-j", "1", "-o", "out.h5"]
    interrupted_sweep(tmp_path, args)
    before = (tmp_path / "out.h5.journal").read_bytes()
    result = fh.run(["sweep", "-q", *args, "--resume", "--shard", "0/2"], cwd=tmp_path, timeout=60)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert "out.h5.journal: the journal holds the whole sweep, not shard 0/2" in result.stderr
    assert (tmp_path / "out.h5.journal").read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero"])
def test_a_journal_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path, kind):
    journal = tmp_path / "out.h5.journal"
    if kind == "fifo":
        os.mkfifo(journal)
    else:
        journal.symlink_to("/dev/zero")
    result = fh.run(["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "2", "--resume",
                     "-o", "out.h5"], cwd=tmp_path, timeout=20, memory_limit_mb=400)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert "out.h5.journal: is " in result.stderr
    assert result.peak_rss_mb < 400


# ---------------------------------------------------------------- item 15

@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shards")
    for index in range(2):
        result = fh.run(["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "4",
                         "--shard", f"{index}/2", "-o", folder / f"shard{index}.h5"])
        assert result.returncode == fh.OK, result.output
    return folder


@pytest.mark.parametrize("value", [None, 2**62, -5, "many"], ids=["missing", "huge", "negative",
                                                                  "string"])
def test_merge_refuses_shards_with_a_bad_run_count(shards, tmp_path, value):
    files = []
    for index in range(2):
        copy = tmp_path / f"shard{index}.h5"
        copy.write_bytes((shards / f"shard{index}.h5").read_bytes())
        with h5py.File(copy, "r+") as f:
            del f.attrs["total_runs"]
            if value is not None:
                f.attrs["total_runs"] = value
        files.append(copy)
    result = fh.run(["merge", *files, "-o", tmp_path / "merged.h5"], timeout=20,
                    memory_limit_mb=400)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert f"{files[0]}: " in result.stderr
    assert "total_runs" in result.stderr or "runs missing" in result.stderr
    assert not (tmp_path / "merged.h5").exists()


# ---------------------------------------------------------------- item 8

def test_a_file_that_appears_at_the_output_during_the_sweep_is_kept(tmp_path):
    args = ["--scenario", "sirte-2016", "--replicates", "40", "-j", "1", "-o", "out.h5"]
    process = start(["sweep", "-q", *args], tmp_path)
    wait_for(tmp_path / "out.h5.journal", process)
    (tmp_path / "out.h5").write_text("a user's file")
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == fh.BAD_INPUT, stderr
    assert "out.h5: already exists" in stderr
    assert (tmp_path / "out.h5").read_text() == "a user's file"
    assert (tmp_path / "out.h5.journal").exists(), "the sweep's work is kept for later"
    assert not fh.temporary_files(tmp_path)


def test_a_dangling_symlink_as_output_is_refused_by_sweep_and_merge(tmp_path):
    (tmp_path / "out.h5").symlink_to(tmp_path / "nowhere.h5")
    result = fh.run(["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "2",
                     "-o", "out.h5"], cwd=tmp_path, timeout=60)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert "out.h5: output file already exists" in result.stderr
    shard = tmp_path / "shard.h5"
    made = fh.run(["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "2", "-o", shard])
    assert made.returncode == fh.OK, made.output
    merged = fh.run(["merge", shard, "-o", "out.h5"], cwd=tmp_path, timeout=60)
    assert merged.returncode == fh.BAD_INPUT, merged.output
    assert (tmp_path / "out.h5").is_symlink() and not (tmp_path / "nowhere.h5").exists()


def test_resume_over_an_unrelated_file_at_the_output_keeps_it(tmp_path):
    args = ["--scenario", "sirte-2016", "--replicates", "200", "-j", "1", "-o", "out.h5"]
    interrupted_sweep(tmp_path, args)
    (tmp_path / "out.h5").write_text("a user's file")
    result = fh.run(["sweep", "-q", *args, "--resume"], cwd=tmp_path, timeout=60)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert "out.h5: the output exists and is not this sweep's result" in result.stderr
    assert (tmp_path / "out.h5").read_text() == "a user's file"
