"""Helpers for the end-to-end reliability tests (tests/python/test_reliability_*.py):
where the `frontline` binary is, running it with time and memory measured, and
the scratch folders and mounts the fault-injection tests need.

The binary comes from FRONTLINE_BUILD_DIR (default: the repository's build/).
"""
from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("FRONTLINE_BUILD_DIR", REPO_ROOT / "build"))
SCENARIOS = REPO_ROOT / "scenarios"

# Exit codes (docs/architecture.md).
OK, BAD_INPUT, USAGE, RUNTIME_FAILURE = 0, 1, 2, 3


def frontline() -> Path:
    """The `frontline` executable under test; skips the test if it is not built."""
    program = BUILD_DIR / "sim" / "cli" / "frontline"
    if not program.exists():
        pytest.skip(f"{program} is not built (FRONTLINE_BUILD_DIR={BUILD_DIR})")
    return program


def require_subcommand(name: str) -> None:
    """Skips the test when this build of `frontline` lacks a subcommand (sweep, merge)."""
    result = subprocess.run([str(frontline()), name, "--help"], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"`frontline {name}` is not in this build")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall clock
    peak_rss_mb: float  # the child's maximum resident set size

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def sanitized() -> bool:
    """True for a build with AddressSanitizer, which reserves terabytes of address
    space: no RLIMIT_AS then, and more memory per allocation."""
    global _sanitized
    if _sanitized is None:
        _sanitized = b"__asan_init" in frontline().read_bytes()
    return _sanitized


_sanitized = None


def run(args, cwd=None, timeout=120, memory_limit_mb=None, env=None, user=None) -> Result:
    """Runs `frontline ARGS...`, measuring wall time and peak memory (/usr/bin/time).
    `memory_limit_mb` also caps the address space (RLIMIT_AS, not under ASan) so a
    runaway allocation fails fast instead of swapping; `user` runs it as that user."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as measured:
        command = ["/usr/bin/time", "-q", "-f", "%M", "-o", measured.name]
        if user is not None:
            command += ["setpriv", f"--reuid={user}", f"--regid={user_group(user)}",
                        "--clear-groups"]
        command += [str(frontline()), *map(str, args)]

        def limit():
            if memory_limit_mb is not None and not sanitized():
                limit_bytes = memory_limit_mb << 20
                resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

        started = time.monotonic()
        process = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                                 timeout=timeout, preexec_fn=limit, env=env)
        seconds = time.monotonic() - started
        lines = [line for line in measured.read().splitlines() if line.strip().isdigit()]
        peak_kb = int(lines[-1]) if lines else 0
    return Result(process.returncode, process.stdout, process.stderr, seconds, peak_kb / 1024.0)


def user_group(user: str) -> str:
    return "nogroup" if user == "nobody" else user


def is_root() -> bool:
    return os.geteuid() == 0


@contextlib.contextmanager
def tmpfs(size: str, read_only: bool = False):
    """A fresh tmpfs of `size` (e.g. "200k"), mounted for the test and removed after;
    skips when it cannot be mounted (not root, no CAP_SYS_ADMIN)."""
    if not is_root():
        pytest.skip("mounting a tmpfs needs root; run the reliability tests as root "
                    "(the CI container does) to check a full or read-only disk")
    point = Path(tempfile.mkdtemp(prefix="frontline-tmpfs-"))
    options = f"size={size},mode=0777" + (",ro" if read_only else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
        shutil.rmtree(point, ignore_errors=True)


TEMPORARY_RUN_FILE = re.compile(r"^\.(?P<target>.+)\.tmp-\d+-[0-9a-f]{8}$")


def leftovers(folder: Path, expected: set[str]) -> list[str]:
    """Names in `folder` other than `expected` and the writer's clearly named
    temporary files (.TARGET.tmp-PID-RANDOM, docs/reliability.md)."""
    strays = []
    for entry in sorted(os.listdir(folder)):
        match = TEMPORARY_RUN_FILE.match(entry)
        if entry in expected or (match and match.group("target") in expected):
            continue
        strays.append(entry)
    return strays


def temporary_files(folder: Path) -> list[str]:
    return sorted(e for e in os.listdir(folder) if TEMPORARY_RUN_FILE.match(e))
