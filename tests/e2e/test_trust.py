"""Behind the proxy docs/deployment.md describes, a login's address is the client's: the
browser tests' app trusts one proxy hop (TREINICO_TRUSTED_PROXY=1), and these tabs speak
Reflex's websocket protocol (benchmarks/loadgen) with the X-Forwarded-For that proxy would
append. A stranger's flood of failed logins slows the stranger's address and keeps nobody
else out (SECURITY.md: limits)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import pytest
from sqlmodel import select

from benchmarks.loadgen.login import portal_cookie, submit_staff_login
from benchmarks.loadgen.protocol import Compiled, Tab
from tests.e2e.conftest import RunningApp
from tests.e2e.test_portal import wait_for_send_cooldown
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL
from treinico.models import AccessLogEntry
from treinico.services.auth import staff as auth

pytestmark = pytest.mark.e2e

ERROR_VARS = ("email_error_rx_state_", "password_error_rx_state_", "form_error_rx_state_")


def _answer(updates: list[dict[str, Any]]) -> str:
    """ "ticket" when the app sent the way in, else the message the form shows, else ""."""
    for update in updates:
        if "ticket=" in json.dumps(update.get("events") or []):
            return "ticket"
        for values in (update.get("delta") or {}).values():
            for name in ERROR_VARS:
                if values.get(name):
                    return str(values[name])
    return ""


async def _attempt(app: RunningApp, email: str, password: str, address: str) -> str:
    tab = Tab(app.base, Compiled.read(), forwarded_for=address)
    try:
        since = await submit_staff_login(tab, email, password)
        deadline = time.monotonic() + 20
        while not (answer := _answer(tab.updates[since:])):
            assert time.monotonic() < deadline, "o login não respondeu"
            await asyncio.sleep(0.05)
        return answer
    finally:
        await tab.close()


def _run(scenario: Any) -> Any:
    """Playwright keeps an event loop in the main thread: the scenario gets its own."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def main() -> None:
        try:
            result.append(asyncio.run(scenario))
        except BaseException as exc:  # noqa: BLE001  (re-raised in the test's thread)
            errors.append(exc)

    thread = threading.Thread(target=main)
    thread.start()
    thread.join(timeout=300)
    if errors:
        raise errors[0]
    return result[0]


def test_a_flood_from_one_address_slows_it_and_leaves_others_in(app_server: RunningApp) -> None:
    stranger, owner_at_home = "203.0.113.50", "198.51.100.60"

    async def scenario() -> list[str]:
        seen = [
            await _attempt(app_server, f"ninguem-{i}@exemplo.com.br", "senha-errada-1", stranger)
            for i in range(auth.MAX_FAILURES_PER_IP)
        ]
        # The stranger's address waits, even with a right password ...
        seen.append(await _attempt(app_server, OWNER_EMAIL, DEMO_PASSWORD, stranger))
        # ... and the owner, from her own address, gets in at once.
        seen.append(await _attempt(app_server, OWNER_EMAIL, DEMO_PASSWORD, owner_at_home))
        return seen

    seen = _run(scenario())
    assert seen[: auth.MAX_FAILURES_PER_IP] == ["E-mail ou senha incorretos."] * (
        auth.MAX_FAILURES_PER_IP
    )
    assert "a partir desta rede" in seen[-2]
    assert seen[-1] == "ticket"


def test_a_health_read_behind_the_proxy_logs_the_clients_address(app_server: RunningApp) -> None:
    """The access log of sensitive data records where a read came from: behind the trusted
    proxy, the client's address, not the proxy's (the portal's health page over the
    websocket, with the X-Forwarded-For the proxy appends)."""
    slug, ana, at_the_gym = "clinica-movimento", "+5511987654321", "198.51.100.77"
    wait_for_send_cooldown(app_server, ana)

    async def scenario() -> None:
        cookie = await portal_cookie(
            app_server.base, slug, ana, app_server.outbox, address=at_the_gym
        )
        tab = Tab(app_server.base, Compiled.read(), cookie=cookie, forwarded_for=at_the_gym)
        try:
            await tab.open(f"/{slug}/area-do-cliente/saude")
            await tab.until(lambda text: "Raio-X" in text or "records_rx_state_" in text, 0)
        finally:
            await tab.close()

    _run(scenario())
    engine = make_engine(app_server.database_url)
    try:
        with unit_of_work(engine) as session:
            addresses = session.exec(
                select(AccessLogEntry.ip).where(AccessLogEntry.actor_kind == "cliente")
            ).all()
    finally:
        engine.dispose()
    assert at_the_gym in addresses, addresses
