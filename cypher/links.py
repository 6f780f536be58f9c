"""Links that open a question in Neo4j Browser, its parameters set with `:params`."""
from __future__ import annotations

import json
from typing import Any, Mapping
from urllib.parse import quote, urlencode

from cypher.library import Query


def cypher_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a double-quoted Cypher string, escapes included


def browser_text(query: Query, values: Mapping[str, Any]) -> str:
    """What Browser's editor receives: the parameters, then the query file as it is."""
    if not values:
        return query.text.strip()
    params = ", ".join(f"`{key}`: {cypher_literal(value)}" for key, value in values.items())
    return f":params {{{params}}};\n{query.text.strip()}"


def browser_link(query: Query, values: Mapping[str, Any], http_port: int, bolt_uri: str) -> str:
    arguments = {"connectURL": bolt_uri, "cmd": "edit", "arg": browser_text(query, values)}
    return f"http://127.0.0.1:{http_port}/browser/?{urlencode(arguments, quote_via=quote)}"
