"""circular's changes to the Neo4j Browser served by the local server, made in a copy of its jar.

- The guide and the style are served by the Browser itself, under /browser/circular/.
- The style is in place before Browser starts (written where Browser keeps it, in the page's local
  storage), so connecting opens the guide alone, without a frame listing the stylesheet.
- A content security policy keeps the page from fetching anything from the internet: Browser asks
  for web fonts, analytics and a feedback widget, and offline it waits on them.
- Arrows between nodes are long enough for a whole amount ("about $100bn") as their caption.
"""
from __future__ import annotations

import json
import re

from server import paths

PREFIX = "browser/circular/"
PRESET = "preset.js"
# Only this machine: the page itself, and the local server's Bolt and HTTP ports.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; "
          "connect-src 'self' ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:* http://localhost:*")
# Browser 5.24's distance between linked nodes, beyond their radii (pinned in server/pom.xml).
LINK_DISTANCE = (b"LINK_DISTANCE=45,", b"LINK_DISTANCE=120,")


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    """The style as Browser stores it: selector → property → value, with quotes dropped (a quoted
    caption such as "{name}" keeps its braces)."""
    rules: dict[str, dict[str, str]] = {}
    selector, body, quoted, inside = "", "", False, False
    for char in text:
        if char in "'\"":
            quoted = not quoted
        elif char == "{" and not quoted:
            inside = True
        elif char == "}" and not quoted:
            rules[selector.strip()] = _declarations(body)
            selector, body, inside = "", "", False
        elif inside:
            body += char
        else:
            selector += char
    return rules


def _declarations(body: str) -> dict[str, str]:
    properties = {}
    for declaration in body.split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            properties[name.strip()] = value.strip()
    return properties


def preset_script(grass: str) -> bytes:
    """A script that puts circular's style where Browser looks for it when it starts."""
    return (f"// circular: Browser opens with circular's style (server/browser/circular.grass).\n"
            f"window.localStorage.setItem('neo4j.grass', JSON.stringify({json.dumps(grass_rules(grass))}));\n"
            ).encode()


def patch(name: str, content: bytes) -> bytes:
    """A file of Browser's jar, changed where circular needs it."""
    if name == "browser/index.html":
        head = (f'<head><meta http-equiv="Content-Security-Policy" content="{POLICY}"/>'
                f'<script src="circular/{PRESET}"></script>')
        return content.replace(b"<head>", head.encode(), 1)
    if re.fullmatch(r"browser/app-[0-9a-f]+\.js", name):
        return content.replace(*LINK_DISTANCE)
    return content


def extra_files() -> dict[str, bytes]:
    """The files added under browser/circular/: the guide, the style, and the script presetting it."""
    files = {PREFIX + f.name: f.read_bytes() for f in sorted(paths.BROWSER_FILES.iterdir())
             if f.suffix in (".html", ".grass")}
    files[PREFIX + PRESET] = preset_script((paths.BROWSER_FILES / "circular.grass").read_text(encoding="utf-8"))
    return files
