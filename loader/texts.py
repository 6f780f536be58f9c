"""The sources' texts: where a base keeps them, and which excerpts they prove.

A data folder names its texts folder in `circular.toml` (`texts = "texts"`, relative to the data
folder: inside it, or beside it with "../texts" when a newsroom would rather not publish other
outlets' articles). Every excerpt whose source's text is there must occur in it verbatim; a source
without its text here, or marked paywalled, leaves its excerpts unverified: a warning, never a failure.
"""
from __future__ import annotations

import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from loader import checked
from loader.files import Dataset, Row
from loader.problems import Problem
from loader.schema import TABLES

SETTINGS_FILE = "circular.toml"
DEFAULT_TEXTS = "texts"
MIN_EXCERPT_WORDS = 3
MIN_EXCERPT_CHARACTERS = 12


class SettingsError(ValueError):
    """circular.toml cannot be read; the message says where and how to fix it."""


def texts_folder(data_dir: Path | str) -> Path:
    """The folder holding the sources' texts for this data folder."""
    data_dir = Path(data_dir)
    settings = data_dir / SETTINGS_FILE
    if not settings.is_file():
        return data_dir / DEFAULT_TEXTS
    try:
        folder = tomllib.loads(settings.read_text(encoding="utf-8")).get("texts", DEFAULT_TEXTS)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{settings} is not valid TOML ({error}): write it as texts = \"texts\"") from None
    if not isinstance(folder, str) or not folder.strip():
        raise SettingsError(f"{settings}: texts must be a folder name in quotes, e.g. texts = \"../texts\"")
    return (data_dir / folder).resolve()


def settings_text(texts: str) -> str:
    """circular.toml for a data folder whose texts live in `texts` (relative to it)."""
    return ("# circular's settings for this data folder.\n"
            "# texts: the folder holding the sources' texts, relative to this folder. Inside it, the texts\n"
            "# are published with the data; beside it (\"../texts\"), they stay with you.\n"
            f"texts = \"{_toml_escaped(texts)}\"\n")


def _toml_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def excerpt_problem(cell: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for an excerpt too short to find its fact in the source."""
    if len(cell.split()) < MIN_EXCERPT_WORDS or len(cell) < MIN_EXCERPT_CHARACTERS:
        return (f"the excerpt {cell!r} is too short to find the fact in its source",
                f"copy at least {MIN_EXCERPT_WORDS} words of the source that state it")
    return None


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)  # excerpts a text that is here does not contain
    warnings: list[Problem] = field(default_factory=list)  # sources whose excerpts cannot be verified here
    verified: int = 0                                      # excerpts found verbatim in their source's text
    unverified: dict[str, int] = field(default_factory=dict)  # source id → excerpts left unverified


def verify(dataset: Dataset, folder: Path, other_sources: list[Row] = (),
           seen: dict[str, checked.Seen | None] | None = None) -> Verification:
    """Check every excerpt (and quote text) against its source's text, where the text is in `folder`.
    The texts of the dataset's sources are read; those of `other_sources` (the rest of a folder whose
    rows are checked in part) only when a row cites them. `seen` gets how each text was when read."""
    result = Verification()
    texts, rows = {}, {}

    def read(row: Row) -> None:
        ident, name = row.values["id"], row.values["text_file"]
        rows[ident] = row
        path = folder / name if name else None
        if not path:
            return
        try:
            data, how = checked.read(path)
        except OSError:
            if seen is not None:
                seen[name] = None
            return
        if seen is not None:
            seen[name] = how
        try:
            texts[ident] = data.decode("utf-8")
        except UnicodeDecodeError:
            result.problems.append(Problem("sources.csv", row.number, "text_file", f"{path} is not UTF-8 text",
                                           "save the source's text as UTF-8"))

    for row in dataset.get("sources", []):
        read(row)
    cited = {row.values["source_id"] for table in TABLES if table.sourced for row in dataset.get(table.name, [])}
    for row in other_sources:
        if row.values["id"] in cited and row.values["id"] not in rows:
            read(row)
    for table in TABLES:
        if not table.sourced:
            continue
        for row in dataset.get(table.name, []):
            source = row.values["source_id"]
            if source not in rows:
                continue  # reported as an unknown id
            for column in ("excerpt", "text") if table.name == "quotes" else ("excerpt",):
                cell = row.values[column]
                if not cell:
                    continue
                if source not in texts:
                    result.unverified[source] = result.unverified.get(source, 0) + 1
                elif cell in texts[source]:
                    result.verified += 1
                else:
                    result.problems.append(Problem(*row.where(table.file), column,
                                                   _not_found(cell, texts[source], source),
                                                   "copy the words from the source exactly, accents and apostrophes included"))
    for source, count in sorted(result.unverified.items()):
        result.warnings.append(_unverified(rows[source], count, folder))
    return result


def _unverified(source, count: int, folder: Path) -> Problem:
    v = source.values
    excerpts = f"{count} excerpt{'s' if count != 1 else ''}"
    if v["paywalled"]:
        return Problem("sources.csv", source.number, "paywalled",
                       f"{v['id']!r} is paywalled ({v['paywalled']}): its {excerpts} are unverified",
                       f"keep a copy of its text in {folder} to verify them")
    if v["text_file"]:
        return Problem("sources.csv", source.number, "text_file",
                       f"{v['text_file']!r} is not in {folder}: the {excerpts} of {v['id']!r} are unverified",
                       "put the text there, or correct text_file")
    return Problem("sources.csv", source.number, "text_file",
                   f"{v['id']!r} has no text: its {excerpts} are unverified",
                   f"attach it with `circular add source --text FILE` for a new source, or save it in {folder} and "
                   "name it in text_file; if it is behind a paywall, say so in paywalled")


def _not_found(cell: str, text: str, source: str) -> str:
    loose = lambda s: re.sub(r"\s+", " ", s.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " "))  # noqa: E731
    if loose(cell) in loose(text):
        return f"the excerpt differs from {source!r} only in spaces or apostrophes"
    return f"the excerpt does not occur in the text of {source!r}"


def read_text(path: Path) -> str:
    """A source's text from a file a person names; OSError or ValueError saying what is wrong."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text: save it as UTF-8 plain text") from None


def text_name(source_id: str) -> str:
    return f"{source_id}.txt"


@contextmanager
def placed(folder: Path, name: str, text: str, keep: bool = True) -> Iterator[Path]:
    """Put a source's text in the texts folder for the length of the block; it stays only when the
    block succeeds and `keep` is true, so a failed addition leaves the folder as it was."""
    path = folder / name
    if path.is_file():
        if path.read_text(encoding="utf-8", errors="replace") != text:
            raise FileExistsError(f"{path} already holds another text: give the source another id")
        yield path
        return
    created_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".txt.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    try:
        yield path
    except BaseException:
        keep = False
        raise
    finally:
        if not keep:
            path.unlink(missing_ok=True)
            if created_folder and not any(folder.iterdir()):
                folder.rmdir()

