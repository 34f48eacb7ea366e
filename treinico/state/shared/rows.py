"""Service view objects as the plain rows the pages draw, on both faces: a dataclass becomes
a dict of strings (booleans "1" / ""), and the plan card, booking and ledger rows go through
it (dashboard and portal show the same figures from the same services)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from treinico.services.agenda.plans import PlanCard


def as_strings(obj: Any) -> dict[str, str]:
    """A dataclass as a dict of strings (booleans become "1" / "")."""
    out: dict[str, str] = {}
    for key, value in asdict(obj).items():
        if isinstance(value, bool):
            out[key] = "1" if value else ""
        elif isinstance(value, (list, tuple, dict)):
            continue
        else:
            out[key] = str(value)
    return out


def rows(items: list[Any]) -> list[dict[str, str]]:
    return [as_strings(i) for i in items]


def plan_dict(card: PlanCard | None) -> dict[str, str]:
    return as_strings(card) if card is not None else {}
