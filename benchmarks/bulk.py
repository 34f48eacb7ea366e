"""Benchmark of the Commerce area's bulk extend, on SQLite and PostgreSQL.

A studio with 10,000 clients, each with two monthly accesses ending on the same day. The
service extends N of them by one billing period (preview + apply, as the page does: the
plan stored as a batch, the conditional update, one history event per client with the
batch). The reference is hand-written set-based SQL doing the same writes: one UPDATE of
the accesses and one INSERT ... SELECT of the history rows, with no preview and no batch.

    python -m benchmarks.bulk --db both               # N = 1,000 and 10,000
    python -m benchmarks.bulk --db sqlite --scale 0.1
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from benchmarks.entitlements import Counter, main
from benchmarks.generate import CHUNK, NOW, fresh_studio
from treinico.db import unit_of_work
from treinico.models import Client, Entitlement, Product
from treinico.services.access.status import end_of_day, last_day
from treinico.services.actor import load_actor
from treinico.services.agenda.plans import add_months
from treinico.services.commerce import bulk

TZ = ZoneInfo("America/Sao_Paulo")


def _insert(engine: Engine, model: Any, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model), rows[i : i + CHUNK])


def generate(engine: Engine, clients: int) -> tuple[int, int, int]:
    team_id = fresh_studio(engine)
    products = []
    with unit_of_work(engine) as s:
        for key in ("bench-svc", "bench-sql"):
            p = Product(
                team_id=team_id,
                key=key,
                name=key,
                price_cents=48000,
                billing_months=1,
                grace_days=5,
            )
            s.add(p)
            s.flush()
            products.append(p.id or 0)
    _insert(
        engine,
        Client,
        [
            {
                "team_id": team_id,
                "name": f"Cliente {i:05d}",
                "name_search": f"cliente {i:05d}",
                "phone_e164": f"+55119{60000000 + i:08d}",
                "notes": "",
                "archived": False,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for i in range(clients)
        ],
    )
    start = NOW - timedelta(days=10)
    ends = end_of_day(NOW.astimezone(TZ).date() + timedelta(days=20), TZ)
    _insert(
        engine,
        Entitlement,
        [
            {
                "team_id": team_id,
                "client_id": c,
                "product_id": p,
                "starts_at": start,
                "ends_at": ends,
                "grace_ends_at": ends + timedelta(days=5),
                "grace_days": 5,
                "source": "manual",
                "granted_by_user_id": 1,
                "granted_at": start,
            }
            for c in range(1, clients + 1)
            for p in products
        ],
    )
    return team_id, products[0], products[1]


def _sql_extend(engine: Engine, product_id: int, client_ids: list[int], new_end: Any) -> None:
    """The same writes by hand: one set-based UPDATE and one INSERT ... SELECT."""
    grace = new_end + timedelta(days=5)
    with unit_of_work(engine) as s:
        ids = ",".join(str(i) for i in client_ids)
        where = (
            f"product_id = :p AND client_id IN ({ids}) AND revoked_at IS NULL AND closed_at IS NULL"
        )
        s.execute(
            text(
                "INSERT INTO entitlement_event (team_id, client_id, product_id, entitlement_id, "
                "event_type, actor_user_id, actor_name, at, old_ends_at, new_ends_at, reason) "
                "SELECT team_id, client_id, product_id, id, 'extended', 1, 'Dona', :now, "
                f"ends_at, :new, '' FROM entitlement WHERE {where}"
            ),
            {"p": product_id, "now": NOW, "new": new_end},
        )
        s.execute(
            text(f"UPDATE entitlement SET ends_at = :new, grace_ends_at = :grace WHERE {where}"),
            {"p": product_id, "new": new_end, "grace": grace},
        )


def run(
    engine: Engine, label: str, scale: float, runs: int
) -> list[tuple[str, float, float, float, float]]:
    clients = max(100, int(10_000 * scale))
    t0 = time.perf_counter()
    team_id, svc_product, sql_product = generate(engine, clients)
    print(f"[{label}] {clients} clients, {2 * clients} accesses in {time.perf_counter() - t0:.1f}s")
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    counter = Counter(engine)
    with unit_of_work(engine) as s:
        actor = load_actor(s, user_id=1, team_id=team_id)
    results = []
    sql_end = end_of_day(NOW.astimezone(TZ).date() + timedelta(days=20), TZ)
    for size in sorted({max(10, clients // 10), clients}):
        ids = list(range(1, size + 1))
        svc_ms, svc_stmts, sql_ms, sql_stmts = [], [], [], []
        preview_ms = []
        for _ in range(min(runs, 5)):
            before = counter.count
            start = time.perf_counter()
            with unit_of_work(engine) as s:
                plan = bulk.preview(
                    session=s,
                    actor=actor,
                    product_id=svc_product,
                    operation="extend",
                    selection=bulk.Selection(client_ids=tuple(ids)),
                    now=NOW,
                )
            mid = time.perf_counter()
            with unit_of_work(engine) as s:
                done = bulk.apply(session=s, actor=actor, reference=plan.reference, now=NOW)
            end = time.perf_counter()
            assert done.changed == size, done.summary
            svc_ms.append((end - start) * 1000)
            preview_ms.append((mid - start) * 1000)
            svc_stmts.append(counter.count - before)

            sql_end = end_of_day(
                add_months(last_day(sql_end, TZ) + timedelta(days=1), 1) - timedelta(days=1), TZ
            )
            before = counter.count
            start = time.perf_counter()
            _sql_extend(engine, sql_product, ids, sql_end)
            sql_ms.append((time.perf_counter() - start) * 1000)
            sql_stmts.append(counter.count - before)
        name = f"estender {size} clientes"
        svc, sql = statistics.median(svc_ms), statistics.median(sql_ms)
        print(
            f"[{label}] {name}: service {svc:.0f} ms (preview {statistics.median(preview_ms):.0f} "
            f"ms) {statistics.median(svc_stmts) / size:.3f} stmts/client; SQL {sql:.0f} ms "
            f"{statistics.median(sql_stmts) / size:.4f} stmts/client; ratio {svc / sql:.2f}"
        )
        results.append((name, svc, statistics.median(svc_stmts), sql, statistics.median(sql_stmts)))
    _check_history(engine, team_id)
    return results


def _check_history(engine: Engine, team_id: int) -> None:
    """Both ways wrote one history row per client per run."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT product_id, count(*) FROM entitlement_event WHERE team_id = :t "
                "GROUP BY product_id ORDER BY product_id"
            ),
            {"t": team_id},
        ).all()
    counts = [n for _p, n in rows]
    assert len(counts) == 2 and counts[0] == counts[1], counts


if __name__ == "__main__":
    main(run)
