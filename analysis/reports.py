"""HTML reports: a run, a sweep, and a what-if against its base."""
from __future__ import annotations

import html as html_text
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import compare, explore, io, outcomes, plots, quantities, sensitivity, sweep_plots
from analysis.html import Page, format_value

# Maps drawn by default: start, end and up to this many key-event dates between.
MAX_EVENT_MAPS = 6
ITEMS_IN_TEXT = 12
EXPLORE_PAGE = "explore.html"


def default_map_dates(ds) -> tuple[list[pd.Timestamp], int]:
    """Start, end and the dates of key events (captures, sieges begun), at most
    MAX_EVENT_MAPS of them spread evenly; also returns how many were left out."""
    times = pd.to_datetime(io.dates(ds))
    events = [d for d in io.key_event_dates(ds) if times[0] < d < times[-1]]
    left_out = 0
    if len(events) > MAX_EVENT_MAPS:
        keep = np.unique(np.linspace(0, len(events) - 1, MAX_EVENT_MAPS).round().astype(int))
        left_out = len(events) - len(keep)
        events = [events[k] for k in keep]
    return [times[0], *events, times[-1]], left_out


def _distinct_records(ds, chosen) -> list[int]:
    seen, indices = set(), []
    for date in chosen:
        t = io.time_index_at(ds, date)
        if t not in seen:
            seen.add(t)
            indices.append(t)
    return sorted(indices)


def _faction_cell(ds):
    colours = dict(zip(io.faction_ids(ds), io.faction_colours(ds)))

    def markup(column, value):
        if column in ("actor", "other", "faction", "controller", "held by") and str(value) in colours:
            return (f'<span class="swatch" style="background:{colours[str(value)]}"></span>'
                    f"{html_text.escape(str(value))}")
        return None
    return markup


def metadata_table(ds) -> pd.DataFrame:
    times = pd.to_datetime(io.dates(ds))
    hours = round((times[1] - times[0]) / pd.Timedelta(hours=1)) if len(times) > 1 else 0
    step = (f"{hours // 24} day{'s' if hours != 24 else ''}" if hours % 24 == 0
            else f"{hours} hour{'s' if hours != 1 else ''}")
    rows = [("scenario", io.scenario_name(ds)), ("title", ds.attrs.get("title", "")),
            ("period", f"{times[0]:%Y-%m-%d} to {times[-1]:%Y-%m-%d} ({len(times)} records, one every {step})"),
            ("seed", ds.attrs.get("seed", "")), ("replicate", ds.attrs.get("replicate", "")),
            ("overrides (--set)", ds.attrs.get("overrides", "") or "none"),
            ("Frontline", ds.attrs.get("frontline_version", ds.attrs.get("source", ""))),
            ("git commit", ds.attrs.get("git_commit", "")),
            ("schema version", ds.attrs.get("schema_version", "")),
            ("created", ds.attrs.get("created", "")), ("command line", ds.attrs.get("command_line", "")),
            ("file", ds.attrs.get("source_path", ""))]
    return pd.DataFrame([(k, str(v)) for k, v in rows], columns=["", "value"])


def summary_table(ds) -> pd.DataFrame:
    """Per faction: nodes held at start and end, peak strength, killed, wounded."""
    ctrl = io.control(ds)
    strength = io.strength_by_faction(ds).values
    rows = []
    for k, (fid, name) in enumerate(zip(io.faction_ids(ds), io.faction_names(ds))):
        rows.append({"faction": fid, "name": name, "nodes held at start": int((ctrl[0] == k).sum()),
                     "nodes held at end": int((ctrl[-1] == k).sum()),
                     "fighters at start": float(strength[0, k]), "fighters at end": float(strength[-1, k]),
                     "killed": float(ds["killed"].values[-1, k]), "wounded": float(ds["wounded"].values[-1, k])})
    return pd.DataFrame(rows)


def write_run_report(run_path, out_dir, dates=None, dpi: int = plots.DPI) -> Path:
    ds = io.open_run(run_path)
    page = Page(out_dir, f"Frontline run: {io.run_label(ds)}", dpi)
    explore.write_explore_page(ds, page.directory / EXPLORE_PAGE)
    page.raw(f'<p><a href="{EXPLORE_PAGE}"><b>Explore this run interactively</b></a>: a time slider over '
             "the map and the space-time diagram, each place's holder, fighters, stocks and people on "
             "hover, and the event list by kind (one file, works offline).</p>")
    page.table(metadata_table(ds))

    page.heading("Summary")
    page.table(summary_table(ds), cell_markup=_faction_cell(ds))
    displaced = io.total_displaced(ds).values
    loss = ds["oil_loss"].values
    page.paragraph(f"Oil revenue lost by the end: {format_value(float(loss[-1]))} USD. "
                   f"Peak displacement: {format_value(float(displaced.max()))} people. "
                   f"Events recorded: {ds.sizes.get('event', 0)}.")

    page.heading("Who holds what along the coast")
    layout = io.corridor_layout(ds)
    figure, _ = plots.space_time_figure(ds, layout)
    explanation = ("Each column is a place on the coastal road at its road distance from Zuwara; "
                   "places off the road are in the right panel, grouped by the coastal town they "
                   "attach to." if layout.mode == "corridor" else
                   "This map is not the Libyan corridor: places are ordered west to east by longitude.")
    page.figure(figure, "space_time", explanation + " Colour: controlling faction; hatching: "
                "besieged (diagonal) and contested (dots).")

    page.heading("Maps of control")
    if dates:
        chosen, left_out = [pd.Timestamp(d) for d in dates], 0
    else:
        chosen, left_out = default_map_dates(ds)
    cells = []
    for t in _distinct_records(ds, chosen):
        figure, data = plots.control_map_figure(ds, io.dates(ds)[t])
        page.figure(figure, f"map_{data['date']:%Y%m%d}_{t}", into=cells,
                    alt=f"map of control on {data['date']:%Y-%m-%d %H:%M}")
    page.grid(cells)
    if left_out:
        page.paragraph(f"{left_out} further capture or siege dates are not drawn; choose dates with "
                       "--dates.", note=True)

    page.heading("Time series")
    cells = []
    for name, function in (("strength", plots.strength_figure), ("casualties", plots.casualties_figure),
                           ("oil", plots.oil_figure), ("displaced", plots.displacement_figure),
                           ("humanitarian", plots.humanitarian_figure)):
        figure, _ = function(ds)
        page.figure(figure, name, into=cells)
    page.grid(cells)

    events = io.aggregated_events(ds)
    recorded = int(events["events"].sum()) if len(events) else 0
    page.heading(f"Events ({recorded})")
    if len(events):
        counts = events.groupby("kind")["events"].sum().sort_values(ascending=False)
        page.paragraph("By kind: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()) + ". "
                       "People fleeing or coming back are recorded per step and place; the table sums them "
                       f"per place over each spell of consecutive steps ({len(events)} rows).", note=True)
        shown = events[["date", "until", "kind", "node_name", "actor", "other", "magnitude", "events",
                        "text"]].rename(columns={"node_name": "node", "events": "recorded events"})
        page.table(shown, css_id="events", scroll=True, cell_markup=_faction_cell(ds))
    else:
        page.paragraph("No events were recorded.", note=True)

    targets = io.targets_table(ds)
    if targets is not None:
        met = int(targets["met"].sum())
        page.heading(f"Targets from the reports ({met} of {len(targets)} met)")
        page.table(targets, css_id="targets",
                   row_class=lambda row: "met" if row["met"] else "unmet")
    return page.write()


# ---------------------------------------------------------------- sweeps

def _parameter_table(sweep: io.Sweep) -> pd.DataFrame:
    rows = []
    for name in sweep.params.columns:
        values = sweep.params[name]
        numeric = pd.api.types.is_numeric_dtype(values)
        rows.append({"parameter": name, "path": sweep.param_paths.get(name, name),
                     "min": float(values.min()) if numeric else np.nan,
                     "max": float(values.max()) if numeric else np.nan,
                     "distinct values": int(values.nunique())})
    return pd.DataFrame(rows)


def _falls(sweep: io.Sweep) -> list[tuple[str, str]]:
    """(faction, node) of every place some faction takes in some successful run."""
    capture = sweep.arrays.get("capture_day")
    if capture is None:
        return []
    values = capture.values[sweep.ok]
    found = np.argwhere((np.isfinite(values) & (values > 0)).any(axis=0))
    return [(capture.labels[0][f], capture.labels[1][n]) for f, n in found]


def _falls_table(sweep: io.Sweep, falls) -> pd.DataFrame:
    """Per place taken and design point: the share of runs in which it is taken by the end,
    the restricted mean day and the Kaplan-Meier median day."""
    capture = sweep.arrays["capture_day"]
    horizon = quantities.horizon_days(sweep)
    points = sweep.design_points()
    labels = sweep_plots.point_labels(sweep, points)
    rows = []
    for faction, node in falls:
        days = capture.values[:, capture.labels[0].index(faction), capture.labels[1].index(node)]
        groups = sorted(np.unique(points[sweep.ok])) if len(labels) <= 60 else [None]
        for point in groups:
            mine = sweep.ok & ~(days == 0) & (points == point if point is not None else True)
            d = days[mine]
            observed = np.isfinite(d)
            curve = outcomes.kaplan_meier(np.where(observed, d, horizon), observed)
            rm = outcomes.restricted_mean(curve, horizon)
            share = outcomes.proportion(int(observed.sum()), len(d))
            median = curve.times[np.argmax(curve.survival <= 0.5)] if (curve.survival <= 0.5).any() else np.nan
            rows.append({"place": quantities.node_name(sweep, node), "taken by": faction,
                         "design point": labels.get(int(point), "") if point is not None else "all runs",
                         "runs": len(d), f"taken by {quantities.date_of(sweep, horizon)}": share.percent(),
                         "restricted mean day": f"{rm.value:.0f} [{rm.low:.0f}-{rm.high:.0f}]" if len(d) else "",
                         "median day": (f"{median:.0f} ({quantities.date_of(sweep, median)})"
                                        if np.isfinite(median) else "not reached")})
    return pd.DataFrame(rows)


def write_sweep_report(sweep_path, out_dir, dpi: int = plots.DPI) -> Path:
    sweep = io.open_sweep(sweep_path)
    scenario = sweep.attrs.get("scenario", Path(sweep_path).stem)
    page = Page(out_dir, f"Frontline sweep: {scenario}", dpi)
    ok = sweep.ok
    table, found = quantities.derived(sweep)
    indicators = [q for q in found if q.kind == quantities.INDICATOR]
    values = [q for q in found if q.kind == quantities.VALUE]
    falls = _falls(sweep)
    page.paragraph(f"{len(ok)} runs ({int(ok.sum())} ok, {int((~ok).sum())} failed); design: "
                   f"{sweep.design or 'unknown'}; replicates per design point: {sweep.replicates}; "
                   f"{len(sweep.params.columns)} varied parameters. Outcomes that vary: "
                   f"{len(falls)} places taken in some runs (censored times), {len(indicators)} shares "
                   f"of runs (a place taken by the end, a holder at the end, a target met) and "
                   f"{len(values)} values (restricted days, casualties, oil, displacement, sieges).")
    page.table(_parameter_table(sweep))
    page.paragraph("Each type of outcome gets its statistics: a place taken is a censored time (the "
                   "runs in which it is not taken end before it is), so it is shown as the share of "
                   "runs in which it is taken by a date (Kaplan-Meier) and as the restricted mean day "
                   "(a run without the capture counts as its last day), never as the mean of the runs "
                   "that happened to take it; who holds a place is a category, shown as shares of runs "
                   "with 95% Wilson intervals; other values as medians with 10-90% of runs.", note=True)
    shown_indicators = indicators[:sweep_plots.MAX_PANELS]
    if len(found) > sweep_plots.MAX_ROWS:
        page.paragraph(f"The figures against parameters show the first {sweep_plots.MAX_ROWS} of "
                       f"{len(found)} outcomes (shares first); the tables list them all.", note=True)

    if not ok.any() or not found:
        page.paragraph("No successful run with an outcome that varies: nothing to plot.", note=True)
    else:
        page.heading(f"Places taken ({len(falls)})")
        if falls:
            figure, _ = sweep_plots.survival_figure(sweep, falls)
            page.figure(figure, "taken", "Share of runs in which each place is held by each day. "
                        "Curves stop at the last day of the runs: a place not taken by then stays "
                        "below 1 (runs without the capture are censored, not dropped).")
            page.table(_falls_table(sweep, falls), css_id="taken", scroll=True)
        else:
            page.paragraph("No place changes hands in any successful run.", note=True)

        if len(sweep.params.columns):
            page.heading("Outcomes against parameters")
            figure, _ = sweep_plots.against_parameters_figure(sweep, table, found)
            page.figure(figure, "against_parameters")

        points = sweep.design_points()
        if len(np.unique(points)) < len(points) and len(np.unique(points)) <= sweep_plots.MAX_POINTS_DRAWN:
            page.heading("Per design point")
            figure, _ = sweep_plots.design_points_figure(sweep, table, found)
            page.figure(figure, "design_points", "Design points in the design's order, each labelled "
                        "with its parameters.")
            page.table(sweep_plots.design_point_table(sweep, table, shown_indicators + values[:6]),
                       css_id="points", scroll=True)

        if values:
            page.heading("Distributions of values")
            figure, _ = sweep_plots.histograms_figure(sweep, table, found)
            page.figure(figure, "histograms")

        if len(sweep.params.columns):
            page.heading("Sensitivity")
            result = sensitivity.analyse(sweep, table[[q.name for q in found]])
            page.paragraph(result.description + " Computed on quantities that make sense for their "
                           "type: indicators (their mean is a probability) and restricted days, never "
                           "a faction's index or a day missing where a place was not taken.", note=True)
            if len(result.table):
                figure, _ = sweep_plots.sensitivity_figure(result)
                page.figure(figure, "sensitivity")
                page.table(result.table.round(3), css_id="sensitivity")

        spread = sweep_plots.replicate_spread(sweep, table, found)
        if spread is not None and len(spread):
            page.heading("Spread across replicates")
            page.table(spread, css_id="spread")

    failed = np.flatnonzero(~ok)
    page.heading(f"Failed runs ({len(failed)})")
    if len(failed):
        frame = pd.DataFrame({"run": failed, "replicate": sweep.replicate[failed],
                              "seed": [str(s) for s in sweep.seed[failed]],
                              "status": sweep.status[failed], "error": sweep.error[failed]})
        for name in sweep.params.columns:
            frame[name] = sweep.params[name].to_numpy()[failed]
        page.table(frame, css_id="failed", scroll=True)
    else:
        page.paragraph("None.", note=True)
    return page.write()


# ---------------------------------------------------------------- what-if

def write_compare_report(comparison, out_dir, dpi: int = plots.DPI) -> Path:
    c = comparison
    page = Page(out_dir, f"What-if: {c.variant.label} (variant) against {c.base.label} (base)", dpi)
    page.paragraph(compare.describe(c.base, "Base") + ". " + compare.describe(c.variant, "Variant")
                   + ". Differences are variant − base; intervals are 95%.", note=True)
    if c.single_runs:
        page.paragraph(compare.SINGLE_RUN_NOTE, note=True)
    sentences = compare.headline_sentences(c)
    if sentences:
        page.heading("In short")
        page.raw("<ul>" + "".join(f"<li>{html_text.escape(s)}</li>" for s in sentences) + "</ul>")
    for title, frame in compare.tables(c).items():
        page.heading(title)
        if frame.empty:
            page.paragraph("None.", note=True)
        else:
            page.table(frame, css_id=title.split()[0].lower().strip(","), scroll=len(frame) > 25)
        if title == "Places taken":
            figure, _ = compare.survival_figure(c)
            page.figure(figure, "compare_taken", "Share of runs in which each place is taken by each "
                        "day: the places whose share at the end moves most.")
        if title.startswith("Casualties") and not frame.empty:
            figure, _ = compare.continuous_figure(c)
            page.figure(figure, "compare_quantities")
    if c.single_runs:
        base, variant = io.open_run(c.base.paths[0]), io.open_run(c.variant.paths[0])
        page.heading("Time series")
        cells = []
        for name, function in compare.OVERLAYS:
            figure, _ = function(base, variant)
            page.figure(figure, f"compare_{name}", into=cells)
        page.grid(cells)
        page.heading("Who holds what along the coast: base, then variant")
        cells = []
        for which, ds in (("base", base), ("variant", variant)):
            figure, _ = plots.space_time_figure(ds)
            page.figure(figure, f"space_time_{which}", into=cells, alt=f"space-time diagram of the {which}")
        page.grid(cells)
    return page.write()
