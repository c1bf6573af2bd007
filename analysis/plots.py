"""Figures of one run. Each function returns (figure, data): the matplotlib Figure
and the arrays it drew, so tests can check what was plotted, not only that a PNG
exists. Figures are built without pyplot (no global state, Agg canvas)."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from analysis import io  # noqa: E402

BESIEGED_HATCH = "////"
CONTESTED_HATCH = "...."
BESIEGED_RING = "#d62728"
CONTESTED_RING = "#f2a900"
KIND_MARKERS = {"city": "o", "town": "p", "port": "s", "oil_terminal": "D", "oil_field": "P",
                "airbase": "^", "junction": "v"}
EDGE_STYLES = {  # kind: (colour, linestyle, width, label)
    "road": ("#7f7f7f", "-", 1.3, "road"),
    "track": ("#a0a0a0", ":", 1.2, "desert track"),
    "sea": ("#3a7dc9", (0, (5, 4)), 1.1, "sea lane"),
    "pipeline": ("#8b5a2b", "-.", 1.2, "pipeline"),
}
DPI = 110


def new_figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def save_figure(figure: Figure, path, dpi: int = DPI) -> None:
    figure.savefig(path, dpi=dpi)


def rendered_colours(figure: Figure) -> int:
    """Number of distinct RGB colours in the rendered figure (a blank one has 1)."""
    figure.canvas.draw()
    rgb = np.asarray(figure.canvas.buffer_rgba())[..., :3].astype(np.uint32)
    return len(np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]))


def _date_axis(axis, show_offset: bool = True) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    axis.set_major_locator(locator)
    if show_offset:
        axis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:  # the year goes into the labels (a vertical axis has no room for an offset)
        axis.set_major_formatter(mdates.ConciseDateFormatter(
            locator, show_offset=False, formats=["%Y", "%b %Y", "%d %b %Y", "%H:%M", "%H:%M", "%S.%f"],
            zero_formats=["", "%Y", "%b %Y", "%d %b %Y", "%H:%M", "%H:%M"]))


def _contrast(colour: str) -> str:
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.45 else "white"


def _si(value: float, unit: str = "") -> str:
    for factor, suffix in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{suffix}{unit}"
    return f"{value:.3g}{unit}"


def _si_formatter(unit: str = ""):
    return FuncFormatter(lambda v, _: _si(v, unit) if v else "0")


def faction_legend_handles(ds, include_none: bool = True):
    handles = [Patch(facecolor=c, edgecolor="#555555", linewidth=0.5, label=f"{name} ({fid})")
               for fid, name, c in zip(io.faction_ids(ds), io.faction_names(ds), io.faction_colours(ds))]
    if include_none:
        handles.append(Patch(facecolor=io.NO_CONTROL_COLOUR, edgecolor="#555555", linewidth=0.5,
                             label="no faction"))
    return handles


# ---------------------------------------------------------------- space-time diagram

def _cell_edges(position: np.ndarray) -> np.ndarray:
    if len(position) == 1:
        return np.array([position[0] - 0.5, position[0] + 0.5])
    middle = (position[1:] + position[:-1]) / 2
    first = position[0] - (middle[0] - position[0])
    last = position[-1] + (position[-1] - middle[-1])
    return np.concatenate([[first], middle, [last]])


def _time_edges(ds) -> np.ndarray:
    times = mdates.date2num(pd.to_datetime(io.dates(ds)))
    step = times[1] - times[0] if len(times) > 1 else 1.0
    return np.concatenate([times, [times[-1] + step]])


def _draw_control(axis, ds, columns, x_edges, t_edges, cmap, norm):
    control = io.control(ds)[:, columns]
    axis.pcolormesh(x_edges, t_edges, control + 1, cmap=cmap, norm=norm, shading="flat",
                    rasterized=True)
    besieged = io.flags(ds, "besieged")[:, columns]
    contested = io.flags(ds, "contested")[:, columns]
    marked = {"besieged": [], "contested": []}
    for name, mask, hatch in (("contested", contested, CONTESTED_HATCH),
                              ("besieged", besieged, BESIEGED_HATCH)):
        for j in range(len(columns)):
            for start, stop in io.spells(mask[:, j]):
                owner = control[start, j]
                colour = io.controller_colours(ds)[owner + 1]
                axis.add_patch(Rectangle(
                    (x_edges[j], t_edges[start]), x_edges[j + 1] - x_edges[j],
                    t_edges[stop] - t_edges[start], fill=False, hatch=hatch,
                    edgecolor=_contrast(colour), linewidth=0.6))
                marked[name].append((columns[j], start, stop))
    axis.vlines(x_edges[1:-1], t_edges[0], t_edges[-1], colors="white", linewidth=0.6)
    return control, marked


def space_time_figure(ds, layout: io.SpaceAxis | None = None):
    """Control along the coast (x) through time (y, downwards)."""
    layout = layout or io.corridor_layout(ds)
    names = io.node_names(ds)
    colours = io.controller_colours(ds)
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(-0.5, len(colours)), len(colours))
    t_edges = _time_edges(ds)

    has_side = bool(layout.side)
    figure = new_figure(14 if has_side else 11, 9.5 if has_side else 8.5)
    grid = figure.add_gridspec(2, 2 if has_side else 1, height_ratios=[14, 1],
                               width_ratios=[4, max(1.0, 0.12 * len(layout.side))] if has_side else [1])
    main = figure.add_subplot(grid[0, 0])
    x_edges = _cell_edges(layout.position)
    main_control, main_marked = _draw_control(main, ds, layout.main, x_edges, t_edges, cmap, norm)
    main.set_xlim(x_edges[0], x_edges[-1])
    main.set_ylim(t_edges[-1], t_edges[0])
    _date_axis(main.yaxis, show_offset=False)
    main.set_ylabel("date (time runs downwards)")
    main_names = [names[i] for i in layout.main]
    if layout.mode == "corridor":
        main.set_xlabel(layout.label)
        top = main.secondary_xaxis("top")
        top.set_ticks(layout.position, labels=main_names, rotation=90, fontsize=8)
        top.tick_params(length=3)
    else:
        main.set_xticks(layout.position, labels=main_names, rotation=90, fontsize=8)
        main.set_xlabel(layout.label)

    data = {"mode": layout.mode, "main_nodes": list(layout.main), "position_km": layout.position,
            "x_edges": x_edges, "time_edges": t_edges, "control": main_control,
            "besieged_spells": main_marked["besieged"], "contested_spells": main_marked["contested"],
            "side_nodes": list(layout.side), "side_control": None}
    if has_side:
        side = figure.add_subplot(grid[0, 1], sharey=main)
        s_edges = np.arange(len(layout.side) + 1, dtype=float)
        side_control, side_marked = _draw_control(side, ds, layout.side, s_edges, t_edges, cmap, norm)
        anchors = [names[layout.main[a]] for a in layout.side_anchor]
        side.set_xticks(s_edges[:-1] + 0.5, labels=[names[i] for i in layout.side],
                        rotation=90, fontsize=8)
        side.tick_params(axis="y", labelleft=False)
        top = side.secondary_xaxis("top")
        group_start = [k for k in range(len(anchors)) if k == 0 or anchors[k] != anchors[k - 1]]
        group_mid = [(k + (group_start[g + 1] if g + 1 < len(group_start) else len(anchors))) / 2
                     for g, k in enumerate(group_start)]
        top.set_ticks(group_mid, labels=[f"near {anchors[k]}" for k in group_start], rotation=90,
                      fontsize=7)
        top.tick_params(length=0)
        side.vlines(group_start[1:], t_edges[0], t_edges[-1], colors="black", linewidth=1.2)
        side.set_xlim(0, len(layout.side))
        side.set_title("places off the coastal road (ports, fields,\nairbases, inland towns)",
                       fontsize=9, loc="left")
        data["side_control"] = side_control
        data["besieged_spells"] += side_marked["besieged"]
        data["contested_spells"] += side_marked["contested"]

    handles = faction_legend_handles(ds) + [
        Patch(facecolor="white", edgecolor="black", hatch=BESIEGED_HATCH, label="besieged"),
        Patch(facecolor="white", edgecolor="black", hatch=CONTESTED_HATCH, label="contested")]
    legend_axis = figure.add_subplot(grid[1, :])
    legend_axis.axis("off")
    legend_axis.legend(handles=handles, loc="center", ncol=min(len(handles), 4), fontsize=9,
                       frameon=False)
    start, end = pd.Timestamp(io.dates(ds)[0]), pd.Timestamp(io.dates(ds)[-1])
    figure.suptitle(f"{io.run_label(ds)}: who holds what along the coast, "
                    f"{start:%d %b %Y} to {end:%d %b %Y}", fontsize=12)
    return figure, data


# ---------------------------------------------------------------- control maps

def _marker(kind: str) -> str:
    return KIND_MARKERS.get(kind, "*")


def marker_size(population) -> np.ndarray:
    return 34 + 0.33 * np.sqrt(np.clip(np.asarray(population, float), 0, None))


# A zoom panel shows the place of the action when it is crowded: the nodes within
# INSET_RADIUS degrees of an active node, when some are closer than CROWDED_DEGREES.
INSET_RADIUS = 0.3
CROWDED_DEGREES = 0.2
RECENT_CHANGE_RECORDS = 7


def _map_state(ds, t):
    ctrl = io.control(ds)[t]
    return {"lat": ds["lat"].values, "lon": ds["lon"].values,
            "kinds": [str(k) for k in ds["kind"].values],
            "colours": np.array(io.controller_colours(ds))[ctrl + 1],
            "sizes": marker_size(ds["population"].values[t]),
            "besieged": io.flags(ds, "besieged")[t], "contested": io.flags(ds, "contested")[t]}


def _draw_network(axis, ds, t, state, units: bool):
    """Edges, nodes, siege and contest rings and units."""
    lat, lon, kinds = state["lat"], state["lon"], state["kinds"]
    sizes, colours = state["sizes"], state["colours"]
    besieged, contested = state["besieged"], state["contested"]
    index = {n: i for i, n in enumerate(io.node_ids(ds))}
    edge_kinds_drawn = []
    if "edge_from" in ds:
        for a, b, kind in zip(ds["edge_from"].values, ds["edge_to"].values, ds["edge_kind"].values):
            colour, style, width, _ = EDGE_STYLES.get(str(kind), ("#bbbbbb", "-", 0.8, str(kind)))
            i, j = index.get(str(a)), index.get(str(b))
            if i is None or j is None:
                continue
            axis.plot([lon[i], lon[j]], [lat[i], lat[j]], color=colour, linestyle=style,
                      linewidth=width, zorder=1)
            edge_kinds_drawn.append(str(kind))
    for kind in sorted(set(kinds)):
        chosen = np.array([k == kind for k in kinds])
        axis.scatter(lon[chosen], lat[chosen], s=sizes[chosen], c=list(colours[chosen]),
                     marker=_marker(kind), edgecolors="#333333", linewidths=0.7, zorder=3)
    if contested.any():
        axis.scatter(lon[contested], lat[contested], s=sizes[contested] * 2.6 + 60,
                     facecolors="none", edgecolors=CONTESTED_RING, linewidths=1.8, zorder=2)
    if besieged.any():
        axis.scatter(lon[besieged], lat[besieged], s=sizes[besieged] * 1.7 + 30,
                     facecolors="none", edgecolors=BESIEGED_RING, linewidths=2.2, zorder=4)
    unit_points = _draw_units(axis, ds, t) if units and "unit_lat" in ds else None
    return edge_kinds_drawn, unit_points


LABEL_POINTS = 7.5
LABEL_SIDES = ((1, 1, "left", "bottom"), (1, -1, "left", "top"), (-1, 1, "right", "bottom"),
               (-1, -1, "right", "top"))


def _overlaps(box, boxes) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def _label_nodes(axis, ds, state, chosen) -> None:
    """Names beside the chosen nodes, largest places first, each on the first side
    (NE, SE, NW, SW) where it covers no other marker or label (call after the limits
    are set; positions are approximate, in display pixels)."""
    names = io.node_names(ds)
    lat, lon = state["lat"], state["lon"]
    scale = axis.figure.dpi / 72.0
    width_per_char, height = 0.55 * LABEL_POINTS * scale, 1.2 * LABEL_POINTS * scale
    xy = axis.transData.transform(np.column_stack([lon, lat]))
    radius = np.sqrt(state["sizes"]) / 2 * scale
    markers = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(xy, radius)]
    placed = []
    for i in sorted(chosen, key=lambda i: -state["sizes"][i]):
        x, y = xy[i]
        w = width_per_char * len(names[i])
        gap = radius[i] * 0.7 + 1.5 * scale
        obstacles = placed + markers[:i] + markers[i + 1:]
        for sx, sy, ha, va in LABEL_SIDES:
            x0 = x + sx * gap - (w if ha == "right" else 0)
            y0 = y + sy * gap - (height if va == "top" else 0)
            box = (x0, y0, x0 + w, y0 + height)
            if not _overlaps(box, obstacles):
                break
        else:
            sx, sy, ha, va = LABEL_SIDES[0]
            box = (x + gap, y + gap, x + gap + w, y + gap + height)
        placed.append(box)
        axis.annotate(names[i], (lon[i], lat[i]), xytext=(sx * gap / scale, sy * gap / scale),
                      textcoords="offset points", ha=ha, va=va, fontsize=LABEL_POINTS,
                      color="#222222", zorder=5, annotation_clip=True)


def _focus_box(ds, t, state):
    """(lon0, lon1, lat0, lat1) around the nodes where something is happening at t
    (besieged, contested or changed hands in the last week) when they are too close
    together to read on the whole map; None otherwise."""
    ctrl = io.control(ds)
    recent = (ctrl[max(0, t - RECENT_CHANGE_RECORDS):t + 1] != ctrl[t]).any(axis=0)
    active = np.flatnonzero(state["besieged"] | state["contested"] | recent)
    if not len(active):
        return None
    lat, lon = state["lat"], state["lon"]
    # the busiest place: the active node with the most nodes of any kind close by
    near = [np.flatnonzero((np.abs(lon - lon[i]) <= INSET_RADIUS) & (np.abs(lat - lat[i]) <= INSET_RADIUS))
            for i in active]
    group = max(near, key=len)
    if len(group) < 3:
        return None
    points = np.column_stack([lon[group], lat[group]])
    gaps = np.sqrt(((points[:, None] - points[None]) ** 2).sum(-1)) + np.eye(len(points)) * 99
    if gaps.min() > CROWDED_DEGREES:
        return None
    pad = 0.06
    box = [lon[group].min() - pad, lon[group].max() + pad, lat[group].min() - pad, lat[group].max() + pad]
    side = max(box[1] - box[0], (box[3] - box[2]) * 1.2, 0.3)  # a readable, roughly square window
    cx, cy = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
    return (cx - side / 2, cx + side / 2, cy - side / 2.4, cy + side / 2.4)


def control_map_figure(ds, date, units: bool = True, inset: bool = True):
    """Nodes at their coordinates coloured by controller on `date`; edges by kind;
    a zoom panel beside it on the busiest place when it is crowded."""
    t = io.time_index_at(ds, date)
    when = pd.Timestamp(io.dates(ds)[t])
    state = _map_state(ds, t)
    lat, lon, kinds = state["lat"], state["lon"], state["kinds"]
    besieged = state["besieged"]
    population = ds["population"].values[0]

    box = _focus_box(ds, t, state) if inset else None
    # The zoom is a panel of its own beside the map: inside it, it would hide places (the
    # Jalu and Sarir fields sit in the map's corners).
    figure = new_figure(15 if box is not None else 12, 7)
    grid = figure.add_gridspec(1, 3 if box is not None else 2,
                               width_ratios=[3, 1.35, 0.9] if box is not None else [3, 0.9])
    axis = figure.add_subplot(grid[0, 0])
    legend_axis = figure.add_subplot(grid[0, -1])
    legend_axis.axis("off")

    def in_box(i):
        return box is not None and box[0] <= lon[i] <= box[1] and box[2] <= lat[i] <= box[3]

    def label_main(i):
        if in_box(i):  # the zoom panel names them
            return population[i] >= 50_000
        return (population[i] >= 50_000 or kinds[i] in ("oil_terminal", "oil_field") or besieged[i]
                or ds.sizes["node"] <= 12)

    edge_kinds_drawn, unit_points = _draw_network(axis, ds, t, state, units)
    mean_lat = float(np.mean(lat)) if len(lat) else 0.0
    aspect = 1 / max(0.2, math.cos(math.radians(mean_lat)))
    axis.set_aspect(aspect)
    pad_x = max(0.3, 0.04 * (lon.max() - lon.min()))
    pad_y = max(0.3, 0.06 * (lat.max() - lat.min()))
    axis.set_xlim(lon.min() - pad_x, lon.max() + pad_x)
    axis.set_ylim(lat.min() - pad_y, lat.max() + pad_y)
    axis.set_xlabel("longitude (°E)")
    axis.set_ylabel("latitude (°N)")
    axis.grid(color="#eeeeee", linewidth=0.6)
    axis.set_title(f"{io.run_label(ds)}: control on {when:%d %b %Y} (step {t})", fontsize=12)
    _label_nodes(axis, ds, state, [i for i in range(len(lat)) if label_main(i)])
    if box is not None:
        zoom = figure.add_subplot(grid[0, 1])
        _draw_network(zoom, ds, t, state, units)
        zoom.set_xlim(box[0], box[1])
        zoom.set_ylim(box[2], box[3])
        zoom.set_aspect(aspect, adjustable="box")
        _label_nodes(zoom, ds, state, [i for i in range(len(lat)) if in_box(i)])
        zoom.set_xticks([])
        zoom.set_yticks([])
        zoom.set_facecolor("#fbfbfb")
        zoom.set_title("zoom on the busiest place", fontsize=9)
        axis.indicate_inset_zoom(zoom, edgecolor="#555555")

    handles = faction_legend_handles(ds)
    handles += [Line2D([], [], color="none", label=" ")]
    handles += [Line2D([], [], marker=_marker(k), color="none", markerfacecolor="#dddddd",
                       markeredgecolor="#333333", markersize=8, label=k.replace("_", " "))
                for k in sorted(set(kinds))]
    for kind in [k for k in EDGE_STYLES if k in edge_kinds_drawn]:
        colour, style, width, label = EDGE_STYLES[kind]
        handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=width, label=label))
    handles += [
        Line2D([], [], marker="o", color="none", markerfacecolor="none", markeredgecolor=BESIEGED_RING,
               markeredgewidth=2, markersize=11, label="besieged"),
        Line2D([], [], marker="o", color="none", markerfacecolor="none", markeredgecolor=CONTESTED_RING,
               markeredgewidth=2, markersize=13, label="contested")]
    if unit_points is not None:
        handles.append(Line2D([], [], marker=">", color="none", markerfacecolor="#dddddd",
                              markeredgecolor="black", markersize=6, label="unit (size: fighters)"))
    for people in (10_000, 100_000, 1_000_000):
        handles.append(Line2D([], [], marker="o", color="none", markerfacecolor="#dddddd",
                              markeredgecolor="#333333", markersize=math.sqrt(marker_size(people)),
                              label=f"{_si(people)} people"))
    legend_axis.legend(handles=handles, loc="upper left", fontsize=8, frameon=False, labelspacing=0.9)
    data = {"time_index": t, "date": when, "lon": lon, "lat": lat, "colours": list(state["colours"]),
            "sizes": state["sizes"], "besieged": besieged, "contested": state["contested"],
            "units": unit_points, "inset": box}
    return figure, data


def _draw_units(axis, ds, t):
    lat, lon = ds["unit_lat"].values[t], ds["unit_lon"].values[t]
    present = np.isfinite(lat) & np.isfinite(lon)
    if "unit_fighters" in ds:
        present &= ds["unit_fighters"].values[t] > 0
    if not present.any():
        return None
    faction_index = {f: k for k, f in enumerate(io.faction_ids(ds))}
    colours = np.array(io.faction_colours(ds) + [io.NO_CONTROL_COLOUR])
    owner = [faction_index.get(str(f), -1) for f in ds["unit_faction"].values] \
        if "unit_faction" in ds else [-1] * len(lat)
    fighters = ds["unit_fighters"].values[t] if "unit_fighters" in ds else np.full(len(lat), 500.0)
    size = 8 + 0.5 * np.sqrt(np.clip(fighters, 0, None))
    axis.scatter(lon[present], lat[present], s=size[present], c=list(colours[np.array(owner)][present]),
                 marker=">", edgecolors="black", linewidths=0.6, zorder=6, alpha=0.9)
    return np.column_stack([lon[present], lat[present]])


# ---------------------------------------------------------------- time series

def _time_axes(figure, rows=1, cols=1, **kwargs):
    axes = figure.subplots(rows, cols, squeeze=False, sharex=True, **kwargs)
    for axis in axes.ravel():
        _date_axis(axis.xaxis)
        axis.grid(color="#e6e6e6", linewidth=0.6)
    return axes


def strength_figure(ds):
    values = io.strength_by_faction(ds)
    times = io.dates(ds)
    figure = new_figure(10, 4.2)
    axis = _time_axes(figure)[0, 0]
    for k, (fid, colour) in enumerate(zip(io.faction_ids(ds), io.faction_colours(ds))):
        axis.plot(times, values.values[:, k], color=colour, linewidth=1.8, label=fid)
    axis.set_ylabel("fighters (sum over nodes)")
    axis.yaxis.set_major_formatter(_si_formatter())
    axis.set_ylim(bottom=0)
    axis.legend(fontsize=8, frameon=False, loc="best")
    axis.set_title(f"{io.run_label(ds)}: strength by faction", fontsize=11)
    return figure, {"time": times, "strength": values.values, "factions": io.faction_ids(ds)}


def casualties_figure(ds):
    times = io.dates(ds)
    killed, wounded = ds["killed"].values, ds["wounded"].values
    figure = new_figure(10, 4.2)
    axes = _time_axes(figure, 1, 2)[0]
    for k, (fid, colour) in enumerate(zip(io.faction_ids(ds), io.faction_colours(ds))):
        axes[0].plot(times, killed[:, k], color=colour, linewidth=1.8, label=fid)
        axes[1].plot(times, wounded[:, k], color=colour, linewidth=1.8, label=fid)
    start = pd.Timestamp(times[0])
    for axis, what in zip(axes, ("killed", "wounded")):
        axis.set_ylabel(f"{what} since {start:%d %b %Y} (people)")
        axis.yaxis.set_major_formatter(_si_formatter())
        axis.set_ylim(bottom=0)
        axis.set_title(what.capitalize(), fontsize=10)
    marked = mark_decisions(axes, ds)
    axes[0].legend(fontsize=8, frameon=False, loc="upper left")
    figure.suptitle(f"{io.run_label(ds)}: casualties by faction during the run, counted from its first "
                    f"day ({start:%d %b %Y}; earlier fighting is not in it)\n"
                    f"total killed {_si(killed[-1].sum())}, wounded {_si(wounded[-1].sum())}"
                    + ("; dotted lines: the scenario's decisions" if marked else ""), fontsize=10)
    return figure, {"time": times, "killed": killed, "wounded": wounded, "decisions": marked}


# Scenario decisions drawn on time series, so that a reader sees when they take effect (a
# ceasefire on the first day is not the start of the killing).
DECISION_KINDS = ("ceasefire", "relation_change", "offensive")
MAX_DECISION_LINES = 6


def mark_decisions(axes, ds) -> list[tuple[pd.Timestamp, str]]:
    events = io.events_table(ds)
    chosen = events[events["kind"].isin(DECISION_KINDS)].drop_duplicates(["date", "kind"])
    marked = [(pd.Timestamp(r.date), r.kind.replace("_", " ")) for r in chosen.itertuples()][:MAX_DECISION_LINES]
    for axis in np.atleast_1d(axes):
        for date, label in marked:
            axis.axvline(date, color="#555555", linestyle=":", linewidth=1)
            axis.annotate(label, (date, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -2),
                          textcoords="offset points", rotation=90, va="top", fontsize=7, color="#555555")
    return marked


def oil_figure(ds):
    times = io.dates(ds)
    national = io.national_oil_output(ds).values
    loss = ds["oil_loss"].values
    capacity = io.oil_capacity_total(ds)
    figure = new_figure(10, 4.2)
    axis = _time_axes(figure)[0, 0]
    if not (national > 0).any() and not (loss > 0).any():
        # nothing to draw: a flat line on a dollar axis would read as a measurement
        axis.text(0.5, 0.5, "no oil is produced and no revenue is lost in this run", ha="center",
                  va="center", transform=axis.transAxes, fontsize=11, color="#555555")
        axis.set_yticks([])
        axis.set_xlim(times[0], times[-1])
        axis.set_title(f"{io.run_label(ds)}: oil", fontsize=11)
        return figure, {"time": times, "national_output": national, "oil_loss": loss, "empty": True}
    axis.plot(times, national, color="black", linewidth=1.8, label="national output (oil fields)")
    if np.isfinite(capacity) and capacity > 0:
        axis.axhline(capacity, color="black", linestyle=":", linewidth=1, label="field capacity")
    axis.set_ylabel("oil output (barrel/day)")
    axis.yaxis.set_major_formatter(_si_formatter())
    axis.set_ylim(bottom=0, top=max(capacity if np.isfinite(capacity) else 0, national.max(initial=0)) * 1.1 or 1)
    lines = axis.get_lines()
    if (loss > 0).any():
        twin = axis.twinx()
        twin.plot(times, loss, color="#c0392b", linewidth=1.6, linestyle="--", label="revenue lost, cumulative")
        twin.set_ylabel("revenue lost, cumulative (USD)", color="#c0392b")
        twin.tick_params(axis="y", colors="#c0392b")
        twin.yaxis.set_major_formatter(_si_formatter())
        twin.set_ylim(bottom=0, top=loss.max() * 1.1)
        lines = lines + twin.get_lines()
    axis.legend(lines, [line.get_label() for line in lines], fontsize=8, frameon=False, loc="lower left")
    axis.set_title(f"{io.run_label(ds)}: oil output and revenue lost "
                   f"(lost by the end: {_si(loss[-1] if len(loss) else 0, ' USD')})", fontsize=11)
    return figure, {"time": times, "national_output": national, "oil_loss": loss, "empty": False}


def displacement_figure(ds, top: int = 6):
    times = io.dates(ds)
    displaced = ds["displaced"].values
    total = displaced.sum(axis=1)
    names = io.node_names(ds)
    order = np.argsort(-displaced.max(axis=0))
    shown = [i for i in order[:top] if displaced[:, i].max() > 0]
    layers = [displaced[:, i] for i in shown]
    labels = [names[i] for i in shown]
    rest = total - np.sum(layers, axis=0) if layers else total
    if rest.max(initial=0) > 0:
        layers.append(rest)
        labels.append("other places")
    figure = new_figure(10, 4.2)
    axis = _time_axes(figure)[0, 0]
    if layers:
        palette = matplotlib.colormaps["tab10"].colors
        axis.stackplot(times, *layers, labels=[f"from {n}" for n in labels],
                       colors=[palette[k % 10] for k in range(len(layers))], alpha=0.85)
        axis.legend(fontsize=8, frameon=False, loc="upper left")
    axis.plot(times, total, color="black", linewidth=1.2)
    axis.set_ylabel("displaced people (by home node)")
    axis.yaxis.set_major_formatter(_si_formatter())
    axis.set_ylim(bottom=0, top=max(total.max(initial=0) * 1.15, 1.0))
    peak = int(np.argmax(total)) if len(total) else 0
    axis.set_title(f"{io.run_label(ds)}: displaced people (peak {_si(total[peak])} on "
                   f"{pd.Timestamp(times[peak]):%d %b %Y})", fontsize=11)
    return figure, {"time": times, "total": total, "nodes": shown}


def humanitarian_figure(ds, most: int = 10):
    """The index of nodes besieged at some time (the `most` worst off, if more)."""
    times = io.dates(ds)
    index = ds["humanitarian"].values
    besieged = io.flags(ds, "besieged")
    # The index is about people: a place nobody lives in (an oil field) has none to show.
    inhabited = ds["population"].values.max(axis=0) > 0
    uninhabited = [i for i in io.ever_besieged(ds) if not inhabited[i]]
    nodes = [i for i in io.ever_besieged(ds) if inhabited[i]]
    left_out = max(0, len(nodes) - most)
    nodes = sorted(sorted(nodes, key=lambda i: -float(np.nanmax(index[:, i])))[:most])
    names = io.node_names(ds)
    figure = new_figure(10, 4.2)
    axis = _time_axes(figure)[0, 0]
    palette = matplotlib.colormaps["tab10"].colors
    for k, i in enumerate(nodes):
        colour = palette[k % 10]
        axis.plot(times, index[:, i], color=colour, linewidth=0.9, alpha=0.7)
        during = np.where(besieged[:, i], index[:, i], np.nan)
        axis.plot(times, during, color=colour, linewidth=2.4, label=names[i])
    if not nodes:
        axis.text(0.5, 0.5, "no inhabited place was besieged in this run", transform=axis.transAxes,
                  ha="center", va="center", fontsize=11, color="#555555")
        axis.set_xlim(times[0], times[-1])
    else:
        axis.legend(fontsize=8, frameon=False, loc="upper left", title="besieged at some time",
                    title_fontsize=8, ncol=2 if len(nodes) > 5 else 1)
    axis.set_ylim(-0.02, 1.02)
    axis.set_ylabel("humanitarian index\n(0 normal, 1 catastrophic)")
    shown = f", the {most} worst off of {most + left_out}" if left_out else ""
    empty = (f"; {len(uninhabited)} uninhabited besieged place{'s' if len(uninhabited) != 1 else ''} "
             "left out" if uninhabited else "")
    axis.set_title(f"{io.run_label(ds)}: humanitarian distress of besieged places{shown}\n"
                   f"(thick while besieged, thin otherwise{empty})", fontsize=11)
    return figure, {"time": times, "nodes": nodes, "index": index[:, nodes], "left_out": left_out,
                    "uninhabited": uninhabited}


# ---------------------------------------------------------------- shared by sweep and compare figures

def panel_grid(count: int, columns: int, width: float, height: float, title_room: float = 0.6):
    """A figure of `count` panels, `columns` a row at most, each width x height inches;
    returns (figure, flat axes); panels past `count` are hidden (one is kept for a note)."""
    count = max(1, count)
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    figure = new_figure(width * columns, height * rows + title_room)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for axis in axes[count:]:
        axis.axis("off")
    return figure, axes


def draw_taken_curve(axis, curve, horizon: float, colour: str, label: str, style: str = "-",
                     band: bool = False):
    """P(taken by day t) = 1 - S(t) of a Kaplan-Meier curve up to `horizon`, with its pointwise
    95% band when `band`; returns the x, y drawn."""
    x, y = curve.step(horizon)
    axis.plot(x, 1 - y, linestyle=style, color=colour, linewidth=1.7, label=label)
    if band and len(curve.times):
        xs = np.concatenate([[0.0], curve.times, [horizon]])
        axis.fill_between(xs, np.concatenate([[0.0], 1 - curve.high, [1 - curve.high[-1]]]),
                          np.concatenate([[0.0], 1 - curve.low, [1 - curve.low[-1]]]),
                          step="post", color=colour, alpha=0.18, linewidth=0)
    return x, 1 - y
