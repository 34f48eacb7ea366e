"""The dashboard's client page as the server sees it: app CPU, answers (deltas) and wall time
per open, over the app's real websocket protocol (no browser), one staff tab opening Ana's
page and another client's in turn, so every open changes client.

    python -m benchmarks.client_page [--opens 300]

The app is the `make run` build (SQLite, one worker) on its own port and database with the
demo data. The CPU is the app's processes' (from /proc) over the measured opens, divided by
the opens; the machine's other work (this script) is not in it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.loadgen.app import AppProcess, cpu_seconds
from benchmarks.loadgen.login import staff_cookie
from benchmarks.loadgen.mix import answered
from benchmarks.loadgen.protocol import Compiled, Tab, changed, navigation, trouble
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL
from treinico.routes import client_url

PORT = 3262
WARM = 20
NAMES = ("Ana Beatriz Souza", "Camila Ribeiro")


async def measure(app: AppProcess, opens: int) -> None:
    compiled = Compiled.read()
    cookie = await staff_cookie(app.base, compiled, OWNER_EMAIL, DEMO_PASSWORD)
    tab = Tab(app.base, compiled, cookie)
    await tab.open("/painel/clientes")
    await answered(tab, 0, "clients_state", "loading", False)
    rows = [r for v in changed(tab.updates, "clients_state", "rows") for r in v]
    ids = [next(str(r["id"]) for r in rows if r.get("name") == name) for name in NAMES]
    nav = navigation(compiled)
    pids = app.pids()

    async def open_page(i: int) -> tuple[float, int]:
        since = len(tab.updates)
        tab.path = client_url(ids[i % 2])
        start = time.perf_counter()
        await tab.emit(nav)
        await answered(tab, since, "client_consents_state", "loading", False)
        took = time.perf_counter() - start
        problem = trouble(tab.updates[since:])
        if problem:
            raise RuntimeError(problem)
        names = changed(tab.updates[since:], "client_detail_state", "client")
        if not any(c.get("name") == NAMES[i % 2] for c in names):
            raise RuntimeError(f"the page did not show {NAMES[i % 2]}")
        return took, len(tab.updates) - since

    for i in range(WARM):
        await open_page(i)
    cpu = cpu_seconds(pids)
    times, answers = [], []
    for i in range(opens):
        took, count = await open_page(i)
        times.append(took * 1000)
        answers.append(count)
    cpu = cpu_seconds(pids) - cpu
    await tab.close()
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"\nClient page, {opens} opens (SQLite, one worker, demo data)")
    print("| app CPU per open | answers per open | p50 ms | p95 ms |")
    print("| --- | --- | --- | --- |")
    print(
        f"| {cpu / opens * 1000:.1f} ms | {statistics.mean(answers):.1f} "
        f"| {statistics.median(times):.1f} | {p95:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=300)
    args = parser.parse_args()
    app = AppProcess(Path(tempfile.mkdtemp(prefix="treinico-client-page-")) / "app", PORT)
    app.prepare()
    try:
        print("building and starting the app…", flush=True)
        app.start()
        asyncio.run(measure(app, args.opens))
    finally:
        app.stop()


if __name__ == "__main__":
    main()
