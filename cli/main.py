"""The `circular` command group. Each module adds its commands; errors become one clear sentence."""
from __future__ import annotations

import logging
import sys

import click

from cli import (add_commands, change_commands, data_commands, demo_command, import_command, init_command,
                 picture_commands, query_commands, server_commands)
from cypher import LibraryError, QueryError
from loader import InvalidData, LoadFailed, SettingsError
from loader.problems import ChangeRefused
from server import ConnectionFailed, ServerError
from server.paths import SettingError

# The driver logs a lost connection to stderr by itself; circular says it once, as a sentence.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# Errors whose message already tells the user what is wrong and what to do.
FRIENDLY_ERRORS: tuple[type[Exception], ...] = (ChangeRefused, ConnectionFailed, LibraryError, LoadFailed, QueryError,
                                                ServerError, SettingError, SettingsError)


class CircularGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FRIENDLY_ERRORS as error:
            raise click.ClickException(str(error)) from None
        except InvalidData as invalid:  # every problem, one a line, then what happened
            raise click.ClickException(invalid.report()) from None
        except BrokenPipeError:  # `circular ask … | head` ends quietly
            sys.stderr.close()
            sys.exit(0)
        except OSError as error:  # a file that cannot be read or written
            raise click.ClickException(f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")) from None


@click.group("circular", cls=CircularGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="circular")
def cli() -> None:
    """circular: who funds whom to buy what in the AI industry, in Neo4j.

    Connects to NEO4J_URI (default: the local server, bolt://127.0.0.1:7687) as NEO4J_USERNAME
    with NEO4J_PASSWORD (default: the local server's generated password), database NEO4J_DATABASE.
    """


server_commands.register(cli)
data_commands.register(cli)
query_commands.register(cli)
demo_command.register(cli)
add_commands.register(cli)
change_commands.register(cli)
import_command.register(cli)
picture_commands.register(cli)
init_command.register(cli)
