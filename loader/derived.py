"""What Neo4j derives after a load, computed in Python instead, for a bulk import of a whole base:
each entity's lookup names and group, which deals are counted (and why not), each deal's money flows
and ownership ties, and the money between groups.

The rules are those of `graph.rebuild_flows` and `graph.DERIVE`, read the same way; the Cypher stays
the reference, and tests/test_rebuild.py proves that a base rebuilt with these equals the base `load`
builds. Where that Cypher takes the first of several candidates in no stated order (a deal that
is the same as two others, or part of two wholes), this takes the first in the files' order.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

from loader.schema import LENDING_TYPES, MONEY_DIRECTIONS, OWNERSHIP_TYPES

PART_OF_HOPS = 10  # how far up a PART_OF chain graph.DERIVE looks for an entity's group
FLOW_FIELDS = ("amount", "currency", "amount_qualifier", "amount_max", "amount_period", "amount_usd", "usd_rate",
               "money", "date")
SUPERSEDING = ("expands", "amends", "replaces")


class Relationship(NamedTuple):
    type: str
    start: tuple[str, str]  # (label, id)
    end: tuple[str, str]
    props: dict[str, Any]


def lookup(entity: Mapping[str, Any]) -> list[str]:
    """The names an entity answers to, lower-cased (graph.lookup)."""
    return [name.strip().lower() for name in [entity["id"], entity["name"], *entity.get("aliases", [])]]


def groups(entities: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """(group_id, group_name) of each entity: the top of its parent chain, itself when it has none."""
    parent = {ident: props["parent_id"] for ident, props in entities.items() if props.get("parent_id") in entities}
    found = {}
    for ident, props in entities.items():
        top, current = None, ident
        for _ in range(PART_OF_HOPS):
            if current not in parent:
                break
            current = parent[current]
            if current not in parent:
                top = current
        found[ident] = (top, entities[top]["name"]) if top else (ident, props["name"])
    return found


def counting(deals: Mapping[str, Mapping[str, Any]], links: Iterable[Mapping[str, str]]) -> dict[str, str | None]:
    """Why each deal is not counted (None when it is): refused, the same as another, superseded,
    or part of a counted whole that has an amount."""
    duplicate: dict[str, str] = {}
    superseded: dict[str, str] = {}
    wholes: dict[str, list[str]] = defaultdict(list)
    for link in links:
        relation, deal, other = link["relation"], link["deal_id"], link["other_deal_id"]
        if relation == "same_as":
            duplicate.setdefault(deal, f"the same deal as {other}")
        elif relation in SUPERSEDING:
            superseded.setdefault(other, f"superseded by {deal} ({relation})")
        elif relation == "part_of":
            wholes[deal].append(other)
    excluded = {ident: "refused" if props.get("status") == "refused" else duplicate.get(ident) or superseded.get(ident)
                for ident, props in deals.items()}
    within = {}
    for ident, whole_ids in wholes.items():
        if excluded[ident] is None:  # the rule reads every deal as counted before this step
            counted_whole = next((w for w in whole_ids if excluded[w] is None and deals[w].get("amount") is not None),
                                 None)
            if counted_whole:
                within[ident] = f"part of {counted_whole}, counted with it"
    return {**excluded, **within}


def ties(deals: Mapping[str, Mapping[str, Any]], parties: Iterable[Mapping[str, str]],
         excluded: Mapping[str, str | None]) -> Iterator[Relationship]:
    """Each deal's money flows (FLOWS_TO) and ownership ties (OWNS), as graph.rebuild_flows makes them."""
    by_deal: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for party in parties:
        by_deal[party["deal_id"]].append((party["entity_id"], party["role"]))
    for ident, deal in deals.items():
        if deal.get("status") == "refused":
            continue
        pairs = [(a, b) for a, a_role in by_deal[ident] for b, b_role in by_deal[ident]
                 if (a_role, b_role) in MONEY_DIRECTIONS and a != b]
        if not pairs:
            continue
        deal_type = deal["type"]
        if not (deal_type in OWNERSHIP_TYPES and deal.get("amount") is None):
            flow = {"deal": ident, "type": deal_type, "kind": "loan" if deal_type in LENDING_TYPES else "payment",
                    "status": deal["status"], **{f: deal[f] for f in FLOW_FIELDS if deal.get(f) is not None},
                    "counted": excluded[ident] is None}
            for a, b in pairs:
                yield Relationship("FLOWS_TO", ("Entity", a), ("Entity", b), flow)
        if deal_type in OWNERSHIP_TYPES or deal.get("stake_percent") is not None:
            stake = {"deal": ident, "type": deal_type, "status": deal["status"], "percent": deal.get("stake_percent"),
                     "qualifier": deal.get("stake_qualifier"), "stake": deal.get("stake"), "date": deal.get("date")}
            stake = {key: value for key, value in stake.items() if value is not None}
            for a, b in pairs:
                holder, held = (b, a) if deal_type == "warrant" else (a, b)
                yield Relationship("OWNS", ("Entity", holder), ("Entity", held), stake)


class Payments:
    """The money between groups, one PAYS per ordered pair, from the counted flows (graph.DERIVE):
    flows are added as they are made, kept as a few values each, and PAYS made once all are in."""

    def __init__(self, group_of: Mapping[str, tuple[str, str]], names: Mapping[str, str]):
        self.group_of, self.names = group_of, names
        self.between: dict[tuple[str, str], list[tuple[Any, str, str, str, str]]] = defaultdict(list)

    def add(self, flow: Relationship) -> None:
        if flow.type != "FLOWS_TO" or not flow.props["counted"]:
            return
        a, b = flow.start[1], flow.end[1]
        payer, payee = self.group_of[a][0], self.group_of[b][0]
        if payer != payee:
            self.between[(payer, payee)].append((flow.props.get("amount_usd"), flow.props["deal"], a, b,
                                                 flow.props.get("money", "?")))

    def pays(self) -> Iterator[Relationship]:
        for (payer, payee), items in self.between.items():
            items.sort(key=lambda item: (item[0] is None, -(item[0] or 0), item[1]))
            known = [usd for usd, *_ in items if usd is not None]
            props = {"deals": [deal for _, deal, _, _, _ in items], "amounts": [money for *_, money in items],
                     "largest_usd": max(known) if known else None,
                     "some_unknown": len(known) < len(items),
                     "payer_parts": list(dict.fromkeys(self.names[a] for _, _, a, _, _ in items if a != payer)),
                     "payee_parts": list(dict.fromkeys(self.names[b] for _, _, _, b, _ in items if b != payee))}
            yield Relationship("PAYS", ("Entity", payer), ("Entity", payee),
                               {key: value for key, value in props.items() if value is not None and value != []})
