"""Reflex 0.10's websocket protocol, spoken by a python-socketio client: one `Tab` is one
browser tab (its own token), without a browser.

What a tab does, as the built frontend does it: it opens Socket.IO namespace `/_event` at
path `/_event` with `?token=<uuid>` in the query, the session cookie and an allowed Origin
in the handshake, and its first event (`hydrate_and_load`, with the compiled state hashes)
in the CONNECT packet's auth. Answers are `event` messages carrying a state delta; none of
them says it is the last, so a caller waits for the content it expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Compiled:
    """What the built frontend sends on connect (read from the compiled .web/)."""

    state_name: str
    schema: str
    hashes: list[str]

    @classmethod
    def read(cls, web: Path = ROOT / ".web") -> Compiled:
        text = (web / "utils" / "context.jsx").read_text()
        name = re.search(r'export const state_name = "([^"]+)"', text)
        schema = re.search(r'export const stateSchema = "([^"]+)"', text)
        hashes = re.search(r"export const initialStateHashes = (\[[^\]]*\])", text)
        if not (name and schema and hashes):
            raise RuntimeError(f"{web}/utils/context.jsx: build the app first (make run)")
        return cls(name.group(1), schema.group(1), json.loads(hashes.group(1)))


def router(path: str) -> dict[str, Any]:
    return {"pathname": path, "asPath": path}


@dataclass
class Tab:
    """One tab of one person. `deltas` holds every update received, newest last."""

    base: str
    compiled: Compiled
    cookie: str = ""
    # The X-Forwarded-For a proxy in front of the app would append (the client's address).
    forwarded_for: str = ""
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    updates: list[dict[str, Any]] = field(default_factory=list)
    path: str = "/"

    def __post_init__(self) -> None:
        self._client: socketio.AsyncClient | None = None
        self._arrived = asyncio.Event()

    def _on_event(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        self._arrived.set()

    async def open(self, path: str, *, first: bool = True, timeout: float = 30.0) -> None:
        """Connect and hydrate `path`, like a page load (first=False: a reload, which sends
        no hashes and gets the full state back)."""
        self.path = path
        client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        client.on("event", self._on_event, namespace="/_event")
        payload: dict[str, Any] = {"hashes": self.compiled.hashes} if first else {}
        auth = {
            "event": {
                "name": f"{self.compiled.state_name}.hydrate_and_load",
                "payload": payload,
                "router_data": router(path),
            },
            "state_schema": self.compiled.schema,
        }
        headers = {"Origin": self.base}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        await client.connect(
            f"{self.base}?token={self.token}",
            headers=headers,
            auth=auth,
            transports=["websocket"],
            namespaces=["/_event"],
            socketio_path="/_event",
            wait_timeout=timeout,
        )
        self._client = client

    async def emit(self, handler: str, payload: dict[str, Any] | None = None) -> None:
        """Send one event (`handler` is the full state path + name, as the frontend sends)."""
        assert self._client is not None
        await self._client.emit(
            "event",
            {"name": handler, "payload": payload or {}, "router_data": router(self.path)},
            namespace="/_event",
        )

    async def until(self, found: Callable[[str], bool], since: int, timeout: float = 30.0) -> float:
        """Wait until an update after index `since` makes `found(text)` true, where text is
        every delta received since then, as JSON. Returns the seconds waited."""
        start = time.perf_counter()
        deadline = start + timeout
        while True:
            text = json.dumps([u.get("delta") for u in self.updates[since:]], ensure_ascii=False)
            if found(text):
                return time.perf_counter() - start
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(text[-300:])
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.disconnect()
            self._client = None


def navigation(compiled: Compiled) -> str:
    """The event a client-side navigation sends (the page's on_load handlers run)."""
    return f"{compiled.state_name}.reflex___state____on_load_internal_state.on_load_internal"


def changed(updates: list[dict[str, Any]], state: str, var: str) -> list[Any]:
    """Every value `var` of the substate whose name ends with `state` took in `updates`."""
    values = []
    for update in updates:
        for name, fields in (update.get("delta") or {}).items():
            if name.endswith(state) and f"{var}_rx_state_" in fields:
                values.append(fields[f"{var}_rx_state_"])
    return values


def trouble(updates: list[dict[str, Any]]) -> str:
    """What went wrong in these answers, if anything: a toast of error or a redirect."""
    for update in updates:
        for event in update.get("events") or []:
            script = str((event.get("payload") or {}).get("function", "")) + str(
                (event.get("payload") or {}).get("javascript_code", "")
            )
            if '["error"]' in script or ".error(" in script:
                said = re.search(r'\["error"\]\("((?:[^"\\]|\\.)*)"', script)
                text = json.loads(f'"{said.group(1)}"') if said else ""
                return f"toast de erro: {text}"[:80]
            if event.get("name") == "_redirect" or "location.assign" in script:
                return "redirecionado"
    return ""
