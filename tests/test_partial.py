"""A change to a folder a full check vouched for is checked on its own rows, against the rest of the
folder: it finds what a check of the whole folder finds, writes the same bytes, and a folder changed
since its check is checked whole again. Every new row is a made-up fixture."""
from __future__ import annotations

import os
import shutil
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

import loader
from cli.main import cli
from loader import checked, partial, validate
from loader.changes import Change, check_change, combined
from loader.files import read_dataset, table_text
from loader.schema import BY_NAME
from loader.sorted_file import SortedFile
from tests import csvedit
from tests.conftest import SEEDS, files_and_neo4j_agree

SOURCE = "lemonde-2025-10-circulaire"


@pytest.fixture
def folder(tmp_path):
    """A copy of the article's data, checked whole once (with the sources' texts), so vouched for."""
    folder = csvedit.copy_data(tmp_path / "data")
    loader.read_valid(folder, SEEDS)
    return folder


def whole_check(folder, change: Change) -> list[loader.Problem]:
    return validate.validate(combined(loader.read_valid(folder, SEEDS), change), SEEDS)


def scoped_check(folder, change: Change) -> list[loader.Problem]:
    assert isinstance(partial.read(folder, SEEDS), partial.Slice), "the folder should be vouched for"
    try:
        check_change(folder, change, SEEDS)
    except loader.InvalidData as invalid:
        return invalid.problems
    return []


def new_deal(ident="fixture-deal", funder="nvidia", recipient="openai", **report) -> Change:
    change = Change()
    change.add("deals", {"id": ident, "type": "investment", "summary": "A fixture deal (test)."})
    change.add("reports", {"deal_id": ident, "status": "announced", "source_id": SOURCE,
                           "excerpt": "Jensen Huang a-t-il décidé", **report})
    change.add("parties", {"deal_id": ident, "entity_id": funder, "role": "funder"})
    change.add("parties", {"deal_id": ident, "entity_id": recipient, "role": "recipient"})
    return change


def with_rows(change: Change, *rows: tuple[str, dict]) -> Change:
    for table, values in rows:
        change.add(table, values)
    return change


def without(*keys: tuple[str, tuple[str, ...]]) -> Change:
    change = Change()
    for table, key in keys:
        change.remove(table, key)
    return change


def preferred_twice(folder) -> Change:
    path = folder / "reports.csv"
    rows = csvedit.read(path)
    rows[0]["preferred"] = "yes"
    csvedit.write(path, rows)
    loader.read_valid(folder, SEEDS)
    change = Change()
    change.add("sources", {"id": "fixture-wire-2026", "publisher": "Fixture Wire (test fixture)", "published": "2026"})
    change.add("reports", {"deal_id": rows[0]["deal_id"], "status": "signed", "preferred": "yes",
                           "source_id": "fixture-wire-2026", "excerpt": "fixture words of the test"})
    return change


def edited_report(folder) -> Change:
    row = csvedit.read(folder / "reports.csv")[3]
    change = Change()
    change.replace("reports", {**row, "amount": "1.50", "excerpt": "words the source never printed"})
    return change


BAD_CHANGES = {
    "a deal id taken by a deal": lambda folder: new_deal("amazon-anthropic"),
    "a deal id taken by an entity": lambda folder: new_deal("nvidia"),
    "an unknown party": lambda folder: new_deal(recipient="fixture-nobody"),
    "an amount that is not one": lambda folder: new_deal(amount="lots", currency="USD", amount_qualifier="about"),
    "an excerpt the source does not hold": lambda folder: new_deal(excerpt="words the source never printed"),
    "the same party twice": lambda folder: with_rows(new_deal(), ("parties", {"deal_id": "fixture-deal",
                                                                            "entity_id": "openai", "role": "buyer"})),
    "a deal without a report": lambda folder: with_rows(Change(), ("deals", {"id": "fixture-deal", "type": "loan",
                                                                             "summary": "A fixture deal (test)."})),
    "a deal linked to itself": lambda folder: with_rows(new_deal(), ("links", {
        "deal_id": "fixture-deal", "relation": "part_of", "other_deal_id": "fixture-deal", "source_id": SOURCE,
        "excerpt": "Jensen Huang a-t-il décidé"})),
    "a name another entity has": lambda folder: with_rows(Change(), ("entities", {
        "id": "fixture-chips", "type": "company", "name": "Fixture Chips", "aliases": "NVIDIA",
        "source_id": SOURCE, "excerpt": "Jensen Huang a-t-il décidé"})),
    "a role of a company as a person": lambda folder: with_rows(Change(), ("roles", {
        "person_id": "nvidia", "org_id": "openai", "relation": "advises", "source_id": SOURCE,
        "excerpt": "Jensen Huang a-t-il décidé"})),
    "a deal's further source as a citation": lambda folder: with_rows(Change(), ("citations", {
        "fact_id": "amazon-anthropic", "source_id": SOURCE, "excerpt": "Jensen Huang a-t-il décidé"})),
    "a second preferred report": preferred_twice,
    "a deal left without parties": lambda folder: without(("parties", ("amazon-anthropic", "amazon")),
                                                          ("parties", ("amazon-anthropic", "anthropic"))),
    "a report edited wrong": edited_report,
}


@pytest.mark.parametrize("what", BAD_CHANGES)
def test_a_change_checked_on_its_own_rows_finds_what_a_whole_check_finds(folder, what):
    change = BAD_CHANGES[what](folder)
    found = scoped_check(folder, change)
    assert found, f"{what}: nothing found"
    assert found == whole_check(folder, change)


def test_a_good_change_is_found_good_both_ways(folder):
    change = with_rows(new_deal(amount="2000000000", currency="USD", amount_qualifier="about"), ("links", {
        "deal_id": "fixture-deal", "relation": "pays_for", "other_deal_id": "openai-nvidia-chips-2025-09",
        "source_id": SOURCE, "excerpt": "Jensen Huang a-t-il décidé"}))
    assert scoped_check(folder, change) == [] == whole_check(folder, change)


def test_a_folder_changed_since_its_check_is_checked_whole(folder, tmp_path):
    assert isinstance(partial.read(folder, SEEDS), partial.Slice)
    path = folder / "entities.csv"
    original, stat = path.read_bytes(), path.stat()
    # one byte changed, same size and same time: only the digest tells
    path.write_bytes(original.replace(b"Nvidia", b"Nvidib", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert not isinstance(partial.read(folder, SEEDS), partial.Slice)
    # a row broken by hand is found by the next change's check, as by `circular check`
    csvedit.set_cell(path, 2, "type", "startup")
    with pytest.raises(loader.InvalidData, match="1 problem"):
        check_change(folder, new_deal(), SEEDS)
    path.write_bytes(original)
    loader.read_valid(folder, SEEDS)
    assert isinstance(partial.read(folder, SEEDS), partial.Slice)
    # the same bytes written again (a checkout, a copy) are the same file
    shutil.copy(path, tmp_path / "copy.csv")
    shutil.copy(tmp_path / "copy.csv", path)
    assert isinstance(partial.read(folder, SEEDS), partial.Slice)
    # another texts folder, or a source's text changed, is not what was checked
    assert not isinstance(partial.read(folder, tmp_path), partial.Slice)
    texts = tmp_path / "texts"
    shutil.copytree(SEEDS, texts)
    loader.read_valid(folder, texts)
    assert isinstance(partial.read(folder, texts), partial.Slice)
    text = next(texts.iterdir())
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not isinstance(partial.read(folder, texts), partial.Slice)


def test_a_load_of_the_very_files_a_check_found_valid_does_not_check_them_again(folder, empty_db, tmp_path):
    assert loader.read_unchecked(folder, SEEDS).vouched()
    report = loader.load(empty_db, folder, sources_dir=SEEDS)
    assert report.tables["deals"].created > 10 and not report.tables["deals"].unchanged
    assert files_and_neo4j_agree(empty_db, folder, tmp_path)


def test_a_load_checks_every_row_again_when_a_file_or_a_text_changed_since_the_check(folder, empty_db, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(SEEDS, texts)
    loader.read_valid(folder, texts)
    path = folder / "deals.csv"
    original = path.read_bytes()
    csvedit.set_cell(path, 2, "type", "gift")
    assert not loader.read_unchecked(folder, texts).vouched()
    with pytest.raises(loader.InvalidData) as refused:
        loader.load(empty_db, folder, sources_dir=texts)
    assert [(p.file, p.row, p.column) for p in refused.value.problems] == [("deals.csv", 2, "type")]
    path.write_bytes(original)  # the very bytes checked: vouched for again
    assert loader.read_unchecked(folder, texts).vouched()

    text = texts / "000_d8f531d4e2727d5e.txt"
    excerpt = "AMD va lui offrir jusqu’à 10 % de son capital"
    text.write_text(text.read_text(encoding="utf-8").replace(excerpt, "AMD va lui offrir"), encoding="utf-8")
    assert not loader.read_unchecked(folder, texts).vouched()
    with pytest.raises(loader.InvalidData) as refused:
        loader.load(empty_db, folder, sources_dir=texts)
    assert {(p.file, p.column, p.message) for p in refused.value.problems} >= {
        ("reports.csv", "excerpt", "the excerpt does not occur in the text of 'lemonde-2025-10-circulaire'")}
    assert empty_db.read("RETURN COUNT { (n) } AS nodes") == [{"nodes": 0}]


def test_a_record_made_under_other_rules_or_for_other_texts_vouches_for_nothing(folder, tmp_path):
    assert not loader.read_unchecked(folder, tmp_path).vouched()
    record = checked.path(folder)
    record.write_text(record.read_text(encoding="utf-8").replace(checked.rules(), "other rules"), encoding="utf-8")
    assert not loader.read_unchecked(folder, SEEDS).vouched()


def test_a_folder_not_in_canonical_form_is_checked_whole(folder):
    path = folder / "deals.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    loader.read_valid(folder, SEEDS)
    assert checked.load(folder).files["deals.csv"].canonical is False
    assert not isinstance(partial.read(folder, SEEDS), partial.Slice)


def test_additions_check_their_own_rows_not_the_whole_base(data, empty_db, tmp_path, monkeypatch):
    """Once `circular load` (or `check`) found the folder valid, each addition checks its own rows only,
    the one after it too: the folder an addition leaves is vouched for in turn."""
    checked_rows, whole_checks = [], []
    real_check, real_validate = validate.check, validate.validate
    monkeypatch.setattr("loader.changes.check",
                        lambda rows, *args: (checked_rows.append(rows), real_check(rows, *args))[1])
    for module in (sys.modules["loader.changes"], sys.modules["loader.load"]):
        monkeypatch.setattr(module, "validate", lambda *args: (whole_checks.append(1), real_validate(*args))[1])
    for funder, recipient in (("Nvidia", "CoreWeave"), ("CoreWeave", "OpenAI")):
        result = CliRunner().invoke(cli, [
            "add", "deal", "--data-dir", str(data), "--no-interactive", "--type", "loan", "--status", "announced",
            "--funder", funder, "--recipient", recipient, "--amount", "3bn", "--currency", "USD",
            "--qualifier", "about", "--date", "2026-01", "--summary", f"{funder} lends {recipient} $3bn (fixture).",
            "--source", SOURCE, "--excerpt", "fixture words of a loan", "--on-duplicate", "keep"])
        assert result.exit_code == 0, result.output
    assert whole_checks == []
    assert [{name: len(found) for name, found in rows.items() if found} for rows in checked_rows] == \
        [{"deals": 1, "reports": 1, "parties": 2}] * 2
    assert loader.check(data) == []
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


# -- splicing -----------------------------------------------------------------------------------------
TEXT = st.text(alphabet=st.sampled_from(list("abz-,\" \n0é")), min_size=1, max_size=12).map(str.strip).filter(bool)
IDS = st.text(alphabet=st.sampled_from(list("0az-")), min_size=1, max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["deals", "reports", "parties", "links", "entities"]), data=st.data())
def test_splicing_rows_into_a_sorted_file_writes_the_bytes_of_the_whole_table(folder, name, data):
    """The article's tables, with rows added anywhere, replaced and removed: the same bytes either way."""
    table = BY_NAME[name]
    rows = [row.values for row in read_dataset(folder)[0][name]]
    removed = data.draw(st.lists(st.sampled_from(rows), max_size=3, unique_by=table.key_of))
    kept = [row for row in rows if row not in removed]
    replaced = [{**row, table.header[-1]: data.draw(TEXT)}
                for row in data.draw(st.lists(st.sampled_from(kept), max_size=3, unique_by=table.key_of))]
    taken = {table.key_of(row) for row in rows}
    added = []
    for ident in data.draw(st.lists(IDS, max_size=4, unique=True)):
        row = {**rows[0], **{column: ident for column in table.key}, table.header[-1]: data.draw(TEXT)}
        if table.key_of(row) not in taken:
            added.append(row)
    before = table_text(table, rows).encode("utf-8")
    change = Change()
    for row in added:
        change.add(name, row)
    for row in replaced:
        change.replace(name, row)
    for row in removed:
        change.remove(name, table.key_of(row))
    dataset = {t: [] for t in BY_NAME}
    dataset[name] = read_dataset(folder)[0][name]
    after = combined(dataset, change)[name]
    for counted in (len(rows), -1):  # the rows counted by the record of a check, or not
        spliced = SortedFile(table, before, counted).spliced([r.values for r in change.added.get(name, [])],
                                                             [r.values for r in change.replaced.get(name, [])],
                                                             change.removed.get(name, []))
        assert spliced == (table_text(table, [row.values for row in after]).encode("utf-8"), len(after))
