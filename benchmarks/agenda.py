"""Benchmark of the agenda at studio scale, on SQLite and PostgreSQL: the week view of one
trainer, the portal home of one client (plan card + upcoming bookings) and the 14-day
free-slot computation, each through the service and as the minimal hand-written SQL that
reads the same data. Statement counts at two scales show the work does not grow with the
data.

    python -m benchmarks.agenda --db both               # 20k clients, 200k bookings
    python -m benchmarks.agenda --db sqlite --scale 0.1
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from benchmarks.agenda_data import NOW, SP, generate_agenda
from benchmarks.entitlements import Counter, main, timed
from treinico.db import unit_of_work
from treinico.models import SessionType, Team
from treinico.services.access.status import day_start
from treinico.services.actor import load_actor
from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda import schedule as agenda
from treinico.services.agenda import slots

WEEK_SQL = """
SELECT b.id, b.starts_at, b.ends_at, b.status, b.is_makeup, b.series_id, c.name, st.name,
       st.color, u.name, e.revoked_at, e.ends_at, e.grace_ends_at
FROM booking b JOIN client c ON c.id = b.client_id
JOIN session_type st ON st.id = b.session_type_id
JOIN user_account u ON u.id = b.trainer_user_id
LEFT JOIN entitlement e ON e.id = b.entitlement_id
WHERE b.team_id = :t AND b.trainer_user_id = :u AND b.starts_at >= :a AND b.starts_at < :z
  AND b.status <> 'cancelado'
ORDER BY b.starts_at, b.id
"""
PLAN_SQL = """
SELECT e.id, e.starts_at, e.ends_at, e.grace_ends_at, e.revoked_at, p.name, p.price_cents,
       p.billing_months, p.sessions_per_cycle
FROM entitlement e JOIN product p ON p.id = e.product_id
WHERE e.team_id = :t AND e.client_id = :c AND e.closed_at IS NULL AND p.sessions_per_cycle > 0
ORDER BY e.starts_at, e.id
"""
USAGE_SQL = """
SELECT SUM(CASE WHEN status IN ('presente', 'falta') OR cancel_kind = 'fora_do_prazo'
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'agendado' THEN 1 ELSE 0 END)
FROM booking WHERE entitlement_id = :e AND is_makeup = false
  AND starts_at >= :a AND starts_at < :z
"""
CREDITS_SQL = """
SELECT credit_key FROM credit_event WHERE team_id = :t AND client_id = :c
GROUP BY credit_key HAVING SUM(delta) = 1 AND MIN(valid_until) > :now
"""
UPCOMING_SQL = """
SELECT b.id, b.starts_at, st.name, u.name FROM booking b
JOIN session_type st ON st.id = b.session_type_id JOIN user_account u ON u.id = b.trainer_user_id
WHERE b.team_id = :t AND b.client_id = :c AND b.status = 'agendado' AND b.starts_at >= :now
ORDER BY b.starts_at LIMIT 30
"""
# What the week view returns besides the bookings: the team, the trainers with hours, the
# members and the session types with their plans (for the filter and the booking form).
WEEK_EXTRA_SQL = (
    "SELECT id, name, timezone FROM team WHERE id = :t",
    "SELECT id, name FROM user_account WHERE id IN (SELECT user_id FROM working_hours"
    " WHERE team_id = :t) ORDER BY name",
    "SELECT u.id, u.name FROM user_account u JOIN membership m ON m.user_id = u.id"
    " WHERE m.team_id = :t AND u.active ORDER BY u.name",
    "SELECT st.id, st.name, stp.product_id FROM session_type st LEFT JOIN session_type_product"
    " stp ON stp.session_type_id = st.id WHERE st.team_id = :t AND NOT st.archived",
)
HOME_EXTRA_SQL = (
    "SELECT id, name, timezone, cancel_notice_hours FROM team WHERE id = :t",
    "SELECT id, name, archived FROM client WHERE id = :c AND team_id = :t",
)
SLOT_SQL = (
    "SELECT weekday, start_minute, end_minute FROM working_hours WHERE team_id = :t AND user_id = :u",
    "SELECT starts_at, ends_at FROM blocked_period WHERE team_id = :t AND user_id = :u"
    " AND starts_at < :z AND ends_at > :a",
    "SELECT id, starts_at, ends_at, session_type_id, booked, capacity FROM appointment"
    " WHERE team_id = :t AND trainer_user_id = :u AND cancelled_at IS NULL"
    " AND starts_at < :z AND ends_at > :a",
    "SELECT starts_at, ends_at FROM booking WHERE team_id = :t AND client_id = :c"
    " AND status <> 'cancelado' AND starts_at < :z AND ends_at > :a",
)


def run(
    engine: Engine, label: str, scale: float, runs: int
) -> list[tuple[str, float, float, float, float]]:
    t0 = time.perf_counter()
    info = generate_agenda(engine, clients=int(20_000 * scale), bookings=int(200_000 * scale))
    print(f"[{label}] {info['bookings']} bookings generated in {time.perf_counter() - t0:.1f}s")
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
        team = s.get(Team, team_id)
        st = s.get(SessionType, 1)
        assert team is not None and st is not None
        s.expunge(team)
        s.expunge(st)
    with engine.connect() as conn:
        clients = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT DISTINCT client_id FROM booking WHERE starts_at >= :now"
                    " AND status = 'agendado' ORDER BY client_id LIMIT :n"
                ),
                {"now": NOW, "n": runs},
            )
        ]
    trainers = [1 + i % info["trainers"] for i in range(runs)]
    today = NOW.astimezone(SP).date()
    monday = today - timedelta(days=today.weekday())
    week = (day_start(monday, SP), day_start(monday + timedelta(days=7), SP))
    window = (day_start(today, SP), day_start(today + timedelta(days=14), SP))
    results = []

    def compare(name: str, service: Callable[[int], Any], sql: Callable[[int], Any]) -> None:
        service(0)  # warm caches and compiled statements for both sides alike
        sql(0)
        svc_ms, svc_n = timed(service, runs, counter)
        sql_ms, sql_n = timed(sql, runs, counter)
        results.append((name, svc_ms, svc_n, sql_ms, sql_n))

    def svc_week(i: int) -> None:
        with unit_of_work(engine) as s:
            agenda.week_view(
                session=s, actor=actor, week_of=today, trainer_user_id=trainers[i], now=NOW
            )

    def sql_week(i: int) -> None:
        with engine.begin() as c:
            c.execute(
                text(WEEK_SQL), {"t": team_id, "u": trainers[i], "a": week[0], "z": week[1]}
            ).all()
            for statement in WEEK_EXTRA_SQL:
                c.execute(text(statement), {"t": team_id}).all()

    def svc_home(i: int) -> None:
        with unit_of_work(engine) as s:
            portal_agenda.portal_agenda(session=s, team_id=team_id, client_id=clients[i], now=NOW)

    def sql_home(i: int) -> None:
        p = {"t": team_id, "c": clients[i], "now": NOW}
        with engine.begin() as c:
            for statement in HOME_EXTRA_SQL:
                c.execute(text(statement), p).all()
            plan = c.execute(text(PLAN_SQL), p).first()
            assert plan is not None
            c.execute(
                text(USAGE_SQL), {"e": plan[0], "a": NOW - timedelta(days=30), "z": NOW}
            ).all()
            c.execute(text(CREDITS_SQL), p).all()
            c.execute(text(UPCOMING_SQL), p).all()

    def svc_slots(i: int) -> None:
        with unit_of_work(engine) as s:
            slots.free_slots(
                s, team=team, trainer_user_id=trainers[i], st=st, client_id=clients[i], now=NOW
            )

    def sql_slots(i: int) -> None:
        p = {"t": team_id, "u": trainers[i], "c": clients[i], "a": window[0], "z": window[1]}
        with engine.begin() as c:
            for statement in SLOT_SQL:
                c.execute(text(statement), p).all()

    compare("week view, one trainer", svc_week, sql_week)
    compare("portal home (plan + upcoming)", svc_home, sql_home)
    compare("free slots, 14 days", svc_slots, sql_slots)
    return results


if __name__ == "__main__":
    main(run)
