"""Plain text as segments a page can draw, with web addresses as links (no HTML, no
markdown: what a trainer types is shown as text, only http(s) addresses become links)."""

from __future__ import annotations

import re

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def link_segments(text: str) -> list[dict[str, str]]:
    """ "Veja https://x.y/z." -> [{text: "Veja ", href: ""}, {text: url, href: url}, ...]."""
    out: list[dict[str, str]] = []
    pos = 0
    for match in _URL.finditer(text or ""):
        url = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            out.append({"text": text[pos:start], "href": ""})
        out.append({"text": url, "href": url})
        pos = end
    if pos < len(text or ""):
        out.append({"text": text[pos:], "href": ""})
    return out
