"""Sources found again, and given short readable ids.

A source typed twice — by URL (however it was copied: http or https, www., a trailing slash,
tracking parameters) or by publisher, date and title — is the one the base already has.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

MAX_ID_LENGTH = 48
TITLE_WORDS = 4
# Words that say little about which article it is; left out of ids.
SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "with", "its", "as", "at", "by", "is",
               "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "et", "en", "au", "aux", "a", "sur",
               "pour", "par", "dans", "son", "sa", "ses", "qui", "que"}
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|xtor)$", re.I)


def words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


def normal_url(url: str) -> str:
    """One spelling of an address: no scheme, no www., no fragment or tracking, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING.match(k)))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def _publisher(text: str) -> str:
    found = words(text)
    return " ".join(found[1:] if found[:1] == ["the"] else found)


def same_source(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether two sources' columns describe one article: the same address; or, where an address
    does not tell them apart, the same publisher and headline at compatible dates (2025-10 and
    2025-10-06), or, without a headline, the same publisher and date."""
    url_a, url_b = (normal_url(s.get("url", "")) if s.get("url", "").strip() else "" for s in (a, b))
    if url_a and url_b:
        return url_a == url_b
    if _publisher(a.get("publisher", "")) != _publisher(b.get("publisher", "")):
        return False
    (date_a, title_a), (date_b, title_b) = ((s.get("published", "").strip(), " ".join(words(s.get("title", ""))))
                                            for s in (a, b))
    if title_a or title_b:  # one headline; a date, where both give one, cut to the shorter of the two
        return title_a == title_b and date_a[:len(date_b)] == date_b[:len(date_a)]
    return bool(date_a) and date_a == date_b


def find(sources: list[dict[str, str]], wanted: dict[str, str]) -> dict[str, str] | None:
    """The source of `sources` that `wanted` describes again, if any."""
    return next((s for s in sources if same_source(s, wanted)), None)


def readable_id(values: dict[str, str]) -> str:
    """A short id from the publisher, the date and the title's first telling words, cut between words:
    reuters-2025-11-04-nvidia-invest-mistral."""
    parts = [*_publisher_words(values.get("publisher", ""))]
    if values.get("published", "").strip():
        parts += words(values["published"])
    title = [w for w in words(values.get("title", "")) if w not in SMALL_WORDS][:TITLE_WORDS]
    if not title and not values.get("published", "").strip() and values.get("url", "").strip():
        title = [w for w in words(urlsplit(values["url"].strip()).path) if w not in SMALL_WORDS][-TITLE_WORDS:]
    ident = ""
    for word in parts + title:
        candidate = f"{ident}-{word}" if ident else word
        if len(candidate) > MAX_ID_LENGTH and ident:
            break
        ident = candidate
    return ident[:MAX_ID_LENGTH]


def _publisher_words(publisher: str) -> list[str]:
    found = _publisher(publisher).split()
    return found if len("-".join(found)) <= 20 else [w for w in found if w not in SMALL_WORDS][:3]


def unfindable(values: dict[str, str]) -> str | None:
    """Why a new source could not be found again, or None: a publisher alone names no article."""
    if not any(values.get(c, "").strip() for c in ("published", "title", "url")):
        return "a publisher alone does not say which article: give its date, title or URL"
    return None
