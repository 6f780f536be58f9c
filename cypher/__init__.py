"""circular's query library: named .cypher files, run by name from Python, the CLI or a notebook.

    from server import connect
    from cypher import run
    with connect() as connection:
        answer = run(connection, "who-funds-whom", {"company": "nvidia"})
        answer.frame()  # a pandas DataFrame
"""
from cypher.library import LibraryError, Param, Query, load_library
from loader.money import format_money
from loader.values import parse_amount
from cypher.links import browser_link, browser_text
from cypher.run import DEFAULT_TIMEOUT, Answer, QueryError, find_query, prepare_params, resolve, run, run_read_only

__all__ = ["DEFAULT_TIMEOUT", "Answer", "LibraryError", "Param", "Query", "QueryError", "browser_link", "browser_text", "find_query",
           "format_money", "load_library", "parse_amount", "prepare_params", "resolve", "run", "run_read_only"]
