"""A what-if against its base, over their runs: `compare BASE VARIANT`.

Each side is a sweep file (its replicates, and the parameter draws of a calibrated scenario
when it has them) or a run file (one run). Differences are always variant − base:
- places taken: the share of runs in which a faction holds a place by the end (or by a
  date), Wilson intervals per side and Newcombe's interval for the difference, and the
  restricted mean day of the capture (runs without it count as the end of the run);
- the holder of each place at the end: shares of runs per holder;
- continuous quantities (casualties, oil revenue lost, people displaced, days besieged):
  medians with the 10-90% band of runs, and the difference of medians with a bootstrap
  interval;
- targets: the share of runs meeting each.
With one run a side there is no interval: the page says so."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from analysis import ensemble as ens
from analysis import io, outcomes
from analysis.errors import AnalysisInputError
from analysis.plots import _date_axis, _si_formatter, draw_taken_curve, new_figure, panel_grid

BASE_STYLE, VARIANT_STYLE = "--", "-"
BASE_COLOUR, VARIANT_COLOUR = "#7f7f7f", "#c0392b"


@dataclasses.dataclass
class Comparison:
    base: ens.Ensemble
    variant: ens.Ensemble
    by_days: list  # dates of "taken by", days from the start (the end of the runs last)

    @property
    def single_runs(self) -> bool:
        return self.base.runs == 1 and self.variant.runs == 1

    def base_name(self) -> str:
        return f"{self.base.label} (base)"

    def variant_name(self) -> str:
        return f"{self.variant.label} (variant)"


def comparison(base: ens.Ensemble, variant: ens.Ensemble, by_dates=()) -> Comparison:
    for side in (base, variant):
        points = len(np.unique(side.design_point))
        if points > 1:
            raise AnalysisInputError(
                f"{side.paths[0]}: {points} design points: compare takes the replicates of one "
                "scenario (frontline sweep --scenario S --replicates N) or run files; a sweep over "
                "parameters is read with sweep-report")
    horizon = min(base.horizon_days, variant.horizon_days)
    days = []
    for date in by_dates:
        if base.start is None:
            continue
        day = (pd.Timestamp(date) - base.start) / pd.Timedelta(days=1)
        if 0 <= day <= horizon:
            days.append(float(day))
    return Comparison(base, variant, sorted(set(d for d in days if d < horizon)) + [horizon])


def _share_text(p: outcomes.Proportion) -> str:
    if p.trials == 1:
        return "yes" if p.successes else "no"
    return p.percent()


def _signed(value: float) -> str:
    text = f"{value:+.0f}"
    return "+0" if text == "-0" else text


def _points(d, low, high) -> str:
    if not np.isfinite(d):
        return ""
    if not np.isfinite(low):
        return f"{_signed(100 * d)} points"
    return f"{_signed(100 * d)} [{_signed(100 * low)}, {_signed(100 * high)}] points"


def _pairs(c: Comparison) -> list[tuple[str, str]]:
    """Places taken in either, those whose share by the end moves most first."""
    seen = {(f.faction, f.node) for f in ens.falls(c.base)} | {(f.faction, f.node) for f in ens.falls(c.variant)}
    order = {n: i for i, n in enumerate(c.base.nodes)}

    def moved(pair):
        shares = []
        for side in (c.base, c.variant):
            fall = ens.fall_of(side, *pair)
            shares.append(np.isfinite(fall.days).mean() if fall is not None and len(fall.days) else 0.0)
        return -abs(shares[1] - shares[0])
    return sorted(seen, key=lambda p: (round(moved(p), 9), order.get(p[1], 1e9), p[0]))


def falls_table(c: Comparison) -> pd.DataFrame:
    """One row per (place, faction, date): the share of runs in which the faction holds the
    place by that date, per side, and the difference."""
    rows = []
    for faction, node in _pairs(c):
        fb, fv = ens.fall_of(c.base, faction, node), ens.fall_of(c.variant, faction, node)
        for day in c.by_days:
            pb = fb.by(day) if fb is not None else outcomes.proportion(0, 0)
            pv = fv.by(day) if fv is not None else outcomes.proportion(0, 0)
            d, low, high = outcomes.proportion_difference(pv, pb)
            rows.append({"place": c.base.name_of(node), "taken by": faction, "by": c.base.date_of(day),
                         c.base_name(): _share_text(pb), c.variant_name(): _share_text(pv),
                         "variant − base": _points(d, low, high) if not c.single_runs else
                         _points(d, np.nan, np.nan),
                         "_difference": d, "_base": pb, "_variant": pv, "_node": node})
    return pd.DataFrame(rows)


def _day_text(c: Comparison, side: ens.Ensemble, fall: ens.Fall | None) -> str:
    if fall is None or not len(fall.days):
        return "held from the start"
    if side.runs == 1:
        day = fall.days[0]
        return side.date_of(day) if np.isfinite(day) else f"not by {side.end_date()}"
    rmst = fall.restricted_mean()
    return f"day {rmst.value:.0f} [{rmst.low:.0f}-{rmst.high:.0f}]"


def capture_day_table(c: Comparison) -> pd.DataFrame:
    """The day each place is taken: the date (one run a side) or the restricted mean day up
    to the end of the runs with its interval."""
    rows = []
    for faction, node in _pairs(c):
        fb, fv = ens.fall_of(c.base, faction, node), ens.fall_of(c.variant, faction, node)
        row = {"place": c.base.name_of(node), "taken by": faction,
               c.base_name(): _day_text(c, c.base, fb), c.variant_name(): _day_text(c, c.variant, fv)}
        if fb is not None and fv is not None and len(fb.days) and len(fv.days):
            tau = min(fb.horizon, fv.horizon)
            d, low, high = outcomes.restricted_mean_difference(fv.restricted_mean(tau), fb.restricted_mean(tau))
            row["variant − base (days)"] = (_signed(d) if c.single_runs or not np.isfinite(low)
                                            else f"{_signed(d)} [{_signed(low)}, {_signed(high)}]")
        else:
            row["variant − base (days)"] = ""
        rows.append(row)
    return pd.DataFrame(rows)


def _shares_text(shares: dict, single: bool) -> str:
    if single:
        return next((k for k, p in shares.items() if p.successes), "")
    return ", ".join(f"{k} {p.percent()}" for k, p in sorted(shares.items(), key=lambda kv: -kv[1].share))


def holders_table(c: Comparison) -> pd.DataFrame:
    """Places whose holder at the end differs between runs or between the sides."""
    rows = []
    for node in c.base.nodes:
        if node not in c.variant.nodes:
            continue
        sb, sv = ens.holder_shares(c.base, node), ens.holder_shares(c.variant, node)
        if len(sb) == 1 and len(sv) == 1 and set(sb) == set(sv):
            continue
        rows.append({"place": c.base.name_of(node), c.base_name(): _shares_text(sb, c.base.runs == 1),
                     c.variant_name(): _shares_text(sv, c.variant.runs == 1)})
    return pd.DataFrame(rows, columns=["place", c.base_name(), c.variant_name()])


def _quantiles_text(q: outcomes.Quantiles) -> str:
    from analysis.html import format_value
    if q.runs == 0:
        return ""
    if q.runs == 1:
        return format_value(q.median)
    return f"{format_value(q.median)} [{format_value(q.low)}-{format_value(q.high)}]"


def continuous_table(c: Comparison) -> pd.DataFrame:
    """Median [10-90% of runs] per side and the difference of medians [95% interval];
    quantities that are zero in every run of both sides are left out."""
    from analysis.html import format_value
    rows = []
    for name in c.base.continuous.columns:
        if name not in c.variant.continuous.columns:
            continue
        b, v = c.base.continuous[name].to_numpy(float), c.variant.continuous[name].to_numpy(float)
        if not (np.nan_to_num(b) != 0).any() and not (np.nan_to_num(v) != 0).any():
            continue
        d, low, high = outcomes.median_difference(v, b)
        units = c.base.continuous_units.get(name, "")
        rows.append({"quantity": _quantity_name(c.base, name), "units": units if units != "1" else "",
                     c.base_name(): _quantiles_text(outcomes.quantiles(b)),
                     c.variant_name(): _quantiles_text(outcomes.quantiles(v)),
                     "variant − base": (format_value(d) if not np.isfinite(low) else
                                        f"{format_value(d)} [{format_value(low)}, {format_value(high)}]"),
                     "_difference": d, "_name": name})
    return pd.DataFrame(rows)


def _quantity_name(side: ens.Ensemble, name: str) -> str:
    """besieged_days[sirte] -> besieged_days[Sirte]: node ids as their names."""
    if "[" not in name:
        return name
    family, _, rest = name.partition("[")
    labels = [side.name_of(part) for part in rest.rstrip("]").split(",")]
    return f"{family}[{','.join(labels)}]"


def targets_table(c: Comparison) -> pd.DataFrame:
    rows = []
    for target in c.base.target_met.columns:
        if target not in c.variant.target_met.columns:
            continue
        pb = outcomes.proportion_of(c.base.target_met[target])
        pv = outcomes.proportion_of(c.variant.target_met[target])
        d, low, high = outcomes.proportion_difference(pv, pb)
        rows.append({"target": target, "text": c.base.target_text.get(target, ""),
                     c.base_name(): _share_text(pb), c.variant_name(): _share_text(pv),
                     "variant − base": _points(d, low, high) if not c.single_runs else _points(d, np.nan, np.nan)})
    return pd.DataFrame(rows)


def headline_sentences(c: Comparison, most: int = 5) -> list[str]:
    """'Sirte is held by GNA by 2016-12-06 in 95% [88-99] of runs with X and 10% [3-24] with Y',
    for the places whose share moves most."""
    table = falls_table(c)
    if table.empty:
        return []
    at_end = table[table["by"] == c.base.date_of(c.by_days[-1])]
    at_end = at_end.reindex(at_end["_difference"].abs().sort_values(ascending=False).index)
    sentences = []
    for _, row in at_end.head(most).iterrows():
        if not np.isfinite(row["_difference"]) or row["_difference"] == 0:
            continue
        pb, pv = row["_base"], row["_variant"]
        if c.single_runs:
            sentences.append(f"{row['place']} is held by {row['taken by']} by {row['by']} "
                             f"{'with' if pv.successes else 'not with'} {c.variant.label} and "
                             f"{'with' if pb.successes else 'not with'} {c.base.label} (one run each).")
        else:
            sentences.append(f"{row['place']} is held by {row['taken by']} by {row['by']} in "
                             f"{pv.percent()} of {pv.trials} runs of {c.variant.label} and in "
                             f"{pb.percent()} of {pb.trials} runs of {c.base.label}.")
    return sentences


def _visible(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[col for col in frame.columns if not str(col).startswith("_")]]


def tables(c: Comparison) -> dict[str, pd.DataFrame]:
    return {"Places taken": _visible(falls_table(c)),
            "Day taken": capture_day_table(c),
            "Holder at the end": holders_table(c),
            "Casualties, oil, displacement, sieges": _visible(continuous_table(c)),
            "Targets met": targets_table(c)}


def describe(side: ens.Ensemble, role: str) -> str:
    paths = ", ".join(str(p) for p in side.paths)
    text = f"{role}: {paths} ({side.label}, {side.runs} run{'s' if side.runs != 1 else ''}"
    if side.drawn_parameters:
        text += f"; parameters drawn per run: {', '.join(side.drawn_parameters)}"
    return text + ")"


SINGLE_RUN_NOTE = ("One run a side: a difference cannot be told from chance. For intervals, "
                   "compare replicate sweeps: frontline sweep --scenario NAME --replicates 100 -o NAME.h5.")


def format_text(c: Comparison) -> str:
    from analysis.html import format_value
    lines = [describe(c.base, "Base"), describe(c.variant, "Variant"),
             "Differences are variant − base; intervals are 95%."]
    if c.single_runs:
        lines.append(SINGLE_RUN_NOTE)
    lines.append("")
    sentences = headline_sentences(c)
    if sentences:
        lines += ["== In short ==", *sentences, ""]
    for title, frame in tables(c).items():
        lines.append(f"== {title} ==")
        if frame.empty:
            lines.append("(none)")
        else:
            shown = frame.map(format_value) if hasattr(frame, "map") else frame.applymap(format_value)
            lines.append(shown.to_string(index=False))
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- figures

def survival_figure(c: Comparison, most: int = 6):
    """P(taken by day t) for the places whose share at the end moves most: base dashed,
    variant solid, with the variant's pointwise interval shaded."""
    table = falls_table(c)
    at_end = table[table["by"] == c.base.date_of(c.by_days[-1])] if len(table) else table
    chosen = (at_end.reindex(at_end["_difference"].abs().sort_values(ascending=False).index).head(most)
              if len(at_end) else at_end)
    figure, axes = panel_grid(len(chosen), 3, 4.6, 3.2)
    drawn = {}
    for axis, (_, row) in zip(axes, chosen.iterrows()):
        for side, style, colour, name in ((c.base, BASE_STYLE, BASE_COLOUR, c.base_name()),
                                          (c.variant, VARIANT_STYLE, VARIANT_COLOUR, c.variant_name())):
            fall = ens.fall_of(side, row["taken by"], row["_node"])
            if fall is None or not len(fall.days):
                continue
            drawn[(row["_node"], row["taken by"], name)] = draw_taken_curve(
                axis, fall.curve, side.horizon_days, colour, name, style, band=side.runs > 1)
        axis.set_ylim(-0.02, 1.02)
        axis.set_title(f"{row['place']} taken by {row['taken by']}", fontsize=9)
        axis.set_xlabel(f"days from {c.base.date_of(0)}", fontsize=8)
        axis.set_ylabel("share of runs, taken by then", fontsize=8)
        axis.grid(color="#eeeeee", linewidth=0.5)
        axis.tick_params(labelsize=7)
    if len(chosen):
        axes[0].legend(fontsize=7, frameon=False, loc="upper left")
    else:
        axes[0].text(0.5, 0.5, "no place changes hands in either", ha="center", va="center",
                     transform=axes[0].transAxes)
    figure.suptitle("Probability that a place is taken by each day (Kaplan-Meier; runs in which it is "
                    "not taken end at the last day)\nbase dashed, variant solid, shaded: the variant's 95% "
                    "interval", fontsize=10)
    return figure, {"curves": drawn}


def continuous_figure(c: Comparison, most: int = 12):
    """Medians with the 10-90% band of runs, base and variant side by side, for the
    quantities that move most (relative to the base)."""
    table = continuous_table(c)
    if len(table):
        # only what differs: a quantity the same in both draws no panel
        moved = [not np.allclose(c.base.continuous[n].dropna().quantile([0.1, 0.5, 0.9]),
                                 c.variant.continuous[n].dropna().quantile([0.1, 0.5, 0.9]))
                 if c.base.continuous[n].notna().any() and c.variant.continuous[n].notna().any() else True
                 for n in table["_name"]]
        table = table[moved]
    if len(table):
        scale = np.array([max(abs(outcomes.quantiles(c.base.continuous[n]).median), 1.0) for n in table["_name"]])
        table = table.assign(_relative=np.abs(table["_difference"].to_numpy(float)) / scale)
        table = table.sort_values("_relative", ascending=False).head(most)
    figure, axes = panel_grid(len(table), 4, 3.4, 2.6)
    drawn = {}
    for axis, (_, row) in zip(axes, table.iterrows()):
        for k, (side, colour, name) in enumerate(((c.base, BASE_COLOUR, "base"), (c.variant, VARIANT_COLOUR, "variant"))):
            q = outcomes.quantiles(side.continuous[row["_name"]])
            axis.errorbar([k], [q.median], yerr=np.clip([[q.median - q.low], [q.high - q.median]], 0, None), fmt="o",
                          color=colour, capsize=4, markersize=6)
            drawn[(row["_name"], name)] = q
        axis.set_xticks([0, 1], labels=["base", "variant"], fontsize=8)
        axis.set_xlim(-0.6, 1.6)
        axis.yaxis.set_major_formatter(_si_formatter())
        axis.set_title(row["quantity"] + (f" ({row['units']})" if row["units"] else ""), fontsize=8)
        axis.grid(axis="y", color="#eeeeee", linewidth=0.5)
        axis.tick_params(labelsize=7)
    if not len(table):
        axes[0].text(0.5, 0.5, "no quantity differs", ha="center", va="center", transform=axes[0].transAxes)
    figure.suptitle("Median and 10-90% of runs: base (grey) and variant (red); the quantities that "
                    "differ, most first", fontsize=10)
    return figure, {"quantiles": drawn}


# ---------------------------------------------------------------- overlays of two single runs

def _overlay(base, variant, series, ylabel: str, title: str):
    """series(ds) -> [(label, colour, values)]; base dashed, variant solid."""
    figure = new_figure(10, 4.2)
    axis = figure.subplots()
    _date_axis(axis.xaxis)
    axis.grid(color="#e6e6e6", linewidth=0.6)
    data = {}
    for ds, style, which in ((base, BASE_STYLE, "base"), (variant, VARIANT_STYLE, "variant")):
        for label, colour, values in series(ds):
            axis.plot(io.dates(ds), values, linestyle=style, color=colour, linewidth=1.7,
                      label=f"{label} ({which})")
            data[(which, label)] = values
    axis.set_ylabel(ylabel)
    axis.yaxis.set_major_formatter(_si_formatter())
    axis.set_ylim(bottom=0)
    axis.legend(fontsize=7, frameon=False, ncol=2)
    axis.set_title(f"{title}: {io.run_label(base)} (base, dashed) and {io.run_label(variant)} "
                   "(variant, solid)", fontsize=10)
    return figure, data


def strength_overlay(base, variant):
    def series(ds):
        values = io.strength_by_faction(ds).values
        return [(f, c, values[:, k]) for k, (f, c) in enumerate(zip(io.faction_ids(ds), io.faction_colours(ds)))]
    return _overlay(base, variant, series, "fighters (sum over nodes)", "Strength")


def killed_overlay(base, variant):
    def series(ds):
        values = ds["killed"].values
        return [(f, c, values[:, k]) for k, (f, c) in enumerate(zip(io.faction_ids(ds), io.faction_colours(ds)))]
    return _overlay(base, variant, series, "killed since the start (people)", "Killed")


def oil_overlay(base, variant):
    return _overlay(base, variant, lambda ds: [("national output", "black", io.national_oil_output(ds).values)],
                    "oil output (barrel/day)", "Oil")


def displaced_overlay(base, variant):
    return _overlay(base, variant, lambda ds: [("displaced", "#7b3294", io.total_displaced(ds).values)],
                    "displaced people", "Displacement")


OVERLAYS = (("strength", strength_overlay), ("killed", killed_overlay), ("oil", oil_overlay),
            ("displaced", displaced_overlay))
