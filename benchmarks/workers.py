"""How many backend workers on this machine? The production layout (PostgreSQL + Redis)
started with 1, 2, 3… workers in turn, each held under the same portal load, measured from
outside.

    python -m benchmarks.workers [--workers 1 2 3 4] [--sessions 300] [--minutes 2]

Per worker count: a fresh PostgreSQL database (`treinico_workers`) and Redis db 6, the app
on port 3230 (`reflex run --env prod --single-port`), `--sessions` tabs of logged-in demo
clients ramped up over 30 s, each reloading the portal home every 5 s (a reconnect and a
full hydrate, judged by the client's name arriving and the page's loads finishing). Printed:
loads answered per second, p50/p95/p99/max load time, errors, the app's PSS and CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.loadgen.app import AppProcess, cpu_seconds, fresh_production, memory_mb
from benchmarks.loadgen.login import portal_cookie
from benchmarks.loadgen.people import HOME, SLUG, home_loaded, portal_clients
from benchmarks.loadgen.protocol import Compiled, Tab

PORT = 3230


async def hold(app: AppProcess, sessions: int, minutes: float) -> dict[str, float]:
    compiled = Compiled.read()
    cookies = [
        (name, await portal_cookie(app.base, SLUG, e164, app.outbox, address=f"10.1.0.{i + 1}"))
        for i, (name, e164) in enumerate(portal_clients())
    ]
    loads: list[float] = []
    errors: Counter[str] = Counter()
    measuring = {"on": False}
    stop = time.monotonic() + 30 + minutes * 60

    async def person(i: int) -> None:
        await asyncio.sleep(30 * i / sessions)  # the ramp
        name, cookie = cookies[i % len(cookies)]
        tab = Tab(app.base, compiled, cookie)
        first = True
        while time.monotonic() < stop:
            since, start = len(tab.updates), time.perf_counter()
            try:
                await tab.open(HOME, first=first)
                await tab.until(home_loaded(name), since, timeout=30)
                if measuring["on"]:
                    loads.append(time.perf_counter() - start)
            except Exception as error:  # noqa: BLE001  (counted by kind)
                if measuring["on"]:
                    errors[type(error).__name__] += 1
            finally:
                await tab.close()
            first = False
            await asyncio.sleep(5 * random.uniform(0.8, 1.2))

    tasks = [asyncio.create_task(person(i)) for i in range(sessions)]
    await asyncio.sleep(30)
    measuring["on"] = True
    pids = app.pids()
    cpu0, t0 = cpu_seconds(pids), time.monotonic()
    await asyncio.sleep(minutes * 60)
    measuring["on"] = False
    cpu, elapsed = cpu_seconds(app.pids()) - cpu0, time.monotonic() - t0
    _rss, pss = memory_mb(app.pids())
    await asyncio.gather(*tasks)
    q = statistics.quantiles(loads, n=100) if len(loads) >= 100 else [0.0] * 99
    return {
        "loads_s": len(loads) / elapsed,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "max": max(loads, default=0) * 1000,
        "errors": sum(errors.values()),
        "pss": pss,
        "cpu": cpu / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--minutes", type=float, default=2)
    args = parser.parse_args()
    rows = []
    for workers in args.workers:
        work = Path(tempfile.gettempdir()) / f"treinico-workers-{workers}"
        settings = {
            **fresh_production("treinico_workers", 6, workers),
            "TREINICO_TRUSTED_PROXY": "1",
        }
        app = AppProcess(work, PORT, settings)
        app.prepare()
        app.start()
        try:
            row = asyncio.run(hold(app, args.sessions, args.minutes))
        finally:
            app.stop()
        rows.append((workers, row))
        print(
            f"{workers} worker(s): {row['loads_s']:.1f} loads/s  p50 {row['p50']:.0f} ms  "
            f"p95 {row['p95']:.0f} ms  p99 {row['p99']:.0f} ms  max {row['max']:.0f} ms  "
            f"errors {row['errors']:.0f}  PSS {row['pss']:.0f} MB  app CPU {row['cpu']:.2f} cores",
            flush=True,
        )
    print(f"\n{args.sessions} portal sessions, a home reload every ~5 s, {args.minutes} min held")
    print("| workers | loads/s | p50 ms | p95 ms | p99 ms | max ms | errors | PSS MB | app CPU |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for workers, r in rows:
        print(
            f"| {workers} | {r['loads_s']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} "
            f"| {r['max']:.0f} | {r['errors']:.0f} | {r['pss']:.0f} | {r['cpu']:.2f} |"
        )


if __name__ == "__main__":
    main()
