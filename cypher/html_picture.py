"""The interactive page: every payment, drawn with Neo4j's viewer (neo4j-viz) in one self-contained
file that works offline. It opens on Graphviz's layout, at a zoom where every name and amount is
whole and legible; the viewer's search finds a company; the loops are red."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from cypher.picture import Edge, Picture
from cypher.still_picture import (KIND_COLORS, LOOP_COLOR, PAYMENT_COLOR, SIZES, STAKE_COLOR, dot_source,
                                  legend_entries, placed)

# Graphviz lays the page out left to right, so that the viewer writes the amounts along level
# arrows, with room between the ranks for the longest amount.
NODE_RADIUS = 74
# The viewer writes a name inside its circle, in letters that grow with the circle; it writes them
# small enough for a whole name on a line only when the circle is drawn with a radius of 70 pixels
# or more. So the page opens at a zoom that keeps them that size.
SMALLEST_ZOOM = 70.5 / NODE_RADIUS
LAYOUT = {"rankdir": "LR", "ranksep": 1.3, "nodesep": 0.08}
NODE_SHAPE = {"shape": "circle", "fixedsize": "true", "width": 2 * NODE_RADIUS / 72}
CAPTION_SIZE = 2         # the viewer writes an amount at six pixels times this
VIEW = (1360, 960)       # the viewer's size in pixels
STAGGER = 1.15


def _positions(pic: Picture) -> dict[str, tuple[float, float]]:
    """Where Graphviz puts each node, in the viewer's pixels (its y axis points down)."""
    layout = placed(dot_source(pic, SIZES["page"], LAYOUT, NODE_SHAPE, framed=False))
    found = {}
    for item in layout.get("objects", []):
        if "pos" in item:
            x, y = map(float, item["pos"].split(","))
            found[item["name"]] = (x, -y)
    # The viewer draws straight lines: every other column is moved down by a radius, so that a line
    # from one column to the next but one passes between the circles of the column in between.
    columns = sorted({round(x) for x, _ in found.values()})
    found = {name: (x, y + STAGGER * NODE_RADIUS * (columns.index(round(x)) % 2)) for name, (x, y) in found.items()}
    xs, ys = [x for x, _ in found.values()], [y for _, y in found.values()]
    middle = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)  # the page opens on the middle
    return {name: (x - middle[0], y - middle[1]) for name, (x, y) in found.items()}


def _details(edge: Edge) -> dict[str, Any]:
    """What the details panel lists: only what is known, never an empty value."""
    row = edge.row
    details = {"deal": row.get("id"), "what": row.get("summary"), "amount": edge.label, "date": row.get("date"),
               "in a loop": "yes" if edge.in_a_loop else "no", "source": row.get("publisher") or row.get("source"),
               "source's words": row.get("excerpt")}
    return {key: value for key, value in details.items() if value not in (None, "")}


def _legend(pic: Picture) -> str:
    entries = "".join(f"<span style='margin-right:18px'><span style='color:{color}'>{escape(symbol)}</span> "
                      f"{escape(words)}</span>" for symbol, color, words in legend_entries(pic))
    return f"<p style='margin:0 12px 8px;font-size:14px'>{entries}</p>"


def write(pic: Picture, path: Path) -> None:
    from neo4j_viz import Node, Relationship, VisualizationGraph

    positions = _positions(pic)
    nodes = [Node(id=node.id, caption=node.name + (f" (incl. {', '.join(node.parts)})" if node.parts else ""),
                  caption_align="center", caption_size=1, size=NODE_RADIUS,
                  color=KIND_COLORS.get(node.kind, PAYMENT_COLOR),
                  x=positions[node.id][0], y=positions[node.id][1], pinned=True,
                  properties={"name": node.name, "kind": node.kind,
                              **({"includes": ", ".join(node.parts)} if node.parts else {})})
             for node in pic.nodes.values()]
    relationships = [
        Relationship(id=f"{index}", source=edge.source, target=edge.target, caption=edge.label,
                     caption_size=CAPTION_SIZE,
                     color=STAKE_COLOR if edge.kind == "stake" else LOOP_COLOR if edge.in_a_loop else PAYMENT_COLOR,
                     width=4 if edge.in_a_loop else 2, properties=_details(edge))
        for index, edge in enumerate(pic.edges)]
    graph = VisualizationGraph(nodes=nodes, relationships=relationships)
    graph.show_legend(False)  # the viewer's own legend would cover the bottom left; it is drawn above
    xs, ys = [x for x, _ in positions.values()], [y for _, y in positions.values()]
    width, height = max(xs) - min(xs) + 2.4 * NODE_RADIUS, max(ys) - min(ys) + 2.4 * NODE_RADIUS
    viewer = graph.render(layout="free", width=f"{VIEW[0]}px", height=f"{VIEW[1]}px", theme="light",
                          pan_position=(0, 0),
                          initial_zoom=max(SMALLEST_ZOOM, min(1.0, VIEW[0] / width, VIEW[1] / height)),
                          show_search_button=True, show_layout_button=False).data
    title, subtitle, sources = escape(pic.title), escape(pic.subtitle), escape("; ".join(pic.sources))
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title} — circular</title></head>"
            "<body style='margin:0;font-family:Arial,Helvetica,sans-serif;color:#222'>"
            f"<h1 style='font-size:20px;margin:12px 12px 0'>{title}</h1>"
            f"<p style='margin:2px 12px 4px;color:#555'>{subtitle}</p>{_legend(pic)}{viewer}"
            f"<p style='margin:12px;color:#555'>Source: {sources}. Search for a company with the magnifier; "
            "click an arrow, then open the details panel (top right), for the deal, the amount, the date and "
            "the source's own words.</p></body></html>")
    Path(path).write_text(page, encoding="utf-8")
