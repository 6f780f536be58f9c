"""circular's loader: check the CSV data, load it into Neo4j all or nothing, export it back.

    from server import connect
    import loader
    problems = loader.check("data", sources_dir="../shared/seeds")
    with connect() as connection:
        report = loader.load(connection, "data")
"""
from __future__ import annotations

import importlib
import sys
import types

# Each name is imported when first used: loading needs the Neo4j driver and pandas, and the command
# line's help and the tables of loader.schema must not wait for them.
EXPORTS = {
    **dict.fromkeys(["LoadReport", "TableCounts", "check", "export", "load", "load_dataset", "read_valid"],
                    "loader.load"),
    **dict.fromkeys(["InvalidData", "LoadFailed", "Problem"], "loader.problems"),
}
__all__ = sorted(EXPORTS)


class _Package(types.ModuleType):
    def __getattr__(self, name: str):
        if name not in EXPORTS:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(EXPORTS[name]), name)
        setattr(self, name, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        # importing the module loader/load.py binds it to the name `load`: the function keeps the name
        if name in EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
