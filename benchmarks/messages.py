"""Benchmark of conversations at 1,000,000 messages, on SQLite and PostgreSQL: 20,000 clients
with one conversation each, 50 messages per conversation (defaults). Measures the staff's
conversation list (first page, and a name search), the navigation badge, opening a
conversation (the newest 100 messages, marking them read), the refresh after the last seen
message, the client's side, and sending, against the minimal SQL reading the same rows.
Statement counts per operation do not depend on the number of messages (compare --scale
0.1 with 1).

    python -m benchmarks.messages --db both
    python -m benchmarks.messages --db sqlite --scale 0.1
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from benchmarks.entitlements import Counter, main, timed
from benchmarks.generate import CHUNK, NOW, fresh_studio
from treinico.db import unit_of_work
from treinico.models import Client, Conversation, Message
from treinico.services.actor import load_actor
from treinico.services.auth.portal import Business
from treinico.services.messages import conversations as messages
from treinico.services.messages import portal as portal_messages

PER_CONVERSATION = 50


def _insert(engine: Engine, model: Any, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model), rows[i : i + CHUNK])


def generate(engine: Engine, clients: int) -> int:
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
    total = clients * PER_CONVERSATION
    _insert(
        engine,
        Conversation,
        [
            {
                "team_id": team_id,
                "client_id": c,
                "last_message_id": c * PER_CONVERSATION,
                "last_message_at": NOW - timedelta(minutes=clients - c),
                "last_preview": "Combinado, até amanhã!",
                "last_sender": "client",
                "staff_unread": c % 3,
                "client_unread": 0,
                "created_at": NOW,
            }
            for c in range(1, clients + 1)
        ],
    )
    for start in range(0, total, 100_000):
        _insert(
            engine,
            Message,
            [
                {
                    "team_id": team_id,
                    "conversation_id": 1 + (m // PER_CONVERSATION),
                    "sender": "client" if m % 2 else "staff",
                    "author_user_id": None if m % 2 else 1,
                    "author_name": "Cliente" if m % 2 else "Dona",
                    "body": "Bom dia! Consigo remarcar para quinta às 7h? Obrigada!",
                    "created_at": NOW - timedelta(seconds=total - m),
                }
                for m in range(start, min(total, start + 100_000))
            ],
        )
    return team_id


def run(
    engine: Engine, label: str, scale: float, runs: int
) -> list[tuple[str, float, float, float, float]]:
    clients = max(100, int(20_000 * scale))
    t0 = time.perf_counter()
    team_id = generate(engine, clients)
    print(
        f"[{label}] {clients} conversations, {clients * PER_CONVERSATION:,} messages "
        f"in {time.perf_counter() - t0:.1f}s"
    )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    counter = Counter(engine)
    with unit_of_work(engine) as s:
        actor = load_actor(s, user_id=1, team_id=team_id)
    results: list[tuple[str, float, float, float, float]] = []

    def compare(name: str, service: Callable[[int], Any], sql: Callable[[int], Any]) -> None:
        svc_ms, svc_n = timed(service, runs, counter)
        sql_ms, sql_n = timed(sql, runs, counter)
        results.append((name, svc_ms, svc_n, sql_ms, sql_n))

    def client_of(i: int) -> int:
        return 1 + (i * 7919) % clients

    def query(sql: str, **params: Any) -> None:
        with engine.connect() as conn:
            conn.execute(text(sql), params).all()

    def svc_list(_i: int) -> None:
        with unit_of_work(engine) as s:
            messages.list_conversations(session=s, actor=actor, now=NOW)

    def sql_list(_i: int) -> None:
        query(
            "SELECT c.*, cl.name FROM conversation c JOIN client cl ON cl.id = c.client_id "
            "WHERE c.team_id = :t AND c.last_message_at IS NOT NULL "
            "ORDER BY c.last_message_at DESC, c.id DESC LIMIT 50",
            t=team_id,
        )

    def svc_search(i: int) -> None:
        with unit_of_work(engine) as s:
            messages.list_conversations(session=s, actor=actor, now=NOW, query=f"{i:03d}")

    def sql_search(i: int) -> None:
        query(
            "SELECT c.*, cl.name FROM conversation c JOIN client cl ON cl.id = c.client_id "
            "WHERE c.team_id = :t AND c.last_message_at IS NOT NULL AND cl.name_search LIKE :q "
            "ORDER BY c.last_message_at DESC, c.id DESC LIMIT 50",
            t=team_id,
            q=f"%{i:03d}%",
        )

    def svc_badge(_i: int) -> None:
        with unit_of_work(engine) as s:
            messages.staff_unread_total(session=s, actor=actor)

    def sql_badge(_i: int) -> None:
        query(
            "SELECT coalesce(sum(staff_unread), 0) FROM conversation "
            "WHERE team_id = :t AND staff_unread > 0",
            t=team_id,
        )

    def svc_open(i: int) -> None:
        with unit_of_work(engine) as s:
            messages.open_conversation(session=s, actor=actor, client_id=client_of(i), now=NOW)

    def sql_open(i: int) -> None:
        query(
            "SELECT * FROM message WHERE conversation_id = :c ORDER BY id DESC LIMIT 101",
            c=client_of(i),
        )

    def svc_refresh(i: int) -> None:
        c = client_of(i)
        with unit_of_work(engine) as s:
            messages.open_conversation(
                session=s, actor=actor, client_id=c, now=NOW, after_id=c * PER_CONVERSATION
            )

    def sql_refresh(i: int) -> None:
        c = client_of(i)
        query(
            "SELECT * FROM message WHERE conversation_id = :c AND id > :a "
            "ORDER BY id DESC LIMIT 101",
            c=c,
            a=c * PER_CONVERSATION,
        )

    def svc_portal(i: int) -> None:
        c = client_of(i)
        b = Business(team_id=team_id, name="Studio", slug="s", client_id=c, client_name="C")
        with unit_of_work(engine) as s:
            portal_messages.my_conversation(session=s, business=b, now=NOW)

    def svc_send(i: int) -> None:
        with unit_of_work(engine) as s:
            messages.send_staff_message(
                session=s, actor=actor, client_id=client_of(i), body="Até amanhã!", now=NOW
            )

    def sql_send(i: int) -> None:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO message (team_id, conversation_id, sender, author_user_id, "
                    "author_name, body, created_at) VALUES (:t, :c, 'staff', 1, 'Dona', "
                    "'Até amanhã!', :now)"
                ),
                {"t": team_id, "c": client_of(i), "now": NOW},
            )
            conn.execute(
                text(
                    "UPDATE conversation SET client_unread = client_unread + 1, "
                    "last_message_at = :now WHERE id = :c"
                ),
                {"c": client_of(i), "now": NOW},
            )

    compare("mensagens: lista (50)", svc_list, sql_list)
    compare("mensagens: busca por nome", svc_search, sql_search)
    compare("mensagens: contador do menu", svc_badge, sql_badge)
    compare("mensagens: abrir conversa", svc_open, sql_open)
    compare("mensagens: atualizar (novas)", svc_refresh, sql_refresh)
    compare("portal: minha conversa", svc_portal, sql_open)
    compare("mensagens: enviar", svc_send, sql_send)
    return results


if __name__ == "__main__":
    main(run)
