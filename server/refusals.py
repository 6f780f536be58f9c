"""Neo4j's refusals, each said in one sentence with what to do about it.

Neo4j names every refusal with a status code (`Neo.ClientError.Security.AuthenticationRateLimit`…);
the driver's own text is long and written for developers. Nothing here imports the driver, so the
command line can explain an error without loading it.
"""
from __future__ import annotations

from typing import Protocol


class Target(Protocol):  # what is known of the server that refused: server.connection.Settings
    uri: str
    username: str
    database: str | None


WRONG_PASSWORD = ("Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationFailed")
TOO_MANY_ATTEMPTS = "Neo.ClientError.Security.AuthenticationRateLimit"
PASSWORD_EXPIRED = "Neo.ClientError.Security.CredentialsExpired"
NOT_ALLOWED = "Neo.ClientError.Security.Forbidden"
NO_DATABASE = "Neo.ClientError.Database.DatabaseNotFound"
DATABASE_UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable"
STOPPED_TRANSACTION = ("Neo.ClientError.Transaction.TransactionTimedOut",
                       "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                       "Neo.TransientError.Transaction.Terminated")
OUT_OF_MEMORY = ("Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                 "Neo.TransientError.General.TransactionMemoryLimit", "Neo.TransientError.General.OutOfMemoryError")
DISK_FULL_WORDS = ("No space left on device", "not enough free disk space")


def explain(error: BaseException, target: Target, outcome: str | None = None) -> str | None:
    """One sentence for a refusal Neo4j is known to make, or None for any other error.

    `outcome` says what the failure left as it was ("nothing was written"); it goes in brackets."""
    found = _what_and_todo(getattr(error, "code", None) or "", getattr(error, "message", None) or str(error), target)
    if found is None:
        return None
    what, todo = found
    return f"{what} ({outcome}): {todo}." if outcome else f"{what}: {todo}."


def _what_and_todo(code: str, message: str, target: Target) -> tuple[str, str] | None:
    server, user = f"Neo4j at {target.uri}", repr(target.username)
    if any(words.casefold() in message.casefold() for words in DISK_FULL_WORDS):
        return ("The disk that holds Neo4j's data is full",
                "free some space on it, then try again (a server that stopped on a full disk needs a restart: "
                "`circular server stop`, then `circular server start`)")
    if code in WRONG_PASSWORD:
        return (f"{server} refused user {user} and its password",
                "check NEO4J_USERNAME and NEO4J_PASSWORD (unset NEO4J_PASSWORD to use the local server's)")
    if code == TOO_MANY_ATTEMPTS:
        return (f"{server} turns user {user} away for now, after too many wrong passwords",
                "wait a few seconds (the server's dbms.security.auth_lock_time, 5 s unless changed), then try "
                "again with the right password: check NEO4J_PASSWORD, or unset it to use the local server's")
    if code == PASSWORD_EXPIRED:
        return (f"{server} requires user {user} to change the password before anything else",
                "change it in Neo4j Browser, or with ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new' "
                "on the system database, then set NEO4J_PASSWORD to the new one")
    if code == NOT_ALLOWED:
        return (f"{server} does not allow user {user} to do this",
                "connect as a user who may (NEO4J_USERNAME), or ask the server's administrator for the right role")
    if code == NO_DATABASE:
        missing = f"no database {target.database!r}" if target.database else "no default database"
        return (f"{server} has {missing}",
                "set NEO4J_DATABASE to one that SHOW DATABASES lists, or unset it to use the server's default")
    if code == DATABASE_UNAVAILABLE:
        return (f"The database at {target.uri} is not available now (starting, stopping or failed)",
                "wait a moment and try again; if it lasts, the server's neo4j.log says why")
    if code in STOPPED_TRANSACTION:
        return (f"{server} stopped the transaction before it finished (a time limit, or an administrator)",
                "try again, and if it happens again ask for less at once")
    if code in OUT_OF_MEMORY:
        return (f"{server} ran out of the memory it allows one transaction",
                "give the server more heap (server.memory.heap.max_size in its neo4j.conf), or ask for less at once")
    return None
