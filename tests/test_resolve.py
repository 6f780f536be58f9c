"""Names typed by people resolve through the entity_lookup index, whatever characters they hold."""
from __future__ import annotations

import pytest

import loader
from cypher import QueryError, resolve
from cypher.run import BY_NAME
from tests import csvedit

# made-up entities for this test only, sourced to the article's first source as the fixtures do
AWKWARD = {
    "odd-one": ("AT&T (US) \"Labs\"", "Back\\slash;x+y:z"),
    "odd-two": ("Über Größe", "C3.ai?;a/b*c"),
}


@pytest.fixture
def odd_base(empty_db, tmp_path):
    data = csvedit.copy_data(tmp_path / "data")
    source = csvedit.read(data / "sources.csv")[0]["id"]
    for ident, (name, aliases) in AWKWARD.items():
        csvedit.append(data / "entities.csv", id=ident, type="company", name=name, aliases=aliases,
                       source_id=source, excerpt="fixture: a made-up entity for this test")
    loader.load(empty_db, data)
    return empty_db


@pytest.mark.parametrize("typed, expected", [
    ('at&t (us) "labs"', "odd-one"), ("BACK\\SLASH", "odd-one"), ("x+y:z", "odd-one"), ("  odd-one ", "odd-one"),
    ("über größe", "odd-two"), ("c3.AI?", "odd-two"), ("A/B*C", "odd-two"), ("Nvidia", "nvidia")])
def test_names_with_query_syntax_in_them_resolve(odd_base, typed, expected):
    assert resolve(odd_base, typed) == expected


def test_a_wildcard_or_a_prefix_is_not_a_name(odd_base):
    for typed in ("*", "nvid*", "c3.ai", "odd", ""):
        with pytest.raises(QueryError, match="Nothing in the base is called"):
            resolve(odd_base, typed)


def test_a_typo_is_answered_from_the_index(odd_base):
    with pytest.raises(QueryError, match="Did you mean 'Über Größe'"):
        resolve(odd_base, "Uber Größe")


def test_resolving_reads_the_index_not_every_entity(odd_base):
    with odd_base.session() as session:
        plan = session.run("PROFILE " + BY_NAME, term="nvidia", wanted="Nvidia").consume().profile
    operators = []

    def walk(step):
        operators.append(step["operatorType"])
        for child in step.get("children", []):
            walk(child)
    walk(plan)
    assert not any("NodeByLabelScan" in op or "AllNodesScan" in op for op in operators), operators
    assert "ProcedureCall@neo4j" in operators
