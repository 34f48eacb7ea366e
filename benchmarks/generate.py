"""Studio-scale data for benchmarks: one team with 10,000 clients, 100,000 entitlements and
500,000 history events (defaults), inserted in bulk."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from treinico.db import unit_of_work
from treinico.models import Client, Entitlement, EntitlementEvent, Product
from treinico.services.teams import create_team

NOW = datetime(2026, 6, 15, 15, 0, tzinfo=UTC)
CHUNK = 5_000


def _chunks(rows: list[dict], size: int = CHUNK):  # type: ignore[no-untyped-def]
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def fresh_studio(engine: Engine) -> int:
    """An empty schema with one team, "Studio Grande", whose owner is user 1."""
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    with unit_of_work(engine) as s:
        team = create_team(
            session=s,
            name="Studio Grande",
            slug="studio-grande",
            owner_email="dona@grande.com.br",
            owner_name="Dona",
            owner_password="senha-bench-123",
        )
    return team.id


def generate(
    engine: Engine,
    *,
    clients: int = 10_000,
    entitlements: int = 100_000,
    events: int = 500_000,
    products: int = 20,
    seed: int = 7,
) -> dict[str, int]:
    """Build the schema and fill it. Returns the ids the benchmarks need."""
    rng = random.Random(seed)
    team_id = fresh_studio(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(Product),
            [
                {
                    "team_id": team_id,
                    "key": f"p{i}",
                    "name": f"Produto {i:02d}",
                    "description": "",
                    "icon": "package",
                    "kind": "subscription",
                    "price_cents": 10000 + i,
                    "currency": "BRL",
                    "grace_days": i % 6,
                    "active": True,
                    "archived": False,
                    "created_at": NOW,
                }
                for i in range(products)
            ],
        )
        client_rows = [
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
        ]
        for chunk in _chunks(client_rows):
            conn.execute(insert(Client), chunk)
    client_ids = list(range(1, clients + 1))
    product_ids = list(range(1, products + 1))
    per_client = entitlements // clients
    ent_rows = []
    for client_id in client_ids:
        chosen = rng.sample(product_ids, k=min(per_client, products))
        for j, product_id in enumerate(chosen):
            start = NOW - timedelta(days=rng.randint(30, 700))
            # Two current accesses per client; the rest revoked or expired and closed.
            if j < 2:
                ends = None if j == 1 else NOW + timedelta(days=rng.randint(1, 60))
                closed = revoked = None
            else:
                ends = start + timedelta(days=30)
                closed = ends + timedelta(days=6)
                revoked = closed if j % 3 == 0 else None
            ent_rows.append(
                {
                    "team_id": team_id,
                    "client_id": client_id,
                    "product_id": product_id,
                    "starts_at": start,
                    "ends_at": ends,
                    "grace_ends_at": ends + timedelta(days=5) if ends else None,
                    "grace_days": 5,
                    "source": "manual",
                    "granted_by_user_id": 1,
                    "granted_at": start,
                    "revoked_at": revoked,
                    "revoked_by_user_id": 1 if revoked else None,
                    "revoke_reason": "x" if revoked else None,
                    "closed_at": closed,
                }
            )
    with engine.begin() as conn:
        for chunk in _chunks(ent_rows):
            conn.execute(insert(Entitlement), chunk)
    per_ent = events // len(ent_rows)
    with engine.begin() as conn:
        batch: list[dict] = []
        for ent_id, row in enumerate(ent_rows, start=1):
            for k in range(per_ent):
                batch.append(
                    {
                        "team_id": team_id,
                        "client_id": row["client_id"],
                        "product_id": row["product_id"],
                        "entitlement_id": ent_id,
                        "event_type": "granted" if k == 0 else "extended",
                        "actor_user_id": 1,
                        "actor_name": "Dona",
                        "at": row["starts_at"] + timedelta(days=k),
                        "old_ends_at": None,
                        "new_ends_at": row["ends_at"],
                        "period_end": None,
                        "reason": "",
                    }
                )
            if len(batch) >= CHUNK:
                conn.execute(insert(EntitlementEvent), batch)
                batch = []
        if batch:
            conn.execute(insert(EntitlementEvent), batch)
    return {"team_id": team_id, "clients": clients, "products": products}
