"""Where Graphviz put every word and line, read from its JSON layout (`dot -Tjson`), to tell whether a
picture is readable: no two labels on top of each other, no line through a label or a node."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    owner: str     # what the label belongs to: a node, an edge, the title, the legend
    text: str
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: "Box", margin: float = 0.5) -> bool:
        return (self.left + margin < other.right and other.left + margin < self.right
                and self.bottom + margin < other.top and other.bottom + margin < self.top)

    def contains(self, point: Point, margin: float = 0.5) -> bool:
        x, y = point
        return self.left + margin < x < self.right - margin and self.bottom + margin < y < self.top - margin


def _text_boxes(owner: str, operations: list[dict]) -> Iterator[Box]:
    size = 14.0
    for op in operations:
        if op["op"] == "F":
            size = op["size"]
        elif op["op"] == "T" and op["text"].strip():
            (x, y), width = op["pt"], op["width"]
            left = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
            yield Box(owner, op["text"].strip(), left, y - 0.25 * size, left + width, y + 0.8 * size)


def _union(owner: str, boxes: list[Box]) -> Box:
    return Box(owner, " ".join(b.text for b in boxes), min(b.left for b in boxes), min(b.bottom for b in boxes),
               max(b.right for b in boxes), max(b.top for b in boxes))


def label_boxes(layout: dict) -> list[Box]:
    """One box per label: each node's, each edge's, and each line of the title, legend and credit."""
    boxes = list(_text_boxes("picture", layout.get("_ldraw_", [])))
    for item in layout.get("objects", []):
        texts = list(_text_boxes(item["name"], item.get("_ldraw_", [])))
        if "nodes" in item:  # a cluster: its title lines
            boxes += texts
        elif texts:
            boxes.append(_union(item["name"], texts))
    for index, edge in enumerate(layout.get("edges", [])):
        texts = list(_text_boxes(f"edge {index}", edge.get("_ldraw_", [])))
        if texts:
            boxes.append(_union(f"edge {index}", texts))
    return boxes


def node_boxes(layout: dict) -> dict[int, Box]:
    boxes = {}
    for item in layout.get("objects", []):
        if "pos" in item:
            x, y = map(float, item["pos"].split(","))
            half_w, half_h = float(item["width"]) * 36, float(item["height"]) * 36
            boxes[item["_gvid"]] = Box(item["name"], item["name"], x - half_w, y - half_h, x + half_w, y + half_h)
    return boxes


def _bezier(points: list[Point], steps: int = 24) -> Iterator[Point]:
    for start in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[start:start + 4]
        for step in range(steps + 1):
            t = step / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            yield (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])


def edge_lines(layout: dict) -> Iterator[tuple[dict, list[Point]]]:
    """Each edge with points along its line and its arrowhead."""
    for edge in layout.get("edges", []):
        points: list[Point] = []
        for op in edge.get("_draw_", []):
            if op["op"] in ("b", "B"):
                points += list(_bezier([tuple(p) for p in op["points"]]))
        for op in edge.get("_hdraw_", []) + edge.get("_tdraw_", []):
            if op["op"] in ("P", "p"):
                points += [tuple(p) for p in op["points"]]
        yield edge, points


def problems(layout: dict) -> list[str]:
    """Every label that overlaps another label or a node, and every line through a label or a node
    other than its own ends, said in words."""
    found = []
    labels, nodes = label_boxes(layout), node_boxes(layout)
    for index, one in enumerate(labels):
        for other in labels[index + 1:]:
            if one.owner != other.owner and one.overlaps(other):
                found.append(f"label {one.text!r} overlaps label {other.text!r}")
        for node in nodes.values():
            if one.owner != node.owner and one.overlaps(node):
                found.append(f"label {one.text!r} overlaps node {node.text!r}")
    for edge, points in edge_lines(layout):
        if not points:
            continue
        name = f"the line {edge['tail']}→{edge['head']}"
        reach = Box(name, "", min(x for x, _ in points), min(y for _, y in points),
                    max(x for x, _ in points), max(y for _, y in points))
        for label in labels:
            if label.overlaps(reach, margin=0) and any(label.contains(point) for point in points):
                found.append(f"{name} crosses label {label.text!r}")
        for gvid, node in nodes.items():
            if gvid not in (edge["tail"], edge["head"]) and node.overlaps(reach, margin=0) \
                    and any(node.contains(p) for p in points):
                found.append(f"{name} crosses node {node.text!r}")
    return found
