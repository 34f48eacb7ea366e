"""The production layout under faults: PostgreSQL + Redis + 2 backend workers, each server
one the test owns (tests/e2e/throwaway.py), driven over the app's real websocket protocol and
HTTP routes (benchmarks/loadgen). Workers are killed, Redis and PostgreSQL stopped and
started again; sessions carry on, nothing is lost or applied twice, and while a part is down
people are told so in Portuguese instead of waiting on a page that never answers."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from benchmarks.loadgen.app import AppProcess
from benchmarks.loadgen.login import portal_cookie, staff_cookie
from benchmarks.loadgen.people import HOME, SLUG, home_loaded
from benchmarks.loadgen.protocol import Compiled, Tab
from tests.e2e.conftest import RunningApp
from tests.e2e.throwaway import Postgres, Redis, free_port
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL
from treinico.outages import DATABASE_DOWN, STATE_DOWN

HENRIQUE = ("Henrique", "+5511954321098")
MESSAGES = f"/{SLUG}/area-do-cliente/mensagens"
PORTAL_MESSAGES = "treinico___state___portal___messages____portal_messages_state"
PORTAL_PAGE = "treinico___state___portal___page____portal_page_state"  # the pages' on_load
FROM_HERE = "SELECT count(*) FROM login_challenge WHERE ip = '127.0.0.1'"


class Production:
    def __init__(self, root: Path) -> None:
        self.pg = Postgres()
        self.redis = Redis(root / "redis")
        self.pg.start()
        self.redis.start()
        self.app = AppProcess(
            root / "app",
            free_port(),
            {
                "TREINICO_DATABASE_URL": self.pg.url,
                "TREINICO_REDIS_URL": self.redis.url,
                "TREINICO_WORKERS": "2",
                "TREINICO_LOGIN_SENDS_PER_PHONE": "12",
            },
            backend_only=True,
        )
        self.app.prepare()
        self.app.start()
        self.compiled = Compiled.read()
        # One code login for the module (a phone may ask for a code once a minute).
        self.portal = run(portal_cookie(self.app.base, SLUG, HENRIQUE[1], self.app.outbox))

    def close(self) -> None:
        self.app.stop()
        self.redis.stop()
        self.pg.remove()

    async def send(self, tab: Tab, body: str) -> None:
        await tab.emit(
            f"{self.compiled.state_name}.{PORTAL_MESSAGES}.send", {"form_data": {"body": body}}
        )

    def count(self, sql: str, **params: object) -> int:
        engine = create_engine(self.pg.url)
        try:
            with engine.connect() as conn:
                return int(conn.execute(text(sql), params).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def production(
    app_server: RunningApp, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Production]:
    # app_server: the frontend in .web/ is built for this code before the backend serves it.
    running = Production(tmp_path_factory.mktemp("faults"))
    try:
        yield running
    finally:
        running.close()


def run(coro):  # type: ignore[no-untyped-def]
    """Run a scenario in its own thread and event loop: the browser tests' Playwright keeps
    an event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _toast(tab: Tab, since: int) -> str:
    """The scripts the server asked the tab to run since `since` (a toast is one)."""
    return "\n".join(
        str(event.get("payload", {}).get("function", ""))
        for update in tab.updates[since:]
        for event in update.get("events") or []
    )


async def _wait_toast(tab: Tab, since: int, words: str, timeout: float = 15) -> float:
    import json

    # The toast's text rides inside a JavaScript call, its accents escaped (\u00e1).
    escaped = json.dumps(words)[1:-1]
    start = time.monotonic()
    while escaped not in _toast(tab, since) and words not in _toast(tab, since):
        if time.monotonic() - start > timeout:
            raise AssertionError(f"no toast '{words}' in {timeout}s: {_toast(tab, since)[-400:]}")
        await asyncio.sleep(0.05)
    return time.monotonic() - start


def _respawned(app: AppProcess, gone: int, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = app.workers()
        if gone not in workers and len(workers) == 2:
            return workers
        time.sleep(0.2)
    alive = app.proc is not None and app.proc.poll() is None
    raise AssertionError(
        f"worker {gone} was not replaced in {timeout:.0f}s: workers {app.workers()}, "
        f"server {'running' if alive else 'gone'}\n{app.log.read_text()[-2000:]}"
    )


def test_a_killed_worker_is_replaced_and_its_sessions_carry_on(production: Production) -> None:
    app = production.app
    before = f"Antes da queda {uuid.uuid4().hex[:8]}"
    after = f"Depois da queda {uuid.uuid4().hex[:8]}"

    async def scenario() -> None:
        portal = production.portal
        staff = await staff_cookie(app.base, production.compiled, OWNER_EMAIL, DEMO_PASSWORD)
        # Several tabs of each, so both workers hold some of them.
        clients = [Tab(app.base, production.compiled, portal) for _ in range(4)]
        desks = [Tab(app.base, production.compiled, staff) for _ in range(4)]
        for tab in clients:
            await tab.open(MESSAGES)
            await tab.until(lambda s: '"loading_rx_state_": false' in s, 0)
        for tab in desks:
            await tab.open("/painel/clientes")
            await tab.until(lambda s: "Ana Beatriz Souza" in s, 0)
        writer = clients[0]
        since = len(writer.updates)
        await writer.emit(
            f"{production.compiled.state_name}.{PORTAL_MESSAGES}.send",
            {"form_data": {"body": before}},
        )
        await writer.until(lambda s: before in s, since)

        assert len(app.workers()) == 2, app.workers()
        # Every worker is killed in turn, so every tab loses its worker once. The server
        # takes a worker dying again within 5.5 s of a restart for a crash loop and stops:
        # the kills are spaced wider than that.
        for victim in list(app.workers()):
            await asyncio.sleep(6)
            os.kill(victim, signal.SIGKILL)
            await asyncio.to_thread(_respawned, app, victim)
        await asyncio.sleep(1)
        dropped = 0
        for tab in clients + desks:
            dropped += not (tab._client and tab._client.connected)
            since = len(tab.updates)
            await tab.close()
            await tab.open(tab.path, first=False)  # the browser reconnects with its token
            if tab in desks:
                await tab.until(lambda s: "Ana Beatriz Souza" in s, since)
            else:
                await tab.until(lambda s: before in s, since)
        assert dropped == len(clients + desks)

        since = len(writer.updates)
        await writer.emit(
            f"{production.compiled.state_name}.{PORTAL_MESSAGES}.send",
            {"form_data": {"body": after}},
        )
        await writer.until(lambda s: after in s, since)
        for tab in clients + desks:
            await tab.close()

    run(scenario())
    for body in (before, after):
        assert production.count("SELECT count(*) FROM message WHERE body = :b", b=body) == 1


def test_redis_down_says_so_and_the_app_recovers_when_it_returns(production: Production) -> None:
    app = production.app

    async def scenario() -> None:
        cookie = production.portal
        tab = Tab(app.base, production.compiled, cookie)
        await tab.open(HOME)
        await tab.until(home_loaded(HENRIQUE[0]), 0)
        production.redis.stop()
        try:
            since = len(tab.updates)
            # The home's own load (an event name the app does not know would only be logged).
            await tab.emit(f"{production.compiled.state_name}.{PORTAL_PAGE}.home")
            waited = await _wait_toast(tab, since, STATE_DOWN)
            assert waited < 10
            await tab.close()
            arriving = Tab(app.base, production.compiled, cookie)
            await arriving.open(HOME, timeout=10)
            await _wait_toast(arriving, 0, STATE_DOWN)
            await arriving.close()
        finally:
            production.redis.start()
        # The same cookie, a tab opened after Redis came back: the app was not restarted.
        deadline = time.monotonic() + 30
        while True:
            back = Tab(app.base, production.compiled, cookie)
            try:
                await back.open(HOME)
                await back.until(home_loaded(HENRIQUE[0]), 0, timeout=10)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(1)
            finally:
                await back.close()

    run(scenario())


def test_postgres_restarted_fails_clearly_then_works_without_restarting_the_app(
    production: Production,
) -> None:
    app = production.app

    async def scenario() -> None:
        cookie = production.portal
        production.pg.stop()
        try:
            async with httpx.AsyncClient(base_url=app.base, timeout=15) as http:
                start = time.monotonic()
                page = await http.get(f"/{SLUG}/entrar")
                assert time.monotonic() - start < 10
                assert page.status_code == 503
                assert page.headers["retry-after"] == "5"
                assert DATABASE_DOWN in page.text
                assert 'lang="pt-BR"' in page.text
            tab = Tab(app.base, production.compiled, cookie)
            await tab.open(HOME, timeout=10)
            await _wait_toast(tab, 0, DATABASE_DOWN)
            await tab.close()
        finally:
            production.pg.start()
        async with httpx.AsyncClient(base_url=app.base, timeout=15) as http:
            page = await http.get(f"/{SLUG}/entrar")
            assert page.status_code == 200
            assert "Seu WhatsApp" in page.text
        tab = Tab(app.base, production.compiled, cookie)
        await tab.open(HOME)
        await tab.until(home_loaded(HENRIQUE[0]), 0)
        await tab.close()

    run(scenario())


def test_the_login_limits_hold_across_workers(production: Production) -> None:
    """A flood from one address, each request on its own connection so both workers take
    some: exactly the per-address allowance gets a code, as on one worker."""
    app = production.app
    allowed = 10  # TREINICO_LOGIN_SENDS_PER_IP_HOUR's default
    already = production.count(FROM_HERE)
    phones = [f"+55119{7000_0000 + i:08d}" for i in range(30)]

    async def one(phone: str) -> int:
        async with httpx.AsyncClient(base_url=app.base, headers={"Origin": app.base}) as http:
            answer = await http.post(f"/{SLUG}/entrar", data={"acao": "enviar", "phone": phone})
            return answer.status_code

    async def flood() -> list[int]:
        return await asyncio.gather(*(one(p) for p in phones))

    answers = run(flood())
    sent = answers.count(303)
    assert sent == max(0, allowed - already)
    assert answers.count(200) == len(phones) - sent  # the form again, with the refusal
    assert production.count("SELECT count(*) FROM login_challenge WHERE ip = '127.0.0.1'") == max(
        allowed, already
    )
