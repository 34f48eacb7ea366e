"""Logging in as people do, over HTTP: the portal's code login (the code read from the
console WhatsApp outbox) and the staff login. Each returns the Cookie header a tab sends."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx


class _Outbox:
    """The console sender's outbox, read on from where the last read stopped (a thousand
    logins would otherwise read it whole a thousand times)."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset = path, 0
        self.codes: dict[str, list[str]] = {}

    def sent_to(self, e164: str) -> list[str]:
        if self.path.exists():
            with self.path.open("rb") as f:
                f.seek(self.offset)
                chunk = f.read()
            whole = chunk[: chunk.rfind(b"\n") + 1]  # a line being written waits
            self.offset += len(whole)
            for line in whole.decode().splitlines():
                message = json.loads(line)
                if message.get("code"):
                    self.codes.setdefault(message.get("to"), []).append(str(message["code"]))
        return self.codes.get(e164, [])


_OUTBOXES: dict[Path, _Outbox] = {}


def _sent_to(outbox: Path, e164: str) -> list[str]:
    return _OUTBOXES.setdefault(outbox, _Outbox(outbox)).sent_to(e164)


async def portal_cookie(
    base: str, slug: str, e164: str, outbox: Path, *, address: str = "", timeout: float = 20.0
) -> str:
    """Ask for a code, read it from the outbox, type it: the portal cookie, as `name=value`.
    `address` goes out as X-Forwarded-For (counted only when the app trusts its proxy), so
    many people can log in from one machine within the per-address limits."""
    headers = {"Origin": base}
    if address:
        headers["X-Forwarded-For"] = address
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=timeout) as http:
        before = len(_sent_to(outbox, e164))
        sent = await http.post(f"/{slug}/entrar", data={"acao": "enviar", "phone": e164})
        if sent.status_code != 303:
            raise RuntimeError(f"code request for {e164}: HTTP {sent.status_code}")
        deadline = time.monotonic() + timeout
        while len(codes := list(_sent_to(outbox, e164))) <= before:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no code for {e164} in {outbox}")
            await asyncio.sleep(0.1)
        done = await http.post(f"/{slug}/entrar", data={"acao": "verificar", "code": codes[-1]})
        if done.status_code != 303 or "area-do-cliente" not in done.headers.get("location", ""):
            raise RuntimeError(f"login of {e164}: HTTP {done.status_code} {done.text[:200]}")
        for name, value in http.cookies.items():
            if "treinico_portal" in name:
                return f"{name}={value}"
    raise RuntimeError(f"login of {e164}: no portal cookie")


LOGIN_STATE = "treinico___state___auth____login_state"


async def submit_staff_login(tab, email: str, password: str) -> int:  # type: ignore[no-untyped-def]
    """Open the staff login page in ``tab`` and send its form, as the browser does; returns
    the index of the first update that answers it."""
    await tab.open("/entrar")
    since = len(tab.updates)
    await tab.emit(
        f"{tab.compiled.state_name}.{LOGIN_STATE}.submit",
        {"form_data": {"email": email, "password": password}},
    )
    return since


async def staff_cookie(base: str, compiled, email: str, password: str) -> str:  # type: ignore[no-untyped-def]
    """Staff log in on the login page's form (a websocket event); the app answers with a
    ticket the browser takes to /auth/entrar, which sets the session cookie."""
    import re

    from benchmarks.loadgen.protocol import Tab

    tab = Tab(base, compiled)
    try:
        since = await submit_staff_login(tab, email, password)
        ticket = ""
        deadline = time.monotonic() + 20
        while not ticket:
            for update in tab.updates[since:]:
                for event in update.get("events") or []:
                    found = re.search(r"ticket=([\w\-]+)", json.dumps(event))
                    if found:
                        ticket = found.group(1)
            if not ticket:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"staff login of {email}: no ticket")
                await asyncio.sleep(0.05)
    finally:
        await tab.close()
    async with httpx.AsyncClient(base_url=base, headers={"Sec-Fetch-Site": "same-origin"}) as http:
        done = await http.get("/auth/entrar", params={"ticket": ticket})
        if done.status_code != 303 or "expirado" in done.headers.get("location", ""):
            raise RuntimeError(f"staff login of {email}: HTTP {done.status_code}")
        for name, value in http.cookies.items():
            return f"{name}={value}"
    raise RuntimeError(f"staff login of {email}: no cookie")
