"""Deriving around a change (which deals count, groups, the money between groups) gives the graph that
deriving the whole base gives, after each change of a series of additions, links and removals. The
deals, entities and sources of the series are made-up fixtures."""
from __future__ import annotations

import pytest

import loader
from loader import edits, graph
from loader.changes import Change, apply
from tests.conftest import snapshot

SOURCE = "lemonde-2025-10-circulaire"
DERIVE_WHOLE = graph.derive
FIXTURE_SOURCE = {"id": "fixture-wire-2026-01", "publisher": "Fixture Wire (test fixture)", "published": "2026-01"}


def deal(ident: str, kind: str, funder: str, recipient: str, amount: str = "", status: str = "announced",
         roles: tuple[str, str] = ("funder", "recipient")) -> Change:
    change = Change()
    change.add("deals", {"id": ident, "type": kind, "summary": f"Fixture deal {ident} (derivation test)."})
    change.add("reports", {"deal_id": ident, "status": status, "date": "2026-01", "amount": amount,
                           "currency": "USD" if amount else "", "amount_qualifier": "about" if amount else "",
                           "source_id": SOURCE, "excerpt": f"fixture words of {ident}"})
    change.add("parties", {"deal_id": ident, "entity_id": funder, "role": roles[0]})
    change.add("parties", {"deal_id": ident, "entity_id": recipient, "role": roles[1]})
    return change


def link(start: str, relation: str, end: str) -> Change:
    return edits.link(start, relation, end, SOURCE, f"fixture words tying {start} to {end}")


def unlinked(start: str, relation: str, end: str) -> Change:
    change = Change()
    change.remove("links", (start, relation, end))
    return change


def joined(*changes: Change) -> Change:
    whole = Change()
    for change in changes:
        for name, rows in change.added.items():
            whole.added.setdefault(name, []).extend(rows)
        for name, keys in change.removed.items():
            whole.removed.setdefault(name, []).extend(keys)
    return whole


def refused_by_a_second_source(ident: str) -> Change:
    change = Change()
    change.add("sources", FIXTURE_SOURCE)
    change.add("reports", {"deal_id": ident, "status": "refused", "preferred": "yes", "source_id": FIXTURE_SOURCE["id"],
                           "excerpt": f"fixture words refusing {ident}"})
    return change


def new_part_of_amazon() -> Change:
    change = Change()
    change.add("entities", {"id": "fixture-unit", "type": "company", "name": "Fixture Unit (test fixture)",
                            "parent_id": "amazon", "source_id": SOURCE, "excerpt": "fixture words naming a unit"})
    return change


def removal_of(data, kind: str, key: tuple[str, ...]) -> Change:
    return edits.removal(loader.read_valid(data), kind, key, with_dependents=True)


SERIES = [
    ("a deal between two companies",
     lambda data: deal("fixture-whole", "investment", "nvidia", "openai", "50000000000")),
    ("a tranche of it", lambda data: joined(deal("fixture-part", "investment", "nvidia", "openai", "5000000000"),
                                            link("fixture-part", "part_of", "fixture-whole"))),
    ("a later version of the whole", lambda data: joined(deal("fixture-later", "investment", "nvidia", "openai",
                                                              "60000000000"),
                                                         link("fixture-later", "expands", "fixture-whole"))),
    ("the expansion withdrawn", lambda data: unlinked("fixture-later", "expands", "fixture-whole")),
    ("a purchase the whole pays for", lambda data: joined(deal("fixture-chips", "chip_purchase", "openai", "nvidia",
                                                               "40000000000", roles=("buyer", "seller")),
                                                          link("fixture-whole", "pays_for", "fixture-chips"))),
    ("a duplicate found", lambda data: link("fixture-later", "same_as", "fixture-whole")),
    ("a deal refused, by a second source", lambda data: refused_by_a_second_source("fixture-whole")),
    ("a new part of a group, paid", lambda data: joined(new_part_of_amazon(),
                                                        deal("fixture-cloud", "cloud_contract", "anthropic",
                                                             "fixture-unit", "3000000000", roles=("buyer", "seller")))),
    ("a party removed", lambda data: joined(deal("fixture-trio", "investment", "google", "anthropic", "2000000000"),
                                            _party("fixture-trio", "amazon", "funder"))),
    ("then taken away", lambda data: _no_party("fixture-trio", "amazon")),
    ("a deal removed with its reports, parties and links", lambda data: removal_of(data, "deal", ("fixture-part",))),
]


def _party(ident: str, entity: str, role: str) -> Change:
    change = Change()
    change.add("parties", {"deal_id": ident, "entity_id": entity, "role": role})
    return change


def _no_party(ident: str, entity: str) -> Change:
    change = Change()
    change.remove("parties", (ident, entity))
    return change


@pytest.fixture
def whole_derivations(monkeypatch) -> list[int]:
    """Each time a change derives the whole base again (the series must never need it)."""
    calls = []
    monkeypatch.setattr(graph, "derive", lambda tx: (calls.append(1), DERIVE_WHOLE(tx))[1])
    return calls


def test_deriving_around_each_change_gives_the_graph_deriving_the_whole_base_gives(data, empty_db, whole_derivations):
    for what, change in SERIES:
        apply(empty_db, data, change(data))
        around = snapshot(empty_db)
        assert whole_derivations == [], f"{what}: the whole base was derived again"
        with empty_db.session() as session:
            session.execute_write(DERIVE_WHOLE)
        assert snapshot(empty_db) == around, f"{what}: deriving around the change missed something"
    counted = {row["id"]: row["counted"] for row in empty_db.read(
        "MATCH (d:Deal) WHERE d.id STARTS WITH 'fixture-' RETURN d.id AS id, d.counted AS counted")}
    assert counted == {"fixture-whole": False, "fixture-later": False, "fixture-chips": True, "fixture-cloud": True,
                       "fixture-trio": True}


def test_a_new_report_of_a_duplicate_shows_in_the_deal_it_is_the_same_as(data, empty_db):
    """A duplicate lends its reports to the deal it is the same as: a report added to the duplicate
    changes what that deal shows (its sources, and the amount its reports now dispute)."""
    apply(empty_db, data, deal("fixture-whole", "investment", "nvidia", "openai", "50000000000"))
    apply(empty_db, data, joined(deal("fixture-dup", "investment", "nvidia", "openai", "50000000000"),
                                 link("fixture-dup", "same_as", "fixture-whole")))
    change = Change()
    change.add("sources", FIXTURE_SOURCE)
    change.add("reports", {"deal_id": "fixture-dup", "status": "announced", "amount": "70000000000", "currency": "USD",
                           "amount_qualifier": "up_to", "source_id": FIXTURE_SOURCE["id"],
                           "excerpt": "fixture words giving another amount"})
    apply(empty_db, data, change)
    [shown] = empty_db.read("MATCH (d:Deal {id: 'fixture-whole'}) RETURN d.sources AS sources, d.disputed AS disputed")
    assert FIXTURE_SOURCE["id"] in shown["sources"]
    assert "amount" in shown["disputed"]
