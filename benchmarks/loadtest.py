"""Many phones at once: portal clients and staff held in closed loops with think time, over
Reflex's websocket protocol (benchmarks/loadgen), beside a bare Reflex counter driven by the
same generator in alternating phases.

    python -m benchmarks.loadtest [--portal 200] [--staff 5] [--minutes 2] [--think 5]
                                  [--workers 1 | --redis --workers 2] [--phases 2]

The app is the `make run` build, started here on port 3240 with demo data (SQLite and one
worker; with --redis, PostgreSQL `treinico_loadtest` + Redis db 7 + N workers). Each portal
tab is a client of its own, made for the run through the app's services
(benchmarks/loadgen/clients.py: a plan, a booking, assessments, tasks, messages) and logged
in through the real code login (`--shared`: the 13 demo clients' logins, shared by the tabs).
Each tab opens the portal home, then every ~think seconds does one of: the home, "Minha
agenda", "Minha evolução" (charts), "Mensagens" (reading), sending a message, moving a
homework task. Staff tabs (the demo owner, real login) alternate the agenda week, the client
list, the access modal and a conversation. An answer counts when the page's own flag turns
(or the moved task shows in its new list) and the page ends hydrated; an error toast, a
redirect or a timeout is an error, by kind.

Phases alternate: the app under the mix for --minutes, then the bare counter under the same
number of tabs clicking "+1" at the same pace. CPU per event is each app's CPU seconds
(/proc, all its processes) over the events it answered in its phases.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.loadgen.app import (
    AppProcess,
    cpu_seconds,
    fresh_production,
    memory_mb,
    start_bare,
)
from benchmarks.loadgen.clients import phone_of
from benchmarks.loadgen.login import portal_cookie, staff_cookie
from benchmarks.loadgen.mix import Stats, bare_pages_tab, bare_tab, portal_tab, staff_tab
from benchmarks.loadgen.people import SLUG, portal_clients
from benchmarks.loadgen.protocol import Compiled
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL

PORT, BARE_PORT = 3240, 3251
ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/7"


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def phase(name: str, tabs, pids, minutes: float, ramp: float, profile=None):  # type: ignore[no-untyped-def]
    """Run `tabs` (coroutine factories taking `stop`, `stats`), measuring after the ramp;
    with `profile` (a path), py-spy samples the serving processes meanwhile."""
    stats = Stats()
    stop = time.monotonic() + ramp + minutes * 60
    tasks = [
        asyncio.create_task(_later(i * ramp / max(1, len(tabs)), t(stop, stats)))
        for i, t in enumerate(tabs)
    ]
    await asyncio.sleep(ramp)
    stats.on = True
    cpu0, own0, t0 = cpu_seconds(pids()), _own_cpu(), time.monotonic()
    spies = []
    if profile is not None:
        for pid in profile["pids"]():
            spies.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(ROOT / ".venv" / "bin" / "py-spy"),
                        "record",
                        "--format",
                        "raw",
                        "--rate",
                        "50",
                        "--duration",
                        str(int(minutes * 60)),
                        "--nonblocking",
                        "--output",
                        f"{profile['path']}.{pid}",
                        "--pid",
                        str(pid),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
    await asyncio.sleep(minutes * 60)
    for spy in spies:
        spy.wait(timeout=60)
    stats.on = False
    elapsed = time.monotonic() - t0
    cpu, own = cpu_seconds(pids()) - cpu0, _own_cpu() - own0
    _rss, pss = memory_mb(pids())
    await asyncio.gather(*tasks)
    return {
        "name": name,
        "stats": stats,
        "elapsed": elapsed,
        "cpu": cpu,
        "own": own,
        "pss": pss,
        "tabs": len(tabs),
    }


async def _later(delay: float, coro) -> None:  # type: ignore[no-untyped-def]
    await asyncio.sleep(delay)
    await coro


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def report(result: dict) -> None:  # type: ignore[type-arg]
    stats: Stats = result["stats"]
    print(f"\n== {result['name']}: {result['tabs']} tabs, {result['elapsed']:.0f} s measured")
    print(
        f"events answered {stats.events} ({stats.events / result['elapsed']:.1f}/s), errors {sum(stats.errors.values())}"
    )
    per = result["cpu"] / max(1, stats.events) * 1000
    print(
        f"app CPU {result['cpu'] / result['elapsed']:.2f} cores, {per:.2f} ms CPU per event; app PSS {result['pss']:.0f} MB ({result['pss'] / max(1, result['tabs']) * 1024:.0f} KB per tab); generator CPU {result['own'] / result['elapsed']:.2f} cores"
    )
    print("| action | n | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    everything = [t for a, v in stats.times.items() for t in v if "primeira" not in a]
    for action, times in sorted(stats.times.items()):
        print(
            f"| {action} | {len(times)} | {_pct(times, 50):.0f} | {_pct(times, 95):.0f} | {_pct(times, 99):.0f} | {max(times) * 1000:.0f} |"
        )
    if everything:
        print(
            f"| (all but first loads) | {len(everything)} | {_pct(everything, 50):.0f} | {_pct(everything, 95):.0f} | {_pct(everything, 99):.0f} | {max(everything) * 1000:.0f} |"
        )
    for kind, n in stats.errors.most_common():
        print(f"  error {kind}: {n}")
    if stats.limited:
        print(f"  refused by the message sending limit (shared logins): {stats.limited}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", type=int, default=200)
    parser.add_argument("--staff", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--think", type=float, default=5)
    parser.add_argument("--ramp", type=float, default=30)
    parser.add_argument("--phases", type=int, default=2, help="app/bare pairs, alternating")
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", default="", help="py-spy raw stacks of the app's workers")
    parser.add_argument(
        "--bare-pages",
        action="store_true",
        help="a third phase: the bare app's tabs change pages (A <-> B) instead of clicking",
    )
    parser.add_argument(
        "--shared",
        action="store_true",
        help="tabs share the 13 demo clients' logins instead of one load client each",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="treinico-loadtest-"))
    settings = {"TREINICO_TRUSTED_PROXY": "1", "TREINICO_LOGIN_SENDS_PER_DAY": "100000"}
    if args.redis:
        settings |= fresh_production("treinico_loadtest", 7, args.workers)
    app = AppProcess(work / "app", PORT, settings)
    app.prepare()
    if not args.shared:
        print(f"adding {args.portal} load clients…", flush=True)
        app.add_clients(args.portal)
    bare_app = start_bare(
        work,
        BARE_PORT,
        workers=args.workers if args.redis else 1,
        redis_url=REDIS_URL.replace("/7", "/8") if args.redis else "",
    )
    try:
        print("building and starting the app…", flush=True)
        app.start()
        bare_app.wait_ready(600)
        compiled = Compiled.read()
        bare_compiled = Compiled.read(ROOT / "benchmarks" / "bare_reflex" / ".web")
        results = asyncio.run(_run(args, app, bare_app, compiled, bare_compiled))
    finally:
        app.stop()
        bare_app.stop()
    mode = f"PostgreSQL + Redis, {args.workers} workers" if args.redis else "SQLite, 1 worker"
    print(f"\n{args.portal} portal + {args.staff} staff tabs, think {args.think} s, {mode}")
    for r in results:
        report(r)
    app_runs = [r for r in results if r["name"] == "treinico"]
    bare_runs = [r for r in results if r["name"] == "bare"]
    app_cost = sum(r["cpu"] for r in app_runs) / max(1, sum(r["stats"].events for r in app_runs))
    bare_cost = sum(r["cpu"] for r in bare_runs) / max(1, sum(r["stats"].events for r in bare_runs))
    print(
        f"\nCPU per event: app {app_cost * 1000:.2f} ms, bare counter {bare_cost * 1000:.2f} ms, ratio {app_cost / bare_cost if bare_cost else 0:.2f}x"
    )
    page_runs = [r for r in results if r["name"] == "bare pages"]
    if page_runs:
        page_cost = sum(r["cpu"] for r in page_runs) / max(
            1, sum(r["stats"].events for r in page_runs)
        )
        print(
            f"CPU per bare page change: {page_cost * 1000:.2f} ms "
            f"(app / bare page change {app_cost / page_cost if page_cost else 0:.2f}x)"
        )


async def _logins(app: AppProcess, phones: list[str], at_once: int = 16) -> list[str]:
    """Each phone logs in through the code login (a few at a time, as people arrive). The
    X-Forwarded-For addresses only spread the per-address limits; nothing is sent to them."""
    gate = asyncio.Semaphore(at_once)
    started = time.monotonic()

    async def one(i: int, e164: str) -> str:
        async with gate:
            address = f"10.2.{i // 250}.{i % 250 + 1}"
            return await portal_cookie(app.base, SLUG, e164, app.outbox, address=address)

    cookies = await asyncio.gather(*(one(i, e164) for i, e164 in enumerate(phones)))
    print(f"{len(cookies)} portal logins in {time.monotonic() - started:.0f} s", flush=True)
    return list(cookies)


async def _run(
    args, app: AppProcess, bare: AppProcess, compiled: Compiled, bare_compiled: Compiled
):  # type: ignore[no-untyped-def]
    if args.shared:
        phones = [e164 for _name, e164 in portal_clients()]
    else:
        phones = [phone_of(i) for i in range(1, args.portal + 1)]
    cookies = await _logins(app, phones)
    staff = await staff_cookie(app.base, compiled, OWNER_EMAIL, DEMO_PASSWORD)
    results = []
    for _ in range(args.phases):
        tabs = [
            (
                lambda stop, stats, c=cookies[i % len(cookies)]: portal_tab(
                    compiled, app.base, c, args.think, stop, stats
                )
            )
            for i in range(args.portal)
        ] + [
            (lambda stop, stats: staff_tab(compiled, app.base, staff, args.think, stop, stats))
            for _ in range(args.staff)
        ]
        profile = {"path": args.profile, "pids": app.workers} if args.profile else None
        results.append(await phase("treinico", tabs, app.pids, args.minutes, args.ramp, profile))
        print(f"app phase: {results[-1]['stats'].events} events", flush=True)
        bare_tabs = [
            (lambda stop, stats: bare_tab(bare_compiled, bare.base, args.think, stop, stats))
            for _ in range(args.portal + args.staff)
        ]
        results.append(await phase("bare", bare_tabs, bare.pids, args.minutes, args.ramp))
        print(f"bare phase: {results[-1]['stats'].events} events", flush=True)
        if args.bare_pages:
            page_tabs = [
                (
                    lambda stop, stats: bare_pages_tab(
                        bare_compiled, bare.base, args.think, stop, stats
                    )
                )
                for _ in range(args.portal + args.staff)
            ]
            results.append(await phase("bare pages", page_tabs, bare.pids, args.minutes, args.ramp))
            print(f"bare pages phase: {results[-1]['stats'].events} events", flush=True)
    return results


if __name__ == "__main__":
    main()
