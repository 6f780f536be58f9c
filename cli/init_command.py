"""`circular init DIR`: start a newsroom's own base."""
from __future__ import annotations

from pathlib import Path

import click

from cli.data_commands import DATA_ENV, DEFAULT_DATA
from loader.newbase import BaseExists, create_base


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--texts", default="texts", show_default=True, metavar="FOLDER",
              help="Where the sources' texts live, relative to the base: inside it (texts), or beside it "
                   "(../texts) to keep other outlets' articles out of the base's repository.")
@click.option("--with-article", is_flag=True, help="Start from the article's base that comes with circular.")
def init(folder: Path, texts: str, with_article: bool) -> None:
    """Start a new base in FOLDER: empty tables, settings, and a README on reviewing additions in git.

    Example:

    \b
      circular init ~/newsroom-base --texts ../newsroom-texts
      export CIRCULAR_DATA=~/newsroom-base
    """
    try:
        written = create_base(folder, texts, DEFAULT_DATA if with_article else None)
    except BaseExists as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Started a base in {folder}: {len(written)} files written.")
    click.echo(f"Point circular at it with: export {DATA_ENV}={folder.resolve()}")


def register(cli: click.Group) -> None:
    cli.add_command(init)
