"""analysis.plots: each figure draws the file's data and is not blank."""
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from analysis_fixtures import (Event, corridor_run, corridor_run_file, tiny_run, tiny_run_file,  # noqa: F401
                               write_run_file)
from analysis import io, plots


@pytest.fixture(scope="module")
def corridor(corridor_run_file):  # noqa: F811
    return io.open_run(corridor_run_file)


@pytest.fixture(scope="module")
def tiny(tiny_run_file):  # noqa: F811
    return io.open_run(tiny_run_file)


def _pixels(figure):
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba())[..., :3].reshape(-1, 3)


def _has_colour(pixels, hex_colour):
    target = (np.array(to_rgb(hex_colour)) * 255).round().astype(int)
    return bool((np.abs(pixels.astype(int) - target).max(axis=1) <= 2).any())


def test_space_time_draws_the_control_of_every_node(corridor):
    figure, data = plots.space_time_figure(corridor)
    control = io.control(corridor)
    np.testing.assert_array_equal(data["control"], control[:, data["main_nodes"]])
    np.testing.assert_array_equal(data["side_control"], control[:, data["side_nodes"]])
    assert sorted(data["main_nodes"] + data["side_nodes"]) == list(range(corridor.sizes["node"]))
    assert np.all(np.diff(data["position_km"]) > 0)
    pixels = _pixels(figure)
    assert plots.rendered_colours(figure) > 10
    for colour in io.faction_colours(corridor):  # every faction holds something
        assert _has_colour(pixels, colour), colour


def test_space_time_marks_every_siege_and_contested_spell(corridor):
    _, data = plots.space_time_figure(corridor)
    besieged = io.flags(corridor, "besieged")
    expected = sorted((j, s, e) for j in range(besieged.shape[1]) for s, e in io.spells(besieged[:, j]))
    assert sorted(data["besieged_spells"]) == expected
    sirte = io.node_ids(corridor).index("sirte")
    assert (sirte, 32, 186) in data["besieged_spells"]
    contested = io.flags(corridor, "contested")
    assert len(data["contested_spells"]) == sum(len(io.spells(contested[:, j])) for j in range(contested.shape[1]))


def test_space_time_on_a_tiny_map_orders_by_longitude(tiny):
    figure, data = plots.space_time_figure(tiny)
    assert data["mode"] == "longitude" and data["side_control"] is None
    assert len(data["time_edges"]) == tiny.sizes["time"] + 1
    pixels = _pixels(figure)
    assert _has_colour(pixels, "#cc3333") and _has_colour(pixels, "#3355cc")
    assert _has_colour(pixels, io.NO_CONTROL_COLOUR)  # node d has no controller at first


def test_control_map_colours_nodes_by_controller_on_the_date(corridor):
    figure, data = plots.control_map_figure(corridor, "2016-08-01")
    t = data["time_index"]
    assert pd.Timestamp(corridor["time"].values[t]) == pd.Timestamp("2016-08-01")
    colours = io.controller_colours(corridor)
    assert data["colours"] == [colours[c + 1] for c in io.control(corridor)[t]]
    sirte = io.node_ids(corridor).index("sirte")
    assert data["besieged"][sirte] and data["contested"][sirte]
    assert data["sizes"][io.node_ids(corridor).index("tripoli")] > data["sizes"][sirte]
    assert data["units"] is not None and len(data["units"]) == 3
    assert plots.rendered_colours(figure) > 10
    # Sirte, its port, Wadi Jarif and Ghardabiya are a few km apart: an inset shows them
    lon0, lon1, lat0, lat1 = data["inset"]
    for node in ("sirte", "sirte_port", "wadi_jarif", "ghardabiya"):
        i = io.node_ids(corridor).index(node)
        assert lon0 <= data["lon"][i] <= lon1 and lat0 <= data["lat"][i] <= lat1, node


def test_no_inset_when_nothing_happens_in_a_crowded_place(tiny):
    _, data = plots.control_map_figure(tiny, "2020-01-01")
    assert data["inset"] is None


def test_strength_curve_is_the_sum_over_nodes(corridor):
    _, data = plots.strength_figure(corridor)
    np.testing.assert_allclose(data["strength"], corridor["strength"].values.astype(float).sum(axis=2), rtol=1e-6)


def test_casualties_are_the_files_cumulative_counts(corridor):
    _, data = plots.casualties_figure(corridor)
    np.testing.assert_array_equal(data["killed"], corridor["killed"].values)
    np.testing.assert_array_equal(data["wounded"], corridor["wounded"].values)


def test_oil_figure_plots_national_output_and_loss(corridor):
    _, data = plots.oil_figure(corridor)
    np.testing.assert_allclose(data["national_output"], io.national_oil_output(corridor).values)
    np.testing.assert_array_equal(data["oil_loss"], corridor["oil_loss"].values)
    # the synthetic blockade of Marada (capacity 300,000 x 0.6) shows in the output
    assert data["national_output"].max() - data["national_output"].min() == pytest.approx(
        corridor["oil_output"].values[0, io.node_ids(corridor).index("marada")])


def test_displacement_total_is_the_sum_over_nodes(corridor):
    _, data = plots.displacement_figure(corridor)
    np.testing.assert_allclose(data["total"], corridor["displaced"].values.sum(axis=1))
    assert io.node_ids(corridor).index("sirte") in data["nodes"]


def test_humanitarian_figure_shows_the_besieged_nodes(corridor, tiny):
    _, data = plots.humanitarian_figure(corridor)
    ids = io.node_ids(corridor)
    assert sorted(ids[i] for i in data["nodes"]) == ["derna", "sirte"]
    _, data = plots.humanitarian_figure(tiny)
    assert data["nodes"] == [3]


def test_time_series_work_on_sub_daily_steps(tiny):
    for function in (plots.strength_figure, plots.casualties_figure, plots.oil_figure,
                     plots.displacement_figure):
        figure, data = function(tiny)
        assert len(data["time"]) == tiny.sizes["time"]
        assert plots.rendered_colours(figure) > 5


def test_the_zoom_panel_sits_beside_the_map_and_hides_no_place(corridor):
    figure, data = plots.control_map_figure(corridor, "2016-08-01")
    assert data["inset"] is not None
    figure.canvas.draw()
    main, zoom = figure.axes[0], figure.axes[2]
    a, b = main.get_window_extent(), zoom.get_window_extent()
    assert a.x1 <= b.x0  # side by side, not on top
    # every place, the Jalu and Sarir fields too, lies inside the main map's limits
    x0, x1 = main.get_xlim()
    y0, y1 = main.get_ylim()
    assert ((x0 < data["lon"]) & (data["lon"] < x1) & (y0 < data["lat"]) & (data["lat"] < y1)).all()


def test_uninhabited_places_have_no_humanitarian_line(tmp_path):
    run = corridor_run(days=120)
    marada = run.node_ids.index("marada")
    assert run.population[:, marada].max() == 0
    run.besieged[:, marada] = 1
    run.humanitarian[:, marada] = 0.7
    _, data = plots.humanitarian_figure(io.open_run(write_run_file(tmp_path / "field.h5", run)))
    assert marada not in data["nodes"] and data["uninhabited"] == [marada]


def test_a_run_without_oil_draws_no_oil_axis(tmp_path):
    run = tiny_run()
    run.oil_output[:] = 0
    run.oil_capacity[:] = 0
    figure, data = plots.oil_figure(io.open_run(write_run_file(tmp_path / "dry.h5", run)))
    assert data["empty"] and len(figure.axes) == 1  # no dollar axis
    figure, data = plots.oil_figure(io.open_run(write_run_file(tmp_path / "wet.h5", tiny_run())))
    assert not data["empty"] and len(figure.axes) == 1  # output but no loss: no loss axis either


def test_casualties_mark_the_scenarios_decisions(tmp_path):
    run = corridor_run(days=60)
    run.events.append(Event(0, "ceasefire", "", "GNA", "LNA", 0.0, "ceasefire from the first day"))
    run.events.append(Event(30, "relation_change", "", "GNA", "LNA", 0.0, "war again"))
    _, data = plots.casualties_figure(io.open_run(write_run_file(tmp_path / "truce.h5", run)))
    assert [label for _, label in data["decisions"]] == ["ceasefire", "relation change"]


def test_side_panel_names_are_whole(corridor):
    figure, data = plots.space_time_figure(corridor)
    side = figure.axes[2] if len(figure.axes) > 2 else None
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels()] if side is not None else []
    names = io.node_names(corridor)
    assert sorted(labels) == sorted(names[i] for i in data["side_nodes"])
