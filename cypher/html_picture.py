"""The interactive page: every payment, drawn with Neo4j's viewer (neo4j-viz) in one self-contained
file that works offline. It opens on Graphviz's layout, at a zoom where every name and amount is
whole and legible; the viewer's search finds a company; the loops are red."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from cypher.picture import Edge, Picture
from cypher.still_picture import KIND_COLORS, LOOP_COLOR, PAYMENT_COLOR, SIZES, STAKE_COLOR, readable_source

PIXELS_PER_POINT = 1.6   # spreads Graphviz's layout so that the viewer's round nodes have room
CAPTION_POINTS = 11      # the size of the names and amounts at the opening zoom


def _positions(pic: Picture) -> dict[str, tuple[float, float]]:
    """Where Graphviz puts each node, in the viewer's pixels (its y axis points down)."""
    _, placed = readable_source(pic, SIZES["page"])
    found = {}
    for item in placed.get("objects", []):
        if "pos" in item:
            x, y = map(float, item["pos"].split(","))
            found[item["name"]] = (x * PIXELS_PER_POINT, -y * PIXELS_PER_POINT)
    return found


def _details(edge: Edge) -> dict[str, Any]:
    """What the details panel lists: only what is known, never an empty value."""
    row = edge.row
    details = {"deal": row.get("id"), "what": row.get("summary"), "amount": edge.label, "date": row.get("date"),
               "in a loop": "yes" if edge.in_a_loop else "no", "source": row.get("publisher") or row.get("source"),
               "source's words": row.get("excerpt")}
    return {key: value for key, value in details.items() if value not in (None, "")}


def write(pic: Picture, path: Path) -> None:
    from neo4j_viz import Node, Relationship, VisualizationGraph

    positions = _positions(pic)
    nodes = [Node(id=node.id, caption=node.name + (f" (incl. {', '.join(node.parts)})" if node.parts else ""),
                  caption_align="center", caption_size=1,
                  size=max(30, 3.6 * len(node.name) + 8), color=KIND_COLORS.get(node.kind, PAYMENT_COLOR),
                  x=positions[node.id][0], y=positions[node.id][1], pinned=True,
                  properties={"name": node.name, "kind": node.kind, **({"includes": ", ".join(node.parts)} if node.parts else {})})
             for node in pic.nodes.values()]
    relationships = [
        Relationship(id=f"{index}", source=edge.source, target=edge.target, caption=edge.label,
                     caption_size=CAPTION_POINTS,
                     color=STAKE_COLOR if edge.kind == "stake" else LOOP_COLOR if edge.in_a_loop else PAYMENT_COLOR,
                     width=4 if edge.in_a_loop else 2, properties=_details(edge))
        for index, edge in enumerate(pic.edges)]
    graph = VisualizationGraph(nodes=nodes, relationships=relationships)
    legend_edges = {}
    if any(e.in_a_loop for e in pic.payments):
        legend_edges["payment that comes back round (a loop)"] = LOOP_COLOR
    if any(not e.in_a_loop for e in pic.payments):
        legend_edges["payment"] = PAYMENT_COLOR
    if any(e.kind == "stake" for e in pic.edges):
        legend_edges["stake held (no payment)"] = STAKE_COLOR
    graph.set_legend(nodes={kind: color for kind, color in KIND_COLORS.items()
                            if any(n.kind == kind for n in pic.nodes.values())}, relationships=legend_edges)
    viewer = graph.render(layout="free", height="820px", show_search_button=True, show_layout_button=False,
                          theme="light").data
    title, subtitle, sources = escape(pic.title), escape(pic.subtitle), escape("; ".join(pic.sources))
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title} — circular</title></head>"
            "<body style='margin:0;font-family:Arial,Helvetica,sans-serif;color:#222'>"
            f"<h1 style='font-size:20px;margin:12px 12px 0'>{title}</h1>"
            f"<p style='margin:2px 12px 8px;color:#555'>{subtitle}</p>{viewer}"
            f"<p style='margin:12px;color:#555'>Source: {sources}. Search for a company with the magnifier; "
            "click an arrow, then open the details panel (top right), for the deal, the amount, the date and "
            "the source's own words.</p></body></html>")
    Path(path).write_text(page, encoding="utf-8")
