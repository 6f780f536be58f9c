"""Hostile files: mutations of the real data files, drawn by Hypothesis, through `check` and `load`.

Whatever the mutation — a cell changed to odd text, a stray quote, a NUL, a byte-order mark, CRLF
endings, a lost or doubled line — `check` answers with problems and never a traceback; `load`
agrees with it; a refused load leaves the database as it was; an accepted one gives back, through
`export`, the very bytes of the files (once the normalisations are written back).

The mutations are written over loader.schema.TABLES and whatever CSV files data/ holds, so that a
new table or column is mutated too. CIRCULAR_HOSTILE_EXAMPLES sets how many are tried (default 60).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import loader
from loader.files import read_dataset, rewrite_canonical
from loader.schema import TABLES
from tests.conftest import ROOT, snapshot

DATA = ROOT / "data"
EXAMPLES = int(os.environ.get("CIRCULAR_HOSTILE_EXAMPLES", "60"))
TABLE_FILES = sorted({table.file for table in TABLES} | {p.name for p in DATA.glob("*.csv")})

HOSTILE_CELLS = [
    "", " ", "  padded  ", "\x00", "\ufeff", "\u200b", "\u200b\u200b", "a\u202eb", "CоrеWеаvе", "Ѕamsung",
    "usd", "eur", "fr", "us", "EN", "٢٠٢٥", "２０２５", "2025-13-40", "2025-02-30", "2025 ", "199X",
    "1" * 40, "1" * 30 + ".5", "1.50", "007", "-1", "1e10", "NaN", "Infinity", "0.1", "100.0",
    "a" * 9000, "x" * 200_000, '"', '""', "a,b", "a\nb", "a\r\nb", "\x1b[31mred", "=HYPERLINK(\"x\")",
    "'; MATCH (n) DETACH DELETE n //", "`", "$param", "nvidia", "openai;nvidia", "nvidia;;openai",
    "e\u0301", "\U0001F600", "\ud7ff", "yes", "no", "10 GW", "10GW",
]

cells = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=40),
                  st.text(alphabet=st.characters(codec="utf-8"), max_size=12))


def _mutate_cell(text: str, data: st.DataObject) -> str:
    lines = text.split("\n")
    number = data.draw(st.integers(1, max(1, len(lines) - 2)), label="line")
    fields = lines[number].split(",")
    column = data.draw(st.integers(0, len(fields) - 1), label="field")
    value = data.draw(cells, label="value")
    fields[column] = '"' + value.replace('"', '""') + '"' if data.draw(st.booleans(), label="quoted") else value
    lines[number] = ",".join(fields)
    return "\n".join(lines)


def _mutate_bytes(raw: bytes, data: st.DataObject) -> bytes:
    kind = data.draw(st.sampled_from(["quote", "nul", "bom", "crlf", "delete", "double-line", "drop-line",
                                      "latin-1", "header", "truncate", "semicolons"]), label="kind")
    at = data.draw(st.integers(0, max(0, len(raw) - 1)), label="at")
    lines = raw.split(b"\n")
    if kind == "quote":
        return raw[:at] + b'"' + raw[at:]
    if kind == "nul":
        return raw[:at] + b"\x00" + raw[at:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if kind == "delete":
        return raw[:at] + raw[at + 1:]
    if kind in ("double-line", "drop-line") and len(lines) > 2:
        line = data.draw(st.integers(1, len(lines) - 2), label="line")
        twice = [lines[line]] if kind == "double-line" else []
        return b"\n".join(lines[:line + 1] + twice + lines[line + 1:] if twice else lines[:line] + lines[line + 1:])
    if kind == "latin-1":
        return raw.decode("utf-8", "replace").encode("latin-1", "replace")
    if kind == "header":
        header = lines[0].split(b",")
        header[data.draw(st.integers(0, len(header) - 1), label="column")] = b"Renamed"
        return b"\n".join([b",".join(header)] + lines[1:])
    if kind == "truncate":
        return raw[:at]
    if kind == "semicolons":
        return raw.replace(b",", b";")
    return raw


OUTCOMES = {"refused by check": 0, "loaded and exported": 0}


@pytest.fixture(scope="module")
def hostile_db(connection):
    """The database, emptied once; each example loads its own files with --replace."""
    with connection.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    yield connection
    print(f"\nhostile files: {OUTCOMES}")  # shown with -s: how the mutations fared


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_files_are_checked_loaded_and_exported_in_agreement(hostile_db, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("mutated")
    for path in DATA.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    target = folder / data.draw(st.sampled_from(TABLE_FILES), label="file")
    if data.draw(st.booleans(), label="cell or bytes"):
        target.write_text(_mutate_cell(target.read_text(encoding="utf-8"), data), encoding="utf-8")
    else:
        target.write_bytes(_mutate_bytes(target.read_bytes(), data))

    problems = loader.check(folder)  # never raises: any exception fails the test
    before = snapshot(hostile_db)
    if problems:
        with pytest.raises(loader.InvalidData) as refused:
            loader.load(hostile_db, folder, replace=True)
        assert refused.value.problems == problems
        assert all(p.message and p.fix for p in problems)
        assert snapshot(hostile_db) == before, "a refused load changed the database"
        OUTCOMES["refused by check"] += 1
        return
    loader.load(hostile_db, folder, replace=True)  # check passed: Neo4j must accept it too
    dataset, _ = read_dataset(folder)
    rewrite_canonical(folder, dataset)
    exported = tmp_path_factory.mktemp("exported")
    loader.export(hostile_db, exported)
    for table in TABLES:
        assert (exported / table.file).read_bytes() == (folder / table.file).read_bytes(), \
            f"{table.file} does not come back byte for byte"
    assert not list(folder.glob(".circular-journal*")) and not list(folder.glob("*.tmp"))
    OUTCOMES["loaded and exported"] += 1


def _one_problem(folder: Path) -> str:
    problems = loader.check(folder)
    assert len(problems) == 1, problems
    return str(problems[0])


@pytest.mark.parametrize("table, column, value, expected", [
    ("entities", "id", "a" * 9000, "an id of 9,000 characters is too long"),
    ("reports", "amount", "1" * 40, "is too large to store"),
    ("entities", "description", "x" * 200_000, "the cell holds 200,000 characters"),
    ("entities", "name", "CоrеWеаvе", "mixes Cyrillic and Latin letters (U+043E CYRILLIC SMALL LETTER O)"),
    ("entities", "name", "Core\u200bWeave", "U+200B ZERO WIDTH SPACE, which cannot be seen"),
    ("reports", "currency", "usd", "write it in capitals: USD"),
    ("reports", "date", "٢٠٢٥", "is not a partial ISO date"),
    ("reports", "amount", "1" * 30 + ".5", "more digits than Neo4j keeps exactly"),
])
def test_each_hostile_value_gets_one_sentence_and_load_agrees(empty_db, tmp_path, table, column, value, expected):
    from tests import csvedit

    folder = csvedit.copy_data(tmp_path / "data")
    rows = csvedit.read(folder / f"{table}.csv")
    if column == "id" and table == "entities":  # a new entity, so that nothing refers to a missing one
        rows.append({**rows[0], "id": value, "name": "Fixture entity (test)", "aliases": ""})
    else:
        rows[0][column] = value
    csvedit.write(folder / f"{table}.csv", rows)
    sentence = _one_problem(folder)
    assert expected in sentence and " — " in sentence, sentence
    before = snapshot(empty_db)
    with pytest.raises(loader.InvalidData):
        loader.load(empty_db, folder)
    assert snapshot(empty_db) == before


def test_a_stray_quote_makes_a_field_of_any_size_a_problem_not_a_crash(tmp_path):
    from tests import csvedit

    folder = csvedit.copy_data(tmp_path / "data")
    path = folder / "reports.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",", ',"', 1)  # the quote never closes: the field runs to the end
    path.write_text("\n".join(lines + ["x" * 200_000]), encoding="utf-8")
    problems = loader.check(folder)
    assert problems and all(p.file == "reports.csv" for p in problems)
