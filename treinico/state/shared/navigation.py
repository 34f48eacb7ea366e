"""A full navigation (the browser loads the address from the server), for the HTTP routes the
app's own router does not know: the login ticket, the logouts, the portal's login page. The
address is written into the script as a JSON string, never pasted into its text: a slug or a
token can then not end the string and add code."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import reflex as rx


def go_to(path: str, *, replace: bool = False, **query: str) -> Any:
    """Load ``path`` (with ``query`` encoded) as a new page; ``replace`` leaves no history."""
    address = f"{path}?{urlencode(query)}" if query else path
    call = "window.location.replace(" if replace else "window.location.assign("
    return rx.call_script(call + json.dumps(address) + ")")
