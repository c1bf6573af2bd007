"""The interactive page in a real browser: Debian's chromium, headless, no network, driven
through chromedriver (python3-selenium). The test moves the time slider and checks what the
page then shows.

Run as a script to refresh the screenshots in docs/img from a run file:
    /usr/bin/python3 tests/python/test_analysis_browser.py out/sirte-2016.h5 docs/img
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_fixtures import REPO_ROOT, corridor_run, write_run_file  # noqa: E402
from conftest import missing_build  # noqa: E402

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
from analysis import cli, io  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# No network: no background requests, no QUIC, and every host name resolves to nothing.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,1700")
READY_SECONDS = 120


def browser(profile: Path):
    """A headless chromium with an empty profile; skipped (failed in CI) when chromium,
    chromedriver or selenium is missing (scripts/install-deps.sh installs them)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing_build("python3-selenium is not installed")
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        missing_build("chromium or chromium-driver is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(READY_SECONDS)
    return driver


def open_page(driver, page: Path) -> None:
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + READY_SECONDS
    while driver.execute_script("return document.body && document.body.dataset.ready") != "yes":
        assert time.monotonic() < deadline, "the page's script did not finish"
        time.sleep(0.2)


def move_slider(driver, record: int) -> None:
    """As a person dragging it: set the value and fire the `input` event the page listens to."""
    driver.execute_script("const s = document.getElementById('time-slider'); s.value = arguments[0];"
                          "s.dispatchEvent(new Event('input'));", record)


def text_of(driver, element_id: str) -> str:
    return driver.execute_script(f"return document.getElementById('{element_id}').innerText")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explore")
    run = write_run_file(folder / "run.h5", corridor_run(days=200))
    assert cli.main(["report", str(run), "-o", str(folder / "report"), "--dpi", "40"]) == 0
    return folder / "report" / "explore.html", io.open_run(run)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    driver = browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def test_the_page_is_self_contained(page):
    path, _ = page
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", text)
    assert "Plotly" in text  # the library is inline


def test_the_slider_moves_the_map_the_diagram_and_the_place_panel(page, driver):
    path, ds = page
    open_page(driver, path)
    # nothing was fetched: every resource the page loaded is the file itself
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert all(name.startswith("file:") for name in resources), resources
    assert text_of(driver, "date") == "2016-05-05"
    driver.execute_script("selectNode('sirte')")
    # Sirte is ISIS's, besieged and contested until record 185; GNA's from record 186
    move_slider(driver, 185)
    assert text_of(driver, "date") == "2016-11-06"
    info = text_of(driver, "node-info")
    assert "Sirte (city) on 2016-11-06" in info and "held by ISIS (besieged, contested)" in info
    move_slider(driver, 186)
    info = text_of(driver, "node-info")
    assert "on 2016-11-07" in info and "held by GNA" in info and "besieged" not in info
    sirte = io.node_ids(ds).index("sirte")
    state = driver.execute_script(
        "const gd = document.getElementById('map'); const k = F.map.node_trace;"
        "return [gd.data[k].hovertext[arguments[0]], gd.data[k].marker.color[arguments[0]],"
        "        document.getElementById('space-time').layout.shapes[0].y0];", sirte)
    hover, colour, line = state
    assert "held by GNA" in hover and "people:" in hover and "stocks:" in hover and "fighters: GNA" in hover
    assert colour == io.faction_colours(ds)[0]  # GNA's colour
    assert line == "2016-11-07"  # the date line on the space-time diagram
    # the holders' tally follows the slider: ISIS holds nothing any more
    holders = text_of(driver, "holders")
    labels = [io.NO_CONTROL_LABEL, *io.faction_ids(ds)]
    counts = {labels[c + 1]: n for c, n in zip(*np.unique(io.control(ds)[186], return_counts=True))}
    assert "ISIS" not in counts and sum(counts.values()) == ds.sizes["node"]
    for label, count in counts.items():
        assert f"{label} {count}" in holders


def test_the_event_list_filters_by_kind(page, driver):
    path, ds = page
    open_page(driver, path)
    total = int(text_of(driver, "events-shown"))
    assert total == len(io.aggregated_events(ds))
    driver.execute_script("const b = document.querySelector('#kinds input[value=\"airstrike\"]');"
                          "b.checked = false; b.dispatchEvent(new Event('change'));")
    # the six air strikes are days apart: six rows
    assert int(text_of(driver, "events-shown")) == total - 6
    move_slider(driver, 30)
    driver.execute_script("const b = document.getElementById('only-past'); b.checked = true;"
                          "b.dispatchEvent(new Event('change'));")
    shown = int(text_of(driver, "events-shown"))
    assert 0 < shown < total - 6


def screenshots(run_file: str, folder: str) -> None:
    """Refresh docs/img/*-explore-*.png from a run file."""
    out = Path(tempfile.mkdtemp())
    profile = Path(tempfile.mkdtemp())
    try:
        from analysis import explore
        ds = io.open_run(run_file)
        page_path = explore.write_explore_page(ds, out / "explore.html")
        driver = browser(profile)
        try:
            open_page(driver, page_path)
            record = len(io.dates(ds)) // 3
            if "sirte" in io.node_ids(ds):
                driver.execute_script("selectNode('sirte')")
            move_slider(driver, record)
            name = io.scenario_name(ds)
            driver.save_screenshot(str(Path(folder) / f"{name}-explore.png"))
            print(f"wrote {Path(folder) / f'{name}-explore.png'} (record {record})")
        finally:
            driver.quit()
    finally:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("FRONTLINE_REQUIRE_BUILD", "1")
    screenshots(sys.argv[1], sys.argv[2])
