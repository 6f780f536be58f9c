"""circular's loader: check the CSV data, load it into Neo4j all or nothing, export it back.

    from server import connect
    import loader
    problems = loader.check("data", sources_dir="../shared/seeds")
    with connect() as connection:
        report = loader.load(connection, "data")
"""
from loader.load import (LoadReport, TableCounts, Unchecked, check, export, load, load_dataset, load_unchecked,
                         read_unchecked, read_valid)
from loader.problems import InvalidData, LoadFailed, Problem
from loader.texts import SettingsError, Verification, texts_folder, verify

__all__ = ["InvalidData", "LoadFailed", "LoadReport", "Problem", "SettingsError", "TableCounts", "Verification", "check",
           "Unchecked", "export", "load", "load_dataset", "load_unchecked", "read_unchecked", "read_valid", "texts_folder",
           "verify"]
