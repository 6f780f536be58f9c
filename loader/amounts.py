"""Amounts as outlets print them, in English and French: "$40 billion", "40 milliards de dollars",
"1,5 Md€", "up to $10bn", "plus de 10 milliards" — read into a number, a currency and a qualifier.

Nothing is guessed: a text that reads two ways ("1,500bn": fifteen hundred, or one and a half?) is
refused with both readings, so the person who has the source in front of them chooses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pycountry

EXAMPLES = "$40bn, 40 milliards de dollars, 1,5 Md€, about €300m, or plain digits"

# Words before (or after) an amount that say how exact it is: (qualifier, English words, French words).
QUALIFIER_BEFORE = (
    ("about", ("about", "around", "roughly", "approximately", "some", "nearly", "almost", "close to",
               "an estimated", "estimated at", "~", "≈"),
              ("environ", "d'environ", "quelque", "près de", "pres de", "presque", "autour de", "de l'ordre de",
               "à peu près", "a peu pres")),
    ("up_to", ("up to", "as much as", "at most", "no more than"),
              ("jusqu'à", "jusqu'a", "au plus", "au maximum", "pas plus de")),
    ("at_least", ("at least", "no less than"), ("au moins", "pas moins de", "au minimum")),
    ("over", ("over", "more than", "above", "upwards of", "in excess of"),
             ("plus de", "plus d'", "un peu plus de", "un peu plus d'", "au-delà de", "au-dela de")),
)
QUALIFIER_AFTER = (("at_least", ("or more", "and more", "+"), ("ou plus", "et plus")),)

# Scale words: (power of ten, language that writes it: "en", "fr" or "" for both).
SCALES = {
    "k": (3, "en"), "thousand": (3, "en"), "thousands": (3, "en"), "mille": (3, "fr"),
    "m": (6, ""), "mn": (6, "en"), "mln": (6, "en"), "mio": (6, ""), "million": (6, ""), "millions": (6, ""),
    "bn": (9, "en"), "b": (9, "en"), "bln": (9, "en"),
    "md": (9, "fr"), "mds": (9, "fr"), "mrd": (9, "fr"), "mrds": (9, "fr"), "milliard": (9, "fr"),
    "milliards": (9, "fr"),
    "tn": (12, "en"), "trn": (12, "en"), "trillion": (12, "en"), "trillions": (12, "en"),
    "billion": (9, "en"), "billions": (9, "en"),  # 10^12 in French: see _scale
}
NUMBER_WORDS = {"a": "1", "an": "1", "one": "1", "un": "1", "une": "1"}
# Currency names and signs; any ISO 4217 code is read too.
CURRENCIES = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
    "dollars américains": "USD", "dollars americains": "USD",
    "€": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "livre sterling": "GBP",
    "livres sterling": "GBP", "sterling": "GBP",
    "¥": "JPY", "yen": "JPY", "yens": "JPY", "yuan": "CNY", "yuans": "CNY", "renminbi": "CNY",
    "swiss francs": "CHF", "francs suisses": "CHF", "c$": "CAD", "a$": "AUD", "hk$": "HKD",
}
SIGNS = ("us$", "u.s.$", "hk$", "c$", "a$", "$", "€", "£", "¥")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


class AmountError(ValueError):
    """Text that is not an amount, or reads two ways. `what` says which, `fix` how to write it."""

    def __init__(self, what: str, fix: str):
        super().__init__(f"{what}: {fix}")
        self.what, self.fix = what, fix


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str | None = None   # ISO 4217, when the words name one
    qualifier: str | None = None  # exact, about, up_to, at_least, over — when the words say
    maximum: Decimal | None = None  # the top of a range ("de 1,5 à 2 milliards")


def read_amount(text: str) -> Amount:
    """The amount a source prints, e.g. read_amount("près de 4 400 milliards de dollars")."""
    original = text
    text = _normalised(text)
    if not text:
        raise AmountError("no amount given", f"write it as the source prints it, e.g. {EXAMPLES}")
    qualifier, text, french_words = _qualifier(text)
    parts = _range(text)
    if parts is None:
        low = _core(text, original, french_words)
        return Amount(low.value, low.currency, qualifier)
    first, second = (_core(p, original, french_words or parts[2]) for p in parts[:2])
    scale = first.power if first.power is not None else second.power
    low = _core(parts[0], original, french_words or parts[2], scale_if_none=scale)
    currencies = {c for c in (low.currency, second.currency) if c}
    if len(currencies) > 1:
        raise AmountError(f"{original!r} names two currencies ({' and '.join(sorted(currencies))})",
                          "give one amount in one currency")
    if second.value < low.value:
        raise AmountError(f"{original!r} is a range whose top is below its bottom", "write the smaller figure first")
    return Amount(low.value, next(iter(currencies), None), qualifier, second.value)


def read_percent(text: str) -> Decimal:
    """A share as printed: "6.6%", "6,6 %", "10 pour cent", "10 percent" → 6.6, 6.6, 10, 10."""
    cleaned = _normalised(text)
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:%|pour cent|percent|per cent|pc)?", cleaned)
    if not match:
        raise AmountError(f"{text.strip()!r} is not a percentage", "write it like 6.6%, 6,6 % or 10")
    value = Decimal(match[1].replace(",", "."))
    if value > 100:
        raise AmountError(f"{text.strip()!r} is more than 100 %", "write a share from 0 to 100, e.g. 6.6%")
    return value


def plain_number(value: Decimal | float | int) -> str:
    """A number in plain digits, never in exponent form: 6300000000, 0.5, 0.0000001."""
    return format(Decimal(str(value)).normalize(), "f")


def _normalised(text: str) -> str:
    text = SPACES.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().lower()
    return re.sub(r"\s*([–—-])\s*", r" \1 ", text).strip() if re.search(r"\d\s*[–—-]\s*\S", text) else text


# (word, qualifier, whether French), the longest words first so that "un peu plus de" wins over "plus de"
_BEFORE = sorted(((word, qualifier, french) for qualifier, english_words, french_words in QUALIFIER_BEFORE
                  for french, words in ((False, english_words), (True, french_words)) for word in words),
                 key=lambda item: -len(item[0]))


def _qualifier(text: str) -> tuple[str | None, str, bool]:
    """(qualifier, the rest, whether the qualifier was French)."""
    for word, qualifier, french in _BEFORE:
        rest = text[len(word):]
        if text.startswith(word) and (rest[:1] in (" ", "") or not word[-1].isalpha() or word.endswith("'")):
            return qualifier, rest.strip(), french
    for qualifier, english_words, french_words in QUALIFIER_AFTER:
        for word in (*english_words, *french_words):
            if text.endswith(word) and text != word:
                return qualifier, text[:-len(word)].strip(), word in french_words
    return None, text, False


def _range(text: str) -> tuple[str, str, bool] | None:
    """The two ends of a range ("1,5 à 2 milliards", "between $1bn and $2bn", "$1-2bn"), or None."""
    patterns = ((r"(?:between|from)\s+(.+?)\s+(?:and|to)\s+(.+)", False),
                (r"(?:entre)\s+(.+?)\s+et\s+(.+)", True),
                (r"(?:de|d')\s*(.+?)\s+(?:à|a)\s+(.+)", True),
                (r"(.+?)\s+(?:à)\s+(.+)", True),
                (r"(.+?)\s+(?:to)\s+(.+)", False),
                (r"(.+?\d)\s+[–—-]\s+(.+)", False))
    for pattern, french in patterns:
        match = re.fullmatch(pattern, text)
        if match and re.search(r"\d", match[1]) and re.search(r"\d", match[2]):
            return match[1], match[2], french
    return None


@dataclass(frozen=True)
class _Core:
    value: Decimal
    currency: str | None
    power: int | None  # the scale written, if any


CURRENCY_WORDS = sorted(CURRENCIES, key=len, reverse=True)
CORE = re.compile(
    r"(?P<pre>" + "|".join(re.escape(s) for s in SIGNS) + r"|[a-z]{3}(?= ?\d))?\s*"
    r"(?P<number>\d[\d ,.]*\d|\d|a|an|one|un|une)\s*"
    r"(?P<scale>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")?(?![a-z])\s*"
    r"(?:(?P<of>de |d'|of )?(?P<post>" + "|".join(re.escape(w) for w in CURRENCY_WORDS) + r"|[a-z]{3}))?")


def _core(text: str, original: str, french_words: bool, scale_if_none: int | None = None) -> _Core:
    match = CORE.fullmatch(text.strip())
    if not match:
        raise AmountError(f"{original.strip()!r} is not an amount", f"write it as the source prints it, e.g. {EXAMPLES}")
    pre, post = _currency(match["pre"], original), _currency(match["post"], original)
    if pre and post and pre != post:
        raise AmountError(f"{original.strip()!r} names two currencies ({pre} and {post})",
                          "give one amount in one currency")
    scale = match["scale"]
    french = french_words or bool(match["of"] and match["of"] != "of ") or (scale and SCALES[scale][1] == "fr") \
        or (bool(match["post"]) and match["post"] in ("€", "$") and not match["pre"])
    english = bool(match["pre"]) or bool(scale and SCALES[scale][1] == "en") or match["of"] == "of "
    number = NUMBER_WORDS.get(match["number"], match["number"])
    value = _number(number, original, french=french, english=english and not french)
    power = _scale(scale, french) if scale else scale_if_none
    return _Core(value.scaleb(power or 0), pre or post, power)


def _currency(word: str | None, original: str) -> str | None:
    if not word:
        return None
    if word in CURRENCIES:
        return CURRENCIES[word]
    if pycountry.currencies.get(alpha_3=word.upper()) is None:
        raise AmountError(f"{original.strip()!r}: {word!r} is not a currency",
                          "name it by its sign ($, €, £), its name (dollars, euros) or its ISO 4217 code (USD, EUR)")
    return word.upper()


def _scale(word: str, french: bool) -> int:
    if word in ("billion", "billions") and french:
        return 12  # "un billion d'euros" is a million millions
    return SCALES[word][0]


def _number(text: str, original: str, french: bool, english: bool) -> Decimal:
    """Digits with the separators outlets print: 4 400, 5,000,000, 1,5, 1.500,25."""
    digits = text.replace(" ", "")
    if " " in text and not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", text):
        raise AmountError(f"{original.strip()!r} is not an amount", "spaces may only separate thousands, as in 4 400")
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:  # the last one marks the decimals
        thousands, decimal = (",", ".") if digits.rfind(".") > digits.rfind(",") else (".", ",")
        return _grouped(digits, thousands, decimal, original)
    for mark in (",", "."):
        count = commas if mark == "," else dots
        if count > 1:
            return _grouped(digits, mark, None, original)
        if count == 1:
            whole, part = digits.split(mark)
            if len(part) != 3 or whole == "0":
                return _decimal(f"{whole}.{part}", original)
            thousands_reading, decimal_reading = Decimal(whole + part), Decimal(f"{whole}.{part}")
            # 1,500 is fifteen hundred in English and one and a half in French; a French 1.500 may be either
            if mark == "," and english and not french:
                return thousands_reading
            if mark == "," and french and not english:
                return decimal_reading
            if mark == "." and not french:
                return decimal_reading
            raise AmountError(
                f"{original.strip()!r} reads two ways: {whole}{part} ({mark!r} separating thousands) or "
                f"{whole}.{part} ({mark!r} as the decimal point)",
                f"write {whole}{part} or {whole}.{part}, or keep the source's words around it (de dollars, bn…)")
    return _decimal(digits, original)


def _grouped(digits: str, thousands: str, decimal: str | None, original: str) -> Decimal:
    whole, _, part = digits.partition(decimal) if decimal else (digits, "", "")
    if not re.fullmatch(r"\d{1,3}(?:" + re.escape(thousands) + r"\d{3})+", whole):
        raise AmountError(f"{original.strip()!r} is not an amount", "separate thousands in groups of three, e.g. 5,000,000")
    return _decimal(whole.replace(thousands, "") + (f".{part}" if part else ""), original)


def _decimal(text: str, original: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise AmountError(f"{original.strip()!r} is not an amount", f"write it like {EXAMPLES}") from None


def deal_amount(cells: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, AmountError]]]:
    """A deal's amount columns from what was typed — amount may be "up to $10bn", and then the
    currency and qualifier come from its words — with the problems, by column, found on the way.

    A currency or qualifier typed on its own must agree with the amount's words."""
    filled = {c: cells.get(c, "").strip() for c in ("amount", "amount_max", "currency", "amount_qualifier",
                                                      "stake_percent")}
    problems: list[tuple[str, AmountError]] = []
    read: dict[str, Amount] = {}
    for column in ("amount", "amount_max"):
        if filled[column]:
            try:
                read[column] = read_amount(filled[column])
                filled[column] = plain_number(read[column].value)
            except AmountError as error:
                problems.append((column, error))
    main = read.get("amount")
    if main and main.maximum is not None:
        if filled["amount_max"]:
            problems.append(("amount_max", AmountError("given twice: as a range in amount and on its own",
                                                       "give the range once")))
        filled["amount_max"] = plain_number(main.maximum)
    for column, said in (("currency", {a.currency for a in read.values()} - {None}),
                         ("amount_qualifier", {main.qualifier} - {None} if main else set())):
        if len(said) > 1:
            problems.append((column, AmountError(f"the amounts name {' and '.join(sorted(said))}",
                                                 "give both ends in one currency")))
        elif said:
            [value] = said
            typed = filled[column].upper() if column == "currency" else filled[column]
            if typed and typed != value:
                problems.append((column, AmountError(f"{filled[column]!r} disagrees with the amount's words, "
                                                     f"which say {value}", "drop it, or correct the amount")))
            filled[column] = value
    if filled["stake_percent"]:
        try:
            filled["stake_percent"] = plain_number(read_percent(filled["stake_percent"]))
        except AmountError as error:
            problems.append(("stake_percent", error))
    return filled, problems
