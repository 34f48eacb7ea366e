"""Plain text as segments a page can draw, with web addresses as links (no HTML, no
markdown: what a trainer types is shown as text, only http(s) addresses become links)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


@dataclass(frozen=True)
class TextPart:
    """A run of text; ``href`` is the address when the run is a link, "" otherwise."""

    text: str
    href: str = ""


def link_segments(text: str) -> list[TextPart]:
    """ "Veja https://x.y/z." -> [TextPart("Veja "), TextPart(url, url), TextPart(".")]."""
    out: list[TextPart] = []
    pos = 0
    for match in _URL.finditer(text or ""):
        url = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            out.append(TextPart(text[pos:start]))
        out.append(TextPart(url, url))
        pos = end
    if pos < len(text or ""):
        out.append(TextPart(text[pos:]))
    return out
