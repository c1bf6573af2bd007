"""sweep-report and compare on sweeps whose answer is set by construction
(analysis_fixtures.campaign_sweep), including design points where Sirte never falls."""
import re

import numpy as np
import pytest

from analysis_fixtures import CAMPAIGN_DAYS, campaign_sweep
from analysis import cli, compare, ensemble, io, quantities, reports, sweep_plots

NAN = np.nan
TEST_DPI = 50


def _never(count):
    return [NAN] * count


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    """4 design points x 20 replicates; run 3 failed. Sirte falls: point 0 always (days
    60..79), point 1 in 15 of 20 runs, point 2 in 4 of 20, point 3 never."""
    path = tmp_path_factory.mktemp("grid") / "grid.h5"
    return campaign_sweep(path, [np.arange(60.0, 80.0), [*range(100, 115), *_never(5)],
                                 [150, 151, 152, 153, *_never(16)], _never(20)], failed=(3,))


def test_derived_quantities_are_typed_and_never_a_faction_index(grid):
    sweep = io.open_sweep(grid)
    table, found = quantities.derived(sweep)
    names = [q.name for q in found]
    assert names[:2] == ["GNA holds Sirte by 2016-12-06", "day GNA takes Sirte (215 if not by then)"]
    assert "ISIS holds Sirte at the end" in names
    # GNA holding Sirte at the end and the target are the same column as "by 2016-12-06": once
    assert "GNA holds Sirte at the end" not in names and "target met: sirte-falls" not in names
    assert not any("final_control" in n or "capture_day" in n for n in names)
    fell = table["GNA holds Sirte by 2016-12-06"].to_numpy()
    assert np.isnan(fell[3]) and np.nansum(fell) == 19 + 15 + 4
    restricted = table["day GNA takes Sirte (215 if not by then)"].to_numpy()
    assert restricted[-1] == CAMPAIGN_DAYS and restricted[0] == 60.0


def test_places_taken_table_per_design_point(grid):
    sweep = io.open_sweep(grid)
    table = reports._falls_table(sweep, reports._falls(sweep))
    assert list(table["design point"]) == [f"isis_fighters={n}" for n in (1500, 2500, 3500, 4500)]
    assert list(table["runs"]) == [19, 20, 20, 20]
    assert list(table["taken by 2016-12-06"]) == ["100% [83-100]", "75% [53-89]", "20% [8-42]", "0% [0-16]"]
    # restricted mean of point 1: (100 + ... + 114 + 5 x 215) / 20
    expected = (sum(range(100, 115)) + 5 * 215) / 20
    assert table["restricted mean day"][1].startswith(f"{expected:.0f} [")
    assert list(table["median day"])[2:] == ["not reached", "not reached"]


def test_survival_curves_keep_the_runs_where_sirte_never_falls(grid):
    sweep = io.open_sweep(grid)
    _, data = sweep_plots.survival_figure(sweep, [("GNA", "sirte")])
    assert data["per_point"]
    x, y = data["curves"][("GNA", "sirte", "isis_fighters=4500")]
    assert x[-1] == CAMPAIGN_DAYS and (y == 0).all()  # drawn, flat at 0: it never falls
    x, y = data["curves"][("GNA", "sirte", "isis_fighters=3500")]
    assert y[-1] == pytest.approx(0.2)  # 4 of 20, not 4 of 4
    x, y = data["curves"][("GNA", "sirte", "isis_fighters=1500")]
    assert y[-1] == 1.0 and x[np.argmax(y > 0)] == 60.0


def test_design_point_figure_keeps_the_design_order_and_labels(grid):
    sweep = io.open_sweep(grid)
    table, found = quantities.derived(sweep)
    _, data = sweep_plots.design_points_figure(sweep, table, found)
    order, share, low, high = data["values"]["GNA holds Sirte by 2016-12-06"]
    assert list(order) == [0, 1, 2, 3]
    np.testing.assert_allclose(share, [1.0, 0.75, 0.2, 0.0])
    assert (low <= share).all() and (share <= high).all() and high[3] > 0.1  # 0 of 20 is not certainty


def test_histograms_draw_few_values_as_labelled_bars(grid):
    sweep = io.open_sweep(grid)
    table, found = quantities.derived(sweep)
    _, data = sweep_plots.histograms_figure(sweep, table, found)
    assert "ISIS holds Sirte at the end" not in data["quantities"]  # indicators are not histograms
    counts = data["counts"]["killed[GNA]"]
    assert isinstance(counts, dict) or "edges" in counts


def test_sweep_report_end_to_end(grid, tmp_path):
    assert cli.main(["sweep-report", str(grid), "-o", str(tmp_path), "--dpi", str(TEST_DPI)]) == 0
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<img src="([^"]+)"', text) == ["taken.png", "against_parameters.png",
                                                        "design_points.png", "histograms.png",
                                                        "sensitivity.png"]
    assert "1 places taken in some runs (censored times)" in text
    assert "75% [53-89]" in text and "Failed runs (1)" in text
    assert "final_control" not in text.split("Failed runs")[0]
    assert "e-17" not in text  # zeros print as zeros


@pytest.fixture(scope="module")
def strikes(tmp_path_factory):
    """With the strikes Sirte falls in 38 of 40 runs, without them in 4 of 40."""
    folder = tmp_path_factory.mktemp("strikes")
    base = campaign_sweep(folder / "with-strikes.h5", [[*np.arange(120.0, 158.0), *_never(2)]],
                          attrs={"scenario": "sirte-2016"})
    variant = campaign_sweep(folder / "no-strikes.h5", [[200, 201, 202, 203, *_never(36)]],
                             attrs={"scenario": "sirte-2016-no-airstrikes"})
    return base, variant


def test_compare_over_replicates_gives_shares_with_intervals(strikes, capsys, tmp_path):
    base, variant = strikes
    assert cli.main(["compare", str(base), str(variant), "--by", "2016-10-15", "-o", str(tmp_path),
                     "--dpi", str(TEST_DPI)]) == 0
    printed = capsys.readouterr().out
    assert ("Sirte is held by GNA by 2016-12-06 in 10% [4-23] of 40 runs of sirte-2016-no-airstrikes "
            "and in 95% [83-99] of 40 runs of sirte-2016.") in printed
    rows = [line.split() for line in printed.splitlines() if line.strip().startswith("Sirte      GNA")]
    # by 15 October (day 163): 38 of 40 with strikes (days 120-157), none without
    assert rows[0][2:] == ["2016-10-15", "95%", "[83-99]", "0%", "[0-9]", "-95", "[-99,", "-81]", "points"]  # Newcombe by hand
    assert rows[1][2:5] == ["2016-12-06", "95%", "[83-99]"]
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "compare_taken.png" in text and "One run a side" not in text


def test_comparison_tables_by_construction(strikes):
    base, variant = (ensemble.open_ensemble(p) for p in strikes)
    c = compare.comparison(base, variant)
    falls = compare.falls_table(c)
    assert len(falls) == 1 and falls["_difference"][0] == pytest.approx(0.1 - 0.95)
    days = compare.capture_day_table(c)
    expected_base = (sum(range(120, 158)) + 2 * 215) / 40
    assert days["sirte-2016 (base)"][0].startswith(f"day {expected_base:.0f} [")
    holders = compare.holders_table(c)
    assert holders["sirte-2016 (base)"][0] == "GNA 95% [83-99], ISIS 5% [1-17]"
    quantities_table = compare.continuous_table(c)
    killed = quantities_table[quantities_table["_name"] == "killed[GNA]"].iloc[0]
    assert killed["_difference"] == 0.0  # same casualties by construction


def test_compare_refuses_a_sweep_over_parameters(grid, strikes, capsys):
    assert cli.main(["compare", str(strikes[0]), str(grid)]) == 1
    assert "4 design points: compare takes the replicates of one scenario" in capsys.readouterr().err


def test_parameters_drawn_per_replicate_are_named(tmp_path):
    # one design point whose runs carry different values: a calibrated scenario's draws
    path = campaign_sweep(tmp_path / "drawn.h5", [[100.0, 110.0, NAN, 120.0]],
                          parameter=("aimed_kill_rate", [0.05]))
    import h5py
    with h5py.File(path, "r+") as f:
        f["param_aimed_kill_rate"][...] = [0.04, 0.05, 0.06, 0.07]
        dp = f.create_dataset("design_point", data=np.zeros(4, np.int64))
        dp.dims[0].attach_scale(f["run"])
    side = ensemble.open_ensemble(path)
    assert side.drawn_parameters == ["aimed_kill_rate"]
    assert "parameters drawn per run: aimed_kill_rate" in compare.describe(side, "Base")
