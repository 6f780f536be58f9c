"""Links that open a question in Neo4j Browser, ready to run.

Browser's multi-statement mode runs a `:params` line and a query but shows no rows for the query,
so a link writes the chosen values into the query text instead, as escaped Cypher literals, and
says which in a comment on its first line. Nothing here sends anything to a database: the
journalist reads the query in Browser and runs it.
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping
from urllib.parse import quote, urlencode

from cypher.library import NOT_CODE, Query

PARAMETER = re.compile(r"\$(\w+)|\$`([^`]+)`")


def cypher_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a double-quoted Cypher string, escapes included


def inline(text: str, values: Mapping[str, Any]) -> str:
    """The query with each $parameter outside strings and comments replaced by its value."""
    out, position = [], 0
    for skipped in NOT_CODE.finditer(text):
        out.append(_replace(text[position:skipped.start()], values))
        out.append(skipped.group(0))
        position = skipped.end()
    out.append(_replace(text[position:], values))
    return "".join(out)


def _replace(code: str, values: Mapping[str, Any]) -> str:
    def literal(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        return cypher_literal(values[name]) if name in values else match.group(0)
    return PARAMETER.sub(literal, code)


def browser_text(query: Query, values: Mapping[str, Any]) -> str:
    """What Browser's editor receives: which values were chosen, then the query with them."""
    chosen = " ".join(f"-p {key} {cypher_literal(value)}" for key, value in values.items())
    body = "\n".join(line for line in query.text.strip().splitlines() if not line.startswith("// param:"))
    return f"// circular ask {query.name} {chosen}".rstrip() + "\n" + inline(body, values)


def browser_link(query: Query, values: Mapping[str, Any], http_port: int, bolt_uri: str) -> str:
    arguments = {"connectURL": bolt_uri, "cmd": "edit", "arg": browser_text(query, values)}
    return f"http://127.0.0.1:{http_port}/browser/?{urlencode(arguments, quote_via=quote)}"
