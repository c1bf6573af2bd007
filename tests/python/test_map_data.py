"""The corridor's data (scenarios/data/*.csv) and the map generated from it: the checks
of scripts/make-map.py catch what they should, the shipped data passes them, and the
shipped map file is what the script writes from the shipped data."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import REPO_ROOT


def load_make_map():
    spec = importlib.util.spec_from_file_location("make_map", REPO_ROOT / "scripts" / "make-map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_map = load_make_map()


@pytest.fixture(scope="module")
def tables():
    return make_map.read("nodes.csv"), make_map.read("roads.csv")


def node(node_id, lat, lon):
    return {"id": node_id, "lat": str(lat), "lon": str(lon)}


def road(a, b, km, kind="road"):
    return {"from": a, "to": b, "kind": kind, "km": str(km)}


def test_shipped_data_has_no_problems(tables):
    assert make_map.check(*tables) == []


def test_shipped_map_is_generated_from_the_shipped_data(tables):
    shipped = (REPO_ROOT / "scenarios" / "maps" / "libya-coast.yaml").read_text(encoding="utf-8")
    assert make_map.render(*tables) == shipped


def test_great_circle_of_one_degree_of_latitude():
    # 2 pi 6371 / 360 = 111.19 km
    assert make_map.great_circle_km(node("a", 30, 15), node("b", 31, 15)) == pytest.approx(111.19,
                                                                                         abs=0.01)


def test_road_shorter_than_the_straight_line_is_refused():
    nodes = {"a": node("a", 30, 15), "b": node("b", 31, 15)}  # 111.19 km apart
    assert "shorter than the great-circle distance 111.2 km" in make_map.distance_problem(
        road("a", "b", 100), nodes)
    assert make_map.distance_problem(road("a", "b", 109), nodes) is None  # within rounding (2%)
    assert make_map.distance_problem(road("a", "b", 133), nodes) is None  # the 1.2 rule


def test_road_with_a_long_detour_is_refused():
    nodes = {"a": node("a", 30, 15), "b": node("b", 31, 15)}
    # 1.6 x 111.19 + 2 = 179.9 km
    assert make_map.distance_problem(road("a", "b", 179), nodes) is None
    assert "more than 1.6 x" in make_map.distance_problem(road("a", "b", 181, "track"), nodes)


def test_sea_lanes_and_pipelines_are_not_checked():
    nodes = {"a": node("a", 30, 15), "b": node("b", 31, 15)}
    assert make_map.distance_problem(road("a", "b", 50, "sea"), nodes) is None
    assert make_map.distance_problem(road("a", "b", 500, "pipeline"), nodes) is None


def test_quoted_fields_and_wrong_field_counts_are_refused():
    assert make_map.check_rows("x.csv", "a,b,c", ['1,"2,3",4', "1,2", "1,2,3"]) == [
        "x.csv:2: quoted field (write ';' instead of ',')",
        "x.csv:3: 2 fields, expected 3",
    ]


def test_every_new_place_of_the_hinterland_is_on_the_map(tables):
    nodes, roads = tables
    kinds = {row["id"]: row["kind"] for row in nodes}
    for crossing in ("ras_ajdir", "dehiba_wazin", "musaid"):
        assert kinds[crossing] == "border_crossing"
    for town in ("nalut", "wazin", "tiji", "badr", "jadu", "zintan", "yefren", "kikla", "mizda",
                 "sabha", "awjila", "jaghbub", "kufra", "tawergha"):
        assert kinds[town] in ("town", "city"), town
    assert kinds["misrata_airport"] == "airbase"
    offshore = {row["id"] for row in nodes if row["offshore"] == "true"}
    assert offshore == {"bouri", "al_jurf"}
    assert all(kinds[field] == "oil_field" for field in offshore)
    links = {frozenset((row["from"], row["to"])) for row in roads}
    for a, b in [("zuwara", "ras_ajdir"), ("dehiba_wazin", "wazin"), ("tobruk", "musaid"),
                 ("kikla", "gharyan"), ("sabha", "hun"), ("mizda", "bani_walid"),
                 ("gharyan", "mizda"), ("awjila", "jalu"), ("tobruk", "jaghbub"),
                 ("waddan", "jufra_airbase"), ("misrata", "misrata_airport")]:
        assert frozenset((a, b)) in links, (a, b)
    # Offshore fields hang on nothing: they export by floating storage.
    assert not any(link & offshore for link in links)
