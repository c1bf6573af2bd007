"""A what-if (A) against its base (B): tables of differences and overlaid series."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import io
from analysis.plots import _date_axis, _si_formatter, new_figure


def _step_days(ds) -> float:
    times = pd.to_datetime(io.dates(ds))
    return (times[1] - times[0]) / pd.Timedelta(days=1) if len(times) > 1 else 1.0


def control_changes(ds) -> dict[str, list[tuple[pd.Timestamp, str]]]:
    """node id -> [(date, new controller id or "none")] for every change of control."""
    ctrl = io.control(ds)
    labels = [io.NO_CONTROL_LABEL, *io.faction_ids(ds)]
    times = pd.to_datetime(io.dates(ds))
    changes = {}
    for j, node in enumerate(io.node_ids(ds)):
        steps = np.flatnonzero(ctrl[1:, j] != ctrl[:-1, j]) + 1
        # A change first visible at record t happened during the step that began at
        # record t - 1: date it like the event table (and `frontline run`) does.
        changes[node] = [(times[t - 1], labels[ctrl[t, j] + 1]) for t in steps]
    return changes


def _first(changes):
    return (changes[0][0], changes[0][1]) if changes else (pd.NaT, "")


def control_differences(a, b) -> pd.DataFrame:
    ca, cb = control_changes(a), control_changes(b)
    names = {**dict(zip(io.node_ids(b), io.node_names(b))), **dict(zip(io.node_ids(a), io.node_names(a)))}
    labels_a = [io.NO_CONTROL_LABEL, *io.faction_ids(a)]
    labels_b = [io.NO_CONTROL_LABEL, *io.faction_ids(b)]
    final_a = dict(zip(io.node_ids(a), (labels_a[c + 1] for c in io.control(a)[-1])))
    final_b = dict(zip(io.node_ids(b), (labels_b[c + 1] for c in io.control(b)[-1])))
    rows = []
    for node in names:
        changes_a, changes_b = ca.get(node, []), cb.get(node, [])
        if not changes_a and not changes_b and final_a.get(node) == final_b.get(node):
            continue
        (date_a, by_a), (date_b, by_b) = _first(changes_a), _first(changes_b)
        shift = (date_a - date_b).days if pd.notna(date_a) and pd.notna(date_b) else np.nan
        rows.append({"node": names[node], "A first capture": date_a if pd.notna(date_a) else "never",
                     "A by": by_a, "B first capture": date_b if pd.notna(date_b) else "never",
                     "B by": by_b, "A − B (days)": shift,
                     "A captures": len(changes_a), "B captures": len(changes_b),
                     "A holder at end": final_a.get(node, ""), "B holder at end": final_b.get(node, "")})
    return pd.DataFrame(rows, columns=["node", "A first capture", "A by", "B first capture", "B by",
                                       "A − B (days)", "A captures", "B captures", "A holder at end",
                                       "B holder at end"])


def siege_days(ds) -> dict[str, float]:
    days = io.flags(ds, "besieged").sum(axis=0) * _step_days(ds)
    return dict(zip(io.node_ids(ds), days.astype(float)))


def siege_differences(a, b) -> pd.DataFrame:
    sa, sb = siege_days(a), siege_days(b)
    names = {**dict(zip(io.node_ids(b), io.node_names(b))), **dict(zip(io.node_ids(a), io.node_names(a)))}
    rows = [{"node": names[n], "A besieged (days)": sa.get(n, 0.0), "B besieged (days)": sb.get(n, 0.0),
             "A − B (days)": sa.get(n, 0.0) - sb.get(n, 0.0)}
            for n in names if sa.get(n, 0.0) > 0 or sb.get(n, 0.0) > 0]
    return pd.DataFrame(rows, columns=["node", "A besieged (days)", "B besieged (days)", "A − B (days)"])


def casualty_differences(a, b) -> pd.DataFrame:
    def final(ds, name):
        return dict(zip(io.faction_ids(ds), ds[name].values[-1].astype(float)))
    ka, kb, wa, wb = final(a, "killed"), final(b, "killed"), final(a, "wounded"), final(b, "wounded")
    factions = list(dict.fromkeys([*io.faction_ids(a), *io.faction_ids(b)]))
    rows = [{"faction": f, "A killed": ka.get(f, np.nan), "B killed": kb.get(f, np.nan),
             "killed A − B": ka.get(f, np.nan) - kb.get(f, np.nan),
             "A wounded": wa.get(f, np.nan), "B wounded": wb.get(f, np.nan),
             "wounded A − B": wa.get(f, np.nan) - wb.get(f, np.nan)} for f in factions]
    rows.append({"faction": "all", "A killed": sum(ka.values()), "B killed": sum(kb.values()),
                 "killed A − B": sum(ka.values()) - sum(kb.values()),
                 "A wounded": sum(wa.values()), "B wounded": sum(wb.values()),
                 "wounded A − B": sum(wa.values()) - sum(wb.values())})
    return pd.DataFrame(rows)


def headline_differences(a, b) -> pd.DataFrame:
    def peak(ds):
        total = io.total_displaced(ds).values
        k = int(np.argmax(total))
        return float(total[k]), pd.Timestamp(io.dates(ds)[k])
    pa, pb = peak(a), peak(b)
    oil_a, oil_b = float(a["oil_loss"].values[-1]), float(b["oil_loss"].values[-1])
    rev_a, rev_b = float(a["oil_revenue"].values[-1]), float(b["oil_revenue"].values[-1])
    mean_a, mean_b = float(io.national_oil_output(a).mean()), float(io.national_oil_output(b).mean())
    rows = [("oil revenue lost by the end (USD)", oil_a, oil_b, oil_a - oil_b),
            ("oil revenue by the end (USD)", rev_a, rev_b, rev_a - rev_b),
            ("mean national oil output (barrel/day)", mean_a, mean_b, mean_a - mean_b),
            ("peak displaced (people)", pa[0], pb[0], pa[0] - pb[0]),
            ("date of peak displacement", pa[1], pb[1], (pa[1] - pb[1]).days),
            ("nodes besieged at some time", len(io.ever_besieged(a)), len(io.ever_besieged(b)),
             len(io.ever_besieged(a)) - len(io.ever_besieged(b))),
            ("events", a.sizes.get("event", 0), b.sizes.get("event", 0),
             a.sizes.get("event", 0) - b.sizes.get("event", 0))]
    return pd.DataFrame(rows, columns=["quantity", "A", "B", "A − B"])


def differences(a, b) -> dict[str, pd.DataFrame]:
    return {"Headline": headline_differences(a, b),
            "Casualties by faction": casualty_differences(a, b),
            "Control: first capture and holder at the end": control_differences(a, b),
            "Siege lengths": siege_differences(a, b)}


def format_text(a, b, tables: dict[str, pd.DataFrame]) -> str:
    from analysis.html import format_value
    lines = [f"A: {a.attrs.get('source_path')} ({io.run_label(a)})",
             f"B: {b.attrs.get('source_path')} ({io.run_label(b)})", ""]
    for title, frame in tables.items():
        lines.append(f"== {title} ==")
        if frame.empty:
            lines.append("(no differences)")
        else:
            lines.append(frame.map(format_value).to_string(index=False) if hasattr(frame, "map")
                         else frame.applymap(format_value).to_string(index=False))
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- overlays

def _overlay(a, b, series, ylabel: str, title: str):
    """series(ds) -> [(label, colour, values)]; A solid, B dashed."""
    figure = new_figure(10, 4.2)
    axis = figure.subplots()
    _date_axis(axis.xaxis)
    axis.grid(color="#e6e6e6", linewidth=0.6)
    data = {}
    for ds, style, which in ((a, "-", "A"), (b, "--", "B")):
        for label, colour, values in series(ds):
            axis.plot(io.dates(ds), values, linestyle=style, color=colour, linewidth=1.7,
                      label=f"{label} ({which})")
            data[(which, label)] = values
    axis.set_ylabel(ylabel)
    axis.yaxis.set_major_formatter(_si_formatter())
    axis.set_ylim(bottom=0)
    axis.legend(fontsize=7, frameon=False, ncol=2)
    axis.set_title(f"{title}: {io.run_label(a)} (A, solid) vs {io.run_label(b)} (B, dashed)", fontsize=10)
    return figure, data


def strength_overlay(a, b):
    def series(ds):
        values = io.strength_by_faction(ds).values
        return [(f, c, values[:, k]) for k, (f, c) in enumerate(zip(io.faction_ids(ds), io.faction_colours(ds)))]
    return _overlay(a, b, series, "fighters (sum over nodes)", "Strength")


def killed_overlay(a, b):
    def series(ds):
        values = ds["killed"].values
        return [(f, c, values[:, k]) for k, (f, c) in enumerate(zip(io.faction_ids(ds), io.faction_colours(ds)))]
    return _overlay(a, b, series, "killed, cumulative (people)", "Killed")


def oil_overlay(a, b):
    return _overlay(a, b, lambda ds: [("national output", "black", io.national_oil_output(ds).values)],
                    "oil output (barrel/day)", "Oil")


def oil_loss_overlay(a, b):
    return _overlay(a, b, lambda ds: [("revenue lost", "#c0392b", ds["oil_loss"].values)],
                    "revenue lost, cumulative (USD)", "Oil revenue lost")


def displaced_overlay(a, b):
    return _overlay(a, b, lambda ds: [("displaced", "#7b3294", io.total_displaced(ds).values)],
                    "displaced people", "Displacement")


OVERLAYS = (("strength", strength_overlay), ("killed", killed_overlay), ("oil", oil_overlay),
            ("oil_loss", oil_loss_overlay), ("displaced", displaced_overlay))


