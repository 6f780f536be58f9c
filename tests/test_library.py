"""The query library's headers are a contract: broken files are refused, naming the file."""
from __future__ import annotations

import pytest

from cypher import LibraryError, format_money, load_library, parse_amount
from cypher.library import FOLDER, parse

GOOD_HEADER = "// name: {name}\n// description: Something useful.\n"


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.cypher"
    path.write_text(text)
    return path


def test_every_query_of_the_library_parses_with_a_description():
    library = load_library()
    assert set(library) == {
        "who-funds-whom", "circular-deals", "money-loops", "entity", "timeline", "refused", "exposure",
        "hubs", "quotes", "sources", "precedents", "path", "gaps", "conflicts", "money-flows", "ownership"}
    assert all(query.description for query in library.values())
    assert [p.name for p in library["money-loops"].params] == ["company", "min_amount", "max_length"]
    assert [p.name for p in library["path"].params] == ["from", "to", "max_length"]
    assert [p.name for p in library["timeline"].params] == ["company", "since", "until"]


def test_the_standard_parameter_names_are_where_scripts_expect_them():
    library = load_library()
    expected = {"company": ["who-funds-whom", "circular-deals", "money-loops", "timeline", "exposure", "quotes"],
                "name": ["entity", "sources"], "min_amount": ["who-funds-whom", "money-loops"],
                "max_length": ["money-loops", "path"]}
    for param, queries in expected.items():
        for name in queries:
            assert library[name].param(param) is not None, f"{name} lacks -p {param}"


@pytest.mark.parametrize("text, message", [
    (GOOD_HEADER + "MATCH (n {id: $company}) RETURN n", r"uses \$company without declaring it"),
    (GOOD_HEADER + "// param: company: entity = null -- x\nMATCH (n) RETURN n", "declares company but never uses it"),
    ("// description: no name\nRETURN 1", "has no '// name: …' line"),
    ("// name: other\n// description: x\nRETURN 1", "declares name 'other'; rename the file"),
    ("// name: {name}\nRETURN 1", "has no '// description: …' line"),
    (GOOD_HEADER + "// param: limit: integer = ten\nRETURN $limit", "the default of limit is not a literal"),
    (GOOD_HEADER + "// param: limit: number = 10\nRETURN $limit", "has kind 'number'"),
    (GOOD_HEADER + "// param limit = 10\nRETURN $limit", "cannot read"),
    (GOOD_HEADER + "// param: a: integer = 1\n// param: a: integer = 2\nRETURN $a", "declared twice"),
])
def test_a_broken_file_is_refused_naming_the_file(tmp_path, text, message):
    path = write(tmp_path, "broken", text.replace("{name}", "broken"))
    with pytest.raises(LibraryError, match=message) as refused:
        load_library(tmp_path)
    assert str(refused.value).startswith("broken.cypher: ")
    assert path.exists()


def test_dollars_in_strings_comments_and_labels_are_not_parameters(tmp_path):
    path = write(tmp_path, "fine", GOOD_HEADER.replace("{name}", "fine") +
                 "// param: min: money = 0 -- x\n"
                 "MATCH (p:Person) // costs $free in a comment\n"
                 "WHERE p.note <> 'costs $5' AND p.value >= $min RETURN p")
    assert [p.name for p in parse(path).params] == ["min"]


def test_the_library_folder_is_the_package_folder():
    assert (FOLDER / "who-funds-whom.cypher").is_file()


@pytest.mark.parametrize("amount, currency, qualifier, text", [
    (100e9, "USD", "about", "about $100bn"),
    (40e9, "USD", "up_to", "up to $40bn"),
    (6.3e9, "USD", "exact", "$6.3bn"),
    (4400e9, "USD", None, "$4,400bn"),
    (3788e9, "EUR", "exact", "€3,788bn"),
    (20, "USD", "exact", "$20"),
    (300e6, "USD", "over", "over $300m"),
    (70, "percent", "exact", "70 percent"),
])
def test_money_reads_like_money(amount, currency, qualifier, text):
    assert format_money(amount, currency, qualifier) == text


def test_amounts_are_read_as_people_type_them():
    assert parse_amount("100bn") == parse_amount("$100bn") == 100e9
    assert parse_amount("6.3bn") == 6.3e9
    assert parse_amount("300m") == 300e6
    assert parse_amount("5,000,000") == 5e6
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount("lots")


def test_browser_links_write_the_values_into_the_query_as_escaped_literals():
    from cypher.library import Query
    from cypher.links import browser_text

    query = Query("q", "d", (), "// name: q\n// param: name: text = null -- x\n"
                  "MATCH (n {id: $name}) // $name in a comment stays\nRETURN '$name' AS s, $name AS v", FOLDER)
    text = browser_text(query, {"name": 'Sam "the" Altman'})
    assert text.splitlines()[0] == r'// circular ask q -p name "Sam \"the\" Altman"'
    assert r'MATCH (n {id: "Sam \"the\" Altman"}) // $name in a comment stays' in text
    assert r"""RETURN '$name' AS s, "Sam \"the\" Altman" AS v""" in text
    assert "// param:" not in text


def test_amounts_keep_their_digits_and_read_a_decimal_comma():
    from loader.values import amount_cell, to_file

    assert amount_cell("1,5bn") == "1500000000"  # the French way
    assert amount_cell("1.07bn") == "1070000000"  # no 1070000000.0000001
    assert amount_cell("5,000,000") == "5000000"
    assert to_file(0.00001) == "0.00001"  # never 1e-05, which check would refuse
