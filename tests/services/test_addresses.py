"""The address a limit counts (services/addresses.py)."""

from __future__ import annotations

import pytest

from treinico.services.addresses import address_bucket


@pytest.mark.parametrize(
    ("seen", "counted"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2::7", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:abcd:ef01:2345:6789", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        (" 198.51.100.1 ", "198.51.100.1"),
        ("?", "?"),
        ("", "?"),
    ],
)
def test_address_bucket(seen: str, counted: str) -> None:
    assert address_bucket(seen) == counted
