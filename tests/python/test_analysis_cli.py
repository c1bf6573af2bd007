"""The three commands end to end: they run, the HTML references images that exist,
and the tables hold what the files hold."""
import re
import subprocess
import sys

import matplotlib.image
import numpy as np
import pytest

from analysis_fixtures import (REPO_ROOT, binary_run_file, binary_sweep_maker,  # noqa: F401
                               binary_variant_file, corridor_run, corridor_run_file, lhs_sweep,
                               sobol_sweep, tiny_run_file, write_run_file, write_sweep_file)
from analysis import cli, io

TEST_DPI = 60  # enough to check the pictures, and quicker to write


def _run_cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)


def _images(index_html):
    text = index_html.read_text(encoding="utf-8")
    return text, re.findall(r'<img src="([^"]+)"', text)


def _table_rows(text, table_id):
    match = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', text, re.S)
    assert match, f"no table {table_id}"
    return match.group(1).count("<tr")


def _check_images(out_dir, text, images):
    assert images
    for name in images:
        assert (out_dir / name).is_file(), name
        rgb = (matplotlib.image.imread(out_dir / name)[::2, ::2, :3] * 255).astype(np.uint32)
        packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
        assert len(np.unique(packed)) > 20, name  # a picture, not an empty canvas
    assert not re.search(r'src="/', text)  # relative: the folder can move


@pytest.fixture(scope="module")
def corridor_report(corridor_run_file, tmp_path_factory):  # noqa: F811
    out = tmp_path_factory.mktemp("report")
    assert cli.main(["report", str(corridor_run_file), "-o", str(out), "--dpi", str(TEST_DPI)]) == 0
    return out


def test_report_references_its_images_and_they_exist(corridor_report):
    text, images = _images(corridor_report / "index.html")
    _check_images(corridor_report, text, images)
    for expected in ("space_time.png", "strength.png", "casualties.png", "oil.png", "displaced.png",
                     "humanitarian.png"):
        assert expected in images


def test_report_lists_every_event_and_target(corridor_report, corridor_run_file):  # noqa: F811
    ds = io.open_run(corridor_run_file)
    text = (corridor_report / "index.html").read_text(encoding="utf-8")
    assert _table_rows(text, "events") == ds.sizes["event"]
    assert _table_rows(text, "targets") == ds.sizes["target"]
    assert "Targets from the reports (2 of 3 met)" in text
    assert "GNA cuts the last road out of Sirte" in text


def test_report_draws_maps_at_start_end_and_key_events(corridor_report, corridor_run_file):  # noqa: F811
    ds = io.open_run(corridor_run_file)
    maps = sorted(p.name for p in corridor_report.glob("map_*.png"))
    assert maps[0] == "map_20160505_0.png"
    assert maps[-1].endswith(f"_{ds.sizes['time'] - 1}.png")
    # 9 captures and 2 sieges begun on 10 distinct dates inside the run: 6 drawn
    assert len(maps) == 2 + 6
    assert "further capture or siege dates are not drawn" in (corridor_report / "index.html").read_text()


def test_report_on_a_tiny_map_with_sub_daily_steps_and_no_events(tiny_run_file, tmp_path):  # noqa: F811
    assert cli.main(["report", str(tiny_run_file), "-o", str(tmp_path), "--dates", "2020-01-02"]) == 0  # default dpi
    text, images = _images(tmp_path / "index.html")
    _check_images(tmp_path, text, images)
    assert [p.name for p in tmp_path.glob("map_*.png")] == ["map_20200102_4.png"]
    assert "No events were recorded." in text and 'id="targets"' not in text


def test_sweep_report_with_sobol_design(tmp_path):
    path = sobol_sweep(tmp_path / "s.h5", lambda x: 4 * x[:, 0] + 0 * x[:, 1], [(0, 1), (0, 1)],
                       ["x1", "x2"], base_samples=256, replicates=2, noise=0.01, failed_runs=(5,))
    out = tmp_path / "report"
    assert cli.main(["sweep-report", str(path), "-o", str(out), "--dpi", str(TEST_DPI)]) == 0
    text, images = _images(out / "index.html")
    _check_images(out, text, images)
    # no place is taken (no capture_day): no Kaplan-Meier figure; 2 replicates of 1024 points:
    # too many points for the per-point figure
    assert set(images) == {"against_parameters.png", "histograms.png", "sensitivity.png"}
    assert "Sobol indices from a Saltelli design (blocks order): N = 256" in text
    assert _table_rows(text, "sensitivity") == 2
    assert _table_rows(text, "failed") == 1 and "disk full" in text


def test_sweep_report_of_another_design_uses_src_and_lists_failures(tmp_path):
    path = lhs_sweep(tmp_path / "l.h5", failed_runs=(3, 10))
    assert cli.main(["sweep-report", str(path), "-o", str(tmp_path / "r"), "--dpi", str(TEST_DPI)]) == 0
    text, images = _images(tmp_path / "r" / "index.html")
    _check_images(tmp_path / "r", text, images)
    assert "Standardised regression coefficients" in text
    assert _table_rows(text, "sensitivity") == 3 * 2  # metrics peak_displaced, killed[GNA], killed[ISIS]
    assert _table_rows(text, "failed") == 2
    assert "killed[ISIS]" in text


def test_compare_of_two_runs_prints_the_differences_and_says_they_are_single_runs(tmp_path, capsys):
    base = write_run_file(tmp_path / "base.h5", corridor_run(days=200))
    what_if = corridor_run(days=200, isis_strength=2.0, scenario="sirte_2016_synthetic_variant")
    what_if.control[150:, what_if.node_ids.index("sirte_port")] = 2  # ISIS keeps the port
    what_if.besieged[:, what_if.node_ids.index("derna")] = 0
    variant = write_run_file(tmp_path / "whatif.h5", what_if)
    assert cli.main(["compare", str(base), str(variant), "-o", str(tmp_path / "cmp"), "--dpi", str(TEST_DPI)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Base: {base} (sirte_2016_synthetic, 1 run)\nVariant: {variant} "
                              "(sirte_2016_synthetic_variant, 1 run)")
    assert "One run a side: a difference cannot be told from chance" in printed
    assert ("Sirte port is held by GNA by 2016-11-21 not with sirte_2016_synthetic_variant and with "
            "sirte_2016_synthetic (one run each).") in printed
    port = next(line for line in printed.splitlines()
                if line.strip().startswith("Sirte port") and "GNA 2016-11-21" in line)
    # the base takes it on day 150 (2016-10-02), the variant never does
    assert port.split()[2:6] == ["GNA", "2016-11-21", "yes", "no"]
    taken = next(line for line in printed.splitlines()
                 if line.strip().startswith("Sirte port") and "2016-10-02" in line)
    assert "not by 2016-11-21" in taken
    derna = next(line for line in printed.splitlines() if line.strip().startswith("besieged_days[Derna]"))
    assert derna.split()[1:] == ["day", "201", "0", "-201"]
    text, images = _images(tmp_path / "cmp" / "index.html")
    _check_images(tmp_path / "cmp", text, images)
    assert images == ["compare_taken.png", "compare_quantities.png", "compare_strength.png",
                      "compare_killed.png", "compare_oil.png", "compare_displaced.png",
                      "space_time_base.png", "space_time_variant.png"]


def test_compare_without_output_only_prints(corridor_run_file, capsys, tmp_path):  # noqa: F811
    assert cli.main(["compare", str(corridor_run_file), str(corridor_run_file)]) == 0
    assert "Differences are variant − base" in capsys.readouterr().out


def test_bad_input_exits_1_with_the_file_named(tmp_path, capsys):
    assert cli.main(["report", str(tmp_path / "missing.h5"), "-o", str(tmp_path)]) == 1
    assert f"error: {tmp_path / 'missing.h5'}: no such file" in capsys.readouterr().err
    (tmp_path / "junk.h5").write_text("not hdf5")
    assert cli.main(["sweep-report", str(tmp_path / "junk.h5"), "-o", str(tmp_path)]) == 1
    assert "junk.h5: cannot open as a netCDF-4/HDF5 file" in capsys.readouterr().err


def test_every_command_has_help_and_runs_as_a_module():
    result = _run_cli("--help")
    assert result.returncode == 0 and "report" in result.stdout and "sweep-report" in result.stdout
    for command in ("report", "sweep-report", "compare"):
        result = _run_cli(command, "--help")
        assert result.returncode == 0, result.stderr
        assert "-o" in result.stdout
    assert _run_cli("report").returncode == 2  # usage
    bad = _run_cli("report", "x.h5", "-o", "out", "--dpi", "7")
    assert bad.returncode == 2 and "not a resolution: '7'" in bad.stderr


def test_report_on_a_file_the_frontline_binary_wrote(binary_run_file, tmp_path):  # noqa: F811
    assert cli.main(["report", str(binary_run_file), "-o", str(tmp_path), "--dpi", str(TEST_DPI)]) == 0
    text, images = _images(tmp_path / "index.html")
    _check_images(tmp_path, text, images)
    ds = io.open_run(binary_run_file)
    if ds.sizes.get("event", 0):
        assert _table_rows(text, "events") == len(io.aggregated_events(ds))
        assert f"Events ({ds.sizes['event']})" in text
    assert np.issubdtype(ds["time"].dtype, np.datetime64)


def test_compare_on_files_the_frontline_binary_wrote(binary_run_file, binary_variant_file, tmp_path,  # noqa: F811
                                                    capsys):
    assert cli.main(["compare", str(binary_run_file), str(binary_variant_file), "-o", str(tmp_path),
                     "--dpi", str(TEST_DPI)]) == 0
    assert "== Casualties, oil, displacement, sieges ==" in capsys.readouterr().out
    text, images = _images(tmp_path / "index.html")
    _check_images(tmp_path, text, images)


@pytest.mark.parametrize("source", ["sample", "sample:--hourly", "sample:--no-events --no-agents"])
def test_report_on_the_output_writers_sample_files(run_file_maker, source, tmp_path):
    """Files the C++ writer wrote (tests/output/write_sample_run; skipped until built)."""
    path = run_file_maker(source)
    assert cli.main(["report", str(path), "-o", str(tmp_path), "--dpi", str(TEST_DPI)]) == 0
    text, images = _images(tmp_path / "index.html")
    _check_images(tmp_path, text, images)
    ds = io.open_run(path)
    if ds.sizes.get("event", 0):
        assert _table_rows(text, "events") == len(io.aggregated_events(ds))
    else:
        assert "No events were recorded." in text


def test_sweep_report_with_only_text_parameters(tmp_path):
    path = write_sweep_file(tmp_path / "text.h5", {"start": ("calendar.start", ["2016-05-05", "2016-07-01"] * 3)},
                            {"killed": np.arange(6.0)}, design="grid", status=["ok", "failed"] * 3,
                            error=["", "calendar end is not after start"] * 3)
    assert cli.main(["sweep-report", str(path), "-o", str(tmp_path / "r"), "--dpi", str(TEST_DPI)]) == 0
    text, images = _images(tmp_path / "r" / "index.html")
    _check_images(tmp_path / "r", text, images)
    assert "No numeric parameter varies" in text and 'id="sensitivity"' not in text
    assert _table_rows(text, "failed") == 3


def test_sweep_report_on_a_sweep_the_frontline_binary_ran(binary_sweep_maker, tmp_path):  # noqa: F811
    # ci-failing: a grid with replicates where one design point's runs fail
    path = binary_sweep_maker("ci-failing")
    assert cli.main(["sweep-report", str(path), "-o", str(tmp_path), "--dpi", str(TEST_DPI)]) == 0
    text, images = _images(tmp_path / "index.html")
    _check_images(tmp_path, text, images)
    sweep = io.open_sweep(path)
    failed = int((~sweep.ok).sum())
    assert f"Failed runs ({failed})" in text
    if failed:
        assert _table_rows(text, "failed") == failed
