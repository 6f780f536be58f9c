"""circular's query library: named .cypher files, run by name from Python, the CLI or a notebook.

    from server import connect
    from cypher import run
    with connect() as connection:
        answer = run(connection, "who-funds-whom", {"company": "nvidia"})
        answer.frame()  # a pandas DataFrame
"""
from cypher.library import LibraryError, Param, Query, load_library
from cypher.money import format_money, parse_amount
from cypher.run import Answer, QueryError, find_query, resolve, run, run_read_only

__all__ = ["Answer", "LibraryError", "Param", "Query", "QueryError", "find_query", "format_money",
           "load_library", "parse_amount", "resolve", "run", "run_read_only"]
