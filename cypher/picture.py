"""What a picture of the money shows, whatever draws it: the companies (one per group: AWS is drawn
as Amazon), the payments between them from the `money-flows` answer, the ownership ties when the
library has an `ownership` question, which payments go round in a loop, and a title that says the
question in words and its filter.

`still_picture` draws it with Graphviz (SVG, PNG, PDF); `html_picture` as an interactive page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from cypher.library import Query, load_library
from cypher.run import Answer, find_query, run
from loader.money import format_money, format_stake
from server import Connection

# A word for a payment whose amount the source does not give.
SHORT_TYPES = {"chip_purchase": "chips", "cloud_contract": "cloud", "equity_stake": "stake",
               "vendor_financing": "loans", "purchase": "purchases", "revenue_share": "revenue share"}


class PictureError(Exception):
    """Nothing to draw, or no way to draw it; the message says what to do."""


@dataclass
class Node:
    id: str
    name: str
    kind: str                                        # company, person, project, product, group
    parts: list[str] = field(default_factory=list)   # names of the group's companies drawn as this node


@dataclass
class Edge:
    source: str          # node ids
    target: str
    label: str           # the amount as the source gives it, or a word for what was bought
    kind: str            # payment, loan or stake
    in_a_loop: bool
    row: dict[str, Any]  # the answer's row: deal, date, summary, source, excerpt


@dataclass
class Picture:
    title: str
    subtitle: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    @property
    def payments(self) -> list[Edge]:
        return [e for e in self.edges if e.kind != "stake"]

    @property
    def sources(self) -> list[str]:
        return sorted({e.row["publisher"] for e in self.edges if e.row.get("publisher")})


def money_label(row: Mapping[str, Any]) -> str:
    """The amount as people read it ('about $100bn', '$5 a day'), or a word when there is none."""
    amount = row.get("amount") or {}
    text = format_money(amount.get("amount"), amount.get("currency"), amount.get("amount_qualifier"),
                        amount.get("amount_max"), amount.get("amount_period"))
    return text or SHORT_TYPES.get(row.get("deal") or "", (row.get("deal") or "payment").replace("_", " "))


def _side(row: Mapping[str, Any], side: str) -> tuple[str, str]:
    """The node a payer or payee is drawn as: its group's top company when it has one."""
    return row.get(f"{side}_group_id") or row[f"{side}_id"], row.get(f"{side}_group") or row[side]


def _named_ids(answer: Answer) -> set[str]:
    ids: set[str] = set()
    for row in answer.rows:
        for column in ("id", "deals", "payer_id", "payee_id"):
            value = row.get(column)
            ids |= set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return ids


def question_words(query: Query) -> str:
    """The question a query answers, in a few words: its description up to the first pause."""
    first = re.split(r"[.:(—;]| - |, (?:derived|with|following)", query.description, maxsplit=1)[0]
    return first.strip().rstrip(",")


def _filter_words(connection: Connection, query: Query, given: Mapping[str, Any],
                  values: Mapping[str, Any]) -> list[str]:
    """The filters given, as a reader would say them: 'company: AMD', 'min amount: $10bn'."""
    words = []
    for name in given:
        param, value = query.param(name), values.get(name)
        if param is None or value is None:
            continue
        if param.kind == "entity":
            found = connection.read("MATCH (e:Entity {id: $id}) RETURN e.name AS name", {"id": value})
            value = found[0]["name"] if found else value
        elif param.kind == "money":
            value = format_money(value, "USD")
        words.append(f"{name.replace('_', ' ')}: {value}")
    return words


def picture(connection: Connection, name: str | None = None, params: Mapping[str, Any] | None = None,
            loops_only: bool = False, since: str | None = None,
            library: Mapping[str, Query] | None = None) -> Picture:
    """The payments behind the answer to `name` (every payment when None); loops_only keeps those
    in a loop; since keeps the deals dated, or reported by a source published, on or after it."""
    library = library or load_library()
    params = dict(params or {})
    flows = run(connection, "money-flows", {"since": since} if since else {}, library=library).rows
    filters: list[str] = []
    if name:
        query = find_query(name, library)
        answer = run(connection, name, params, library=library)
        ids = _named_ids(answer)
        flows = [f for f in flows if ids & {f["id"], f["payer_id"], f["payee_id"]}]
        title = question_words(query)
        filters = _filter_words(connection, query, params, answer.params)
    elif loops_only:
        title = question_words(find_query("money-loops", library))
    else:
        title = question_words(find_query("money-flows", library))
    if since:
        filters.append(f"deals dated or reported since {since}")
    unfiltered = "the whole base" if name else "every payment that comes back round" if loops_only \
        else "every payment, refused deals excluded"
    result = Picture(title, "; ".join(filters) or unfiltered)
    for flow in flows:
        (payer, payer_name), (payee, payee_name) = _side(flow, "payer"), _side(flow, "payee")
        in_a_loop = bool(flow.get("in_a_loop"))  # money-flows counts a group's companies as one
        if payer == payee or (loops_only and not in_a_loop):
            continue  # money inside one group is not money between companies
        for node, node_name, side in ((payer, payer_name, "payer"), (payee, payee_name, "payee")):
            _add_node(result, node, node_name, flow.get(f"{side}_type") or "company", flow[side])
        kind = "loan" if flow.get("kind") == "loan" else "payment"
        result.edges.append(Edge(payer, payee, money_label(flow), kind, in_a_loop, flow))
    if "ownership" in library:
        _add_ownership(connection, result, library, flows)
    return result


def _add_node(result: Picture, node: str, name: str, kind: str, member: str) -> None:
    drawn = result.nodes.setdefault(node, Node(node, name, kind))
    if member != name and member not in drawn.parts:
        drawn.parts.append(member)


def _add_ownership(connection: Connection, result: Picture, library: Mapping[str, Query],
                   flows: list[dict[str, Any]]) -> None:
    """Stakes between the companies drawn, as ties apart from the payments."""
    group_of = {row[f"{side}_id"]: _side(row, side)[0] for row in flows for side in ("payer", "payee")}
    for tie in run(connection, "ownership", library=library).rows:
        holder, held = group_of.get(tie["holder_id"], tie["holder_id"]), group_of.get(tie["held_id"], tie["held_id"])
        if holder in result.nodes and held in result.nodes and holder != held:
            percent = tie.get("stake", tie.get("percent"))
            if isinstance(percent, (int, float)):
                percent = format_stake(percent)
            label = f"{percent} stake" if percent else "stake"
            result.edges.append(Edge(holder, held, label, "stake", False, tie))


def require_something(pic: Picture, name: str | None, filtered: bool = False) -> None:
    """Refuse to draw an empty picture."""
    if pic.edges:
        return
    if name:
        these, widen = (" with these filters", ", or widen the filters.") if filtered else ("", ".")
        raise PictureError(f"Nothing to draw: the answer to {name} names no payment between companies{these}. "
                           f"Read it as a table with `circular ask {name}`{widen}")
    raise PictureError("Nothing to draw: no payment between companies matches. Widen the filters, or load "
                       "the base with `circular load`.")
