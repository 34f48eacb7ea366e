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


# What makes a spreadsheet read a cell as a formula when it comes first (after any spaces).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: str) -> str:
    """A text cell of a CSV the app writes, which no spreadsheet will run as a formula: a
    leading quote when the text (after its leading spaces) starts like one."""
    return "'" + value if value.lstrip(" \u00a0")[:1] in _FORMULA_START else value
