"""Benchmark of access management at studio scale, on SQLite and PostgreSQL.

Each operation runs through the service (as the dashboard calls it) and as the minimal
hand-written SQL doing the same reads and writes; the ratio service/SQL is the overhead of
the ORM, validation and history. Statement counts show the work does not grow with the data.

    python -m benchmarks.entitlements --db both            # 10k clients, 100k, 500k
    python -m benchmarks.entitlements --db sqlite --scale 0.1
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from benchmarks.generate import NOW, generate
from treinico.db import make_engine, unit_of_work
from treinico.services.access import entitlements as ent
from treinico.services.access import history as access_history
from treinico.services.access import sweep as access_sweep
from treinico.services.actor import load_actor

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class Counter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, *_args: Any) -> None:
        self.count += 1


def timed(fn: Callable[[int], Any], runs: int, counter: Counter) -> tuple[float, float]:
    """Median milliseconds and statements per run of fn(i) for i in range(runs)."""
    samples = []
    before = counter.count
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), (counter.count - before) / runs


def _ids(engine: Engine, sql: str, limit: int) -> list[int]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text(sql + f" LIMIT {limit}"))]


def run(
    engine: Engine, label: str, scale: float, runs: int
) -> list[tuple[str, float, float, float, float]]:
    t0 = time.perf_counter()
    info = generate(
        engine,
        clients=int(10_000 * scale),
        entitlements=int(100_000 * scale),
        events=int(500_000 * scale),
    )
    print(f"[{label}] data generated in {time.perf_counter() - t0:.1f}s")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    team_id = info["team_id"]
    counter = Counter(engine)
    with unit_of_work(engine) as s:
        actor = load_actor(s, user_id=1, team_id=team_id)
    with engine.begin() as conn:
        for key in ("bench-svc", "bench-sql"):
            conn.execute(
                text(
                    "INSERT INTO product (team_id, key, name, description, icon, kind, price_cents,"
                    " currency, grace_days, active, archived, created_at) VALUES (:t, :k, :k, '',"
                    " 'package', 'service', 0, 'BRL', 3, true, false, :now)"
                ),
                {"t": team_id, "k": key, "now": NOW},
            )
    svc_product, sql_product = _ids(
        engine,
        "SELECT id FROM product WHERE key IN ('bench-svc', 'bench-sql') ORDER BY key DESC",
        2,
    )
    clients = _ids(engine, "SELECT id FROM client ORDER BY id", 4 * runs)
    extendable = _ids(
        engine,
        "SELECT id FROM entitlement WHERE closed_at IS NULL AND ends_at IS NOT NULL ORDER BY id",
        2 * runs,
    )
    lifetime = _ids(
        engine,
        "SELECT id FROM entitlement WHERE closed_at IS NULL AND ends_at IS NULL ORDER BY id",
        2 * runs,
    )
    results = []

    def compare(name: str, service: Callable[[int], Any], sql: Callable[[int], Any]) -> None:
        svc_ms, svc_n = timed(service, runs, counter)
        sql_ms, sql_n = timed(sql, runs, counter)
        results.append((name, svc_ms, svc_n, sql_ms, sql_n))

    # --- open the modal: current accesses + eligible products
    def svc_overview(i: int) -> None:
        with unit_of_work(engine) as s:
            ent.access_overview(session=s, actor=actor, client_id=clients[i], now=NOW)

    def sql_overview(i: int) -> None:
        with engine.begin() as c:
            c.execute(
                text("SELECT id, name FROM client WHERE id = :c AND team_id = :t"),
                {"c": clients[i], "t": team_id},
            ).all()
            c.execute(
                text(
                    "SELECT e.*, p.name, p.icon FROM entitlement e JOIN product p ON p.id = e.product_id"
                    " WHERE e.team_id = :t AND e.client_id = :c AND e.closed_at IS NULL"
                ),
                {"c": clients[i], "t": team_id},
            ).all()
            c.execute(
                text(
                    "SELECT id, name, icon FROM product WHERE team_id = :t AND active"
                    " AND NOT archived ORDER BY name"
                ),
                {"t": team_id},
            ).all()

    compare("open modal (list + eligible)", svc_overview, sql_overview)

    # --- grant a product the client does not have
    def svc_grant(i: int) -> None:
        with unit_of_work(engine) as s:
            ent.grant_entitlement(
                session=s,
                actor=actor,
                client_id=clients[i],
                product_id=svc_product,
                starts_on=None,
                ends_on=(NOW + timedelta(days=30)).date(),
                now=NOW,
            )

    def sql_grant(i: int) -> None:
        with engine.begin() as c:
            c.execute(
                text("SELECT id FROM client WHERE id = :c AND team_id = :t"),
                {"c": clients[i], "t": team_id},
            ).all()
            c.execute(
                text("SELECT * FROM product WHERE id = :p AND team_id = :t"),
                {"p": sql_product, "t": team_id},
            ).all()
            c.execute(
                text(
                    "SELECT id FROM entitlement WHERE client_id = :c AND product_id = :p"
                    " AND closed_at IS NULL"
                ),
                {"c": clients[i], "p": sql_product},
            ).all()
            new_id = c.execute(
                text(
                    "INSERT INTO entitlement (team_id, client_id, product_id, starts_at, ends_at,"
                    " grace_ends_at, grace_days, source, granted_by_user_id, granted_at) VALUES"
                    " (:t, :c, :p, :now, :end, :end, 3, 'manual', 1, :now) RETURNING id"
                ),
                {
                    "t": team_id,
                    "c": clients[i],
                    "p": sql_product,
                    "now": NOW,
                    "end": NOW + timedelta(days=31),
                },
            ).scalar_one()
            c.execute(
                text(
                    "INSERT INTO entitlement_event (team_id, client_id, product_id, entitlement_id,"
                    " event_type, actor_user_id, actor_name, at, new_ends_at, reason) VALUES"
                    " (:t, :c, :p, :e, 'granted', 1, 'Dona', :now, :end, '')"
                ),
                {
                    "t": team_id,
                    "c": clients[i],
                    "p": sql_product,
                    "e": new_id,
                    "now": NOW,
                    "end": NOW + timedelta(days=31),
                },
            )

    compare("grant", svc_grant, sql_grant)

    # --- extend an active access
    def svc_extend(i: int) -> None:
        with unit_of_work(engine) as s:
            ent.extend_entitlement(
                session=s,
                actor=actor,
                entitlement_id=extendable[i],
                new_ends_on=(NOW + timedelta(days=120)).date(),
                now=NOW,
            )

    def sql_extend(i: int) -> None:
        eid = extendable[runs + i]
        with engine.begin() as c:
            row = (
                c.execute(
                    text("SELECT * FROM entitlement WHERE id = :e AND team_id = :t"),
                    {"e": eid, "t": team_id},
                )
                .mappings()
                .one()
            )
            new_end = NOW + timedelta(days=121)
            c.execute(
                text(
                    "UPDATE entitlement SET ends_at = :n, grace_ends_at = :g WHERE id = :e"
                    " AND ends_at = :o AND revoked_at IS NULL AND closed_at IS NULL"
                ),
                {"n": new_end, "g": new_end + timedelta(days=5), "e": eid, "o": row["ends_at"]},
            )
            c.execute(
                text(
                    "INSERT INTO entitlement_event (team_id, client_id, product_id, entitlement_id,"
                    " event_type, actor_user_id, actor_name, at, old_ends_at, new_ends_at, reason)"
                    " VALUES (:t, :c, :p, :e, 'extended', 1, 'Dona', :now, :o, :n, '')"
                ),
                {
                    "t": team_id,
                    "c": row["client_id"],
                    "p": row["product_id"],
                    "e": eid,
                    "now": NOW,
                    "o": row["ends_at"],
                    "n": new_end,
                },
            )

    compare("extend", svc_extend, sql_extend)

    # --- revoke
    def svc_revoke(i: int) -> None:
        with unit_of_work(engine) as s:
            ent.revoke_entitlement(
                session=s, actor=actor, entitlement_id=lifetime[i], note="x", now=NOW
            )

    def sql_revoke(i: int) -> None:
        eid = lifetime[runs + i]
        with engine.begin() as c:
            c.execute(
                text(
                    "UPDATE entitlement SET revoked_at = :now, revoked_by_user_id = 1,"
                    " revoke_reason = 'x', closed_at = :now WHERE id = :e AND team_id = :t"
                    " AND revoked_at IS NULL AND closed_at IS NULL"
                ),
                {"now": NOW, "e": eid, "t": team_id},
            )
            row = c.execute(
                text("SELECT client_id, product_id FROM entitlement WHERE id = :e"), {"e": eid}
            ).one()
            c.execute(
                text(
                    "INSERT INTO entitlement_event (team_id, client_id, product_id, entitlement_id,"
                    " event_type, actor_user_id, actor_name, at, reason) VALUES"
                    " (:t, :c, :p, :e, 'revoked', 1, 'Dona', :now, 'x')"
                ),
                {"t": team_id, "c": row[0], "p": row[1], "e": eid, "now": NOW},
            )

    compare("revoke", svc_revoke, sql_revoke)

    # --- first page of history
    def svc_history(i: int) -> None:
        with unit_of_work(engine) as s:
            access_history.list_history(session=s, actor=actor, client_id=clients[2 * runs + i])

    def sql_history(i: int) -> None:
        params = {"c": clients[2 * runs + i], "t": team_id}
        with engine.begin() as c:
            c.execute(
                text(
                    "SELECT count(*) FROM entitlement_event WHERE team_id = :t AND client_id = :c"
                ),
                params,
            ).one()
            c.execute(
                text(
                    "SELECT ev.*, p.name FROM entitlement_event ev JOIN product p ON p.id = ev.product_id"
                    " WHERE ev.team_id = :t AND ev.client_id = :c ORDER BY ev.at DESC, ev.id DESC"
                    " LIMIT 20"
                ),
                params,
            ).all()

    compare("history, first page", svc_history, sql_history)

    # --- expiry sweep: 1% of accesses fall due, swept once by each side
    due = max(1, int(1_000 * scale))
    with engine.begin() as c:
        c.execute(
            text(
                "UPDATE entitlement SET ends_at = :past, grace_ends_at = :past2 WHERE id IN ("
                "SELECT id FROM entitlement WHERE closed_at IS NULL AND ends_at IS NOT NULL"
                " AND revoked_at IS NULL ORDER BY id DESC LIMIT :n)"
            ),
            {"past": NOW - timedelta(days=10), "past2": NOW - timedelta(days=5), "n": 2 * due},
        )
    later = NOW + timedelta(hours=1)
    split = _ids(
        engine,
        "SELECT id FROM entitlement WHERE closed_at IS NULL AND grace_ends_at"
        f" <= '{(NOW - timedelta(days=1)).strftime('%Y-%m-%d')}' ORDER BY id",
        2 * due,
    )
    half = split[due] if len(split) > due else 0

    def svc_sweep(_i: int) -> None:
        with unit_of_work(engine) as s:
            access_sweep.sweep_expirations(session=s, now=later)

    def sql_sweep(_i: int) -> None:
        with engine.begin() as c:
            for kind, at_col, cond in (
                ("entered_grace", "ends_at", "ends_at <= :now AND grace_ends_at > ends_at"),
                ("expired", "grace_ends_at", "grace_ends_at <= :now"),
            ):
                c.execute(
                    text(
                        "INSERT INTO entitlement_event (team_id, client_id, product_id, entitlement_id,"
                        " event_type, actor_name, at, old_ends_at, period_end, reason)"
                        f" SELECT team_id, client_id, product_id, id, '{kind}', 'sistema', {at_col},"
                        f" ends_at, ends_at, '' FROM entitlement WHERE closed_at IS NULL AND"
                        f" revoked_at IS NULL AND {cond} AND id >= :half ON CONFLICT DO NOTHING"
                    ),
                    {"now": later, "half": half},
                )
            c.execute(
                text(
                    "UPDATE entitlement SET closed_at = :now WHERE closed_at IS NULL AND"
                    " revoked_at IS NULL AND grace_ends_at <= :now AND id >= :half"
                ),
                {"now": later, "half": half},
            )

    # The hand-written sweep takes the upper half first, the service the rest.
    sql_ms, sql_n = timed(sql_sweep, 1, counter)
    svc_ms, svc_n = timed(svc_sweep, 1, counter)
    results.append((f"expiry sweep ({due} due)", svc_ms, svc_n, sql_ms, sql_n))
    return results


def main(run_one: Callable[[Engine, str, float, int], list[Any]] | None = None) -> None:
    """Parse --db/--scale/--runs, run ``run_one`` on each database and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    targets = []
    if args.db in ("sqlite", "both"):
        path = os.path.join(tempfile.mkdtemp(), "bench.db")
        targets.append(("sqlite", f"sqlite:///{path}"))
    if args.db in ("postgresql", "both"):
        targets.append(("postgresql", os.environ.get("TREINICO_BENCH_POSTGRES_URL", PG_DEFAULT)))
    for label, url in targets:
        engine = make_engine(url)
        rows = (run_one or run)(engine, label, args.scale, args.runs)
        print(f"\n{label}, scale {args.scale:g} (median of {args.runs} runs)")
        print(
            f"{'operation':32} {'service ms':>10} {'stmts':>6} {'SQL ms':>8} {'stmts':>6} {'ratio':>6}"
        )
        for name, svc_ms, svc_n, sql_ms, sql_n in rows:
            print(
                f"{name:32} {svc_ms:10.2f} {svc_n:6.1f} {sql_ms:8.2f} {sql_n:6.1f} {svc_ms / sql_ms:6.2f}"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
