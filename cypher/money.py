"""Money that reads like money: 'about $100bn', 'up to $40bn', '€3,788bn', '$20'."""
from __future__ import annotations

import re

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least ", "over": "over "}
SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "t": 1e12}
AMOUNT = re.compile(r"^\$?\s*(\d+(?:\.\d+)?)\s*([a-z]*)$")


def _figure(value: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m")):
        if value >= size:
            scaled = round(value / size, 1)
            return f"{scaled:,.1f}".removesuffix(".0") + suffix
    return f"{value:,.2f}".removesuffix(".00")


def format_money(amount: float | None, currency: str | None, qualifier: str | None = None,
                 amount_max: float | None = None) -> str:
    if amount is None:
        return ""
    symbol = SYMBOLS.get(currency or "")
    text = _figure(amount)
    if amount_max is not None:
        text += "–" + _figure(amount_max)
    text = f"{symbol}{text}" if symbol else f"{text} {currency or ''}".strip()
    return QUALIFIER_WORDS.get(qualifier or "exact", "") + text


def parse_amount(text: str) -> float:
    """'100bn', '$6.3bn', '300m', '5000000' → a number of dollars; ValueError when unreadable."""
    match = AMOUNT.match(text.strip().lower().replace(",", "").replace("_", ""))
    if not match or match[2] not in ("", *SCALES):
        raise ValueError(f"{text!r} is not an amount: write it like 5000000, 300m, 6.3bn or $100bn.")
    return float(match[1]) * SCALES.get(match[2], 1)
