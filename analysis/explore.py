"""The interactive page of a run: one self-contained HTML file (plotly.js inline, the run's
data as JSON, no request at view time) with a time slider over the map of control and the
space-time diagram; hovering a place shows its holder, the fighters there, its stocks and its
people at the slider's date; the event list is filtered by kind, with the per-step kinds
(people fleeing, coming back) summed per place and spell.

The slider drives both figures through the page's own script (`showRecord`), so a browser
test can move it and read what the page then shows (#date, #node-info, the hover texts)."""
from __future__ import annotations

import html
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import io

PLOTLY_JS = Path("/usr/share/python3-plotly/plotly.js")
BESIEGED_RING = "#d62728"
CONTESTED_RING = "#f2a900"


def plotly_js() -> str:
    """plotly.js as Debian's python3-plotly ships it (inlined: the page works offline)."""
    try:
        from plotly.offline import get_plotlyjs
        return get_plotlyjs()
    except ImportError:  # pragma: no cover - the package is a dependency
        return PLOTLY_JS.read_text(encoding="utf-8")


def _rounded(values, digits=0):
    array = np.nan_to_num(np.asarray(values, dtype=float))
    return np.round(array, digits).tolist() if digits else np.round(array).astype(int).tolist()


def page_data(ds) -> dict:
    """Everything the page's script needs, as plain lists (JSON)."""
    layout = io.corridor_layout(ds)
    columns = list(layout.main) + list(layout.side)
    names = io.node_names(ds)
    times = pd.to_datetime(io.dates(ds))
    control = io.control(ds)
    strength = ds["strength"].values.astype(float)  # [T, F, N]
    edges = []
    if "edge_from" in ds:
        index = {n: i for i, n in enumerate(io.node_ids(ds))}
        for a, b, kind in zip(ds["edge_from"].values, ds["edge_to"].values, ds["edge_kind"].values):
            if str(a) in index and str(b) in index:
                edges.append([index[str(a)], index[str(b)], str(kind)])
    events = io.aggregated_events(ds)
    return {
        "scenario": io.run_label(ds),
        "dates": [f"{t:%Y-%m-%d}" if t.hour == 0 else f"{t:%Y-%m-%d %H:%M}" for t in times],
        "factions": io.faction_ids(ds),
        "colours": io.controller_colours(ds),
        "nodes": io.node_ids(ds), "names": names, "kinds": [str(k) for k in ds["kind"].values],
        "lat": _rounded(ds["lat"].values, 4), "lon": _rounded(ds["lon"].values, 4),
        "holder": control.tolist(),
        "besieged": io.flags(ds, "besieged").astype(int).tolist(),
        "contested": io.flags(ds, "contested").astype(int).tolist(),
        "strength": _rounded(np.transpose(strength, (0, 2, 1))),  # [T, N, F]
        "stocks": _rounded(ds["supply"].values, 1) if "supply" in ds else None,
        "people": _rounded(ds["population"].values),
        "displaced": _rounded(ds["displaced"].values),
        "edges": edges,
        "columns": columns, "corridor_columns": len(layout.main),
        "events": [{"date": f"{r.date:%Y-%m-%d}", "until": f"{r.until:%Y-%m-%d}", "kind": r.kind,
                    "place": r.node_name, "actor": r.actor, "other": r.other, "events": int(r.events),
                    "text": r.text} for r in events.itertuples()],
    }


def _discrete_colourscale(colours) -> list:
    k = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / k, colour], [(i + 1) / k, colour]]
    return scale


def figures(ds, data: dict) -> tuple[dict, dict]:
    """(map, space-time) as plotly figure dicts; the script restyles them per record."""
    lat, lon = np.asarray(data["lat"]), np.asarray(data["lon"])
    edge_traces = []
    styles = {"road": ("#8c8c8c", "solid", 1.3), "track": ("#b0b0b0", "dot", 1.2),
              "sea": ("#3a7dc9", "dash", 1.0), "pipeline": ("#8b5a2b", "dashdot", 1.1)}
    for kind in sorted({e[2] for e in data["edges"]}):
        xs, ys = [], []
        for a, b, k in data["edges"]:
            if k == kind:
                xs += [lon[a], lon[b], None]
                ys += [lat[a], lat[b], None]
        colour, dash, width = styles.get(kind, ("#bbbbbb", "solid", 0.8))
        edge_traces.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "name": kind,
                            "hoverinfo": "skip", "line": {"color": colour, "dash": dash, "width": width}})
    people = np.asarray(data["people"][0], float)
    size = (8 + 0.02 * np.sqrt(np.clip(people, 0, None))).round(1).tolist()
    nodes_trace = {"type": "scatter", "mode": "markers+text", "x": data["lon"], "y": data["lat"],
                   "text": [n if p >= 50_000 or k.startswith("oil") else "" for n, p, k in
                            zip(data["names"], people, data["kinds"])],
                   "textposition": "top center", "textfont": {"size": 9},
                   "hovertext": data["names"], "hoverinfo": "text", "name": "places",
                   "marker": {"size": size, "color": "#cccccc", "line": {"color": "#333333", "width": 1}}}
    mean_lat = float(np.mean(lat)) if len(lat) else 0.0
    # legend entries for the holders' colours (no points of their own)
    holders = [{"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": label,
                "marker": {"size": 10, "color": colour, "line": {"color": "#333333", "width": 1}},
                "hoverinfo": "skip"}
               for label, colour in zip([*data["factions"], io.NO_CONTROL_LABEL], [*data["colours"][1:], data["colours"][0]])]
    map_figure = {
        "data": edge_traces + [nodes_trace] + holders,
        "layout": {"title": {"text": "Control", "font": {"size": 14}},
                   "xaxis": {"title": "longitude (°E)", "zeroline": False},
                   "yaxis": {"title": "latitude (°N)", "zeroline": False, "scaleanchor": "x",
                             "scaleratio": 1 / max(0.2, math.cos(math.radians(mean_lat)))},
                   "hovermode": "closest", "showlegend": True,
                   "legend": {"orientation": "h", "y": -0.15}, "margin": {"l": 50, "r": 10, "t": 40, "b": 40},
                   "height": 560},
        "node_trace": len(edge_traces)}
    columns = data["columns"]
    holder = np.asarray(data["holder"])[:, columns]
    labels = [io.NO_CONTROL_LABEL, *data["factions"]]
    besieged = np.asarray(data["besieged"])[:, columns]
    text = [[f"{data['names'][n]}<br>{d}: {labels[h + 1]}" + (" (besieged)" if b else "")
             for n, h, b in zip(columns, row, brow)]
            for d, row, brow in zip(data["dates"], holder, besieged)]
    x_names = [data["names"][n] for n in columns]
    space_time = {
        "data": [
            {"type": "heatmap", "z": (holder + 1).tolist(), "x": x_names, "y": data["dates"],
             "zmin": -0.5, "zmax": len(labels) - 0.5, "colorscale": _discrete_colourscale(data["colours"]),
             "showscale": False, "text": text, "hoverinfo": "text", "xgap": 1},
            {"type": "heatmap", "z": np.where(besieged, 1, None).tolist(), "x": x_names, "y": data["dates"],
             "zmin": 0, "zmax": 1, "colorscale": [[0, "rgba(0,0,0,0.45)"], [1, "rgba(0,0,0,0.45)"]],
             "showscale": False, "hoverinfo": "skip", "xgap": 1, "name": "besieged"}],
        "layout": {"title": {"text": "Who holds what: coastal road west to east, then places off it "
                                     "(darker: besieged)", "font": {"size": 14}},
                   "yaxis": {"autorange": "reversed", "type": "date", "title": "date"},
                   "xaxis": {"tickangle": -60, "tickfont": {"size": 9}, "type": "category"},
                   "shapes": [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                               "y0": data["dates"][0], "y1": data["dates"][0],
                               "line": {"color": "#d62728", "width": 2}},
                              {"type": "line", "xref": "x", "yref": "paper", "y0": 0, "y1": 1,
                               "x0": data["corridor_columns"] - 0.5, "x1": data["corridor_columns"] - 0.5,
                               "line": {"color": "black", "width": 2}}],
                   "margin": {"l": 80, "r": 10, "t": 40, "b": 140}, "height": 620}}
    return map_figure, space_time


SCRIPT = r"""
const D = JSON.parse(document.getElementById('run-data').textContent);
const F = JSON.parse(document.getElementById('figures').textContent);
const LABELS = ['none', ...D.factions];
const fmt = (v) => Math.round(v).toLocaleString('en-US');
let selected = D.initial_node;

function nodeText(t, n) {
  const holder = LABELS[D.holder[t][n] + 1];
  const forces = D.strength[t][n].map((v, f) => [D.factions[f], v]).filter(p => p[1] > 0)
      .map(p => p[0] + ' ' + fmt(p[1])).join(', ') || 'none';
  const flags = [D.besieged[t][n] ? 'besieged' : '', D.contested[t][n] ? 'contested' : '']
      .filter(Boolean).join(', ');
  const stocks = D.stocks ? D.stocks[t][n].toFixed(1) + ' days' : 'not recorded';
  return `<b>${D.names[n]}</b> (${D.kinds[n].replace('_', ' ')}) on ${D.dates[t]}<br>` +
      `held by ${holder}${flags ? ' (' + flags + ')' : ''}<br>fighters: ${forces}<br>` +
      `stocks: ${stocks}<br>people: ${fmt(D.people[t][n])}` +
      (D.displaced[t][n] > 0 ? `, ${fmt(D.displaced[t][n])} displaced from here` : '');
}

function showRecord(t) {
  t = Math.max(0, Math.min(D.dates.length - 1, Number(t)));
  const slider = document.getElementById('time-slider');
  if (Number(slider.value) !== t) slider.value = t;
  const colours = D.holder[t].map(h => D.colours[h + 1]);
  const rings = D.nodes.map((_, n) => D.besieged[t][n] ? '%BESIEGED%' : D.contested[t][n] ? '%CONTESTED%' : '#333333');
  const widths = D.nodes.map((_, n) => D.besieged[t][n] || D.contested[t][n] ? 3.5 : 1);
  const hover = D.nodes.map((_, n) => nodeText(t, n));
  Plotly.restyle('map', {'marker.color': [colours], 'marker.line.color': [rings],
                         'marker.line.width': [widths], 'hovertext': [hover]}, [F.map.node_trace]);
  Plotly.relayout('map', {'title.text': 'Control on ' + D.dates[t]});
  Plotly.relayout('space-time', {'shapes[0].y0': D.dates[t], 'shapes[0].y1': D.dates[t]});
  document.getElementById('date').textContent = D.dates[t];
  const held = {};
  D.holder[t].forEach(h => { held[LABELS[h + 1]] = (held[LABELS[h + 1]] || 0) + 1; });
  document.getElementById('holders').textContent = Object.entries(held)
      .map(([f, c]) => `${f} ${c}`).join(' · ') + ' places';
  document.getElementById('node-info').innerHTML = nodeText(t, selected);
  document.querySelectorAll('#events tbody tr').forEach(row => {
    row.classList.toggle('now', row.dataset.date <= D.dates[t] && D.dates[t] <= row.dataset.until);
    row.classList.toggle('future', row.dataset.date > D.dates[t]);
  });
}

function selectNode(id) {
  const n = D.nodes.indexOf(id);
  if (n < 0) return;
  selected = n;
  document.getElementById('node-select').value = id;
  showRecord(document.getElementById('time-slider').value);
}

function filterEvents() {
  const shown = new Set([...document.querySelectorAll('#kinds input:checked')].map(b => b.value));
  const onlyPast = document.getElementById('only-past').checked;
  let count = 0;
  document.querySelectorAll('#events tbody tr').forEach(row => {
    const visible = shown.has(row.dataset.kind) && !(onlyPast && row.classList.contains('future'));
    row.style.display = visible ? '' : 'none';
    count += visible ? 1 : 0;
  });
  document.getElementById('events-shown').textContent = count;
}

Plotly.newPlot('map', F.map.data, F.map.layout, {responsive: true, displaylogo: false});
Plotly.newPlot('space-time', F.space_time.data, F.space_time.layout, {responsive: true, displaylogo: false});
document.getElementById('map').on('plotly_click', ev => {
  const p = ev.points.find(p => p.curveNumber === F.map.node_trace);
  if (p) selectNode(D.nodes[p.pointIndex]);
});
document.getElementById('time-slider').addEventListener('input', ev => { showRecord(ev.target.value); filterEvents(); });
document.getElementById('node-select').addEventListener('change', ev => selectNode(ev.target.value));
document.querySelectorAll('#kinds input, #only-past').forEach(b => b.addEventListener('change', filterEvents));
showRecord(0);
filterEvents();
document.body.dataset.ready = 'yes';
"""

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1em auto; max-width: 1500px; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; }
#controls { position: sticky; top: 0; background: #fff; padding: 0.5em 0; z-index: 10;
            border-bottom: 1px solid #ddd; }
#time-slider { width: 70%; vertical-align: middle; }
#date { font-weight: bold; font-size: 1.1em; margin: 0 0.6em; }
.panes { display: grid; grid-template-columns: 3fr 2fr; gap: 1em; }
#node-info { border: 1px solid #ddd; padding: 0.6em; background: #fafafa; min-height: 6em; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; }
tr.now td { background: #fff3bf; } tr.future td { color: #999; }
#events-box { max-height: 30em; overflow-y: auto; display: inline-block; }
#kinds label { margin-right: 0.8em; white-space: nowrap; }
p.note { color: #555; font-size: 0.9em; }
"""


def _json_script(element_id: str, value) -> str:
    text = json.dumps(value, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def initial_node(data: dict) -> int:
    """The place the info panel shows first: the first to change hands, else the first besieged."""
    holder = np.asarray(data["holder"])
    changed = np.flatnonzero((holder != holder[0]).any(axis=0))
    if len(changed):
        return int(changed[np.argmin([np.argmax(holder[:, n] != holder[0, n]) for n in changed])])
    besieged = np.flatnonzero(np.asarray(data["besieged"]).any(axis=0))
    return int(besieged[0]) if len(besieged) else 0


def write_explore_page(ds, path) -> Path:
    data = page_data(ds)
    data["initial_node"] = initial_node(data)
    map_figure, space_time = figures(ds, data)
    kinds = pd.Series([e["kind"] for e in data["events"]]).value_counts() if data["events"] else pd.Series(dtype=int)
    kind_boxes = "".join(f'<label><input type="checkbox" value="{html.escape(k)}" checked> '
                         f'{html.escape(k.replace("_", " "))} ({c})</label>' for k, c in kinds.items())
    rows = "".join(
        f'<tr data-kind="{html.escape(e["kind"])}" data-date="{e["date"]}" data-until="{e["until"]}">'
        f'<td>{e["date"]}</td><td>{html.escape(e["kind"])}</td><td>{html.escape(e["place"])}</td>'
        f'<td>{html.escape(e["actor"])}</td><td>{html.escape(e["other"])}</td><td>{e["events"]}</td>'
        f'<td>{html.escape(e["text"])}</td></tr>' for e in data["events"])
    options = "".join(f'<option value="{html.escape(n)}"{" selected" if i == data["initial_node"] else ""}>'
                      f'{html.escape(name)}</option>'
                      for i, (n, name) in sorted(enumerate(zip(data["nodes"], data["names"])), key=lambda x: x[1][1]))
    recorded = sum(e["events"] for e in data["events"])
    script = SCRIPT.replace("%BESIEGED%", BESIEGED_RING).replace("%CONTESTED%", CONTESTED_RING)
    title = f"Frontline run: {data['scenario']} (interactive)"
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{STYLE}</style>
<script>{plotly_js()}</script>
</head><body>
<h1>{html.escape(title)}</h1>
<p class="note">Move the slider to see the map and the space-time diagram at any date; hover a
place for its holder, the fighters there, its stocks and its people; click one (or choose it)
to follow it. Rings on the map: red besieged, orange contested. This page needs no network.</p>
<div id="controls"><input type="range" id="time-slider" min="0" max="{len(data['dates']) - 1}" value="0"
 aria-label="date"><span id="date"></span><span id="holders"></span></div>
<div class="panes"><div id="map"></div>
<div><h2>Place</h2><select id="node-select">{options}</select><div id="node-info"></div></div></div>
<div id="space-time"></div>
<h2>Events (<span id="events-shown"></span> rows shown of {len(data['events'])}, standing for
{recorded} recorded events)</h2>
<p class="note">People fleeing or coming back are recorded per step and place; here they are summed
per place over each spell of consecutive steps. Highlighted: events at the slider's date.</p>
<div id="kinds">{kind_boxes}<label><input type="checkbox" id="only-past"> only up to the slider's date</label></div>
<div id="events-box"><table id="events"><thead><tr><th>date</th><th>kind</th><th>place</th><th>actor</th>
<th>other</th><th>recorded events</th><th>what</th></tr></thead><tbody>{rows}</tbody></table></div>
{_json_script("run-data", data)}
{_json_script("figures", {"map": map_figure, "space_time": space_time})}
<script>{script}</script>
</body></html>
"""
    path = Path(path)
    path.write_text(text, encoding="utf-8")
    return path
