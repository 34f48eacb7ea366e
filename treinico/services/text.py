"""Small text helpers shared by services."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(value: str | None, *, max_len: int) -> str:
    """Trim, fold inner whitespace, and cap the length."""
    return _SPACES.sub(" ", (value or "").strip())[:max_len]


def fold(value: str) -> str:
    """Lower-case and strip accents: 'João' and 'joao' compare equal."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")[:60]
