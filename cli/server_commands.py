"""`circular server start | stop | status | password`: the local Neo4j, without Docker."""
from __future__ import annotations

import click

from server import LocalServer, paths


@click.group("server")
def server_group() -> None:
    """Run a local Neo4j Community server (with Neo4j Browser) without Docker."""


@server_group.command("start")
@click.option("--timeout", default=180, show_default=True, help="Seconds to wait for Bolt to answer.")
def start(timeout: int) -> None:
    """Assemble (first time only) and start the local Neo4j, then wait until it answers.

    Ports: CIRCULAR_BOLT_PORT (7687) and CIRCULAR_HTTP_PORT (7474), on 127.0.0.1 only.

    Example: circular server start
    """
    started = LocalServer().start(progress=lambda line: click.echo(line, err=True), timeout=timeout)
    status = started.status
    if started.already_running:
        click.echo(f"Neo4j is already running (pid {status.pid}); nothing to do.")
    else:
        click.echo(f"Neo4j {status.version} started in {started.seconds:.1f}s (pid {status.pid}).")
    click.echo(f"Bolt:    {status.bolt_uri}")
    click.echo(f"Browser: {status.browser_url}")


@server_group.command("stop")
def stop() -> None:
    """Stop the local Neo4j and wait until its Java process has exited.

    Example: circular server stop
    """
    click.echo("Neo4j stopped." if LocalServer().stop() else "Neo4j was not running.")


@server_group.command("status")
def status() -> None:
    """Show whether the local Neo4j runs, its version, ports, process id and data folder.

    Exits with status 3 when it is not running, like Neo4j's own `neo4j status`.

    Example: circular server status
    """
    state = LocalServer().status()
    click.echo(f"running:  {'yes' if state.running else 'no'}")
    if state.running:
        click.echo(f"version:  {state.version or 'not answering yet'}")
        click.echo(f"pid:      {state.pid}")
    click.echo(f"bolt:     {state.bolt_uri}")
    click.echo(f"browser:  {state.browser_url}")
    click.echo(f"data:     {state.data_dir}")
    if not state.running:
        raise SystemExit(3)


@server_group.command("password")
def password() -> None:
    """Print the local server's generated password (user neo4j), for Neo4j Browser.

    Example: circular server password
    """
    secret = paths.read_local_password()
    if secret is None:
        raise click.ClickException("No generated password yet: run `circular server start` first "
                                   "(or you set NEO4J_PASSWORD yourself).")
    click.echo(secret)


def register(cli: click.Group) -> None:
    cli.add_command(server_group)
