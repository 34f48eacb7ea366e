"""What each simulated person does in the load test (benchmarks/loadtest.py): a portal client
working through the portal, a staff member through the dashboard, a visitor clicking the bare
Reflex counter. Each is a closed loop with think time; every answer is judged by content."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from benchmarks.loadgen.people import SLUG
from benchmarks.loadgen.protocol import Compiled, Tab, changed, navigation, trouble

PORTAL = f"/{SLUG}/area-do-cliente"
COUNTER = "bare___bare____counter"
VISIT = "bare___bare____visit"


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    events: int = 0
    on: bool = False

    def record(self, action: str, seconds: float) -> None:
        if self.on:
            self.times[action].append(seconds)
            self.events += 1

    def fail(self, action: str, kind: str) -> None:
        if self.on:
            self.errors[f"{action}: {kind}"] += 1

    limited: int = 0

    def refuse(self) -> None:
        """The app's own sending limit said no: many tabs share each demo client's login,
        so one client sends far more often than a person would. Counted apart."""
        if self.on:
            self.limited += 1


async def _until(tab: Tab, since: int, done, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    """Wait until `done(updates since `since`)` holds; an error toast or a redirect among
    them raises, and so does `timeout` seconds without it."""
    deadline = time.monotonic() + timeout
    while True:
        fresh = tab.updates[since:]
        problem = trouble(fresh)
        if problem:
            raise RuntimeError(problem)
        if done(fresh):
            return
        if time.monotonic() > deadline:
            raise TimeoutError
        tab._arrived.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tab._arrived.wait(), deadline - time.monotonic())


async def answered(
    tab: Tab,
    since: int,
    state: str,
    var: str,
    value: object,
    *,
    hydrated: bool = True,
) -> None:
    """Wait until `state.var` turned `value` after `since` (and, for a page, until the page is
    hydrated again: its on_load handlers are done)."""
    await _until(
        tab,
        since,
        lambda fresh: (
            value in changed(fresh, state, var)
            and (not hydrated or True in changed(fresh, "reflex___state____state", "is_hydrated"))
        ),
    )


async def _act(stats: Stats, action: str, step) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        await step()
        stats.record(action, time.perf_counter() - start)
    except TimeoutError:
        stats.fail(action, "sem resposta em 30 s")
    except Exception as error:  # noqa: BLE001  (counted by kind)
        if "muitas mensagens seguidas" in str(error):
            stats.refuse()
        else:
            stats.fail(action, str(error)[:80] or type(error).__name__)


async def portal_tab(
    compiled: Compiled, base: str, cookie: str, think: float, stop: float, stats: Stats
) -> None:
    tab = Tab(base, compiled, cookie)
    state = compiled.state_name
    nav = navigation(compiled)

    async def go(path: str, substate: str, var: str) -> None:
        since = len(tab.updates)
        tab.path = path
        await tab.emit(nav)
        await answered(tab, since, substate, var, False)

    async def first() -> None:
        await tab.open(PORTAL)
        await answered(tab, 0, "portal_home_state", "loading", False)

    async def send() -> None:
        if not tab.path.endswith("/mensagens"):
            await go(f"{PORTAL}/mensagens", "portal_messages_state", "loading")
        body = f"Mensagem de carga {uuid.uuid4().hex[:8]}"
        since = len(tab.updates)
        await tab.emit(
            f"{state}.treinico___state___portal___messages____portal_messages_state.send",
            {"form_data": {"body": body}},
        )
        deadline = time.monotonic() + 30
        while body not in str(changed(tab.updates[since:], "portal_messages_state", "parts")):
            if trouble(tab.updates[since:]):
                raise RuntimeError(trouble(tab.updates[since:]))
            if time.monotonic() > deadline:
                raise TimeoutError
            await asyncio.sleep(0.01)

    async def move() -> None:
        if not tab.path.endswith("/tarefas"):
            await go(f"{PORTAL}/tarefas", "portal_homework_state", "loading")
        lists = {
            name: (changed(tab.updates, "portal_homework_state", name) or [[]])[-1]
            for name in ("pending", "in_progress")
        }
        # (status sent, the list the task then shows in)
        choices = [(("em_andamento", "in_progress"), r) for r in lists["pending"]]
        choices += [(("pendente", "pending"), r) for r in lists["in_progress"]]
        if not choices:
            return  # this client has no open task
        (wanted, target), task = random.choice(choices)
        since = len(tab.updates)
        await tab.emit(
            f"{state}.treinico___state___portal___homework____portal_homework_state.move",
            {"task_id": task.get("id"), "status": wanted},
        )
        await _until(  # the task arrives in the list it was moved to
            tab,
            since,
            lambda fresh: any(
                row.get("id") == task.get("id")
                for rows in changed(fresh, "portal_homework_state", target)
                for row in rows
            ),
        )

    actions = {
        "portal: início": lambda: go(PORTAL, "portal_home_state", "loading"),
        "portal: agenda": lambda: go(f"{PORTAL}/agenda", "portal_agenda_state", "loading"),
        "portal: evolução": lambda: go(
            f"{PORTAL}/evolucao", "portal_progress_state", "charts_loading"
        ),
        "portal: mensagens": lambda: go(f"{PORTAL}/mensagens", "portal_messages_state", "loading"),
        "portal: enviar mensagem": send,
        "portal: mover tarefa": move,
    }
    weights = [4, 2, 2, 2, 1, 1]
    try:
        await _act(stats, "portal: primeira carga", first)
        while time.monotonic() < stop:
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
            name = random.choices(list(actions), weights)[0]
            await _act(stats, name, actions[name])
    finally:
        await tab.close()


async def staff_tab(
    compiled: Compiled, base: str, cookie: str, think: float, stop: float, stats: Stats
) -> None:
    tab = Tab(base, compiled, cookie)
    state = compiled.state_name
    nav = navigation(compiled)
    access = f"{state}.treinico___state___session____session_state.treinico___state___dashboard___access____access_state"

    async def go(path: str, substate: str) -> None:
        since = len(tab.updates)
        tab.path = path
        await tab.emit(nav)
        await answered(tab, since, substate, "loading", False)

    def client_ids() -> list[str]:
        rows = [r for v in changed(tab.updates, "clients_state", "rows") for r in v]
        return [str(r.get("id")) for r in rows if r.get("id")] or ["1"]

    async def first() -> None:
        await tab.open("/painel/clientes")
        await answered(tab, 0, "clients_state", "loading", False)

    async def modal() -> None:
        if not tab.path.startswith("/painel/clientes"):
            await go("/painel/clientes", "clients_state")
        since = len(tab.updates)
        await tab.emit(f"{access}.open_for", {"client_id": random.choice(client_ids())})
        await _until(  # the modal arrives with the client's name
            tab, since, lambda fresh: any(changed(fresh, "access_state", "client_name"))
        )
        await tab.emit(f"{access}.set_open", {"value": False})

    async def conversation() -> None:
        since = len(tab.updates)
        tab.path = f"/painel/mensagens?cliente={random.choice(client_ids())}"
        await tab.emit(nav)
        await answered(tab, since, "messages_state", "loading", False)

    actions = {
        "equipe: agenda da semana": lambda: go("/painel/agenda", "agenda_state"),
        "equipe: clientes": lambda: go("/painel/clientes", "clients_state"),
        "equipe: modal de acesso": modal,
        "equipe: conversa": conversation,
    }
    try:
        await _act(stats, "equipe: primeira carga", first)
        while time.monotonic() < stop:
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
            name = random.choice(list(actions))
            await _act(stats, name, actions[name])
    finally:
        await tab.close()


async def bare_tab(compiled: Compiled, base: str, think: float, stop: float, stats: Stats) -> None:
    tab = Tab(base, compiled)

    async def first() -> None:
        await tab.open("/")
        await answered(tab, 0, "reflex___state____state", "is_hydrated", True)

    async def click() -> None:
        since = len(tab.updates)
        await tab.emit(f"{compiled.state_name}.{COUNTER}.increment")
        deadline = time.monotonic() + 30
        while not changed(tab.updates[since:], COUNTER, "count"):
            if time.monotonic() > deadline:
                raise TimeoutError
            tab._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(tab._arrived.wait(), deadline - time.monotonic())

    try:
        await _act(stats, "bare: primeira carga", first)
        while time.monotonic() < stop:
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
            await _act(stats, "bare: +1", click)
    finally:
        await tab.close()


async def bare_pages_tab(
    compiled: Compiled, base: str, think: float, stop: float, stats: Stats
) -> None:
    """The bare app's page change: pages A and B link each other, and each one's on_load sets
    the text that says where the tab arrived (three Reflex events, as a portal page change)."""
    tab = Tab(base, compiled)
    nav = navigation(compiled)

    async def arrive(path: str, since: int) -> None:
        await answered(tab, since, VISIT, "shown", f"Chegou em {path}")

    async def first() -> None:
        await tab.open("/a")
        await arrive("/a", 0)

    async def change() -> None:
        since = len(tab.updates)
        tab.path = "/b" if tab.path == "/a" else "/a"
        await tab.emit(nav)
        await arrive(tab.path, since)

    try:
        await _act(stats, "bare: primeira carga", first)
        while time.monotonic() < stop:
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
            await _act(stats, "bare: página A ↔ B", change)
    finally:
        await tab.close()
