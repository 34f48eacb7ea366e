"""Task instructions become plain runs and links: only http(s) addresses are links, and the
punctuation that ends a sentence stays text."""

from __future__ import annotations

import os

os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)

from treinico.state.portal.homework import text_parts  # noqa: E402
from treinico.state.shared.links import TextPart  # noqa: E402


def test_urls_become_links_and_the_rest_stays_text() -> None:
    parts = text_parts("Vídeo: https://youtu.be/abc. E (https://exemplo.com.br/a?b=1) fim")
    assert parts == [
        TextPart("Vídeo: ", ""),
        TextPart("https://youtu.be/abc", "https://youtu.be/abc"),
        TextPart(". E (", ""),
        TextPart("https://exemplo.com.br/a?b=1", "https://exemplo.com.br/a?b=1"),
        TextPart(") fim", ""),
    ]


def test_only_http_addresses_are_links() -> None:
    text = "javascript:alert(1) data:text/html,x www.exemplo.com"
    assert text_parts(text) == [TextPart(text, "")]
    assert text_parts("") == []
    assert text_parts("https://a.b") == [TextPart("https://a.b", "https://a.b")]
