"""Money that reads like money: 'about $100bn', 'up to $40bn', '€3,788bn', '$20'."""
from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least ", "over": "over "}


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
