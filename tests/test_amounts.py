"""Amounts are typed as outlets print them, in English and in French; what reads two ways is refused."""
from __future__ import annotations

from decimal import Decimal

import pytest

from loader.amounts import AmountError, deal_amount, read_amount, read_percent

B, M, T = 10**9, 10**6, 10**12

# (as printed, value, currency, qualifier, top of a range)
PRINTED = [
    ("$40 billion", 40 * B, "USD", None, None),
    ("40 milliards de dollars", 40 * B, "USD", None, None),
    ("350 million", 350 * M, None, None, None),
    ("€1.3bn", Decimal("1.3") * B, "EUR", None, None),
    ("1,5 Md€", Decimal("1.5") * B, "EUR", None, None),
    ("up to $10bn", 10 * B, "USD", "up_to", None),
    ("plus de 10 milliards", 10 * B, None, "over", None),
    ("over 27bn", 27 * B, None, "over", None),
    ("quelque 100 milliards de dollars", 100 * B, "USD", "about", None),
    ("près de 4 400 milliards de dollars", 4400 * B, "USD", "about", None),
    ("3 788 milliards d’euros", 3788 * B, "EUR", None, None),
    ("5 000 milliards de dollars", 5000 * B, "USD", None, None),
    ("$5,000bn", 5000 * B, "USD", None, None),
    ("jusqu’à 40 milliards de dollars", 40 * B, "USD", "up_to", None),
    ("au moins 5 milliards d'euros", 5 * B, "EUR", "at_least", None),
    ("at least $2bn", 2 * B, "USD", "at_least", None),
    ("more than $300 billion", 300 * B, "USD", "over", None),
    ("about $100bn", 100 * B, "USD", "about", None),
    ("roughly £1.2bn", Decimal("1.2") * B, "GBP", "about", None),
    ("~$6.6bn", Decimal("6.6") * B, "USD", "about", None),
    ("$10bn or more", 10 * B, "USD", "at_least", None),
    ("US$ 2bn", 2 * B, "USD", None, None),
    ("2 bn USD", 2 * B, "USD", None, None),
    ("EUR 300m", 300 * M, "EUR", None, None),
    ("$350M", 350 * M, "USD", None, None),
    ("350 M€", 350 * M, "EUR", None, None),
    ("0,5 Md$", 500 * M, "USD", None, None),
    ("6 mds$", 6 * B, "USD", None, None),
    ("un milliard d'euros", 1 * B, "EUR", None, None),
    ("plus d’un milliard de dollars", 1 * B, "USD", "over", None),
    ("a billion dollars", 1 * B, "USD", None, None),
    ("1 billion d'euros", 1 * T, "EUR", None, None),  # a French billion is a million millions
    ("¥10 trillion", 10 * T, "JPY", None, None),
    ("40 milliards de dollars américains", 40 * B, "USD", None, None),
    ("1,5 à 2 milliards de dollars", Decimal("1.5") * B, "USD", None, 2 * B),
    ("$1.5-2bn", Decimal("1.5") * B, "USD", None, 2 * B),
    ("between $1bn and $2bn", 1 * B, "USD", None, 2 * B),
    ("entre 3 et 4 milliards d'euros", 3 * B, "EUR", None, 4 * B),
    ("$20", 20, "USD", None, None),
    ("5,000,000", 5 * M, None, None, None),
    ("100000000000", 100 * B, None, None, None),
    ("1,500 milliards", Decimal("1.5") * B, None, None, None),  # a French decimal comma
    ("$1,500bn", 1500 * B, "USD", None, None),  # an English thousands comma
    ("1.07bn", Decimal("1.07") * B, None, None, None),
    ("1 500 000 $", 1500 * 1000, "USD", None, None),
]


@pytest.mark.parametrize("printed, value, currency, qualifier, top", PRINTED, ids=[p[0] for p in PRINTED])
def test_an_amount_is_read_as_the_source_prints_it(printed, value, currency, qualifier, top):
    amount = read_amount(printed)
    assert (amount.value, amount.currency, amount.qualifier, amount.maximum) == (value, currency, qualifier, top)


def test_the_table_covers_both_languages():
    assert len(PRINTED) >= 30
    assert sum("milliard" in p[0] or "Md" in p[0] for p in PRINTED) >= 10
    assert sum("bn" in p[0] or "billion" in p[0] for p in PRINTED) >= 10


@pytest.mark.parametrize("printed, readings", [
    ("1,500", ("1500", "1.500")),
    ("1,500 million", ("1500", "1.500")),
    ("2.500 milliards", ("2500", "2.500")),
])
def test_what_reads_two_ways_is_refused_naming_both_readings(printed, readings):
    with pytest.raises(AmountError) as refused:
        read_amount(printed)
    assert "reads two ways" in refused.value.what
    assert all(reading in refused.value.what for reading in readings)


@pytest.mark.parametrize("printed, why", [
    ("lots", "is not an amount"),
    ("-5", "is not an amount"),
    ("$4bn €5bn", "is not an amount"),
    ("40 milliards de zorkmids", "is not an amount"),
    ("10 XYZ", "'xyz' is not a currency"),
    ("$4bn d'euros", "names two currencies"),
    ("de 3 à 2 milliards", "top is below its bottom"),
    ("4 40 milliards", "spaces may only separate thousands"),
])
def test_what_is_not_an_amount_is_refused_saying_why(printed, why):
    with pytest.raises(AmountError) as refused:
        read_amount(printed)
    assert why in str(refused.value)


@pytest.mark.parametrize("printed, value", [("6.6%", "6.6"), ("6,6 %", "6.6"), ("10", "10"),
                                            ("10 pour cent", "10"), ("4.9 percent", "4.9")])
def test_a_percentage_is_read_with_or_without_its_sign(printed, value):
    assert read_percent(printed) == Decimal(value)


def test_a_percentage_over_100_or_in_words_is_refused():
    with pytest.raises(AmountError, match="more than 100"):
        read_percent("170%")
    with pytest.raises(AmountError, match="is not a percentage"):
        read_percent("a tenth")


def test_a_deal_s_currency_and_qualifier_come_from_the_amount_s_words():
    filled, problems = deal_amount({"amount": "jusqu’à 40 milliards de dollars", "stake_percent": "10 %"})
    assert problems == []
    assert filled == {"amount": "40000000000", "amount_max": "", "currency": "USD", "amount_qualifier": "up_to",
                      "stake_percent": "10"}
    filled, problems = deal_amount({"amount": "€1.3bn", "currency": "USD", "amount_qualifier": "exact"})
    assert [(column, "disagrees" in error.what) for column, error in problems] == [("currency", True)]
    filled, problems = deal_amount({"amount": "1,5 à 2 milliards de dollars", "amount_max": "3bn"})
    assert [column for column, _ in problems] == ["amount_max"]
