"""Soak: portal sessions arriving and leaving at a steady rate for a long time, to see that
the app's memory, Reflex's `.states/` directory and Redis keys level off instead of growing
with every session ever seen.

    python -m benchmarks.soak [--minutes 30] [--redis --workers 2] [--rate 1] [--life 60]

The soak starts its own app (`reflex run --env prod --single-port`, the build of `make run`)
on port 3210 (--port) with a fresh database: SQLite and one worker keeping the tabs' state in
memory by default (a `.states/` directory is watched too, for an app configured with Reflex's
disk manager); with --redis, PostgreSQL (database `treinico_soak`, recreated) and Redis
(db 5, flushed) behind N workers. Tab state lives TREINICO_TAB_STATE_SECONDS=300 (the
smallest allowed), so a plateau shows within the run.

Each arriving session is a new tab (its own token) of a logged-in demo client: it opens the
portal home, reloads it every --think seconds (a reconnect and a full hydrate, answers
checked by content) and leaves after --life seconds. Every --sample seconds a row is printed
and written to the CSV: sessions open and ever seen, loads and errors, load p95, the app's
RSS and PSS (/proc), `.states/` files and size, Redis keys.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.loadgen.app import (
    AppProcess,
    cpu_seconds,
    directory_size,
    fresh_production,
    memory_mb,
)
from benchmarks.loadgen.login import portal_cookie
from benchmarks.loadgen.people import HOME, SLUG, home_loaded, portal_clients
from benchmarks.loadgen.protocol import Compiled, Tab

PORT = 3210
REDIS_URL = "redis://127.0.0.1:6379/5"


@dataclass
class Tally:
    started: int = 0
    open: int = 0
    loads: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def session(
    app: AppProcess, compiled: Compiled, who: tuple[str, str], args, tally: Tally
) -> None:  # type: ignore[no-untyped-def]
    name, cookie = who
    tab = Tab(app.base, compiled, cookie)
    tally.started += 1
    tally.open += 1
    end = time.monotonic() + args.life
    first = True
    try:
        while True:
            since = len(tab.updates)
            start = time.perf_counter()
            try:
                await tab.open(HOME, first=first)
                await tab.until(home_loaded(name), since, timeout=30)
                tally.loads.append(time.perf_counter() - start)
            except TimeoutError:
                tally.errors["timeout"] += 1
            except Exception as error:  # noqa: BLE001  (counted by kind, the soak goes on)
                tally.errors[type(error).__name__] += 1
            finally:
                await tab.close()
            first = False
            left = end - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(left, args.think * random.uniform(0.8, 1.2)))
            if time.monotonic() >= end:
                return
    finally:
        tally.open -= 1


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def redis_keys() -> int:
    import redis

    return int(redis.Redis.from_url(REDIS_URL).dbsize())


async def soak(app: AppProcess, args) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    compiled = Compiled.read()
    people = portal_clients()
    cookies = []
    for i, (name, e164) in enumerate(people):
        cookies.append(
            (name, await portal_cookie(app.base, SLUG, e164, app.outbox, address=f"10.0.0.{i + 1}"))
        )
    print(
        f"{len(cookies)} clients logged in; {args.rate}/s arrivals, life {args.life}s, think {args.think}s"
    )
    tally = Tally()
    rows: list[dict[str, float]] = []
    tasks: set[asyncio.Task[None]] = set()
    begin = time.monotonic()
    stop_arrivals = begin + args.minutes * 60
    next_sample = begin
    cpu0, own0 = cpu_seconds(app.pids()), _own_cpu()
    loads_seen = 0
    i = 0
    while True:
        now = time.monotonic()
        if now >= next_sample:
            pids = app.pids()
            rss, pss = memory_mb(pids)
            files, mb = directory_size(app.states)
            recent = tally.loads[loads_seen:]
            loads_seen = len(tally.loads)
            row = {
                "minute": round((now - begin) / 60, 2),
                "open": tally.open,
                "sessions_seen": tally.started,
                "loads": len(tally.loads),
                "errors": sum(tally.errors.values()),
                "load_p95_ms": round(statistics.quantiles(recent, n=20)[18] * 1000, 1)
                if len(recent) >= 20
                else 0.0,
                "rss_mb": round(rss, 1),
                "pss_mb": round(pss, 1),
                "state_files": files,
                "state_mb": round(mb, 2),
                "redis_keys": redis_keys() if args.redis else 0,
                "app_cpu_s": round(cpu_seconds(pids) - cpu0, 1),
                "own_cpu_s": round(_own_cpu() - own0, 1),
            }
            rows.append(row)
            print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
            next_sample += args.sample
        if now >= stop_arrivals + args.tail * 60:
            break
        if now < stop_arrivals:
            who = cookies[i % len(cookies)]
            i += 1
            task = asyncio.create_task(session(app, compiled, who, args, tally))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.sleep(1 / args.rate)
    await asyncio.gather(*tasks)
    print(f"errors by kind: {dict(tally.errors) or 'none'}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="minutes of arrivals")
    parser.add_argument("--tail", type=float, default=6, help="minutes sampled after arrivals stop")
    parser.add_argument("--rate", type=float, default=1.0, help="sessions arriving per second")
    parser.add_argument("--life", type=float, default=60, help="seconds each session stays")
    parser.add_argument("--think", type=float, default=5, help="seconds between reloads")
    parser.add_argument("--sample", type=float, default=30, help="seconds between rows")
    parser.add_argument("--redis", action="store_true", help="PostgreSQL + Redis + N workers")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--out", type=Path, default=None, help="CSV file for the rows")
    args = parser.parse_args()
    mode = f"redis-{args.workers}w" if args.redis else "memory-1w"
    work = Path(tempfile.gettempdir()) / f"treinico-soak-{mode}"
    shutil.rmtree(work, ignore_errors=True)
    settings = {"TREINICO_TAB_STATE_SECONDS": "300", "TREINICO_TRUSTED_PROXY": "1"}
    if args.redis:
        settings |= fresh_production("treinico_soak", 5, args.workers)
    app = AppProcess(work, args.port, settings)
    app.prepare()
    app.start()
    try:
        print(f"soak {mode}: app pids {app.pids()}")
        rows = asyncio.run(soak(app, args))
    finally:
        app.stop()
    out = args.out or work / "soak.csv"
    with out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"rows written to {out}")


if __name__ == "__main__":
    main()
