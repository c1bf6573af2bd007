"""Fault injection: outputs that cannot be written (docs/reliability.md,
"Unwritable and full disks"). A read-only folder, a folder the user may not
write, and a full disk each end in a clear error naming the path, exit code 3,
and no partial file. Mounting needs root: the tests skip, saying so, otherwise.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

# A run with per-unit trajectories: the full-disk test sizes its disk to half of it.
BIG_RUN = ["run", "derna-2015-2018", "--record", "agents", "-q"]
SWEEP = ["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "60", "-j", "2"]


def assert_refused_naming(result: fh.Result, path: Path, why: str) -> None:
    assert result.returncode == fh.RUNTIME_FAILURE, result.output
    assert str(path) in result.stderr, f"the message does not name {path}:\n{result.stderr}"
    assert why in result.stderr, f"the message does not say '{why}':\n{result.stderr}"
    assert "HDF5-DIAG" not in result.stderr, "raw HDF5 diagnostics were printed"
    assert len(result.stderr.splitlines()) <= 3, f"a long message:\n{result.stderr}"


def test_run_into_a_read_only_folder(tmp_path):
    with fh.tmpfs("64k", read_only=True) as folder:
        result = fh.run([*BIG_RUN, "-o", folder / "out.h5"])
        assert_refused_naming(result, folder / "out.h5", "Read-only file system")
        assert os.listdir(folder) == []


def test_run_as_a_user_who_may_not_write_the_folder():
    if not fh.is_root():
        pytest.skip("needs root to switch to the user nobody (setpriv)")
    folder = Path(tempfile.mkdtemp(prefix="frontline-nobody-"))
    try:
        folder.chmod(0o755)  # root's, readable by all, writable by root only
        probe = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                str(fh.frontline()), "--version"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip(f"nobody cannot execute {fh.frontline()}")
        result = fh.run([*BIG_RUN, "-o", folder / "out.h5"], user="nobody")
        assert_refused_naming(result, folder / "out.h5", "Permission denied")
        assert os.listdir(folder) == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_run_onto_a_full_disk(tmp_path):
    # The disk holds half of what the run writes (measured first, so a model
    # change that shrinks the output cannot make the disk big enough).
    measured = fh.run([*BIG_RUN, "-o", tmp_path / "full.h5"])
    assert measured.returncode == 0, measured.output
    disk_kib = max(64, (tmp_path / "full.h5").stat().st_size // 2048)
    with fh.tmpfs(f"{disk_kib}k") as folder:
        result = fh.run([*BIG_RUN, "-o", folder / "out.h5"])
        # Before a fix in sim/output this crashed at exit (HDF5 1.10's exit handler
        # on a file whose close had failed): exit 139 instead of 3.
        assert result.returncode == fh.RUNTIME_FAILURE, result.output
        assert str(folder / "out.h5") in result.stderr, result.stderr
        assert "No space left on device" in result.stderr, result.stderr
        assert os.listdir(folder) == [], "a partial or temporary file was left on the full disk"


def test_sweep_into_a_read_only_folder():
    fh.require_subcommand("sweep")
    with fh.tmpfs("64k", read_only=True) as folder:
        result = fh.run([*SWEEP, "-o", folder / "s.h5"])
        assert_refused_naming(result, folder / "s.h5", "Read-only file system")
        assert os.listdir(folder) == []


def test_sweep_onto_a_full_disk_keeps_its_journal_for_resume(tmp_path):
    """128 KiB holds the journal of the 60 runs but not the result file as well:
    the sweep fails naming its output, writes no partial result, and keeps the
    journal, from which --resume (with room to write) finishes the same sweep."""
    fh.require_subcommand("sweep")
    uncut = fh.run([*SWEEP, "-o", tmp_path / "uncut.h5"])
    assert uncut.returncode == fh.OK, uncut.output
    with fh.tmpfs("128k") as folder:
        result = fh.run([*SWEEP, "-o", folder / "s.h5"])
        assert result.returncode == fh.RUNTIME_FAILURE, result.output
        assert str(folder / "s.h5") in result.stderr, result.stderr
        assert "HDF5-DIAG" not in result.stderr, "raw HDF5 diagnostics were printed"
        left = sorted(os.listdir(folder))
        assert left == ["s.h5.journal"], f"expected only the journal, found {left}"
        roomy = tmp_path / "roomy"
        roomy.mkdir()
        shutil.copy(folder / "s.h5.journal", roomy / "s.h5.journal")
    resumed = fh.run([*SWEEP, "-o", "s.h5", "--resume"], cwd=roomy)
    assert resumed.returncode == fh.OK, resumed.output
    assert (roomy / "s.h5").read_bytes() == (tmp_path / "uncut.h5").read_bytes()
    assert sorted(os.listdir(roomy)) == ["s.h5"]


def test_merge_into_a_read_only_folder(tmp_path):
    fh.require_subcommand("merge")
    shards = []
    for index in range(2):
        shard = tmp_path / f"shard{index}.h5"
        made = fh.run([*SWEEP, "--shard", f"{index}/2", "-o", shard])
        assert made.returncode == fh.OK, made.output
        shards.append(shard)
    with fh.tmpfs("64k", read_only=True) as folder:
        result = fh.run(["merge", *shards, "-o", folder / "merged.h5"])
        assert result.returncode == fh.RUNTIME_FAILURE, result.output
        assert str(folder / "merged.h5") in result.stderr, result.stderr
        assert os.listdir(folder) == []
