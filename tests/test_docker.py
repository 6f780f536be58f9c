"""The Docker way runs the same Neo4j, reachable from this machine only.

These machines have no Docker engine (and no `docker compose` plugin), so the file is checked here
for what matters; the README says that the local server is the tested way.
"""
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker" / "compose.yaml"


def test_compose_runs_neo4j_5_26_community_on_loopback_with_a_named_volume():
    spec = yaml.safe_load(COMPOSE.read_text())
    neo4j = spec["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert all(port.startswith("127.0.0.1:") for port in neo4j["ports"])
    assert {port.rsplit(":", 1)[1] for port in neo4j["ports"]} == {"7687", "7474"}
    assert "neo4j-data:/data" in neo4j["volumes"] and "neo4j-data" in spec["volumes"]
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")


def test_compose_serves_the_guide_and_style_to_browser_from_loopback():
    spec = yaml.safe_load(COMPOSE.read_text())
    environment = spec["services"]["neo4j"]["environment"]
    command = environment["NEO4J_browser_post__connect__cmd"]
    assert "style http://localhost:" in command and "/circular.grass" in command and "/guide.html" in command
    guide = spec["services"]["guide"]
    assert all(port.startswith("127.0.0.1:") for port in guide["ports"])
    assert "../server/browser:/usr/share/nginx/html:ro" in guide["volumes"]
    served = {path.name for path in (COMPOSE.parent.parent / "server" / "browser").iterdir()}
    assert served == {"guide.html", "circular.grass"}


def test_compose_advertises_the_ports_it_publishes():
    neo4j = yaml.safe_load(COMPOSE.read_text())["services"]["neo4j"]
    published = {port.rsplit(":", 1)[1]: port.split(":", 1)[1].rsplit(":", 1)[0] for port in neo4j["ports"]}
    environment = neo4j["environment"]
    assert environment["NEO4J_server_bolt_advertised__address"] == f"127.0.0.1:{published['7687']}"
    assert environment["NEO4J_server_http_advertised__address"] == f"127.0.0.1:{published['7474']}"
