"""Interaction latency as a person feels it: from the browser's click or input event to the
page showing the result, measured inside the page, against a bare Reflex 0.10 counter's
"+1" built and served the same way and measured the same way, interleaved.

    python -m benchmarks.interaction [--runs 20] [--clients 10000] [--redis --workers 2]

The app is the `make run` build on its own port and database (SQLite and one worker; with
--redis, PostgreSQL `treinico_interaction` + Redis db 9 + N workers), with the demo data
grown to a studio's size (`--clients` more clients in Studio Demo, name and phone only)
and one load client with a plan, bookings, tasks and messages. The bare counter
(benchmarks/bare_reflex) keeps its state where the app does (memory; Redis with --redis).

How a run is timed: a capture-phase listener takes `performance.now()` at the first
`pointerup`, `click` or `keydown` after the run is armed, and at every `input` event (so a
typed search counts from the last keystroke); a `requestAnimationFrame` loop then checks
the page for the expected result each frame and takes the time it first holds. Playwright
only makes the gestures; nothing it does is on the clock.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.loadgen.app import AppProcess, fresh_production, start_bare
from benchmarks.loadgen.clients import phone_of, plain_name
from benchmarks.loadgen.login import portal_cookie, staff_cookie
from benchmarks.loadgen.protocol import Compiled
from benchmarks.portal_load import ARGS
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL

PORT, BARE_PORT = 3260, 3261
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("TREINICO_CHROMIUM", "/usr/bin/chromium")
PORTAL = "/studio-demo/area-do-cliente"

# Installed in every page before its scripts run.
CLOCK = """
(() => {
  window.__t0 = null; window.__t1 = null; window.__armed = false;
  const start = () => { if (window.__armed && window.__t0 === null) window.__t0 = performance.now(); };
  for (const kind of ["pointerup", "click", "keydown"]) document.addEventListener(kind, start, true);
  document.addEventListener("input", () => { if (window.__armed) window.__t0 = performance.now(); }, true);
})();
"""
# Arms the clock and watches for `check` (a JS expression) each animation frame.
ARM = """
(check) => {
  const done = new Function("return (" + check + ");");
  window.__t0 = null; window.__t1 = null; window.__armed = true;
  const frame = () => {
    if (window.__t0 !== null && done()) { window.__t1 = performance.now(); window.__armed = false; return; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
"""


def _q(selector: str) -> str:
    return f"document.querySelectorAll({selector!r})"


def _text_in(selector: str, text: str) -> str:
    return f"[...{_q(selector)}].some(e => e.textContent.includes({text!r}))"


async def timed(page: Any, check: str, gesture: Callable[[], Any]) -> float:
    """Milliseconds from the gesture's first event to `check` holding on screen."""
    await page.evaluate(ARM, check)
    await gesture()
    await page.wait_for_function("window.__t1 !== null", timeout=30_000)
    return float(await page.evaluate("window.__t1 - window.__t0"))


# ---------------------------------------------------------------- what is measured


async def bare_click(page: Any) -> float:
    heading = page.locator("h1")
    now = int(await heading.inner_text())
    return await timed(
        page,
        f"document.querySelector('h1').textContent === '{now + 1}'",
        lambda: page.get_by_role("button", name="+1").click(),
    )


async def bare_navigation(page: Any, base: str) -> float:
    """The bare app's page A, then its link to page B: B's text from its on_load."""
    await page.goto(f"{base}/a")
    await page.wait_for_function("document.body.innerText.includes('Chegou em /a')")
    return await timed(
        page,
        "document.body.innerText.includes('Chegou em /b')",
        page.get_by_role("link", name="Ir para B").click,
    )


async def staff_modal(page: Any, name: str) -> float:
    """The client's "⋯" menu, then "Gerenciar Acesso a Produtos": the modal with their
    accesses."""
    # Letters only: three digits would also search the phones.
    await page.get_by_label("Buscar por nome ou telefone").fill(name.rstrip("0123456789 "))
    row = page.get_by_test_id("client-row").filter(has_text=name)
    await row.get_by_role("button").last.click()
    item = page.get_by_role("menuitem", name="Gerenciar Acesso a Produtos")
    await item.wait_for()
    took = await timed(
        page,
        f"{_text_in('[role=dialog]', name)} && {_q('[data-testid=access-row]')}.length > 0",
        item.click,
    )
    return took


async def staff_history(page: Any) -> float:
    """In the open modal, "Ver histórico de acessos": the history's first page."""
    took = await timed(
        page,
        f"{_q('[data-testid=history-item]')}.length > 0",
        page.get_by_text("Ver histórico de acessos").click,
    )
    await page.keyboard.press("Escape")
    await page.get_by_role("dialog").wait_for(state="detached")
    return took


async def staff_search(page: Any, typed: str, expected: str) -> float:
    """A name typed into the search: from the last keystroke to the one matching row."""
    box = page.get_by_label("Buscar por nome ou telefone")
    await box.fill("")
    await page.wait_for_function(f"{_q('[data-testid=client-row]')}.length > 1")
    rows = _q("[data-testid=client-row]")
    took = await timed(
        page,
        f"{rows}.length === 1 && {rows}[0].textContent.includes({expected!r})",
        lambda: box.press_sequentially(typed, delay=60),
    )
    return took


async def staff_client_page(page: Any, base: str, name: str) -> float:
    """A row of the client list, then the client's page: the header, the plan card and the
    consents (the sections read last)."""
    await page.goto(f"{base}/painel/clientes")
    await page.get_by_label("Buscar por nome ou telefone").fill(name.rstrip("0123456789 "))
    link = page.get_by_test_id("client-row").filter(has_text=name).get_by_role("link")
    await link.wait_for()
    return await timed(
        page,
        f"{_text_in('[data-testid=client-header]', name)}"
        f" && {_q('[data-testid=plan-title]')}.length > 0"
        f" && {_q('[data-testid=consent-purpose]')}.length > 0",
        link.click,
    )


async def portal_messages(page: Any, base: str) -> float:
    """The home's "Abrir mensagens": the conversation on screen."""
    await page.goto(f"{base}{PORTAL}")
    link = page.get_by_role("link", name="Abrir mensagens")
    await link.wait_for()
    await page.wait_for_function("!!document.querySelector('[data-testid=portal-access]')")
    return await timed(
        page, "document.body.innerText.includes('Lembre de beber água.')", link.click
    )


async def portal_move(page: Any, forward: bool) -> float:
    """ "Começar" on a task, or "Voltar para pendente": the task in its new group."""
    title = "Alongamento diário"
    label, group = (
        ("Começar", "group-em_andamento") if forward else ("Voltar para pendente", "group-pendente")
    )
    button = page.get_by_role("button", name=f"{label}: {title}")
    await button.wait_for()
    return await timed(page, _text_in(f"[data-testid={group}]", title), button.click)


# ---------------------------------------------------------------- the run


def _summary(name: str, values: list[float], bare: float, page_change: float) -> str:
    p50 = statistics.median(values)
    p95 = statistics.quantiles(values, n=20)[18] if len(values) >= 4 else max(values)
    return (
        f"| {name} | {len(values)} | {p50:.0f} | {p95:.0f} | {p50 / bare:.1f}x "
        f"| {p50 / page_change:.1f}x |"
    )


async def measure(args: argparse.Namespace, app: AppProcess, bare_base: str) -> None:
    from playwright.async_api import async_playwright

    compiled = Compiled.read()
    portal = await portal_cookie(app.base, "studio-demo", phone_of(1), app.outbox)
    staff = await staff_cookie(app.base, compiled, OWNER_EMAIL, DEMO_PASSWORD)
    results: dict[str, list[float]] = {}

    def note(name: str, ms: float) -> None:
        results.setdefault(name, []).append(ms)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        contexts = {}
        for who, cookie, viewport in (
            ("bare", "", {"width": 1280, "height": 800}),
            ("bare pages", "", {"width": 390, "height": 844}),
            ("staff", staff, {"width": 1280, "height": 800}),
            ("portal", portal, {"width": 390, "height": 844}),
        ):
            context = await browser.new_context(viewport=viewport)
            await context.add_init_script(CLOCK)
            if cookie:
                name, value = cookie.split("=", 1)
                await context.add_cookies([{"name": name, "value": value, "url": app.base}])
            contexts[who] = await context.new_page()
        bare, bare_pages = contexts["bare"], contexts["bare pages"]
        staff_page, portal_page = contexts["staff"], contexts["portal"]
        await bare.goto(bare_base)
        await bare.get_by_role("button", name="+1").wait_for()
        await staff_page.goto(f"{app.base}/painel/clientes")
        await staff_page.get_by_test_id("client-row").first.wait_for()
        await portal_page.goto(f"{app.base}{PORTAL}/tarefas")
        # Warm both apps' first events (compiled statements, imported modules) off the clock.
        for _ in range(3):
            await bare_click(bare)
        for i in range(args.runs):
            note("bare: +1", await bare_click(bare))
            name = plain_name((i * 997) % args.clients)
            typed = " ".join(name.split()[:2])  # "Bruno Fale": one client
            note("equipe: busca de cliente", await staff_search(staff_page, typed, name))
            note("bare: +1", await bare_click(bare))
            note("equipe: abrir o modal de acesso", await staff_modal(staff_page, "Carga 0001"))
            note("bare: +1", await bare_click(bare))
            note("equipe: histórico de acessos", await staff_history(staff_page))
            note("bare: +1", await bare_click(bare))
            note(
                "equipe: clientes → ficha do cliente",
                await staff_client_page(staff_page, app.base, "Carga 0001"),
            )
            await staff_page.goto(f"{app.base}/painel/clientes")
            await staff_page.get_by_test_id("client-row").first.wait_for()
            note("bare: +1", await bare_click(bare))
            await portal_page.goto(f"{app.base}{PORTAL}/tarefas")
            note("portal: mover tarefa", await portal_move(portal_page, True))
            note("bare: +1", await bare_click(bare))
            note("portal: mover tarefa", await portal_move(portal_page, False))
            note("bare: +1", await bare_click(bare))
            note("bare: página A → B", await bare_navigation(bare_pages, bare_base))
            note("portal: início → mensagens", await portal_messages(portal_page, app.base))
            print(f"run {i + 1}/{args.runs}", flush=True)
        await browser.close()
    base = statistics.median(results["bare: +1"])
    page_change = statistics.median(results["bare: página A → B"])
    mode = f"PostgreSQL + Redis, {args.workers} workers" if args.redis else "SQLite, 1 worker"
    print(f"\nInteraction latency, {mode}, {args.clients:,} more clients, {args.runs} runs each")
    print("| interaction | n | p50 ms | p95 ms | p50 / bare +1 | p50 / bare page change |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, values in results.items():
        print(_summary(name, values, base, page_change))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="treinico-interaction-"))
    settings: dict[str, str] = {}
    if args.redis:
        settings |= fresh_production("treinico_interaction", 9, args.workers)
    app = AppProcess(work / "app", PORT, settings)
    app.prepare()
    app.add_clients(1, plain=args.clients)
    bare = start_bare(
        work,
        BARE_PORT,
        workers=args.workers if args.redis else 1,
        redis_url="redis://127.0.0.1:6379/10" if args.redis else "",
    )
    try:
        print("building and starting the app…", flush=True)
        app.start()
        bare.wait_ready(600)
        asyncio.run(measure(args, app, bare.base))
    finally:
        app.stop()
        bare.stop()


if __name__ == "__main__":
    main()
