"""The `circular` command group. Each module adds its commands; errors become one clear sentence."""
from __future__ import annotations

import logging
import sys

import click

from cli import (add_commands, change_commands, data_commands, demo_command, import_command, init_command,
                 picture_commands, query_commands, server_commands)
from cli.errors import message_for

# The driver logs a lost connection to stderr by itself; circular says it once, as a sentence.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


class CircularGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `circular ask … | head` ends quietly
            sys.stderr.close()
            sys.exit(0)
        except Exception as error:
            message = message_for(error)
            if message is None:
                raise
            raise click.ClickException(message) from None


@click.group("circular", cls=CircularGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="circular")
def cli() -> None:
    """circular: who funds whom to buy what in the AI industry, in Neo4j.

    Connects to NEO4J_URI (default: the local server, bolt://127.0.0.1:7687, or the port in
    CIRCULAR_BOLT_PORT) as NEO4J_USERNAME with NEO4J_PASSWORD (default: the local server's generated
    password), database NEO4J_DATABASE.

    Example: circular demo
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
