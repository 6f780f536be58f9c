"""The heavy libraries, loaded when a command first uses them rather than when a module imports them,
so that `circular --help` and every other help answer at once (benchmarks/help.py measures it).

The driver alone takes half a second to import (it loads pandas and numpy), and no help needs it.
Each library below starts as a stand-in module: `import neo4j` anywhere finds the stand-in and costs
nothing; the first name looked up in it (`neo4j.GraphDatabase`, `pd.read_csv`) imports the real
library and copies its names into the stand-in, so that both work alike from then on.

Python's own importlib.util.LazyLoader cannot do this on 3.11: the import statement reads the
module's __spec__, and any attribute read makes LazyLoader load the module.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

HEAVY = ("neo4j", "pandas", "numpy", "pycountry", "openpyxl", "matplotlib", "neo4j_viz", "networkx", "tabulate")
# What a library would import for features circular does not use, kept out of its sight: the driver
# imports numpy, pandas and pyarrow only for Result.to_df and arrays or frames given as parameters
# (circular gives it plain values and makes its own frames, in cypher/run.py), and they would double
# or triple its import.
UNSEEN_BY = {"neo4j": ("numpy", "pandas", "pyarrow")}


class _StandIn(types.ModuleType):
    """Holds __name__ and __spec__ only (what the import statement reads); any other name loads."""

    def __getattr__(self, name: str):
        real = _load(self)
        return getattr(real, name)


def _load(stand_in: _StandIn) -> types.ModuleType:
    name = stand_in.__name__
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]  # so that the import below runs the library for real
    hidden = {other: sys.modules.get(other) for other in UNSEEN_BY.get(name, ()) if not loaded(other)}
    sys.modules.update(dict.fromkeys(hidden))  # None in sys.modules: the import fails, as if not installed
    try:
        real = importlib.import_module(name)
    finally:
        for other, module in hidden.items():
            if module is None:
                del sys.modules[other]
            else:
                sys.modules[other] = module
    stand_in.__dict__.update(real.__dict__)  # from now on, names are found without coming here
    return real


def defer(names: tuple[str, ...] = HEAVY) -> None:
    """Put a stand-in in place of each library not imported yet (and installed)."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue  # not installed: the command that needs it says so when it runs
        stand_in = _StandIn(name)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in


def loaded(name: str) -> bool:
    """Whether the library has really been imported, not just deferred."""
    module = sys.modules.get(name)
    return module is not None and not isinstance(module, _StandIn)
