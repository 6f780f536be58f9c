"""Cells checked a column at a time say exactly what cells checked one by one say, and a file's cells
are cleaned the same whether or not its text lets the reader skip the Unicode composition."""
from __future__ import annotations

import string

from hypothesis import given, settings, strategies as st

from loader import values
from loader.files import clean_cell, read_table
from loader.schema import TABLES
from tests.test_hostile_files import HOSTILE_CELLS

COLUMNS = sorted({(column.kind, column.name): column for table in TABLES for column in table.columns}.values(),
                 key=lambda column: (column.kind, column.name))
NEAR_VALID = ["a-b", "a--b", "-a", "a" * 120, "a" * 121, f"{'a' * 121};b", "a;b", "a; b", "a;", ";a", "0", "00",
              "100", "101", "999999999999999999", "9999999999999999999", "6.6", "6.60", "a b", "a\nb", " a",
              "https://x.y/z", "https://", "10 MW", "1.5 GW", "2025-02-29", "2024-02-29", "USD", "FR", "fr",
              "x" * 20_001, "chips", "yes"]
ALPHABET = string.ascii_letters + string.digits + "-;. \n\t,\"éо\u0301\u200b\x00"
cells = st.one_of(st.sampled_from(HOSTILE_CELLS + NEAR_VALID), st.text(ALPHABET, max_size=30))


@settings(max_examples=300, deadline=None, database=None)
@given(column=st.sampled_from(COLUMNS), column_cells=st.lists(cells, max_size=6))
def test_a_column_at_a_time_finds_what_each_cell_alone_finds(column, column_cells):
    one_by_one = {cell: wrong for cell in column_cells if cell and (wrong := values.problem_with(column, cell))}
    assert values.problems_in(column, column_cells) == one_by_one


def test_every_plain_pattern_is_tried_on_valid_and_invalid_cells():
    """The patterns that accept a cell on sight reject what their kind refuses."""
    for column in COLUMNS:
        if column.kind not in values.PLAIN:
            continue
        judged = values.problems_in(column, NEAR_VALID)
        assert any(cell not in judged for cell in NEAR_VALID), column
        assert judged, column


def test_cells_are_composed_even_where_removing_a_quote_joins_a_letter_and_its_accent(tmp_path):
    table = next(t for t in TABLES if t.name == "sources")
    path = tmp_path / table.file
    header = ",".join(table.header)
    blank = "," * (len(table.header) - 1)
    # the file's text is composed (NFC), but the cell "e" + accent, once the quote between them goes, is not
    path.write_text(f'{header}\n"e"\u0301{blank}\nplain ,{blank[1:]}\n', encoding="utf-8")
    rows, problems = read_table(path, table)
    assert not problems
    assert [row.values[table.header[0]] for row in rows] == [clean_cell("e\u0301"), "plain"] == ["\u00e9", "plain"]
    # decomposed text, composed on reading
    path.write_text(f"{header}\ne\u0301 {blank}\n", encoding="utf-8")
    rows, _ = read_table(path, table)
    assert rows[0].values[table.header[0]] == "\u00e9"
