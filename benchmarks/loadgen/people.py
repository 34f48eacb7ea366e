"""Who the generated sessions are: demo clients of Studio Demo with one business each (Ana,
a client of both demo businesses, would meet the business picker first)."""

from __future__ import annotations

import re

from treinico.demo.seed import DEMO_CLIENTS, SHARED_CLIENT

SLUG = "studio-demo"
HOME = f"/{SLUG}/area-do-cliente"


def portal_clients() -> list[tuple[str, str]]:
    """(first name, E.164 phone) of each single-business demo client."""
    people = []
    for name, typed, _email, _birth in DEMO_CLIENTS:
        if name == SHARED_CLIENT[0]:
            continue
        people.append((name.split()[0], "+55" + re.sub(r"\D", "", typed)))
    return people


def home_loaded(first_name: str):  # type: ignore[no-untyped-def]
    """The portal home is there for this person: their name arrived, then the page's loads
    finished (Reflex's hydrated flag turned true after it)."""
    name = f'"first_name_rx_state_": "{first_name}"'

    def found(text: str) -> bool:
        at = text.find(name)
        return at >= 0 and text.find('"is_hydrated_rx_state_": true', at) >= 0

    return found
