"""Benchmark of health records and the access log, on SQLite and PostgreSQL: a clinic with
2,000 clients, 10 sealed records each (20,000), and 200,000 access-log rows. Measures the
staff record list and a record's reading (decryption + one log row each), the client's
list, the owner's log page, "Meus dados" for one client, and sealing/opening a 10 MB
attachment, against the minimal SQL that reads the same rows.

    python -m benchmarks.health --db both
    python -m benchmarks.health --db sqlite --scale 0.1
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from benchmarks.entitlements import Counter, main, timed
from benchmarks.generate import CHUNK, NOW, fresh_studio
from treinico.db import unit_of_work
from treinico.models import AccessLogEntry, Client, ConsentEvent, HealthRecord, Team
from treinico.services import crypto
from treinico.services.actor import load_actor
from treinico.services.auth.portal import Business
from treinico.services.health import portal as portal_health
from treinico.services.health import records as health
from treinico.services.privacy import consent, data_rights
from treinico.services.privacy import reads_log as access_log

BODY = "Evolução: mobilidade de quadril melhor, dor 2/10, manter exercícios. " * 8


def _insert(engine: Engine, model: Any, rows: list[dict]) -> None:  # type: ignore[type-arg]
    with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model), rows[i : i + CHUNK])


def generate(engine: Engine, *, clients: int, records: int = 10, log_rows: int = 100) -> int:
    team_id = fresh_studio(engine)
    with unit_of_work(engine) as s:
        team = s.get(Team, team_id)
        assert team is not None
        team.health_enabled = True
        s.add(team)
    _insert(
        engine,
        Client,
        [
            {
                "team_id": team_id,
                "name": f"Paciente {i:05d}",
                "name_search": f"paciente {i:05d}",
                "phone_e164": f"+55119{50000000 + i:08d}",
                "notes": "",
                "archived": False,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for i in range(clients)
        ],
    )
    with unit_of_work(engine) as s:
        text_id = consent.current_text(s, team_id=team_id, purpose="saude").id
        # sealing goes through the real key path; the rows are then written in bulk
        title = crypto.seal_text(s, team_id=team_id, purpose="record.title", text="Evolução")
        body = crypto.seal_text(s, team_id=team_id, purpose="record.body", text=BODY)
    _insert(
        engine,
        ConsentEvent,
        [
            {
                "team_id": team_id,
                "client_id": c,
                "purpose": "saude",
                "text_id": text_id,
                "text_version": 1,
                "action": "concedido",
                "channel": "portal",
                "staff_name": "",
                "ip": "",
                "at": NOW,
            }
            for c in range(1, clients + 1)
        ],
    )
    _insert(
        engine,
        HealthRecord,
        [
            {
                "team_id": team_id,
                "client_id": c,
                "kind": "evolucao",
                "record_date": (NOW - timedelta(days=7 * k)).date(),
                "title_enc": title,
                "body_enc": body,
                "visible_to_client": k % 2 == 0,
                "version": 1,
                "author_user_id": 1,
                "author_name": "Dona",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for c in range(1, clients + 1)
            for k in range(records)
        ],
    )
    _insert(
        engine,
        AccessLogEntry,
        [
            {
                "team_id": team_id,
                "client_id": 1 + (i % clients),
                "action": "registro",
                "record_id": 1 + (i % (clients * records)),
                "actor_kind": "equipe",
                "user_id": 1,
                "actor_name": "Dona",
                "ip": "10.0.0.1",
                "at": NOW - timedelta(minutes=i),
            }
            for i in range(clients * log_rows)
        ],
    )
    return team_id


def run(
    engine: Engine, label: str, scale: float, runs: int
) -> list[tuple[str, float, float, float, float]]:
    clients = max(20, int(2_000 * scale))
    t0 = time.perf_counter()
    team_id = generate(engine, clients=clients)
    print(f"[{label}] generated in {time.perf_counter() - t0:.1f}s")
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    counter = Counter(engine)
    with unit_of_work(engine) as s:
        actor = load_actor(s, user_id=1, team_id=team_id)
    picks = [1 + (i * 7919) % clients for i in range(runs + 1)]
    results = []

    def business(i: int) -> Business:
        return Business(team_id=team_id, name="", slug="", client_id=picks[i], client_name="")

    def compare(name: str, service: Callable[[int], Any], sql: Callable[[int], Any]) -> None:
        service(0)
        sql(0)
        svc_ms, svc_n = timed(service, runs, counter)
        sql_ms, sql_n = timed(sql, runs, counter)
        results.append((name, svc_ms, svc_n, sql_ms, sql_n))

    def sql_records(i: int, only_visible: bool = False) -> None:
        where = " AND visible_to_client" if only_visible else ""
        with engine.begin() as c:
            c.execute(
                text(
                    "SELECT id, kind, record_date, title_enc, visible_to_client FROM health_record"
                    f" WHERE team_id = :t AND client_id = :c{where} ORDER BY record_date DESC"
                ),
                {"t": team_id, "c": picks[i]},
            ).all()

    def svc_list(i: int) -> None:
        with unit_of_work(engine) as s:
            health.list_records(session=s, actor=actor, client_id=picks[i], now=NOW)

    def svc_read(i: int) -> None:
        with unit_of_work(engine) as s:
            health.get_record(session=s, actor=actor, record_id=(picks[i] - 1) * 10 + 1, now=NOW)

    def sql_read(i: int) -> None:
        with engine.begin() as c:
            c.execute(
                text("SELECT * FROM health_record WHERE id = :r AND team_id = :t"),
                {"r": (picks[i] - 1) * 10 + 1, "t": team_id},
            ).all()

    def svc_portal(i: int) -> None:
        with unit_of_work(engine) as s:
            portal_health.my_records(session=s, business=business(i), now=NOW)

    def svc_log(i: int) -> None:
        with unit_of_work(engine) as s:
            access_log.team_log(session=s, actor=actor)

    def sql_log(i: int) -> None:
        with engine.begin() as c:
            c.execute(
                text(
                    "SELECT l.*, c.name FROM access_log l JOIN client c ON c.id = l.client_id"
                    " LEFT JOIN health_record r ON r.id = l.record_id WHERE l.team_id = :t"
                    " ORDER BY l.at DESC, l.id DESC LIMIT 200"
                ),
                {"t": team_id},
            ).all()

    def svc_export(i: int) -> None:
        with unit_of_work(engine) as s:
            data_rights.build_export(session=s, business=business(i), now=NOW)

    compare("prontuário: lista (staff)", svc_list, sql_records)
    compare("prontuário: ler registro", svc_read, sql_read)
    compare("portal: meus registros", svc_portal, lambda i: sql_records(i, True))
    compare("privacidade: registro (200)", svc_log, sql_log)
    compare("meus dados: ZIP", svc_export, lambda i: sql_records(i, True))

    blob = os.urandom(10 * 1024 * 1024)
    with unit_of_work(engine) as s:
        start = time.perf_counter()
        sealed = crypto.seal(s, team_id=team_id, purpose="attachment.data", plaintext=blob)
        mid = time.perf_counter()
        crypto.open_sealed(s, team_id=team_id, purpose="attachment.data", sealed=sealed)
        end = time.perf_counter()
    print(
        f"[{label}] 10 MB attachment: seal {(mid - start) * 1000:.1f} ms, "
        f"open {(end - mid) * 1000:.1f} ms, overhead {len(sealed) - len(blob)} bytes"
    )
    return results


if __name__ == "__main__":
    main(run)
