"""`python -m cli`: the same as the `circular` command."""
from cli.main import cli

cli(prog_name="circular")
