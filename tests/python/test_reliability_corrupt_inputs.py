"""Corrupt and foreign HDF5 inputs to `frontline info`, `frontline merge` and
`frontline sweep --resume` (docs/reliability.md, "Corrupt inputs"): each is
refused with a clear message naming the file and exit code 1, never a crash.
Files are truncated, random bytes (with and without an HDF5 signature), text,
empty, another program's HDF5, the other kind of Frontline file, and Frontline
files whose schema_version was edited with h5py.
"""
from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

import h5py
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

SEED = int(os.environ.get("FRONTLINE_RELIABILITY_SEED", "20240611"))
SWEEP = ["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "4", "-j", "1"]
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """A run file, the two shards of a small sweep and the whole sweep."""
    fh.require_subcommand("sweep")
    folder = tmp_path_factory.mktemp("originals")
    made = [fh.run(["run", "sirte-2016", "-q", "-o", folder / "run.h5"]),
            fh.run([*SWEEP, "-o", folder / "sweep.h5"])]
    for index in range(2):
        made.append(fh.run([*SWEEP, "--shard", f"{index}/2", "-o", folder / f"shard{index}.h5"]))
    for result in made:
        assert result.returncode == fh.OK, result.output
    return folder


def corrupt_variants(original: Path, folder: Path) -> dict[str, Path]:
    """Broken copies of `original`, by name."""
    data = original.read_bytes()
    rng = random.Random(SEED)
    variants = {
        "truncated-to-half": data[: len(data) // 2],
        "truncated-to-1000-bytes": data[:1000],
        "truncated-by-one-byte": data[:-1],
        "random-bytes": rng.randbytes(50_000),
        "hdf5-signature-then-random": HDF5_SIGNATURE + rng.randbytes(50_000),
        "first-kilobyte-then-random": data[:1024] + rng.randbytes(50_000),
        "empty": b"",
        "text": b"name: this is YAML, not HDF5\n",
    }
    paths = {}
    for name, content in variants.items():
        path = folder / f"{original.stem}-{name}.h5"
        path.write_bytes(content)
        paths[name] = path
    other = folder / f"{original.stem}-another-programs-hdf5.h5"
    with h5py.File(other, "w") as f:
        f["x"] = [1.0, 2.0, 3.0]
        f.attrs["title"] = "not Frontline"
    paths["another-programs-hdf5"] = other
    for version in (0, 2, 99):
        edited = folder / f"{original.stem}-schema-{version}.h5"
        shutil.copy(original, edited)
        with h5py.File(edited, "r+") as f:
            assert f.attrs["schema_version"] == 1
            f.attrs["schema_version"] = version
        paths[f"schema-version-{version}"] = edited
    return paths


def assert_clean_refusal(result: fh.Result, path: Path, note: str) -> None:
    assert result.returncode == fh.BAD_INPUT, f"{note}: exit {result.returncode}\n{result.output}"
    assert str(path) in result.stderr, f"{note}: the message does not name the file:\n{result.stderr}"
    assert "HDF5-DIAG" not in result.stderr, f"{note}: raw HDF5 diagnostics:\n{result.stderr}"
    assert "internal error" not in result.stderr, f"{note}: {result.stderr}"


def test_info_refuses_corrupt_and_foreign_run_files(originals, tmp_path):
    variants = corrupt_variants(originals / "run.h5", tmp_path)
    variants["a-sweep-file"] = originals / "sweep.h5"
    for name, path in variants.items():
        result = fh.run(["info", path])
        assert_clean_refusal(result, path, f"info {name}")
        if name.startswith("schema-version"):
            version = name.rsplit("-", 1)[1]
            assert f"schema_version {version}" in result.stderr, result.stderr


def test_merge_refuses_corrupt_and_foreign_shards(originals, tmp_path):
    variants = corrupt_variants(originals / "shard1.h5", tmp_path)
    variants["a-run-file"] = originals / "run.h5"
    for name, path in variants.items():
        output = tmp_path / f"merged-{name}.h5"
        result = fh.run(["merge", originals / "shard0.h5", path, "-o", output])
        assert_clean_refusal(result, path, f"merge {name}")
        assert not output.exists(), f"merge {name} wrote an output"
        if name.startswith("schema-version"):
            assert "schema_version" in result.stderr, result.stderr


def test_merge_refuses_shards_that_agree_on_another_schema_version(originals, tmp_path):
    shards = []
    for index in range(2):
        shard = tmp_path / f"shard{index}.h5"
        shutil.copy(originals / f"shard{index}.h5", shard)
        with h5py.File(shard, "r+") as f:
            f.attrs["schema_version"] = 2
        shards.append(shard)
    result = fh.run(["merge", *shards, "-o", tmp_path / "merged.h5"])
    assert_clean_refusal(result, shards[0], "merge of two schema-2 shards")
    assert "has schema_version 2, which this version of Frontline cannot read" in result.stderr
    assert not (tmp_path / "merged.h5").exists()


def test_resume_refuses_a_corrupt_or_foreign_output(originals, tmp_path):
    variants = corrupt_variants(originals / "sweep.h5", tmp_path)
    variants["a-run-file"] = originals / "run.h5"
    for name, path in variants.items():
        folder = tmp_path / f"resume-{name}"
        folder.mkdir()
        output = folder / "out.h5"
        shutil.copy(path, output)
        before = output.read_bytes()
        result = fh.run([*SWEEP, "-o", output, "--resume"])
        assert_clean_refusal(result, output, f"sweep --resume onto {name}")
        assert output.read_bytes() == before, f"--resume changed a file it refused ({name})"


def test_resume_refuses_a_corrupt_journal(tmp_path):
    fh.require_subcommand("sweep")
    rng = random.Random(SEED)
    for name, content in {"random": rng.randbytes(3000), "text": b"hello\n",
                          "hdf5": (HDF5_SIGNATURE + rng.randbytes(100))}.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "out.h5.journal").write_bytes(content)
        result = fh.run([*SWEEP, "-o", "out.h5", "--resume"], cwd=folder)
        assert_clean_refusal(result, Path("out.h5.journal"), f"journal of {name}")
        assert "not a Frontline sweep journal" in result.stderr
        assert sorted(os.listdir(folder)) == ["out.h5.journal"]
