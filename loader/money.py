"""Money that reads like money: 'about $100bn', 'up to $40bn', '€3,788bn', '$20'."""
from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least ", "over": "over "}
PERIOD_WORDS = {"per_day": " a day", "per_month": " a month", "per_year": " a year"}


def _figure(value: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m")):
        if value >= size:
            scaled = round(value / size, 1)
            return f"{scaled:,.1f}".removesuffix(".0") + suffix
    return f"{value:,.2f}".removesuffix(".00")


def format_money(amount: float | None, currency: str | None, qualifier: str | None = None,
                 amount_max: float | None = None, period: str | None = None) -> str:
    """'about $100bn', '$17.4bn–19.4bn', '$5 a day', '1.3bn CHF'."""
    if amount is None:
        return ""
    symbol = SYMBOLS.get(currency or "")
    text = _figure(amount)
    if amount_max is not None:
        text += "–" + _figure(amount_max)
    text = f"{symbol}{text}" if symbol else f"{text} {currency or ''}".strip()
    return QUALIFIER_WORDS.get(qualifier or "exact", "") + text + PERIOD_WORDS.get(period or "", "")


def format_stake(percent: float | None, qualifier: str | None = None) -> str | None:
    """'up to 10 %', '6.6 %'."""
    if percent is None:
        return None
    number = f"{percent:g}" if isinstance(percent, float) else str(percent)
    return f"{QUALIFIER_WORDS.get(qualifier or 'exact', '')}{number} %"


def format_total(parts: list[dict]) -> str:
    """A sum kept by qualifier, so that none is lost: '$22bn + about $100bn + up to $40bn'."""
    return " + ".join(format_money(p.get("amount"), p.get("currency"), p.get("amount_qualifier")) for p in parts
                      if p.get("amount") is not None)
