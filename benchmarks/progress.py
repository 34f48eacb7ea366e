"""Benchmark of progress and homework at studio scale, on SQLite and PostgreSQL: one
client's progress page data (every metric's series, table and path) and the team's open
tasks view, each through the service and as the minimal hand-written SQL reading the same
data. Defaults: 20,000 clients, 1,020,000 measurement values (17 assessments of 3 metrics
each), 100,000 tasks (5 per client, a third still open) with their history.

    python -m benchmarks.progress --db both
    python -m benchmarks.progress --db sqlite --scale 0.1
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from benchmarks.entitlements import Counter, main, timed
from benchmarks.generate import CHUNK, NOW, fresh_studio
from treinico.db import unit_of_work
from treinico.models import Assessment, Client, MeasurementValue, Task, TaskEvent
from treinico.services.actor import load_actor
from treinico.services.homework import tasks as homework
from treinico.services.progress import assessments as progress

PROGRESS_SQL = (
    "SELECT id, name FROM client WHERE id = :c AND team_id = :t",
    "SELECT id, name, unit, decimals, min_value, max_value, lower_is_better FROM metric"
    " WHERE team_id = :t AND NOT archived ORDER BY position, id",
    "SELECT v.metric_id, v.taken_on, v.value, a.id FROM measurement_value v"
    " JOIN assessment a ON a.id = v.assessment_id WHERE v.team_id = :t AND v.client_id = :c"
    " AND a.removed_at IS NULL ORDER BY v.taken_on, a.id",
)
OPEN_TASKS_SQL = (
    "SELECT id, name, timezone FROM team WHERE id = :t",
    "SELECT t.id, t.title, t.due_on, t.status, c.name FROM task t JOIN client c ON c.id = t.client_id"
    " WHERE t.team_id = :t AND NOT t.archived AND t.status <> 'concluido' AND t.due_on IS NOT NULL"
    " ORDER BY t.due_on, t.id LIMIT 200",
)


def _insert(engine: Engine, model: Any, rows: list[dict]) -> None:  # type: ignore[type-arg]
    with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model), rows[i : i + CHUNK])


def generate(engine: Engine, *, clients: int, assessments: int = 17, tasks: int = 5) -> int:
    rng = random.Random(5)
    team_id = fresh_studio(engine)
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
    today = NOW.date()
    a_rows, v_rows = [], []
    for c in range(1, clients + 1):
        base = [rng.uniform(60, 110), rng.uniform(12, 35), rng.uniform(70, 120)]
        for k in range(assessments):
            day = today - timedelta(days=21 * (assessments - k))
            a_rows.append(
                {
                    "team_id": team_id,
                    "client_id": c,
                    "taken_on": day,
                    "note": "",
                    "created_by": "Dona",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            aid = len(a_rows)
            for metric_id, start in enumerate(base, start=1):
                v_rows.append(
                    {
                        "team_id": team_id,
                        "client_id": c,
                        "assessment_id": aid,
                        "metric_id": metric_id,
                        "taken_on": day,
                        "value": round(start - k * 0.3, 1),
                    }
                )
    _insert(engine, Assessment, a_rows)
    _insert(engine, MeasurementValue, v_rows)
    t_rows, e_rows = [], []
    for c in range(1, clients + 1):
        for k in range(tasks):
            status = "concluido" if k % 3 else rng.choice(["pendente", "em_andamento"])
            due: date | None = today + timedelta(days=rng.randint(-20, 20)) if k % 2 else None
            t_rows.append(
                {
                    "team_id": team_id,
                    "client_id": c,
                    "title": f"Tarefa {k}",
                    "instructions": "",
                    "due_on": due,
                    "status": status,
                    "archived": False,
                    "created_by": "Dona",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            tid = len(t_rows)
            e_rows.append(
                {
                    "team_id": team_id,
                    "task_id": tid,
                    "event_type": "criada",
                    "old_status": None,
                    "new_status": "pendente",
                    "actor_name": "Dona",
                    "channel": "painel",
                    "at": NOW - timedelta(days=30),
                }
            )
            if status != "pendente":
                e_rows.append(
                    {
                        "team_id": team_id,
                        "task_id": tid,
                        "event_type": "status",
                        "old_status": "pendente",
                        "new_status": status,
                        "actor_name": f"Cliente {c:05d}",
                        "channel": "portal",
                        "at": NOW - timedelta(days=3),
                    }
                )
    _insert(engine, Task, t_rows)
    _insert(engine, TaskEvent, e_rows)
    print(f"{len(v_rows)} values, {len(t_rows)} tasks")
    return team_id


def run(
    engine: Engine, label: str, scale: float, runs: int
) -> list[tuple[str, float, float, float, float]]:
    t0 = time.perf_counter()
    team_id = generate(engine, clients=int(20_000 * scale))
    print(f"[{label}] generated in {time.perf_counter() - t0:.1f}s")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    counter = Counter(engine)
    with unit_of_work(engine) as s:
        actor = load_actor(s, user_id=1, team_id=team_id)
    clients = [1 + (i * 7919) % int(20_000 * scale) for i in range(runs + 1)]
    results = []

    def compare(name: str, service: Callable[[int], Any], sql: Callable[[int], Any]) -> None:
        service(0)
        sql(0)
        svc_ms, svc_n = timed(service, runs, counter)
        sql_ms, sql_n = timed(sql, runs, counter)
        results.append((name, svc_ms, svc_n, sql_ms, sql_n))

    def svc_progress(i: int) -> None:
        with unit_of_work(engine) as s:
            progress.client_progress(session=s, actor=actor, client_id=clients[i])

    def sql_progress(i: int) -> None:
        with engine.begin() as c:
            for statement in PROGRESS_SQL:
                c.execute(text(statement), {"t": team_id, "c": clients[i]}).all()

    def svc_tasks(i: int) -> None:
        with unit_of_work(engine) as s:
            homework.open_tasks(session=s, actor=actor, now=NOW)

    def sql_tasks(i: int) -> None:
        with engine.begin() as c:
            c.execute(text(OPEN_TASKS_SQL[0]), {"t": team_id}).all()
            rows = c.execute(text(OPEN_TASKS_SQL[1]), {"t": team_id, "today": NOW.date()}).all()
            ids = [r[0] for r in rows]
            c.execute(
                text(
                    "SELECT task_id, new_status, actor_name, channel, at FROM task_event"
                    " WHERE task_id IN (" + ",".join(str(x) for x in ids or [0]) + ")"
                    " AND event_type = 'status' ORDER BY task_id, at, id"
                )
            ).all()

    compare("progress page, one client", svc_progress, sql_progress)
    compare("open tasks, whole team", svc_tasks, sql_tasks)
    return results


if __name__ == "__main__":
    main(run)
