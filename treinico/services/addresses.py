"""The address a limit counts: one person's reach, not one socket's. An IPv4 address is
itself; an IPv6 address counts as its /64, because one home or phone line is handed a whole
/64 and can pick a new address in it for every request (SECURITY.md: limits)."""

from __future__ import annotations

import ipaddress


def address_bucket(ip: str) -> str:
    """ "203.0.113.9" -> itself; "2001:db8:1:2::7" -> "2001:db8:1:2::/64"; an IPv4 address
    written as IPv6 ("::ffff:203.0.113.9") -> the IPv4 address; anything else as given."""
    raw = (ip or "").strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64] or "?"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
