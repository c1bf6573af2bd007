"""analysis.io: reading run and sweep files and the derived quantities."""
import h5py
import numpy as np
import pandas as pd
import pytest

from analysis_fixtures import (Event, corridor_run_file, lhs_sweep, tiny_run, tiny_run_file,  # noqa: F401
                               write_run_file, write_sweep_file)
from analysis import io, reports, sensitivity


@pytest.fixture(scope="module")
def corridor(corridor_run_file):  # noqa: F811
    return io.open_run(corridor_run_file)


@pytest.fixture(scope="module")
def tiny(tiny_run_file):  # noqa: F811
    return io.open_run(tiny_run_file)


def test_times_decode_to_dates_for_daily_and_sub_daily_steps(corridor, tiny):
    assert np.issubdtype(corridor["time"].dtype, np.datetime64)
    assert pd.Timestamp(corridor["time"].values[0]) == pd.Timestamp("2016-05-05")
    # tiny: 6-hour steps written as "hours since 2020-01-01 00:00:00"
    assert pd.Timestamp(tiny["time"].values[1]) == pd.Timestamp("2020-01-01 06:00")


def test_stocks_in_days_stay_numbers_not_durations(corridor):
    assert corridor["supply"].dtype.kind == "f"


def test_corridor_positions_are_cumulative_road_km(corridor):
    layout = io.corridor_layout(corridor)
    assert layout.mode == "corridor"
    at = {io.node_ids(corridor)[i]: km for i, km in zip(layout.main, layout.position)}
    # Sums of scenarios/data/roads.csv along the coastal road.
    assert at["zuwara"] == 0
    assert at["tripoli"] == pytest.approx(49 + 28 + 54)
    assert at["misrata"] == pytest.approx(131 + 125 + 42 + 60)
    assert at["sirte"] == pytest.approx(358 + 100 + 88 + 60)
    # Ajdabiya-Benghazi: the direct road (182) beats the way through Zueitina (29 + 155).
    assert at["benghazi"] - at["ajdabiya"] == pytest.approx(182)
    assert list(at) == [n for n in io.CORRIDOR]


def test_inland_places_attach_to_the_nearest_coastal_node_by_road(corridor):
    layout = io.corridor_layout(corridor)
    ids = io.node_ids(corridor)
    anchor = {ids[s]: ids[layout.main[a]] for s, a in zip(layout.side, layout.side_anchor)}
    assert anchor["gharyan"] == "tripoli"
    assert anchor["jufra_airbase"] == "sirte"  # 292 km via Wadi al-Lud, 353 via Abu Grein
    assert anchor["marada"] == "es_sider"  # by pipeline
    assert anchor["sirte_port"] == "sirte"
    assert set(layout.side) | set(layout.main) == set(range(corridor.sizes["node"]))


def test_a_map_that_is_not_the_corridor_is_ordered_by_longitude(tiny):
    layout = io.corridor_layout(tiny)
    assert layout.mode == "longitude"
    assert [io.node_ids(tiny)[i] for i in layout.main] == ["a", "b", "d", "c"]
    assert layout.side == []


def test_zero_events_give_an_empty_table(tiny):
    assert tiny.sizes["event"] == 0
    table = io.events_table(tiny)
    assert len(table) == 0
    assert list(table.columns) == ["date", "kind", "node", "node_name", "actor", "other", "magnitude", "text"]


def test_events_table_names_nodes_and_decodes_dates(corridor):
    table = io.events_table(corridor)
    assert len(table) == corridor.sizes["event"]
    first_capture = table[table["kind"] == "capture"].iloc[0]
    assert first_capture["node_name"] == "Abu Grein"
    assert first_capture["date"] == pd.Timestamp("2016-05-17")  # day 12
    assert (first_capture["actor"], first_capture["other"]) == ("GNA", "ISIS")


def test_targets_table_keeps_infinite_bounds(corridor, tiny):
    targets = io.targets_table(corridor)
    assert list(targets["target"]) == ["sirte_falls", "killed_total", "blockade_loss"]
    assert targets.loc[1, "max"] == np.inf and targets.loc[2, "min"] == -np.inf
    assert io.targets_table(tiny) is None


def test_national_oil_output_sums_oil_fields_only(corridor):
    fields = corridor["kind"].values == "oil_field"
    expected = corridor["oil_output"].values[:, fields].sum(axis=1)
    np.testing.assert_allclose(io.national_oil_output(corridor).values, expected)
    # terminals re-export field output, so a sum over every node would double it
    assert corridor["oil_output"].values.sum() > 1.5 * expected.sum()


def test_spells_are_half_open_runs():
    assert io.spells(np.array([0, 1, 1, 0, 1], bool)) == [(1, 3), (4, 5)]
    assert io.spells(np.zeros(3, bool)) == []


def test_time_index_at_takes_the_first_record_on_or_after_a_date(tiny):
    assert io.time_index_at(tiny, "2020-01-01 05:00") == 1
    assert io.time_index_at(tiny, "2030-01-01") == tiny.sizes["time"] - 1


def test_a_file_missing_variables_is_named_with_what_is_missing(tmp_path):
    path = write_run_file(tmp_path / "broken.h5", tiny_run())
    with h5py.File(path, "a") as f:
        del f["humanitarian"]
    with pytest.raises(io.AnalysisInputError, match=r"broken\.h5: not a Frontline run file: missing humanitarian"):
        io.open_run(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(io.AnalysisInputError, match=r"nothere\.h5: no such file"):
        io.open_run(tmp_path / "nothere.h5")


def test_sweep_reader_flattens_two_dimensional_metrics_and_blanks_failed_runs(tmp_path):
    sweep = io.open_sweep(lhs_sweep(tmp_path / "lhs.h5", points=5, replicates=2, failed_runs=(3,)))
    assert list(sweep.params.columns) == ["aggression", "isis_fighters"]
    assert sweep.param_paths["isis_fighters"] == "units.isis_sirte.fighters"
    assert list(sweep.metrics.columns) == ["killed[GNA]", "killed[ISIS]", "peak_displaced"]
    assert list(sweep.status).count("failed") == 1 and not sweep.ok[3]
    assert sweep.metrics.loc[3].isna().all()
    assert "unknown faction" in sweep.error[3]
    assert sweep.replicates == 2
    assert sweep.label_of("killed[GNA]") == "killed[GNA] (people)"
    points = sweep.design_points()
    assert points[0] == points[1] and points[1] != points[2]


def test_sweep_reader_sorts_runs_and_keeps_text_parameters(tmp_path):
    order = np.array([3, 0, 2, 1, 5, 4])  # runs as they finished, not in run order
    x = np.array([0.3, 0.0, 0.2, 0.1, 0.5, 0.4])
    path = write_sweep_file(tmp_path / "text.h5",
                            {"level": ("factions.GNA.doctrine", ["low", "high", "low", "high", "mid", "mid"]),
                             "x": ("p.x", x)},
                            {"y": 2 * x}, design="grid", run_index=order, design_point=order // 2)
    sweep = io.open_sweep(path)
    np.testing.assert_allclose(sweep.params["x"], [0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    np.testing.assert_allclose(sweep.metrics["y"], 2 * sweep.params["x"].to_numpy())
    assert list(sweep.params["level"]) == ["high", "high", "low", "low", "mid", "mid"]
    np.testing.assert_array_equal(sweep.design_points(), [0, 0, 1, 1, 2, 2])
    result = sensitivity.analyse(sweep)
    assert list(result.table["parameter"]) == ["x"]  # a text parameter has no regression slope
    assert reports.write_sweep_report(path, tmp_path / "r").is_file()


def test_titles_carry_the_overrides_cut_to_a_readable_length(tmp_path):
    run = tiny_run()
    run.overrides = ("factions.red.aggression=0.9", "seed=7")
    ds = io.open_run(write_run_file(tmp_path / "set.h5", run))
    assert io.run_label(ds) == "tiny [factions.red.aggression=0.9; seed=7]"
    run.overrides = tuple(f"factions.red.param_{k}=0.{k}" for k in range(20))
    label = io.run_label(io.open_run(write_run_file(tmp_path / "many.h5", run)))
    assert label.startswith("tiny [factions.red.param_0=0.0; ") and label.endswith("…]")
    assert len(label) == len("tiny [") + io.TITLE_OVERRIDES_CHARS + 1


def test_varying_metrics_skip_constants_and_take_each_family_in_turn(tmp_path):
    x = np.linspace(0, 1, 6)
    path = write_sweep_file(
        tmp_path / "families.h5", {"x": ("p.x", x)},
        {"peak": x, "oil_loss": np.zeros(6), "killed": np.column_stack([x, 2 * x, np.ones(6)]),
         "besieged_days": np.column_stack([np.zeros(6), x])},
        design="grid", columns={"killed": ("faction", ["GNA", "ISIS", "LNA"]),
                                "besieged_days": ("node", ["tripoli", "sirte"])})
    sweep = io.open_sweep(path)
    assert sweep.varying_metrics() == ["peak", "besieged_days[sirte]", "killed[GNA]", "killed[ISIS]"]
    assert sweep.constant_metrics() == ["besieged_days[tripoli]", "killed[LNA]", "oil_loss"]


def test_a_metric_with_two_axes_becomes_one_metric_per_pair(tmp_path):
    x = np.arange(4.0)
    days = np.stack([np.outer(x, [1, 2]), np.outer(x, [3, 4])], axis=1)  # [run, faction, node]
    path = write_sweep_file(tmp_path / "3d.h5", {"x": ("p.x", x)}, {"capture_day": days},
                            design="grid", columns={"capture_day": [("faction", ["GNA", "ISIS"]),
                                                                    ("node", ["sirte", "derna"])]})
    sweep = io.open_sweep(path)
    assert list(sweep.metrics.columns) == ["capture_day[GNA,sirte]", "capture_day[GNA,derna]",
                                           "capture_day[ISIS,sirte]", "capture_day[ISIS,derna]"]
    np.testing.assert_array_equal(sweep.metrics["capture_day[ISIS,sirte]"], 3 * x)
    assert sweep.label_of("capture_day[ISIS,sirte]") == "capture_day[ISIS,sirte]"  # units "1"


def test_people_fleeing_are_summed_per_place_and_spell(tmp_path):
    run = tiny_run(step_hours=24, time_points=12)
    run.events = [Event(d, "displacement", "c", magnitude=1.0 + d, text=f"{1 + d:g} people flee c")
                  for d in (1, 2, 3, 7, 8)] + [
        Event(2, "displacement", "d", magnitude=5.0, text="5 people flee d"),
        Event(4, "return_home", "c", magnitude=3.0, text="3 people return to c"),
        Event(5, "capture", "c", "red", "blue", 0.0, "red takes C")]
    table = io.aggregated_events(io.open_run(write_run_file(tmp_path / "flee.h5", run)))
    rows = [(f"{r.date:%d}", f"{r.until:%d}", r.kind, r.node, r.magnitude, r.events) for r in table.itertuples()]
    assert rows == [("02", "04", "displacement", "c", 2 + 3 + 4, 3), ("03", "03", "displacement", "d", 5, 1),
                    ("05", "05", "return_home", "c", 3, 1), ("06", "06", "capture", "c", 0, 1),
                    ("08", "09", "displacement", "c", 8 + 9, 2)]
    assert table["text"][0] == "9 people flee Charlie from 2020-01-02 to 2020-01-04 (3 steps)"
    assert table["events"].sum() == len(run.events)


def test_the_loader_requires_every_time_series_of_the_registry():
    """io.open_run reads its list of variables from the registry's copy
    (analysis/output_variables.json), so a new time series is required without
    editing io.py."""
    state = {name for name, v in io.OUTPUT_VARIABLES.items() if v["group"] == "state"}
    assert state and state <= set(io.REQUIRED_RUN_VARIABLES)
    assert {"time", "node", "faction", "lat", "lon", "kind"} <= set(io.REQUIRED_RUN_VARIABLES)
    assert not {"unit", "target", "event_kind"} & set(io.REQUIRED_RUN_VARIABLES)
