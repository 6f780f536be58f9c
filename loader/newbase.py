"""A newsroom's own data folder: empty tables (or the article's), its settings, and a README on
reviewing additions in git."""
from __future__ import annotations

import shutil
from pathlib import Path

from loader.files import read_dataset, write_table
from loader.schema import TABLES
from loader.texts import SETTINGS_FILE, settings_text, texts_folder

README = """# {name}: a circular base

The facts of this base, one CSV file per table (see circular's data/README.md for every column).
Every fact names its source and the source's own words. Point circular at this folder with
`export CIRCULAR_DATA={path}` (or `--data-dir {path}` on any command).

Sources' texts live in `{texts}` ({where}); `circular check` proves every excerpt whose source's
text is there, and warns about the sources it cannot verify.

## Adding, and reviewing in git

    git init && git add . && git commit -m "A new base"     # once
    circular add deal …          # or: circular add entity … / add source … / import deals.xlsx
    circular check               # every problem at once; warnings do not fail
    git diff                     # the files stay sorted by id: the diff is just the new rows
    git commit -am "Deals reported by …"

A colleague reviews the commit like code: each new row carries its source and excerpt, so every
fact can be checked against the article it comes from.
"""


class BaseExists(ValueError):
    """The folder already holds data; the message names the file."""


def create_base(folder: Path, texts: str = "texts", article: Path | None = None) -> list[Path]:
    """Make `folder` a data folder whose texts live in `texts` (relative to it); with `article`, a
    data folder to start from, copy its rows and the texts its sources name. Returns what was written."""
    folder = Path(folder)
    taken = [folder / name for name in (*(t.file for t in TABLES), SETTINGS_FILE, "README.md") if (folder / name).exists()]
    if taken:
        raise BaseExists(f"{taken[0]} already exists: give `circular init` a new or empty folder.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    settings = folder / SETTINGS_FILE
    settings.write_text(settings_text(texts), encoding="utf-8")
    written.append(settings)
    texts_dir = texts_folder(folder)
    texts_dir.mkdir(parents=True, exist_ok=True)
    rows = {t.name: [] for t in TABLES}
    if article is not None:
        dataset, _ = read_dataset(article)
        rows = {name: [row.values for row in found] for name, found in dataset.items()}
        for source in rows["sources"]:
            original = texts_folder(article) / source["text_file"] if source["text_file"] else None
            if original and original.is_file():
                shutil.copy(original, texts_dir / source["text_file"])
                written.append(texts_dir / source["text_file"])
    for table in TABLES:
        write_table(folder / table.file, table, rows[table.name])
        written.append(folder / table.file)
    inside = texts_dir.is_relative_to(folder.resolve())
    readme = folder / "README.md"
    readme.write_text(README.format(name=folder.resolve().name, path=folder, texts=texts,
                                    where="inside this folder: published with the data" if inside else
                                    "beside this folder: kept out of its repository"), encoding="utf-8")
    (folder / ".gitignore").write_text(".circular.lock\n", encoding="utf-8")
    written += [readme, folder / ".gitignore"]
    return written
