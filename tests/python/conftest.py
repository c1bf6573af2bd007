"""Shared pytest fixtures for tests/python: where the build is, and run files made
on demand. Generic on purpose: any test module may use them (the analysis tests
keep their own fixtures in analysis_fixtures.py).

A run file comes from a *source*:
- "sample" or "sample:FLAGS": the synthetic run of tests/output/sample_run.cpp,
  written by `write_sample_run OUT.h5 FLAGS` (FLAGS: --hourly, --no-events,
  --no-agents, --yaml-bytes N). Works before the `frontline` command exists.
- a scenario path (absolute, or relative to the repository), optionally followed by
  " | extra args": `frontline run SCENARIO -o OUT.h5 --force extra args`.
"""
from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("FRONTLINE_BUILD_DIR", REPO_ROOT / "build"))


def missing_build(message: str) -> None:
    """A test needs a program the build did not make: skipped while developing,
    a failure in CI (scripts/test.sh sets FRONTLINE_REQUIRE_BUILD=1) so that the
    suite can never pass by skipping the files the real binary writes."""
    if os.environ.get("FRONTLINE_REQUIRE_BUILD") == "1":
        pytest.fail(message + " (FRONTLINE_REQUIRE_BUILD=1)")
    pytest.skip(message)


def frontline_command() -> Path:
    """The `frontline` executable of the build under test (it may not exist yet)."""
    return BUILD_DIR / "sim" / "cli" / "frontline"


def sample_writer() -> Path:
    """tests/output/write_sample_run: writes the synthetic sample run."""
    return BUILD_DIR / "tests" / "output" / "write_sample_run"


def shipped_scenarios() -> list[Path]:
    """Every scenario shipped in scenarios/ (top level), for parametrizing."""
    return sorted((REPO_ROOT / "scenarios").glob("*.yaml"))


def make_run_file(source: str, out: Path) -> Path:
    """Writes the run file described by `source` (see the module docstring) to `out`."""
    if source == "sample" or source.startswith("sample:"):
        program = sample_writer()
        if not program.exists():
            missing_build(f"{program} is not built (build target write_sample_run)")
        flags = shlex.split(source.partition(":")[2])
        command = [str(program), str(out), *flags]
    else:
        scenario, _, extra = source.partition(" | ")
        scenario_path = Path(scenario)
        if not scenario_path.is_absolute():
            scenario_path = REPO_ROOT / scenario_path
        program = frontline_command()
        if not program.exists():
            missing_build(f"{program} is not built yet")
        command = [str(program), "run", str(scenario_path), "-o", str(out), "--force",
                   *shlex.split(extra)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return out


def _file_name(source: str) -> str:
    cleaned = "".join(c if c.isalnum() else "_" for c in source)
    return cleaned.strip("_")[:80] + ".h5"


@pytest.fixture(scope="session")
def frontline_build_dir() -> Path:
    return BUILD_DIR


@pytest.fixture(scope="session")
def run_file_maker(tmp_path_factory):
    """make(source) -> Path: one file per source for the whole session."""
    made: dict[str, Path] = {}
    folder = tmp_path_factory.mktemp("run_files")

    def make(source: str) -> Path:
        if source not in made:
            made[source] = make_run_file(source, folder / _file_name(source))
        return made[source]

    return make
