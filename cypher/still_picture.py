"""Still pictures a graphics desk can publish or restyle: SVG with live text, PNG, PDF.

Graphviz's `dot` lays the picture out: it is made for labelled directed graphs, keeps every label
horizontal and off the lines, and draws a loop as a loop. The title, the legend and the credit line
are part of the same drawing, so they fit whatever the size.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

from cypher.picture import Edge, Node, Picture, PictureError
from cypher.picture_geometry import problems

# The same colours as Neo4j Browser's style (server/browser/circular.grass).
KIND_COLORS = {"company": "#2F6FBF", "person": "#E8743B", "project": "#3BA55C", "product": "#9B59B6",
               "group": "#8C7A3E"}
KIND_WORDS = {"group": "group of people or firms"}
LOOP_COLOR = "#C0392B"
PAYMENT_COLOR = "#7F8C9D"
STAKE_COLOR = "#5B6B82"
INK, GREY = "#222222", "#555555"
# Arial everywhere: on Linux it is drawn with Liberation Sans, whose letters have Arial's widths, so
# the layout computed here still fits where the SVG is opened with Arial or Helvetica.
FONT = "Arial"


@dataclass(frozen=True)
class Size:
    """A target: the drawing is scaled down to fit `inches` (width, height); PNGs get `dpi`."""
    inches: tuple[float, float]
    dpi: int
    credit_width: int   # characters per line of the credit line (the title takes about half as many)
    legend_row: int     # entries per line of the legend


SIZES = {
    "column": Size((6.67, 12.0), 192, 80, 3),   # 640 CSS pixels wide; the PNG at twice that, for sharp screens
    "page": Size((10.7, 7.3), 300, 140, 6),     # landscape A4 or Letter, with margins
}
NODE_STYLE = {"shape": "box", "style": "rounded,filled", "fontname": FONT, "fontsize": 13, "fontcolor": "white",
              "margin": "0.14,0.07", "penwidth": 0}


def _attrs(**values: object) -> str:
    return ", ".join(f"{key}={_quote(value)}" for key, value in values.items())


def _quote(value: object) -> str:
    text = str(value)
    if text.startswith("<") and text.endswith(">"):
        return text  # an HTML-like label, escaped where it was built
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_label(name: str, parts: list[str]) -> str:
    label = f"<<B>{escape(name)}</B>"
    if parts:
        label += f'<BR/><FONT POINT-SIZE="10">incl. {escape(", ".join(parts))}</FONT>'
    return label + ">"


def _edge_style(edge: Edge) -> dict[str, object]:
    if edge.kind == "stake":
        return {"color": STAKE_COLOR, "fontcolor": STAKE_COLOR, "style": "dashed", "penwidth": 1.2}
    color = LOOP_COLOR if edge.in_a_loop else PAYMENT_COLOR
    return {"color": color, "fontcolor": INK, "penwidth": 2.4 if edge.in_a_loop else 1.4, "style": "solid"}


def _edge_label(edge: Edge) -> str:
    """The amount, padded so that no line runs against its letters."""
    text = edge.label
    if edge.kind == "loan":
        text = f"loan {text}" if edge.row.get("amount", {}).get("amount") is not None else "loan"
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="3"><TR><TD>{escape(text)}</TD></TR></TABLE>>'


def legend_entries(pic: Picture) -> list[tuple[str, str, str]]:
    """(symbol, colour, words) for what the picture draws, and nothing else."""
    entries = [("■", color, KIND_WORDS.get(kind, kind)) for kind, color in KIND_COLORS.items()
               if any(node.kind == kind for node in pic.nodes.values())]
    payments = pic.payments
    if any(e.in_a_loop for e in payments):
        entries.append(("━━▶", LOOP_COLOR, "payment that comes back round (a loop)"))
    if any(not e.in_a_loop for e in payments):
        entries.append(("━━▶", PAYMENT_COLOR, "payment"))
    if any(e.kind == "loan" for e in payments):
        entries.append(("", INK, "“loan”: money lent, to be paid back"))
    if any(e.kind == "stake" for e in pic.edges):
        entries.append(("- - ▶", STAKE_COLOR, "stake held (ownership, no payment)"))
    return entries


def _legend_cell(index: int, symbol: str, color: str, words: str) -> str:
    gap = "    " if index else ""
    mark = f'<FONT COLOR="{color}">{escape(symbol)}</FONT> ' if symbol else ""
    return f'<TD ALIGN="LEFT" CELLPADDING="0">{gap}{mark}{escape(words)}</TD>'


def _legend(pic: Picture, size: Size) -> str:
    entries = legend_entries(pic)
    rows = [entries[start:start + size.legend_row] for start in range(0, len(entries), size.legend_row)]
    cells = ["".join(_legend_cell(index, *entry) for index, entry in enumerate(row)) for row in rows]
    return ('<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
            + "".join(f"<TR>{row}</TR>" for row in cells) + "</TABLE>")


def credit_line(pic: Picture) -> str:
    sources = "; ".join(pic.sources) or "circular's base"
    return (f"Source: {sources}. Amounts as the sources give them; a word where they give none. "
            "Graphic: circular.")


def _footer(pic: Picture, size: Size) -> str:
    lines = textwrap.wrap(credit_line(pic), size.credit_width)
    credit = "<BR/>".join(escape(line) for line in lines)
    return (f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="2">'
            f'<TR><TD ALIGN="LEFT">{_legend(pic, size)}</TD></TR>'
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{GREY}">{credit}</FONT></TD></TR>'
            '</TABLE>>')


def _title(pic: Picture, size: Size) -> str:
    words = textwrap.wrap(pic.title, size.credit_width * 4 // 7)  # bold letters twice the size of the credit line's
    title = '<BR ALIGN="LEFT"/>'.join(escape(line) for line in words)
    subtitle = '<BR ALIGN="LEFT"/>'.join(escape(line) for line in textwrap.wrap(pic.subtitle, size.credit_width))
    return (f'<<FONT POINT-SIZE="18"><B>{title}</B></FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="12" COLOR="{GREY}">{subtitle}</FONT><BR ALIGN="LEFT"/>>')


# Graphviz does not promise that no line crosses a label; when one does, a looser layout is tried.
SEARCH_SECONDS = 5.0
VARIANTS = ({}, {"nodesep": 0.7}, {"ranksep": 0.8}, {"nodesep": 1.0}, {"nodesep": 1.5}, {"nodesep": 2.0})


def dot_source(pic: Picture, size: Size, variant: dict[str, object] | None = None,
               node_shape: dict[str, object] | None = None, framed: bool = True) -> str:
    """The picture in Graphviz's language; framed, with its title, legend and credit line."""
    graph = dict(rankdir="TB", size=f"{size.inches[0]},{size.inches[1]}", ratio="compress", nodesep=0.45,
                 ranksep=0.55, fontname=FONT, fontcolor=INK, labelloc="b", labeljust="l", pad=0.2, newrank="true",
                 bgcolor="white", **({"label": _footer(pic, size)} if framed else {}))
    graph.update(variant or {})
    title = _attrs(label=_title(pic, size), labelloc="t", labeljust="l", pencolor="white", margin=12)
    lines = ["digraph money {", f"  graph [{_attrs(**graph)}];",
             f"  node [{_attrs(**{**NODE_STYLE, **(node_shape or {})})}];",
             f"  edge [{_attrs(fontname=FONT, fontsize=11, arrowsize=0.8)}];",
             f"  subgraph cluster_drawing {{ graph [{title}];" if framed else "  {"]
    lines += [f"    {_quote(node.id)} [{_node_attrs(node)}];" for node in pic.nodes.values()]
    lines.append("  }")
    lines += [f"  {_quote(e.source)} -> {_quote(e.target)} [{_attrs(label=_edge_label(e), **_edge_style(e))}];"
              for e in pic.edges]
    return "\n".join(lines) + "\n}\n"


def _node_attrs(node: Node) -> str:
    return _attrs(label=_node_label(node.name, node.parts), fillcolor=KIND_COLORS.get(node.kind, PAYMENT_COLOR),
                  fontcolor="#2B2B2B" if node.kind == "group" else "white")


def _dot() -> str:
    found = shutil.which("dot")
    if not found:
        raise PictureError("Graphviz's `dot` draws the still pictures and is not installed: install Graphviz "
                           "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), or draw "
                           "an interactive page with --html instead.")
    return found


def _run_dot(source: str, *arguments: str) -> str:
    done = subprocess.run([_dot(), *arguments], input=source, capture_output=True, text=True)
    if done.returncode != 0:
        raise PictureError(f"Graphviz could not draw the picture: {done.stderr.strip()}")
    return done.stdout


def placed(source: str) -> dict:
    """Where Graphviz puts every box, line and word of this source (its JSON output)."""
    return json.loads(_run_dot(source, "-Tjson"))


def readable_source(pic: Picture, size: Size) -> tuple[str, dict]:
    """The first layout in which no label is crossed or covered (else the one with the fewest
    faults), as Graphviz source and as the layout Graphviz computed for it."""
    best: tuple[int, str, dict] | None = None
    began = time.monotonic()
    for variant in VARIANTS:
        if best is not None and time.monotonic() - began > SEARCH_SECONDS:
            break  # a picture this busy gets the best layout found so far
        source = dot_source(pic, size, variant)
        layout = placed(source)
        faults = len(problems(layout))
        if best is None or faults < best[0]:
            best = (faults, source, layout)
        if faults == 0:
            break
    assert best is not None
    return best[1], best[2]


def render(pic: Picture, outputs: dict[str, Path], size: Size) -> dict:
    """Lay the picture out and write it in each format ({"svg": path, "png": path, "pdf": path}),
    every file or none; returns the layout Graphviz computed, where every box, line and word went."""
    source, layout = readable_source(pic, size)
    drafts = {fmt: Path(path).with_name(f".{Path(path).name}.partial") for fmt, path in outputs.items()}
    try:
        for fmt, draft in drafts.items():
            resolution = [f"-Gdpi={size.dpi}"] if fmt == "png" else []  # dpi would scale SVG and PDF too
            _run_dot(source, *resolution, f"-T{fmt}", f"-o{draft}")
        for fmt, draft in drafts.items():
            os.replace(draft, outputs[fmt])
    finally:
        for draft in drafts.values():
            draft.unlink(missing_ok=True)
    return layout
