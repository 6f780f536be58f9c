"""Pictures of the money: an interactive HTML page (neo4j-viz) and still PNG/SVG images (matplotlib).

A picture is drawn from the `money-flows` answer: every payment between two companies, coloured by
whether it is part of a loop. Given another answer, it keeps the flows of the deals and companies
that answer names.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Mapping

from cypher.run import Answer, run
from loader.money import format_money
from server import Connection

# The same colours as Neo4j Browser's style (server/browser/circular.grass).
KIND_COLORS = {"company": "#2F6FBF", "person": "#E8743B", "project": "#3BA55C", "product": "#9B59B6",
               "group": "#C8B273"}
LOOP_COLOR = "#C0392B"
FLOW_COLOR = "#8E9AAF"
# A word for a payment whose amount the source does not give.
SHORT_TYPES = {"chip_purchase": "chips", "cloud_contract": "cloud", "equity_stake": "stake",
               "vendor_financing": "loans", "investment": "investment", "purchase": "purchases"}


@dataclass
class Picture:
    title: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)   # id → name, kind
    flows: list[dict[str, Any]] = field(default_factory=list)        # rows of money-flows

    @property
    def sources(self) -> list[str]:
        return sorted({f["publisher"] for f in self.flows if f.get("publisher")})


def _named_ids(answer: Answer) -> set[str]:
    ids: set[str] = set()
    for row in answer.rows:
        for column in ("id", "deals", "payer_id", "payee_id"):
            value = row.get(column)
            ids |= set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return ids


def picture(connection: Connection, name: str | None = None, params: Mapping[str, Any] | None = None,
            loops_only: bool = False) -> Picture:
    """The flows of the answer to `name` (all flows when None); loops_only keeps the flows in a loop."""
    flows = run(connection, "money-flows").rows
    title = "Money flows"
    if name:
        answer = run(connection, name, params)
        ids = _named_ids(answer)
        flows = [f for f in flows if ids & {f["id"], f["payer_id"], f["payee_id"]}]
        title = f"circular ask {name}"
    if loops_only:
        flows = [f for f in flows if f["in_a_loop"]]
        title = "Money loops" if not name else title + " — loops"
    result = Picture(title)
    for flow in flows:
        for side in ("payer", "payee"):
            result.nodes[flow[f"{side}_id"]] = {"name": flow[side], "kind": flow[f"{side}_type"]}
    result.flows = flows
    return result


def _money(flow: dict[str, Any]) -> str:
    amount = flow.get("amount") or {}
    return format_money(amount.get("amount"), amount.get("currency"), amount.get("amount_qualifier"))


def write_html(pic: Picture, path: Path) -> None:
    """A self-contained page: the viewer's script is inlined, nothing is fetched when it opens."""
    from neo4j_viz import Node, Relationship, VisualizationGraph

    degree: dict[str, int] = defaultdict(int)
    for flow in pic.flows:
        degree[flow["payer_id"]] += 1
        degree[flow["payee_id"]] += 1
    nodes = [Node(id=ident, caption=node["name"], color=KIND_COLORS.get(node["kind"], FLOW_COLOR),
                  size=26 + 4 * degree[ident], properties={"id": ident, "kind": node["kind"]})
             for ident, node in pic.nodes.items()]
    relationships = [
        Relationship(source=f["payer_id"], target=f["payee_id"], caption=_money(f) or _short(f["deal"]),
                     color=LOOP_COLOR if f["in_a_loop"] else FLOW_COLOR, width=3 if f["in_a_loop"] else 1.5,
                     properties={"deal": f["id"], "summary": f["summary"], "amount": _money(f), "date": f["date"],
                                 "in a loop": f["in_a_loop"], "source": f["source"], "excerpt": f["excerpt"]})
        for f in pic.flows]
    graph = VisualizationGraph(nodes=nodes, relationships=relationships)
    graph.set_legend(nodes={kind: color for kind, color in KIND_COLORS.items()
                            if any(n["kind"] == kind for n in pic.nodes.values())},
                     relationships={"payment in a loop": LOOP_COLOR, "other payment": FLOW_COLOR})
    html = graph.render(height="800px").data
    title, sources = escape(pic.title), escape(", ".join(pic.sources))
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{title} — circular</title></head>"
            f"<body style='margin:0;font-family:sans-serif'><h1 style='font-size:18px;margin:12px'>{title}</h1>"
            f"{html}<p style='margin:12px;color:#555'>Sources: {sources}. "
            "Click a node or an arrow, then open the details panel (top right), for the deal, the amount, "
            "the date and the source's own words.</p></body></html>")
    Path(path).write_text(page, encoding="utf-8")


def _plain(text: str) -> str:
    """Text matplotlib prints as it is: two dollars would otherwise open and close a formula."""
    return text.replace("$", r"\$")


def _short(deal_type: str) -> str:
    return SHORT_TYPES.get(deal_type, deal_type.replace("_", " "))


def _layout(graph) -> dict[str, tuple[float, float]]:
    """Each group of connected companies on a circle of its own: the largest on the left, the
    others in a column on the right, so that every loop reads as a loop."""
    import networkx as nx

    groups = sorted(nx.weakly_connected_components(graph), key=lambda g: (-len(g), sorted(g)))
    positions: dict[str, tuple[float, float]] = {}
    small = groups[1:]
    for index, group in enumerate(groups):
        members = sorted(group)
        if len(members) > 5:  # the busiest two in the middle, the others around them
            hubs = sorted(members, key=lambda n: (-graph.degree(n), n))[:2]
            ring = [n for n in members if n not in hubs]
            circle = nx.shell_layout(graph.subgraph(members), nlist=[hubs, ring], scale=1.0)
        elif len(members) > 1:
            circle = nx.circular_layout(graph.subgraph(members), scale=1.0)
        else:
            circle = {members[0]: (0, 0)}
        if index == 0:
            centre, scale = (0.0, 0.0), 2.2 if len(members) > 3 else 1.0
        else:
            rows = max(len(small), 1)
            centre, scale = (3.6, 2.4 - 4.8 * (index - 0.5) / rows), 0.75
        for node in members:
            x, y = circle[node]
            positions[node] = (centre[0] + scale * x, centre[1] + scale * y)
    return positions


def write_image(pic: Picture, path: Path) -> None:
    """A still picture (PNG or SVG, from the file's suffix), fit for an article or a slide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.patches import Patch

    graph = nx.DiGraph()
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    in_loop: dict[tuple[str, str], bool] = defaultdict(bool)
    for flow in pic.flows:
        pair = (flow["payer_id"], flow["payee_id"])
        graph.add_edge(*pair)
        labels[pair].append(_money(flow) or _short(flow["deal"]))
        in_loop[pair] |= bool(flow["in_a_loop"])
    figure, axes = plt.subplots(figsize=(14, 9))
    axes.set_title(_plain(pic.title), fontsize=18, loc="left", fontweight="bold")
    axes.axis("off")
    if graph.number_of_nodes():
        positions = _layout(graph)
        nodes = list(graph.nodes)
        nx.draw_networkx_nodes(graph, positions, ax=axes, nodelist=nodes, node_size=900, edgecolors="white",
                               linewidths=2, node_color=[KIND_COLORS.get(pic.nodes[n]["kind"], FLOW_COLOR) for n in nodes])
        for node, (x, y) in positions.items():
            axes.annotate(_plain(pic.nodes[node]["name"]), (x, y), xytext=(0, -22), textcoords="offset points",
                          ha="center", va="top", fontsize=10, fontweight="bold", color="#222222")
        edges = list(graph.edges)
        style = "arc3,rad=0.2"
        nx.draw_networkx_edges(graph, positions, ax=axes, edgelist=edges, connectionstyle=style, arrowsize=16,
                               width=[2.5 if in_loop[e] else 1.2 for e in edges], node_size=900,
                               edge_color=[LOOP_COLOR if in_loop[e] else FLOW_COLOR for e in edges])
        nx.draw_networkx_edge_labels(graph, positions, ax=axes, connectionstyle=style, font_size=8,
                                     edge_labels={e: _plain(" + ".join(labels[e])) for e in edges},
                                     bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
        xs, ys = zip(*positions.values())
        axes.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
        axes.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    present = {node["kind"] for node in pic.nodes.values()}
    handles = [Patch(color=color, label=kind) for kind, color in KIND_COLORS.items() if kind in present]
    handles += [Patch(color=LOOP_COLOR, label="payment in a loop"), Patch(color=FLOW_COLOR, label="other payment")]
    axes.legend(handles=handles, loc="upper right", frameon=False, fontsize=9)
    figure.text(0.01, 0.01, _plain(f"Source: {'; '.join(pic.sources)}. Amounts as reported; a word where none was "
                "given. Made with circular."), fontsize=8, color="#555555")
    figure.tight_layout()
    figure.savefig(path, dpi=200 if str(path).lower().endswith(".png") else None)
    plt.close(figure)
