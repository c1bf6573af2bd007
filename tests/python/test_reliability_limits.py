"""Hostile input, end to end through the `frontline` binary (docs/reliability.md,
"Limits on hostile input"): every case is refused with exit code 1 (2 for a
command-line range) and a message that says which limit, in bounded time and
memory, and writes nothing. The loader's unit tests check the same limits one
function at a time (tests/scenario); these check what a user sees.

Bounds are generous on purpose (a refusal takes well under a second and
~20 MB): they catch a limit that stopped working, not a slow machine.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
import frontline_harness as fh  # noqa: E402

# A refusal takes well under a second in a Release build; AddressSanitizer's
# build runs several times slower, and a CI machine may be busy (a sanitized
# refusal of two million nodes took 24 s beside four compilers): the bound
# only has to tell a working limit from none.
SECONDS = 60.0 if fh.sanitized() else 20.0
MEMORY_LIMIT_MB = 2048  # RLIMIT_AS of the child (not under ASan)


def peak_bound_mb() -> float:
    return 1500.0 if fh.sanitized() else 400.0


def alias_bomb() -> str:
    """Eleven levels of ten aliases each: 10^11 nodes if expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "name: bomb\n" + "\n".join(lines) + "\n"


def deep_block_mapping(levels: int) -> str:
    return "name: deep\n" + "".join("  " * i + f"k{i}:\n" for i in range(levels)) + \
        "  " * levels + "v: 1\n"


HOSTILE_FILES = {
    "alias-bomb": (alias_bomb, "expands the document beyond 1048576 nodes"),
    "deep-flow-nesting": (lambda: "name: deep\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
                          "nesting deeper than 64 levels"),
    "deep-block-nesting": (lambda: deep_block_mapping(200), "nesting deeper than 64 levels"),
    "two-million-nodes": (lambda: "name: many\nx: [" + ",".join(["1"] * 1_100_000) + "]\n",
                          "the document has more than 1048576 nodes"),
    "long-string": (lambda: 'name: long\ndescription: "' + "x" * 200_000 + '"\n',
                    "string of 200000 bytes is too long (expected at most 65536 bytes)"),
    "ten-megabyte-file": (lambda: "name: big\n" + "# padding\n" * 1_000_000,
                          "file is larger than 8388608 bytes"),
    "binary-data": (lambda: "name: bin\x00\x01\x02\n", "control character 0x00"),
    "second-document": (lambda: "name: a\n---\nname: b\n", "a second YAML document starts here"),
    "include-of-a-device": (lambda: "include: /dev/zero\nname: x\n", "not a .yaml file"),
    "include-outside-the-folder": (lambda: "include: /etc/passwd\nname: x\n", "not a .yaml file"),
    "include-of-itself": (lambda: "include: scenario.yaml\nname: x\n", "include cycle"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_scenario_file_is_refused_quickly(case, tmp_path):
    make, message = HOSTILE_FILES[case]
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(make())
    result = fh.run(["validate", scenario], cwd=tmp_path, timeout=120,
                    memory_limit_mb=MEMORY_LIMIT_MB)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert message in result.stdout + result.stderr, result.output
    assert result.seconds < SECONDS, f"{case}: {result.seconds:.1f} s"
    assert result.peak_rss_mb < peak_bound_mb(), f"{case}: {result.peak_rss_mb:.0f} MB"
    assert sorted(os.listdir(tmp_path)) == ["scenario.yaml"]


HOSTILE_SETS = {
    "factions.ISIS.fighters=1e300": "fighters 1e300 is out of range (expected 0 to 1e9)",
    "factions.ISIS.fighters=99999999999999999999999999999": "is out of range (expected 0 to 1e9)",
    "factions.ISIS.fighters=.inf": "fighters .inf is not a finite number",
    "factions.ISIS.fighters=.nan": "fighters .nan is not a finite number",
    "map.nodes.sirte.population=1e15": "population 1e15 is out of range (expected 0 to 1e9)",
    "parameters.combat.aimed_kill_rate=1e308": "is out of range",
    "seed=99999999999999999999999999": "seed 99999999999999999999999999 is out of range",
    "seed=-1": "seed -1 is out of range",
    "calendar.end=9999-12-31": "calendar end 9999-12-31 is out of range (expected a date from "
                               "1900-01-01 to 2200-12-31)",
    "calendar.start=0001-01-01": "calendar start 0001-01-01 is out of range",
    "calendar.step=2147483647h": "calendar step 2147483647h is longer than a year",
    "calendar.end=10000-01-01": "end '10000-01-01' is not a valid date",
    "calendar.step=0h": "step '0h' is not a valid duration",
    "calendar.step=1s": "step '1s' is not a valid duration",
    "description=" + "x" * 100_000: "string of 100000 bytes is too long",
    ".".join(["a"] * 100) + "=1": "path of 100 keys (expected at most 64 keys)",
    "description=" + "[" * 1000 + "]" * 1000: "nesting deeper than 64 levels",
    "description=&a [*a]": "refers to a node that contains it",
}


@pytest.mark.parametrize("argument", sorted(HOSTILE_SETS), ids=lambda a: a[:40])
def test_hostile_set_is_refused_by_run(argument, tmp_path):
    result = fh.run(["run", "sirte-2016", "--set", argument, "-o", "out.h5"], cwd=tmp_path,
                    memory_limit_mb=MEMORY_LIMIT_MB)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert HOSTILE_SETS[argument] in result.stderr, result.stderr
    assert result.seconds < SECONDS
    assert result.peak_rss_mb < peak_bound_mb()
    assert os.listdir(tmp_path) == []


def test_the_longest_calendar_allowed_runs_in_bounded_time_and_memory(tmp_path):
    """Just under the 200,000-step limit, hourly for 22 years: about 9 s and
    420 MB in a release build."""
    if fh.sanitized():
        pytest.skip("too slow under AddressSanitizer; the release suite runs it")
    # 61 nodes x 189,865 hours is above the default cell limit; --max-cells
    # raises it, as a user who wants such a run would.
    result = fh.run(["run", "sirte-2016", "--set", "calendar.end=2038-01-01", "--set",
                     "calendar.step=1h", "--max-cells", "20000000", "-q", "-o", "out.h5"],
                    cwd=tmp_path, timeout=300,
                    memory_limit_mb=4096)
    assert result.returncode == fh.OK, result.output
    assert result.seconds < 120, f"{result.seconds:.0f} s"
    assert result.peak_rss_mb < 1500, f"{result.peak_rss_mb:.0f} MB"


def test_huge_replicate_counts_are_refused_without_force(tmp_path):
    check = fh.run(["check", "sirte-2016", "--replicates", "1000000"], cwd=tmp_path)
    assert check.returncode == fh.USAGE
    assert "--replicates: Value 1000000 not in range 1 to 100000" in check.stderr
    fh.require_subcommand("sweep")
    sweep = fh.run(["sweep", "--scenario", "sirte-2016", "--replicates", "200000", "-o", "x.h5"],
                   cwd=tmp_path)
    assert sweep.returncode == fh.BAD_INPUT, sweep.output
    assert ("the sweep has 200000 runs (1 design points x 200000 replicates), more than the "
            "limit of 100000 (expected fewer runs, or --force to allow it)") in sweep.stderr
    assert os.listdir(tmp_path) == []


SWEEP_FILES = {
    "million-point-grid": (
        "scenario: sirte-2016\nparameters:\n"
        f"  factions.ISIS.fighters: [{', '.join(str(i) for i in range(1000))}]\n"
        f"  factions.GNA.fighters: [{', '.join(str(i) for i in range(1000))}]\n",
        "the sweep has 1000000 runs (1000000 design points x 1 replicates), more than the limit"),
    "hundred-million-replicates": ("scenario: sirte-2016\nreplicates: 100000000\n",
                                   "the sweep has 100000000 runs"),
    "replicates-beyond-the-type": ("scenario: sirte-2016\nreplicates: 99999999999999999999\n",
                                   "replicates 99999999999999999999 is out of range (expected 1 to 100000000)"),
    "lhs-samples": ("scenario: sirte-2016\ndesign: lhs\nsamples: 100000000\nparameters:\n"
                    "  factions.ISIS.fighters: {range: {min: 1000, max: 5000}}\n",
                    "the sweep has 100000000 runs"),
    "sobol-of-64-parameters": (
        "scenario: sirte-2016\ndesign: sobol\nsamples: 1000\nparameters:\n" +
        "".join(f"  factions.ISIS.p{i}: {{range: {{min: 0, max: 1}}}}\n" for i in range(64)),
        "a Sobol design supports at most 20 parameters, got 64"),
    "alias-bomb": (alias_bomb().replace("name: bomb", "scenario: sirte-2016"),
                   "expands the document beyond 1048576 nodes"),
}


@pytest.mark.parametrize("case", sorted(SWEEP_FILES))
def test_huge_sweeps_are_refused_without_force(case, tmp_path):
    fh.require_subcommand("sweep")
    text, message = SWEEP_FILES[case]
    (tmp_path / "sweep.yaml").write_text(text)
    result = fh.run(["sweep", "sweep.yaml", "-o", "out.h5"], cwd=tmp_path,
                    memory_limit_mb=MEMORY_LIMIT_MB)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert message in result.stderr, result.stderr
    assert result.seconds < SECONDS
    assert result.peak_rss_mb < peak_bound_mb()
    assert sorted(os.listdir(tmp_path)) == ["sweep.yaml"], "a refused sweep wrote files"


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")}


def test_commands_write_only_what_was_asked(tmp_path):
    """Each command runs in an empty folder with an empty HOME and writes its
    output to another empty folder: afterwards the output folder holds exactly
    the requested files, and the working folder, HOME and the shipped scenarios
    are unchanged."""
    fh.require_subcommand("sweep")
    work, home, out = (tmp_path / name for name in ("work", "home", "out"))
    for folder in (work, home, out):
        folder.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    shipped_before = snapshot(fh.SCENARIOS)
    commands = [
        (["validate", "sirte-2016"], []),
        (["list"], []),
        (["params"], []),
        (["check", "sirte-2016", "--replicates", "2"], []),
        (["run", "sirte-2016", "-q", "-o", out / "run.h5"], ["run.h5"]),
        (["info", out / "run.h5"], []),
        (["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "4", "-o",
          out / "sweep.h5"], ["sweep.h5"]),
        (["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "4", "--shard", "0/2",
          "-o", out / "shard0.h5"], ["shard0.h5"]),
        (["sweep", "-q", "--scenario", "sirte-2016", "--replicates", "4", "--shard", "1/2",
          "-o", out / "shard1.h5"], ["shard1.h5"]),
        (["merge", out / "shard0.h5", out / "shard1.h5", "-o", out / "merged.h5"],
         ["merged.h5"]),
    ]
    expected: set[str] = set()
    for args, new_files in commands:
        result = fh.run(args, cwd=work, env=env)
        assert result.returncode in (fh.OK, 4), f"{args}: {result.output}"  # 4: targets missed
        expected |= set(new_files)
        assert set(os.listdir(out)) == expected, f"after {args[0]}: {sorted(os.listdir(out))}"
        assert os.listdir(work) == [], f"{args[0]} wrote into the working folder"
        assert os.listdir(home) == [], f"{args[0]} wrote into HOME or TMPDIR"
    assert snapshot(fh.SCENARIOS) == shipped_before, "the shipped scenarios folder changed"


def test_default_output_name_stays_in_the_working_folder(tmp_path):
    """Without -o, `run` writes SCENARIO-NAME.h5 in the working folder; a name
    that would climb out of it is not a valid scenario name."""
    scenario = tmp_path / "escape.yaml"
    scenario.write_text((fh.SCENARIOS / "sirte-2016.yaml").read_text()
                        .replace("name: sirte-2016", "name: ../escaped", 1))
    work = tmp_path / "work"
    work.mkdir()
    result = fh.run(["run", scenario, "-q"], cwd=work)
    assert result.returncode == fh.BAD_INPUT, result.output
    assert "invalid scenario name '../escaped'" in result.stderr
    assert os.listdir(work) == [] and sorted(os.listdir(tmp_path)) == ["escape.yaml", "work"]
    good = fh.run(["run", "sirte-2016", "-q"], cwd=work)
    assert good.returncode == fh.OK, good.output
    assert os.listdir(work) == ["sirte-2016.h5"]
