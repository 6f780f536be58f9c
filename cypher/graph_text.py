"""Nodes, relationships and paths as people read them: in Cypher's own notation.

    (:Company {id: "nvidia", name: "Nvidia"})
    (nvidia)-[:FLOWS_TO {deal: "nvidia-openai-2025-09"}]->(openai)
    (nvidia)-[:FLOWS_TO]->(openai)-[:FLOWS_TO]->(oracle)

The driver gives nodes as property maps without their labels, and relationships as Python tuples;
`circular cypher` shows these instead. Other values are left as they are.
"""
from __future__ import annotations

from typing import Any

import neo4j

from cypher.links import cypher_literal


def readable(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node):
        return f"({_labels(value)} {_properties(value)})".replace("( ", "(").replace(" )", ")")
    if isinstance(value, neo4j.graph.Relationship):
        return f"{_end(value.start_node)}-{_relationship(value, with_properties=True)}->{_end(value.end_node)}"
    if isinstance(value, neo4j.graph.Path):
        return _path(value)
    if isinstance(value, list):
        return [readable(item) for item in value]
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    return value


def _labels(node: neo4j.graph.Node) -> str:
    return "".join(f":{label}" for label in sorted(node.labels))


def _properties(entity: neo4j.graph.Node | neo4j.graph.Relationship) -> str:
    """Id and name first, as people look for them, then the others in alphabetical order."""
    keys = sorted(entity.keys(), key=lambda key: (key not in ("id", "name"), key != "id", key))
    return "{" + ", ".join(f"{key}: {_literal(entity[key])}" for key in keys) + "}" if keys else ""


def _literal(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    return cypher_literal(value) if isinstance(value, (str, bool, int, float, type(None))) else str(value)


def _end(node: neo4j.graph.Node | None) -> str:
    """A node at the end of a relationship, by its id when the answer holds it."""
    if node is None:
        return "()"
    ident = node.get("id")
    return f"({ident})" if ident is not None else f"({_labels(node)})"


def _relationship(relationship: neo4j.graph.Relationship, with_properties: bool) -> str:
    properties = _properties(relationship) if with_properties else ""
    return f"[:{relationship.type}{' ' + properties if properties else ''}]"


def _path(path: neo4j.graph.Path) -> str:
    text, here = _end(path.start_node), path.start_node
    for relationship in path.relationships:
        forward = relationship.start_node is not None and relationship.start_node.element_id == here.element_id
        there = relationship.end_node if forward else relationship.start_node
        arrow = _relationship(relationship, with_properties=False)
        text += f"-{arrow}->" if forward else f"<-{arrow}-"
        text += _end(there)
        here = there
    return text
