"""Neo4j for circular: how to connect to any server, and a local one run without Docker."""
from server.connection import Connection, ConnectionFailed, Settings, connect
from server.local import LocalServer, ServerError, Status

__all__ = ["Connection", "ConnectionFailed", "LocalServer", "ServerError", "Settings", "Status", "connect"]
