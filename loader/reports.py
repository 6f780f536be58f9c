"""What a deal shows, from what its reports say.

A deal may have any number of reports, one per source. None overwrites another: each keeps its own
values in reports.csv. The values a deal shows in answers follow one rule, field group by field group:

1. the report an editor marked `preferred`;
2. then the report from the most recently published source (a later report usually knows more);
3. then the report whose source id comes first, so the choice never depends on the order of rows.

The first report in that order that gives a group (the amount with its currency, qualifier, range and
period; the stake with its qualifier; the date; …) gives the whole group, so a qualifier is never
shown with another source's amount. A group on which the reports differ is `disputed`; `circular ask
conflicts` lists every such difference side by side with the sources.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from loader import values
from loader.money import format_money, format_stake
from loader.schema import REPORTS

# Field groups, each named by its first field, which must be given for the group to count as given.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("status",), ("date",),
    ("amount", "currency", "amount_qualifier", "amount_max", "amount_period"),
    ("stake_percent", "stake_qualifier"), ("capacity",), ("quantity", "quantity_unit"),
    ("share_price", "currency"), ("maturity",), ("duration",), ("places",), ("outcome",),
    ("cited_source_id",),
)
SHOWN_FIELDS = (*dict.fromkeys(field for group in GROUPS for field in group), "share_price_currency")
# A deal found to be the same as another (links.csv `same_as`) lends its reports to that one.
COLUMNS = {c.name: c for c in REPORTS.columns}


def ranked(reports: Iterable[Mapping[str, str]], published: Mapping[str, str]) -> list[Mapping[str, str]]:
    """Reports in the order whose first giver of a field group is shown (see the module's rule)."""
    by_source = sorted(reports, key=lambda r: r["source_id"])
    by_date = sorted(by_source, key=lambda r: published.get(r["source_id"], ""), reverse=True)
    return sorted(by_date, key=lambda r: r.get("preferred", "") != values.FLAG)


def shown(deal_id: str, reports: list[Mapping[str, str]], published: Mapping[str, str],
          rates: list[Mapping[str, str]]) -> dict[str, Any]:
    """The properties a deal shows: each field group from its first report, plus what is derived
    from them (money as people read it, dollars, watts) and which groups the reports dispute."""
    order = ranked(reports, published)
    cells: dict[str, str] = {}
    disputed = []
    money_report = None
    for group in GROUPS:
        lead = group[0]
        giving = [r for r in order if r.get(lead)]
        if giving and lead == "share_price":  # a share price in its own currency, whatever the amount's
            cells.update(share_price=giving[0]["share_price"], share_price_currency=giving[0].get("currency", ""))
        elif giving:
            cells.update({field: giving[0].get(field, "") for field in group})
            money_report = giving[0] if lead == "amount" else money_report
        if len(giving) > 1 and len({tuple(values.canonical(COLUMNS[f], r.get(f, "")) for f in group)
                                    for r in giving}) > 1:
            disputed.append(lead)
    props: dict[str, Any] = {field: None for field in SHOWN_FIELDS}
    for field, cell in cells.items():
        column = COLUMNS.get(field, COLUMNS["currency"])
        props[field] = values.to_graph(column, cell) if cell else None
    props["terms"] = _terms(props) or None
    source = money_report or (order[0] if order else {})
    props.update(
        source_id=source.get("source_id"), excerpt=source.get("excerpt"),
        sources=[r["source_id"] for r in order], reports=len(order), disputed=disputed or None,
        date_precision=values.date_precision(cells["date"]) if cells.get("date") else None,
        capacity_watts=values.watts(cells["capacity"]) if cells.get("capacity") else None,
        stake=format_stake(props["stake_percent"], props["stake_qualifier"]),
        money=format_money(props["amount"], props["currency"], props["amount_qualifier"], props["amount_max"],
                           props["amount_period"]) or None,
        **_in_dollars(cells, rates))
    return {"id": deal_id, "values": props}


def _terms(props: Mapping[str, Any]) -> str:
    """What the deal is made of besides money, as people read it: '10 GW; 400,000 chips; matures 2030'."""
    parts = []
    if props.get("capacity"):
        parts.append(props["capacity"])
    if props.get("quantity") is not None:
        parts.append(f"{props['quantity']:,} {props.get('quantity_unit') or ''}".strip())
    if props.get("share_price") is not None:
        parts.append("share price " + format_money(props["share_price"], props.get("share_price_currency")))
    if props.get("maturity"):
        parts.append(f"matures {props['maturity']}")
    if props.get("duration"):
        parts.append(props["duration"])
    return "; ".join(parts)


def _in_dollars(cells: Mapping[str, str], rates: list[Mapping[str, str]]) -> dict[str, Any]:
    """amount_usd, and for another currency the rate used, as a sentence; no rate, no dollars."""
    amount, currency = cells.get("amount"), cells.get("currency")
    if not amount:
        return {"amount_usd": None, "usd_rate": None}
    if currency == "USD":
        return {"amount_usd": values.to_graph(COLUMNS["amount"], amount), "usd_rate": None}
    rate = pick_rate(rates, currency, cells.get("date", ""))
    if rate is None:
        return {"amount_usd": None, "usd_rate": f"no rate for {currency} in rates.csv: not converted"}
    per_unit = Decimal(rate["usd_amount"]) / Decimal(rate["amount"])
    dollars = Decimal(amount) * per_unit
    return {"amount_usd": float(dollars),
            "usd_rate": f"converted at 1 {currency} = {per_unit:.4f} USD ({rate['source_id']}, {rate['as_of']})"}


def pick_rate(rates: list[Mapping[str, str]], currency: str | None, date: str) -> Mapping[str, str] | None:
    """The most recent rate of this currency on or before the date, else the earliest after it;
    for an undated deal, the most recent."""
    mine = sorted((r for r in rates if r["currency"] == currency), key=lambda r: r["as_of"])
    if not mine:
        return None
    before = [r for r in mine if not date or r["as_of"][:len(date)] <= date]
    return before[-1] if before else mine[0]
