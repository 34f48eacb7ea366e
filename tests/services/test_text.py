"""Text helpers shared by services: the CSV cell no spreadsheet runs as a formula."""

from __future__ import annotations

import pytest

from treinico.services.text import safe_cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+55 11", "'+55 11"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("   =cmd", "'   =cmd"),  # after spaces too
        ("Ana Souza", "Ana Souza"),
        ("kg", "kg"),
        ("", ""),
    ],
)
def test_safe_cell(cell: str, written: str) -> None:
    assert safe_cell(cell) == written
