"""Every command in README.md runs as written, in order, after the first command
(scripts/quickstart.sh) on a fresh checkout.

The commands are the ```sh blocks (each run as one bash script with -e) and the `$ ` lines of
the ```text blocks, in the order the README gives them, plus the ```python blocks. They run in a
scratch folder that looks like a fresh clone after the quickstart: every top-level entry of the
repository linked in, `build` the build under test, `out/sirte-2016.h5` written by the
quickstart's own last line. Skipped: the block of the two top-level commands (the quickstart and
the test suite themselves) and blocks whose first line says `# on a cluster`. A `$ ` line ending
in `# exits N` must exit N."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD_DIR, REPO_ROOT, frontline_command, missing_build

README = REPO_ROOT / "README.md"
QUICKSTART = REPO_ROOT / "scripts" / "quickstart.sh"
PYTHON = "/usr/bin/python3"


def readme_commands(text: str) -> list[tuple[str, str, int]]:
    """(kind, command, expected exit code) in the README's order; kind is sh or python."""
    commands = []
    for language, body in re.findall(r"```(\w*)\n(.*?)```", text, re.S):
        first = body.lstrip().splitlines()[0] if body.strip() else ""
        if language == "sh":
            if "scripts/quickstart.sh" in body or first.startswith("# on a cluster"):
                continue
            commands.append(("sh", body, 0))
        elif language == "text":
            for line in body.splitlines():
                if line.startswith("$ "):
                    command = line[2:]
                    expected = re.search(r"#\s*exits (\d+)\s*$", command)
                    commands.append(("sh", command, int(expected.group(1)) if expected else 0))
        elif language == "python":
            commands.append(("python", body, 0))
    return commands


def quickstart_last_command() -> str:
    lines = [line for line in QUICKSTART.read_text().splitlines()
             if line.startswith("build/sim/cli/frontline run")]
    assert lines, "scripts/quickstart.sh runs no scenario"
    return lines[-1]


def test_the_readme_has_commands_and_no_bare_frontline():
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 8
    for kind, command, _ in commands:
        if kind == "sh":
            for line in command.splitlines():
                # `frontline` is not on PATH: every call names the binary's path
                assert not re.match(r"\s*frontline\b", line), line


@pytest.fixture(scope="module")
def fresh_root(tmp_path_factory):
    if not frontline_command().exists():
        missing_build(f"{frontline_command()} is not built yet")
    root = tmp_path_factory.mktemp("readme-root")
    for entry in REPO_ROOT.iterdir():
        if entry.name not in ("build", "out", ".git") and not entry.name.startswith("build"):
            (root / entry.name).symlink_to(entry)
    (root / "build").symlink_to(BUILD_DIR.resolve())
    (root / "out").mkdir()
    result = subprocess.run(["bash", "-c", quickstart_last_command()], cwd=root, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return root


def test_every_readme_command_runs_as_written_in_order(fresh_root):
    env = dict(os.environ, MPLBACKEND="Agg")
    for kind, command, expected in readme_commands(README.read_text(encoding="utf-8")):
        program = ["bash", "-e", "-c", command] if kind == "sh" else [PYTHON, "-c", command]
        result = subprocess.run(program, cwd=fresh_root, capture_output=True, text=True, timeout=1200,
                                env=env)
        assert result.returncode == expected, (
            f"README command exited {result.returncode}, expected {expected}:\n{command}\n"
            f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}")


def test_frontline_list_prints_whole_sentences():
    if not frontline_command().exists():
        missing_build(f"{frontline_command()} is not built yet")
    result = subprocess.run([str(frontline_command()), "list"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    for line in result.stdout.splitlines()[1:]:
        if "does not validate" not in line:
            assert line.rstrip().endswith((".", ")", "?", "!")), line
