"""Each kind of cell: how it is checked, how it is stored in Neo4j, and how it is written back.

A cell is a string in the files and a typed value in the graph; `to_graph` then `to_file` gives the
cell's canonical form, so load-then-export is stable.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pycountry

from loader.amounts import AmountError, plain_number, read_amount
from loader.schema import NON_CURRENCY_UNITS, Column

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# [0-9], not \d: \d also matches Arabic-Indic or full-width digits, which int() would accept
NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
DECADE = re.compile(r"^([0-9]{3})X$")
POWER = re.compile(r"^([0-9]+(?:\.[0-9]+)?) ?(W|kW|MW|GW)$")
POWER_SCALES = {"W": 0, "kW": 3, "MW": 6, "GW": 9}
FLAG = "yes"
LIST_SEPARATOR = ";"
ID_MAX_LENGTH = 120  # Neo4j refuses to index a value of about 8 KB; an id is meant to be typed
CELL_MAX_LENGTH = 20_000  # an excerpt quotes the words of one fact, not a whole article
# Characters that show nothing, though they are not spaces (category Cf covers most of the others).
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")
SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "CJK": "CJK"}


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def date_precision(cell: str) -> str | None:
    """'decade', 'year', 'month' or 'day' for a valid partial date, else None."""
    if DECADE.match(cell):
        return "decade"
    match = DATE.match(cell)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "day" if day else "month" if month else "year"


# Cells valid on sight: no cell these patterns match (within the length limits) has a problem, so a
# column's cells are checked one pattern each, and problem_with says what is wrong with the others.
_PLAIN_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PLAIN_ITEM = r"[!-:<-~](?:[ -:<-~]*[!-:<-~])?"  # printable ASCII without ';', no space at either end
PLAIN = {kind: re.compile(pattern) for kind, pattern in {
    "id": _PLAIN_ID, "ref": _PLAIN_ID, "refs": rf"{_PLAIN_ID}(?:;{_PLAIN_ID})*",
    "text": r"[ -~\n]*", "list": rf"{_PLAIN_ITEM}(?:;{_PLAIN_ITEM})*",
    "number": r"0|[1-9][0-9]{0,17}", "percent": r"[0-9]|[1-9][0-9]|100",
}.items()}


def problems_in(column: Column, cells: list[str]) -> dict[str, tuple[str, str]]:
    """(what is wrong, how to fix it) for each distinct non-empty cell of a column that has a problem;
    what problem_with says of each, found quickly: each distinct cell is judged once, and one that
    is valid on sight (PLAIN) is not judged at all."""
    distinct = set(cells)
    distinct.discard("")
    plain = PLAIN.get(column.kind)
    if column.kind == "choice":
        doubtful = distinct.difference(column.choices)
    elif plain is not None:
        limit = ID_MAX_LENGTH if column.kind in ("id", "ref", "refs") else CELL_MAX_LENGTH
        match = plain.fullmatch
        doubtful = {cell for cell in distinct if len(cell) > limit or not match(cell)}
    else:
        doubtful = distinct
    return {cell: wrong for cell in doubtful if (wrong := problem_with(column, cell))}


def problem_with(column: Column, cell: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a non-empty cell of this column, or None when it is fine."""
    return text_problem(column, cell) or _kind_problem(column, cell) or _canonical_problem(column, cell)


def _kind_problem(column: Column, cell: str) -> tuple[str, str] | None:
    kind = column.kind
    if kind in ("id", "ref", "refs") and any(len(item) > ID_MAX_LENGTH for item in split_list(cell)):
        return (f"an id of {max(len(item) for item in split_list(cell)):,} characters is too long",
                f"keep ids under {ID_MAX_LENGTH} characters (Neo4j cannot index very long ones): "
                "company-counterparty-yyyy-mm is enough")
    if kind in ("id", "ref") and not ID.match(cell):
        return (f"{cell!r} is not an id",
                "use lowercase letters, digits and single hyphens, e.g. nvidia-openai-2025-09")
    if kind == "refs":
        bad = [item for item in split_list(cell) if not ID.match(item)]
        if bad:
            return f"{bad[0]!r} is not an id", "separate ids with ';', each in lowercase-with-hyphens"
    if kind == "choice" and cell not in column.choices:
        return f"{cell!r} is not allowed", f"use one of: {', '.join(column.choices)}"
    if kind == "percent" and not NUMBER.match(cell):
        return f"{cell!r} is not a percentage in plain digits", "write the share from 0 to 100, e.g. 6.6 for 6.6 %"
    if kind == "number" and not NUMBER.match(cell):
        return (f"{cell!r} is not a number ≥ 0 in plain digits",
                "write it in full units without spaces or separators, e.g. 100000000000 for 100 milliards")
    if kind == "number" and "." not in cell and int(cell) >= 2**63:
        return f"{cell} is too large to store", "check the number of zeros: 100 milliards is 100000000000"
    if kind == "percent" and float(cell) > 100:
        return f"{cell} is more than 100 %", "write a percentage from 0 to 100, e.g. 7 for 7 %"
    if kind == "date" and date_precision(cell) is None:
        return (f"{cell!r} is not a partial ISO date",
                "write YYYY, YYYY-MM or YYYY-MM-DD (a real day), or 199X for a decade; leave it empty if unknown")
    if kind in ("currency", "unit", "country") and cell != cell.upper() and problem_with(column, cell.upper()) is None:
        return f"{cell!r} is written in lower case", f"write it in capitals: {cell.upper()}"
    if kind == "language" and cell != cell.lower() and problem_with(column, cell.lower()) is None:
        return f"{cell!r} is written in capitals", f"write it in lower case: {cell.lower()}"
    if kind == "currency" and pycountry.currencies.get(alpha_3=cell) is None:
        return f"{cell!r} is not an ISO 4217 currency code", "use a code such as USD, EUR, GBP, JPY"
    if kind == "unit" and cell not in NON_CURRENCY_UNITS and pycountry.currencies.get(alpha_3=cell) is None:
        return (f"{cell!r} is not a unit",
                f"use an ISO 4217 currency code (USD, EUR…) or one of: {', '.join(NON_CURRENCY_UNITS)}")
    if kind == "country" and pycountry.countries.get(alpha_2=cell) is None:
        return f"{cell!r} is not an ISO 3166 country code", "use two capital letters, e.g. US, FR, TW"
    if kind == "language" and (len(cell) != 2 or pycountry.languages.get(alpha_2=cell) is None):
        return f"{cell!r} is not an ISO 639-1 language code", "use two lowercase letters, e.g. fr, en"
    if kind == "url" and not re.match(r"^https?://\S+$", cell):
        return f"{cell!r} is not a web address", "write the full address, starting with https:// or http://"
    if kind == "power" and not POWER.match(cell):
        return f"{cell!r} is not a power", "write a number and W, kW, MW or GW, e.g. 10 GW or 750 MW"
    if kind == "flag" and cell != FLAG:
        return f"{cell!r} is not allowed", f"write {FLAG}, or leave it empty"
    if kind == "file" and ("/" in cell or "\\" in cell or cell.startswith(".")):
        return f"{cell!r} is not a plain file name", "give the name of a file in the sources folder, without a path"
    return None


def watts(cell: str) -> int | float:
    """'10 GW' → 10000000000."""
    number, unit = POWER.match(cell).groups()
    value = Decimal(number).scaleb(POWER_SCALES[unit])
    return int(value) if value == value.to_integral_value() else float(value)


def text_problem(column: Column, cell: str) -> tuple[str, str] | None:
    """Text a reader cannot see or tell apart: control and invisible characters, words that mix
    alphabets (a Cyrillic 'о' inside 'CoreWeave'), and cells too long to be a fact."""
    if len(cell) > CELL_MAX_LENGTH:
        return (f"the cell holds {len(cell):,} characters",
                f"keep it under {CELL_MAX_LENGTH:,}; if it swallowed the next rows, a quote is missing its pair")
    if cell.isascii() and cell.replace("\n" if column.kind == "text" else " ", " ").isprintable():
        return None  # the common case, quickly: plain ASCII text has nothing hidden and one alphabet
    for position, char in enumerate(cell, start=1):
        category = unicodedata.category(char)
        allowed_break = char == "\n" and column.kind == "text"
        if (category in ("Cc", "Cf", "Co", "Cs", "Cn") and not allowed_break) or char in INVISIBLE:
            return (f"character {position} is {character_name(char)}, which cannot be seen or printed",
                    "delete it (retype the text around it if need be)")
        if category.startswith("Z") and char != " " and column.kind in ("id", "ref", "refs", "list") \
                or (category.startswith("Z") and char != " " and column.name == "name"):
            return (f"character {position} is {character_name(char)}, not a plain space",
                    "replace it with an ordinary space")
    for word in re.findall(r"[^\W\d_]+", cell):
        scripts = {_script(char) for char in word}
        if len(scripts) > 1:
            first = _script(word[0])
            odd = next(char for char in word if _script(char) != first)
            return (f"the word {word!r} mixes {' and '.join(sorted(s.title() for s in scripts))} letters "
                    f"({character_name(odd)})", "retype the word in one alphabet")
    return None


def character_name(char: str) -> str:
    fallback = "(a control character)" if unicodedata.category(char) == "Cc" else "(an unnamed character)"
    return f"U+{ord(char):04X} {unicodedata.name(char, fallback)}"


def _script(letter: str) -> str:
    script = unicodedata.name(letter, "UNKNOWN").split(" ")[0]
    return SCRIPT_FAMILIES.get(script, script)


TYPED_KINDS = ("list", "refs", "number", "percent", "power")  # stored otherwise than as their cell


def _canonical_problem(column: Column, cell: str) -> tuple[str, str] | None:
    """A valid cell must already be written as the base writes it back, so that load then export
    gives the same bytes: 1.50 is 1.5, a number Neo4j cannot hold exactly is refused."""
    if column.kind not in TYPED_KINDS:
        return None
    written = canonical(column, cell)
    if written == cell:
        return None
    if column.kind in ("number", "percent") and Decimal(written) != Decimal(cell):
        return (f"{cell} has more digits than Neo4j keeps exactly (it would become {written})",
                "round it to 15 significant digits, or check the number of zeros")
    return f"{cell!r} is not written the way the base writes it", f"write it as {written}"


def to_graph(column: Column, cell: str) -> Any:
    """The typed value stored in Neo4j for a valid cell; None for an empty one."""
    if cell == "":
        return None
    if column.kind in ("list", "refs"):
        return split_list(cell)
    if column.kind in ("number", "percent"):
        return float(cell) if "." in cell else int(cell)
    if column.kind == "power":
        number, unit = POWER.match(cell).groups()
        return f"{number} {unit}"
    return cell


def to_file(value: Any) -> str:
    """The cell written back for a value read from Neo4j."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, float):
        return plain_number(value) if not value.is_integer() else repr(value)
    return str(value)


def canonical(column: Column, cell: str) -> str:
    return to_file(to_graph(column, cell))


def parse_amount(text: str) -> float:
    """'100bn', '$6.3bn', '1,5 Md$', '300m', '5,000,000' → a number in US dollars; ValueError when unreadable."""
    amount = read_amount(text)
    if amount.currency not in (None, "USD"):
        raise AmountError(f"{text.strip()!r} is in {amount.currency}", "give the amount in US dollars, e.g. $10bn")
    return float(amount.value)


def amount_cell(text: str) -> str:
    """An amount as typed ('6.3bn', '1,5 Md€', '6300000000.0') in the files' plain digits ('6300000000')."""
    if text.strip() == "":
        return ""
    return plain_number(read_amount(text).value)
