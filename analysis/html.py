"""A minimal HTML page builder: one self-contained index.html (inline CSS) with
its PNG figures saved beside it and referenced by relative name."""
from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import plots

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em auto;
       max-width: 1500px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
p.note { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.met td.flag { color: #1a7f37; font-weight: bold; }
tr.unmet td.flag { color: #c62828; font-weight: bold; }
.scroll { max-height: 32em; overflow-y: auto; display: inline-block; }
figure { margin: 0.6em 0; }
figure img { max-width: 100%; border: 1px solid #eee; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 0.6em; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #666;
          vertical-align: middle; margin-right: 0.3em; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 0.8em; max-height: 20em; }
"""


# Smaller magnitudes print as 0: the quantities tabulated here are counts, days, people,
# dollars and indices, none of them meaningful below this.
ZERO = 1e-9


def format_value(value) -> str:
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        if abs(value) < ZERO:  # rounding noise of a computed zero (-6.8e-17)
            return "0"
        if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-3):
            return f"{value:.4g}"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:.3g}"
    return str(value)


class Page:
    def __init__(self, directory, title: str, dpi: int = plots.DPI):
        self.dpi = dpi
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.title = title
        self.parts: list[str] = []
        self.images: list[str] = []

    def heading(self, text: str, level: int = 2) -> None:
        self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def paragraph(self, text: str, note: bool = False) -> None:
        css = ' class="note"' if note else ""
        self.parts.append(f"<p{css}>{html.escape(text)}</p>")

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def preformatted(self, text: str) -> None:
        self.parts.append(f"<pre>{html.escape(text)}</pre>")

    def figure(self, figure, name: str, caption: str = "", into: list | None = None,
               alt: str = "") -> str:
        """Saves the figure as NAME.png beside the page; returns the file name."""
        file_name = f"{name}.png"
        plots.save_figure(figure, self.directory / file_name, dpi=self.dpi)
        self.images.append(file_name)
        markup = (f'<figure><img src="{html.escape(file_name)}" alt="{html.escape(alt or caption or name)}">'
                  + (f"<figcaption class=\"note\">{html.escape(caption)}</figcaption>" if caption else "")
                  + "</figure>")
        (into if into is not None else self.parts).append(markup)
        return file_name

    def grid(self, items: list[str]) -> None:
        self.parts.append('<div class="grid">' + "".join(items) + "</div>")

    def table(self, frame: pd.DataFrame, css_id: str = "", row_class=None, scroll: bool = False,
              cell_markup=None) -> None:
        """row_class(row) -> css class; cell_markup(column, value) -> html or None."""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
        rows = []
        for _, row in frame.iterrows():
            cells = []
            for column, value in row.items():
                custom = cell_markup(column, value) if cell_markup else None
                numeric = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
                css = ' class="num"' if numeric else ""
                if column in ("met",):
                    css = ' class="flag"'
                cells.append(f"<td{css}>{custom if custom is not None else html.escape(format_value(value))}</td>")
            css_row = f' class="{row_class(row)}"' if row_class else ""
            rows.append(f"<tr{css_row}>{''.join(cells)}</tr>")
        id_markup = f' id="{css_id}"' if css_id else ""
        markup = f"<table{id_markup}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        self.parts.append(f'<div class="scroll">{markup}</div>' if scroll else markup)

    def write(self) -> Path:
        body = "\n".join(self.parts)
        text = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>{html.escape(self.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
                f"<h1>{html.escape(self.title)}</h1>\n{body}\n</body>\n</html>\n")
        path = self.directory / "index.html"
        path.write_text(text, encoding="utf-8")
        return path
