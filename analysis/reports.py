"""HTML reports: a run, a sweep, and a what-if against its base."""
from __future__ import annotations

import html as html_text
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import compare, io, plots, sensitivity, sweep_plots
from analysis.html import Page, format_value

# Maps drawn by default: start, end and up to this many key-event dates between.
MAX_EVENT_MAPS = 6
ITEMS_IN_TEXT = 12


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

    events = io.events_table(ds)
    page.heading(f"Events ({len(events)})")
    if len(events):
        counts = events["kind"].value_counts()
        page.paragraph("By kind: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()) + ".",
                       note=True)
        shown = events[["date", "kind", "node_name", "actor", "other", "magnitude", "text"]].rename(
            columns={"node_name": "node"})
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


def write_sweep_report(sweep_path, out_dir, dpi: int = plots.DPI) -> Path:
    sweep = io.open_sweep(sweep_path)
    scenario = sweep.attrs.get("scenario", Path(sweep_path).stem)
    page = Page(out_dir, f"Frontline sweep: {scenario}", dpi)
    ok = sweep.ok
    page.paragraph(f"{len(ok)} runs ({int(ok.sum())} ok, {int((~ok).sum())} failed); design: "
                   f"{sweep.design or 'unknown'}; replicates per design point: {sweep.replicates}; "
                   f"{len(sweep.params.columns)} varied parameters; {len(sweep.metrics.columns)} metrics.")
    page.table(_parameter_table(sweep))
    varying, constant = sweep.varying_metrics(), sweep.constant_metrics()
    if constant:
        shown = ", ".join(constant[:ITEMS_IN_TEXT]) + (f" and {len(constant) - ITEMS_IN_TEXT} more"
                                                       if len(constant) > ITEMS_IN_TEXT else "")
        page.paragraph(f"{len(constant)} metrics take one value in every successful run and are left "
                       f"out below: {shown}.", note=True)
    if len(varying) > sweep_plots.MAX_METRICS:
        page.paragraph(f"The figures show the first {sweep_plots.MAX_METRICS} of {len(varying)} "
                       "varying metrics (whole-run metrics first); the tables list them all.", note=True)

    if varying and ok.any():
        page.heading("Distributions of the metrics")
        figure, _ = sweep_plots.histograms_figure(sweep)
        page.figure(figure, "histograms")

        if len(sweep.params.columns):
            page.heading("Metrics against parameters")
            figure, _ = sweep_plots.scatter_figure(sweep)
            page.figure(figure, "scatter", "Each dot is a successful run; the line is the mean "
                        "metric per parameter value, or per decile when the parameter takes many values.")

            page.heading("Sensitivity")
            result = sensitivity.analyse(sweep)
            page.paragraph(result.description, note=True)
            if len(result.table):
                figure, _ = sweep_plots.sensitivity_figure(result)
                page.figure(figure, "sensitivity")
                page.table(result.table, css_id="sensitivity")

        page.heading("Spread across replicates")
        spread = sweep_plots.replicate_spread(sweep)
        if spread is None:
            page.paragraph("Every design point ran once: no spread to show.", note=True)
        else:
            figure, _ = sweep_plots.spread_figure(sweep)
            page.figure(figure, "spread", "Per design point (sorted by mean): mean with the "
                        "replicates' range.")
            page.table(spread, css_id="spread")
    else:
        page.paragraph("No successful run with metrics: nothing to plot.", note=True)

    failed = np.flatnonzero(~ok)
    page.heading(f"Failed runs ({len(failed)})")
    if len(failed):
        table = pd.DataFrame({"run": failed, "replicate": sweep.replicate[failed],
                              "seed": [str(s) for s in sweep.seed[failed]],
                              "status": sweep.status[failed], "error": sweep.error[failed]})
        for name in sweep.params.columns:
            table[name] = sweep.params[name].to_numpy()[failed]
        page.table(table, css_id="failed", scroll=True)
    else:
        page.paragraph("None.", note=True)
    return page.write()


# ---------------------------------------------------------------- what-if

def write_compare_report(a_path, b_path, out_dir, dpi: int = plots.DPI) -> Path:
    a, b = io.open_run(a_path), io.open_run(b_path)
    differences = compare.differences(a, b)
    page = Page(out_dir, f"What-if: {io.run_label(a)} (A) against {io.run_label(b)} (B)", dpi)
    page.paragraph(f"A: {a.attrs.get('source_path')} (solid lines). B: {b.attrs.get('source_path')} "
                   "(dashed lines). Differences are A − B.", note=True)
    for title, frame in differences.items():
        page.heading(title)
        page.table(frame, scroll=len(frame) > 25)
    page.heading("Time series")
    cells = []
    for name, function in compare.OVERLAYS:
        figure, _ = function(a, b)
        page.figure(figure, f"compare_{name}", into=cells)
    page.grid(cells)
    page.heading("Who holds what along the coast: A, then B")
    cells = []
    for which, ds in (("a", a), ("b", b)):
        figure, _ = plots.space_time_figure(ds)
        page.figure(figure, f"space_time_{which}", into=cells,
                    alt=f"space-time diagram of run {which.upper()}")
    page.grid(cells)
    return page.write()
