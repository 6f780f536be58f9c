"""What the user reads when a command fails: the library's own message, which says what is wrong
and what to do, or one sentence for a refusal of Neo4j; never a traceback for a known failure."""
from __future__ import annotations

from cypher import LibraryError, QueryError
from loader import InvalidData, LoadFailed, SettingsError
from loader.problems import ChangeRefused
from server import ConnectionFailed, ServerError, Settings
from server.paths import SettingError
from server.refusals import explain

# Errors whose message already tells the user what is wrong and what to do.
FRIENDLY_ERRORS: tuple[type[Exception], ...] = (ChangeRefused, ConnectionFailed, LibraryError, LoadFailed, QueryError,
                                                ServerError, SettingError, SettingsError)


def message_for(error: Exception) -> str | None:
    """The message for a failure the user can act on, or None for a bug (which keeps its traceback)."""
    if isinstance(error, FRIENDLY_ERRORS):
        return str(error)
    if isinstance(error, InvalidData):  # every problem, one a line, then what happened
        return error.report()
    if type(error).__module__.split(".")[0] == "neo4j":  # a refusal no library function turned into words
        message = getattr(error, "message", None) or str(error)
        return explain(error, Settings.from_env()) or f"Neo4j refused: {message}"
    if isinstance(error, OSError):  # a file that cannot be read or written
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    return None
