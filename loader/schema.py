"""circular's data model, declared as data: the CSV tables, their columns and what each may hold.

The validator, the graph writer, the exporter and data/README.md all follow these declarations.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("company", "person", "project", "product", "group")
ROLE_RELATIONS = ("leads", "works_at", "founded", "advises")
DEAL_TYPES = ("investment", "equity_stake", "warrant", "loan", "vendor_financing", "fundraising",
              "chip_purchase", "cloud_contract", "lease", "purchase", "revenue_share", "wage", "partnership",
              "project", "construction")
# Deals that give a share of capital: without an amount they are an ownership tie, not a payment.
OWNERSHIP_TYPES = ("equity_stake", "warrant")
# Deals whose money is lent: debt for the borrower, never income.
LENDING_TYPES = ("loan", "vendor_financing")
DEAL_STATUSES = ("announced", "planned", "signed", "in_progress", "completed", "reported", "refused",
                 "historical")
PARTY_ROLES = ("funder", "recipient", "buyer", "seller", "partner", "supplier", "requester",
               "counterparty")
QUALIFIERS = ("exact", "about", "up_to", "at_least", "over")
PERIODS = ("per_day", "per_month", "per_year")
# How one deal stands to another: deal_id RELATION other_deal_id.
DEAL_RELATIONS = ("pays_for", "part_of", "expands", "amends", "replaces", "same_as")
METRICS = ("market_value", "valuation", "revenue", "net_profit", "net_loss", "capital_need",
           "market_share", "revenue_share", "price", "age", "staff_turnover", "units_sold", "wage")
NON_CURRENCY_UNITS = ("percent", "years", "units", "per_day", "per_month")

# Money moves from the first role to the second, for every deal that is not refused.
MONEY_DIRECTIONS = (("funder", "recipient"), ("buyer", "seller"))


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    """id | text | choice | ref | refs | list | number | percent | date | currency | unit | country |
    language | url | file | power | flag"""
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None
    """for ref/refs: the table the value points to, or `entity:TYPE` for entities of one type,
    or `entity:!person` for any entity that is not a person, or `any` for any id in the base."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    sourced: bool = True  # has source_id and excerpt columns
    fields: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", {c.name: c for c in self.columns})
        object.__setattr__(self, "_header", tuple(c.name for c in self.columns))

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> tuple[str, ...]:
        return self._header

    def key_of(self, row: dict[str, str]) -> tuple[str, ...]:
        return tuple(map(row.__getitem__, self.key))


def _id() -> Column:
    return Column("id", "id", required=True)


def _sourcing() -> tuple[Column, ...]:
    return (Column("source_id", "ref", required=True, ref="sources"),
            Column("excerpt", "text", required=True))


SOURCES = Table("sources", (
    _id(),
    Column("title", "text"),
    Column("publisher", "text", required=True),
    Column("published", "date"),
    Column("url", "url"),
    Column("language", "language"),
    Column("cites", "refs", ref="sources"),
    Column("text_file", "file"),
    Column("paywalled", "text"),
), sourced=False)

ENTITIES = Table("entities", (
    _id(),
    Column("type", "choice", required=True, choices=ENTITY_TYPES),
    Column("name", "text", required=True),
    Column("aliases", "list"),
    Column("description", "text"),
    Column("country", "country"),
    Column("parent_id", "ref", ref="entity:!person"),
    *_sourcing(),
))

ROLES = Table("roles", (
    Column("person_id", "ref", required=True, ref="entity:person"),
    Column("org_id", "ref", required=True, ref="entity:!person"),
    Column("relation", "choice", required=True, choices=ROLE_RELATIONS),
    Column("title", "text"),
    *_sourcing(),
), key=("person_id", "org_id", "relation"))

DEALS = Table("deals", (
    _id(),
    Column("type", "choice", required=True, choices=DEAL_TYPES),
    Column("summary", "text", required=True),
    Column("note", "text"),
), sourced=False)

# What one source says of a deal. A deal has one report per source that gives it.
REPORTS = Table("reports", (
    Column("deal_id", "ref", required=True, ref="deals"),
    Column("status", "choice", required=True, choices=DEAL_STATUSES),
    Column("date", "date"),
    Column("amount", "number"),
    Column("currency", "currency"),
    Column("amount_qualifier", "choice", choices=QUALIFIERS),
    Column("amount_max", "number"),
    Column("amount_period", "choice", choices=PERIODS),
    Column("stake_percent", "percent"),
    Column("stake_qualifier", "choice", choices=QUALIFIERS),
    Column("capacity", "power"),
    Column("quantity", "number"),
    Column("quantity_unit", "text"),
    Column("share_price", "number"),
    Column("maturity", "date"),
    Column("duration", "text"),
    Column("places", "list"),
    Column("outcome", "text"),
    Column("cited_source_id", "ref", ref="sources"),
    Column("preferred", "flag"),
    Column("note", "text"),
    *_sourcing(),
), key=("deal_id", "source_id"))

PARTIES = Table("parties", (
    Column("deal_id", "ref", required=True, ref="deals"),
    Column("entity_id", "ref", required=True, ref="entities"),
    Column("role", "choice", required=True, choices=PARTY_ROLES),
), key=("deal_id", "entity_id"), sourced=False)

LINKS = Table("links", (
    Column("deal_id", "ref", required=True, ref="deals"),
    Column("relation", "choice", required=True, choices=DEAL_RELATIONS),
    Column("other_deal_id", "ref", required=True, ref="deals"),
    Column("note", "text"),
    *_sourcing(),
), key=("deal_id", "relation", "other_deal_id"))

FIGURES = Table("figures", (
    _id(),
    Column("entity_id", "ref", required=True, ref="entities"),
    Column("metric", "choice", required=True, choices=METRICS),
    Column("value", "number", required=True),
    Column("unit", "unit", required=True),
    Column("qualifier", "choice", required=True, choices=QUALIFIERS),
    Column("period", "text"),
    Column("as_of", "date"),
    Column("counterpart_id", "ref", ref="entities"),
    Column("cited_source_id", "ref", ref="sources"),
    Column("note", "text"),
    *_sourcing(),
))

QUOTES = Table("quotes", (
    _id(),
    Column("person_id", "ref", required=True, ref="entity:person"),
    Column("text", "text", required=True),
    Column("said_on", "date"),
    Column("venue", "text"),
    Column("about_id", "ref", ref="any"),
    Column("cited_source_id", "ref", ref="sources"),
    Column("note", "text"),
    *_sourcing(),
))

CITATIONS = Table("citations", (
    Column("fact_id", "ref", required=True, ref="any"),
    *_sourcing(),
    Column("note", "text"),
), key=("fact_id", "source_id"))

# In the order they load: every table points only at tables before it.
# What a currency was worth in US dollars, as a source states it ("$4,400bn, soit €3,788bn").
RATES = Table("rates", (
    Column("currency", "currency", required=True),
    Column("amount", "number", required=True),
    Column("usd_amount", "number", required=True),
    Column("as_of", "date", required=True),
    Column("note", "text"),
    *_sourcing(),
), key=("currency", "as_of"))

TABLES: tuple[Table, ...] = (SOURCES, ENTITIES, ROLES, DEALS, REPORTS, PARTIES, LINKS, FIGURES, QUOTES, CITATIONS,
                             RATES)
BY_NAME = {t.name: t for t in TABLES}
# Tables whose ids share one space, so a quote's about_id or a link can name any of them.
ID_TABLES = ("sources", "entities", "deals", "figures", "quotes")
