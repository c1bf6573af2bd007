"""The attack harness (issue 14, docs/reliability.md "Attack harness"): classes of
hostile input generated from the shipped scenarios, not a list of instances.

- truncations of every shipped scenario, variant, map and sweep file at sampled
  offsets (every offset in the long mode);
- every numeric field of every shipped file set to NaN, the infinities,
  negatives, zero and extremes;
- special files (FIFO, a symlink to /dev/zero, a folder, /dev/null, a dangling
  symlink, an unreadable file) in every role a path has: scenario, include, map
  file, report, output, `info` input;
- races between two commands on one output path;
- SIGINT, SIGTERM and SIGHUP at random moments of `run`.

Every case runs the real binary under a time limit and an address-space limit,
and checks the invariant: exit 0, or exit 1 with a located message
(`file:line:column: ...` or `file: ...`); never a crash, a hang, exit 3 on bad
input, a leftover temporary file or a replaced or destroyed file.

Short mode (default, CI): a sample of each class, about a minute on two busy
cores. Long mode, for nightly or benchmark machines:
    FRONTLINE_ATTACK=long FRONTLINE_BUILD_DIR=$PWD/build \\
        /usr/bin/python3 -m pytest -q tests/python/test_reliability_attack.py
Random choices come from FRONTLINE_RELIABILITY_SEED (default 20240611); each
failure names its case.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

LONG = os.environ.get("FRONTLINE_ATTACK") == "long"
SEED = int(os.environ.get("FRONTLINE_RELIABILITY_SEED", "20240611"))
WORKERS = 2
SECONDS_PER_CASE = 20.0  # a refusal takes well under a second; this catches a hang
MEMORY_LIMIT_MB = 2048   # RLIMIT_AS of each case (not under ASan)


def peak_bound_mb() -> float:
    return 1500.0 if fh.sanitized() else 400.0


# A located message: "path:line:column: what", "path:line: what" or "path: what".
LOCATED = re.compile(r"^[^\s:][^:]*(:\d+){0,2}: \S")


def assert_refused_or_accepted(case: str, result: fh.Result) -> None:
    """The invariant for bad input: exit 0, or exit 1 with every line located."""
    assert result.returncode in (fh.OK, fh.BAD_INPUT), \
        f"{case}: exit {result.returncode}\n{result.output[-2000:]}"
    assert "internal error" not in result.stderr, f"{case}: {result.stderr[-2000:]}"
    assert "\x1b" not in result.output, f"{case}: an escape reached the terminal"
    if result.returncode == fh.BAD_INPUT:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines, f"{case}: exit 1 without a message"
        for line in lines:
            if line.startswith("frontline: ") and line.endswith(" problems"):
                continue
            assert LOCATED.match(line), f"{case}: not located: {line!r}"
    assert result.seconds < SECONDS_PER_CASE, f"{case}: {result.seconds:.1f} s"
    assert result.peak_rss_mb < peak_bound_mb(), f"{case}: {result.peak_rss_mb:.0f} MB"


def run_cases(cases, check) -> int:
    """Runs `check(case)` for every case on WORKERS threads; returns the count."""
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(check, case) for case in cases]:
            future.result()
    return len(cases)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the shipped scenarios folder, so that relative includes resolve."""
    root = tmp_path_factory.mktemp("attack") / "scenarios"
    shutil.copytree(fh.SCENARIOS, root)
    return root


def shipped_files(root: Path) -> list[Path]:
    return sorted([*root.glob("*.yaml"), *root.glob("variants/*.yaml"), *root.glob("maps/*.yaml")])


# ---------------------------------------------------------------- truncations


def truncation_offsets(size: int, rng: random.Random) -> list[int]:
    if LONG:
        return list(range(size))
    # The ends, where parsers are most fragile, and a spread sample between.
    picked = {0, 1, 2, size - 1, size - 2}
    picked.update(rng.sample(range(size), min(size, 10)))
    return sorted(o for o in picked if 0 <= o < size)


def truncations(files: list[Path], rng: random.Random) -> list[tuple[Path, int]]:
    return [(f, offset) for f in files for offset in truncation_offsets(f.stat().st_size, rng)]


@contextlib.contextmanager
def altered_copy(original: Path, tag: str, content: bytes, tree: Path):
    """`content` written beside `original` (so its includes resolve the same way);
    yields the file to give to the command: the copy, or for a map file a copy of
    sirte-2016 that includes it. Both are removed after."""
    copy = original.with_name(f"{tag}-{original.name}")
    copy.write_bytes(content)
    target = copy
    if original.parent.name == "maps":  # a map file is read through a scenario
        target = tree / f"uses-{copy.name}"
        target.write_text((tree / "sirte-2016.yaml").read_text().replace(
            "maps/libya-coast.yaml", f"maps/{copy.name}"))
    try:
        yield target
    finally:
        copy.unlink()
        target.unlink(missing_ok=True)


def test_truncated_shipped_files_are_refused_or_accepted(tree, tmp_path):
    cases = truncations(shipped_files(tree), random.Random(SEED))

    def check(case):
        original, offset = case
        with altered_copy(original, f"cut-{offset}", original.read_bytes()[:offset],
                          tree) as target:
            result = fh.run(["validate", target], cwd=tmp_path, timeout=120,
                            memory_limit_mb=MEMORY_LIMIT_MB)
            assert_refused_or_accepted(f"{original.name} cut at {offset}", result)

    count = run_cases(cases, check)
    assert count >= 10 * len(shipped_files(tree))


def test_truncated_sweep_files_are_refused_or_accepted(tree, tmp_path):
    fh.require_subcommand("sweep")
    cases = truncations(sorted((tree / "sweeps").glob("*.yaml")), random.Random(SEED + 1))

    def check(case):
        original, offset = case
        with altered_copy(original, f"cut-{offset}", original.read_bytes()[:offset],
                          tree) as target:
            result = fh.run(["sweep", target, "--dry-run"], cwd=tmp_path, timeout=120,
                            memory_limit_mb=MEMORY_LIMIT_MB)
            assert_refused_or_accepted(f"{original.name} cut at {offset}", result)

    run_cases(cases, check)


# ---------------------------------------------------------------- numeric fields

# A mapping value that is a plain number: "key: 12", "key: -0.5", "key: 1e9", in
# block or flow style ("{a: 1, b: 2}"); dates and durations do not match.
NUMBER = re.compile(r"(?P<lead>:[ \t]+)(?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
                    r"(?=[ \t]*(?:[,}\]]|#|$))", re.MULTILINE)
HOSTILE_NUMBERS = [".nan", ".inf", "-.inf", "-1", "0", "-0.0", "1e308", "-1e308", "1e-320",
                   "2147483648", "18446744073709551616", "1e19", "0.5"]


def numeric_mutations(root: Path) -> list[tuple[Path, int, str]]:
    cases = []
    for path in shipped_files(root):
        for match in NUMBER.finditer(path.read_text()):
            for value in HOSTILE_NUMBERS:
                cases.append((path, match.start("number"), value))
    return cases


def mutated(text: str, position: int, value: str) -> str:
    match = NUMBER.match(text, position - 2) or NUMBER.search(text, position - 3)
    end = match.end("number")
    return text[:position] + value + text[end:]


def test_every_numeric_field_at_extremes_is_refused_or_accepted(tree, tmp_path):
    rng = random.Random(SEED + 2)
    cases = numeric_mutations(tree)
    assert len(cases) > 500  # the shipped files have hundreds of numbers
    if not LONG:
        cases = rng.sample(cases, 120)
    accepted = []

    def check(case):
        path, position, value = case
        content = mutated(path.read_text(), position, value).encode()
        with altered_copy(path, f"num-{position}-{abs(hash(value))}", content, tree) as target:
            result = fh.run(["validate", target], cwd=tmp_path, timeout=120,
                            memory_limit_mb=MEMORY_LIMIT_MB)
            assert_refused_or_accepted(f"{path.name} byte {position} = {value}", result)
            if result.returncode == fh.OK:
                accepted.append((path, position, value))

    run_cases(cases, check)
    # Accepted values must also run: a value the loader lets through must not
    # crash or stall the engine. Short runs of the top-level scenarios only.
    runnable = [c for c in accepted if c[0].parent == tree]
    if not LONG:
        runnable = rng.sample(runnable, min(4, len(runnable)))

    def run_one(case):
        path, position, value = case
        copy = path.with_name(f"run-{position}-{abs(hash(value))}-{path.name}")
        copy.write_text(mutated(path.read_text(), position, value))
        out = tmp_path / f"{copy.stem}.h5"
        try:
            result = fh.run(["run", copy, "-q", "-o", out], cwd=tmp_path, timeout=300,
                            memory_limit_mb=4096)
            assert result.returncode == fh.OK, \
                f"{path.name} byte {position} = {value}: validates but run exits " \
                f"{result.returncode}: {result.stderr[-2000:]}"
            assert fh.run(["info", out], timeout=60).returncode == fh.OK
        finally:
            copy.unlink()
            out.unlink(missing_ok=True)

    run_cases(runnable, run_one)


# ---------------------------------------------------------------- special files


def make_special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero-link":
        path.symlink_to("/dev/zero")
    elif kind == "dev-null-link":
        path.symlink_to("/dev/null")
    elif kind == "directory":
        path.mkdir()
    elif kind == "dangling-link":
        path.symlink_to(path.with_name("nothing-here"))
    elif kind == "unreadable":
        path.write_text("name: secret\n")
        path.chmod(0)
    else:
        raise ValueError(kind)


SPECIAL_KINDS = ["fifo", "dev-zero-link", "dev-null-link", "directory", "dangling-link",
                 "unreadable"]


def describe_entry(path: Path) -> tuple:
    """What is at `path` (type, target, size): it must not change."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return ("missing",)
    target = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    return (stat.S_IFMT(st.st_mode), target, st.st_size if stat.S_ISREG(st.st_mode) else None,
            st.st_ino)


def scenario_using(tree: Path, role: str, name: str) -> str:
    """sirte-2016 with its map file, a report or an include replaced by `name`."""
    text = (tree / "sirte-2016.yaml").read_text()
    if role == "map":
        return text.replace("maps/libya-coast.yaml", name)
    if role == "report":
        return re.sub(r"reports/[\w.-]+\.txt", name, text, count=1)
    if role == "include":
        return f"include: {name}\nname: attack\n"
    raise ValueError(role)


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
def test_special_files_in_every_role_are_refused_without_a_hang(kind, tree):
    # An unreadable file means nothing to root: that kind runs as the user nobody,
    # so the whole folder must be reachable and writable by all.
    user = "nobody" if kind == "unreadable" and fh.is_root() else None
    work = Path(tempfile.mkdtemp(prefix="frontline-attack-"))
    try:
        work.chmod(0o777)
        folder = work / "scenarios"
        shutil.copytree(tree, folder)
        folder.chmod(0o777)
        special_yaml = folder / f"special-{kind}.yaml"
        special_txt = folder / f"special-{kind}.txt"
        make_special(kind, special_yaml)
        make_special(kind, special_txt)
        cases = []
        for role in ("map", "report", "include"):
            name = special_txt.name if role == "report" else special_yaml.name
            scenario = folder / f"role-{role}.yaml"
            scenario.write_text(scenario_using(folder, role, name))
            cases.append((f"{kind} as {role}", ["validate", scenario]))
        cases.append((f"{kind} as scenario", ["validate", special_yaml]))
        cases.append((f"{kind} as info input", ["info", special_yaml]))
        short = ["run", folder / "sirte-2016.yaml", "-q"]
        cases.append((f"{kind} as output", [*short, "-o", special_yaml]))
        if kind != "unreadable":  # --force may replace a regular file, readable or not
            cases.append((f"{kind} as output with --force", [*short, "-o", special_yaml, "--force"]))
        before = {p: describe_entry(p) for p in (special_yaml, special_txt)}
        for case, args in cases:
            result = fh.run(args, cwd=work, timeout=60, memory_limit_mb=MEMORY_LIMIT_MB, user=user)
            assert result.returncode == fh.BAD_INPUT, \
                f"{case}: exit {result.returncode}\n{result.output[-1500:]}"
            assert_refused_or_accepted(case, result)
            for path, what in before.items():
                assert describe_entry(path) == what, f"{case}: {path.name} changed"
        assert not list(folder.glob(".*.tmp-*")), "a temporary file was left"
    finally:
        for path in work.rglob("*"):
            if not path.is_symlink() and path.exists():
                path.chmod(0o700)
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- inputs as outputs


def test_force_never_replaces_an_input(tree, tmp_path):
    """--force with -o naming the scenario, its map file, a report or a hard link
    to one of them: refused, every file unchanged."""
    folder = tmp_path / "scenarios"
    shutil.copytree(tree, folder)
    scenario = folder / "sirte-2016.yaml"
    os.link(scenario, folder / "hard-link.h5")
    targets = [scenario, folder / "maps" / "libya-coast.yaml",
               next((folder / "reports").glob("2016-*.txt")), folder / "hard-link.h5"]
    snapshot = {p: p.read_bytes() for p in targets}
    for target in targets:
        result = fh.run(["run", scenario, "-q", "-o", target,
                         "--force"], cwd=tmp_path, timeout=120, memory_limit_mb=MEMORY_LIMIT_MB)
        assert result.returncode == fh.BAD_INPUT, f"-o {target.name}: {result.output}"
        assert "the output is an input of this command" in result.stderr, result.stderr
    for path, text in snapshot.items():
        assert path.read_bytes() == text, f"{path.name} was changed"


# ---------------------------------------------------------------- races

RACE_TRIALS = 12 if LONG else 3
SHORT_RUN = ["run", "sirte-2016", "-q"]


def limited():
    if not fh.sanitized():
        limit = MEMORY_LIMIT_MB << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def start(args, cwd) -> subprocess.Popen:
    return subprocess.Popen([str(fh.frontline()), *map(str, args)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=limited)


def finish(process: subprocess.Popen, case: str):
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"{case}: hung")
    assert process.returncode >= 0, f"{case}: killed by signal {-process.returncode}: {err}"
    return process.returncode, err


def test_two_runs_racing_for_one_output(tmp_path):
    rng = random.Random(SEED + 3)
    for trial in range(RACE_TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        force = trial % 2 == 1
        extra = ["--force"] if force else []
        first = start([*SHORT_RUN, "-o", "out.h5", *extra], folder)
        time.sleep(rng.uniform(0, 0.3))
        second = start([*SHORT_RUN, "--seed", "7", "-o", "out.h5", *extra], folder)
        codes = [finish(first, f"trial {trial} first"), finish(second, f"trial {trial} second")]
        successes = [code for code, _ in codes if code == fh.OK]
        if force:
            assert len(successes) == 2, codes
        else:
            assert len(successes) == 1, codes
            refused = [err for code, err in codes if code != fh.OK]
            assert "already exists" in refused[0], refused
        assert fh.run(["info", folder / "out.h5"]).returncode == fh.OK
        assert fh.leftovers(folder, {"out.h5"}) == [] and fh.temporary_files(folder) == []


def test_info_while_a_run_writes_the_same_path(tmp_path):
    for trial in range(RACE_TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        writer = start([*SHORT_RUN, "-o", "out.h5"], folder)
        while writer.poll() is None:
            result = fh.run(["info", "out.h5"], cwd=folder, timeout=60,
                            memory_limit_mb=MEMORY_LIMIT_MB)
            # Nothing yet ("no such file"), or the complete file: never a partial one.
            assert result.returncode in (fh.OK, fh.BAD_INPUT), result.output
            if result.returncode == fh.BAD_INPUT:
                assert "no such file" in result.stderr, result.stderr
        assert finish(writer, f"trial {trial}")[0] == fh.OK


# ---------------------------------------------------------------- signals

SIGNAL_TRIALS = 24 if LONG else 6
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
# A run that spends a good share of its time writing: hourly steps with agents.
SIGNAL_RUN = ["run", "sirte-2016", "--record", "agents", "--set", "calendar.step=1h", "-q"]


def test_signals_at_random_moments_leave_nothing_or_a_complete_file(tmp_path):
    rng = random.Random(SEED + 4)
    reference = tmp_path / "reference"
    reference.mkdir()
    started = time.monotonic()
    code, err = finish(start([*SIGNAL_RUN, "-o", "out.h5"], reference), "uncut run")
    duration = time.monotonic() - started
    assert code == fh.OK, err
    for trial in range(SIGNAL_TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        sig = SIGNALS[trial % len(SIGNALS)]
        moment = rng.uniform(0, duration * 1.1)
        process = start([*SIGNAL_RUN, "-o", "out.h5"], folder)
        time.sleep(moment)
        process.send_signal(sig)
        try:
            process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"trial {trial}: {sig.name} at {moment:.2f} s did not end the run")
        note = f"trial {trial}: {sig.name} at {moment:.2f} s of {duration:.2f} s"
        # Ended by the signal itself (the shell sees it), or finished first.
        assert process.returncode in (-sig, fh.OK), f"{note}: exit {process.returncode}"
        assert fh.temporary_files(folder) == [], f"{note}: left {fh.temporary_files(folder)}"
        assert fh.leftovers(folder, {"out.h5"}) == [], note
        if (folder / "out.h5").exists():
            assert fh.run(["info", folder / "out.h5"], timeout=60).returncode == fh.OK, note
