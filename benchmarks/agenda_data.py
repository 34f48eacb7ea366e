"""Agenda data at studio scale: 20 trainers with weekly hours, 20,000 clients each with a
"Personal 3x" plan, and 200,000 bookings (defaults) over the past years and the coming
months, inserted in bulk."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from benchmarks.generate import CHUNK, fresh_studio
from treinico.models import (
    Appointment,
    Booking,
    Client,
    CreditEvent,
    Entitlement,
    Membership,
    Product,
    SessionType,
    SessionTypeProduct,
    User,
    WorkingHours,
)
from treinico.services.permissions import preset

# A Wednesday, 12:00 in São Paulo.
NOW = datetime(2026, 6, 17, 15, 0, tzinfo=UTC)
SP = ZoneInfo("America/Sao_Paulo")
HOURS = ((6, 12), (16, 21))


def _insert(engine: Engine, model: type[SQLModel], rows: list[dict]) -> None:  # type: ignore[type-arg]
    with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model), rows[i : i + CHUNK])


def _slots(first_day: datetime, count: int) -> list[datetime]:
    """``count`` hourly starts inside the weekly hours, weekdays only, from ``first_day``."""
    out: list[datetime] = []
    day = first_day.astimezone(SP).date()
    while len(out) < count:
        if day.weekday() < 5:
            for start, end in HOURS:
                for hour in range(start, end):
                    out.append(
                        datetime(day.year, day.month, day.day, hour, tzinfo=SP).astimezone(UTC)
                    )
        day += timedelta(days=1)
    return out[:count]


def generate_agenda(
    engine: Engine,
    *,
    clients: int = 20_000,
    bookings: int = 200_000,
    trainers: int = 20,
    seed: int = 11,
) -> dict[str, int]:
    rng = random.Random(seed)
    team_id = fresh_studio(engine)
    _insert(
        engine,
        User,
        [
            {
                "email": f"t{i}@grande.com.br",
                "name": f"Treinador {i:02d}",
                "password_hash": "x",
                "active": True,
                "is_demo": False,
                "created_at": NOW,
            }
            for i in range(2, trainers + 1)
        ],
    )
    _insert(
        engine,
        Membership,
        [
            {
                "team_id": team_id,
                "user_id": uid,
                "role": "trainer",
                "permissions": preset("trainer"),
                "created_at": NOW,
            }
            for uid in range(2, trainers + 1)
        ],
    )
    trainer_ids = list(range(1, trainers + 1))
    _insert(
        engine,
        WorkingHours,
        [
            {
                "team_id": team_id,
                "user_id": uid,
                "weekday": wd,
                "start_minute": a * 60,
                "end_minute": b * 60,
            }
            for uid in trainer_ids
            for wd in range(5)
            for a, b in HOURS
        ],
    )
    _insert(
        engine,
        Product,
        [
            {
                "team_id": team_id,
                "key": "personal-3x",
                "name": "Personal 3x",
                "description": "",
                "icon": "dumbbell",
                "kind": "subscription",
                "price_cents": 48000,
                "currency": "BRL",
                "billing_months": 1,
                "grace_days": 5,
                "sessions_per_cycle": 12,
                "active": True,
                "archived": False,
                "created_at": NOW,
            }
        ],
    )
    _insert(
        engine,
        SessionType,
        [
            {
                "team_id": team_id,
                "name": "Personal",
                "duration_minutes": 60,
                "capacity": 1,
                "color": "teal",
                "archived": False,
                "created_at": NOW,
            }
        ],
    )
    _insert(
        engine, SessionTypeProduct, [{"session_type_id": 1, "product_id": 1, "team_id": team_id}]
    )
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
    _insert(
        engine,
        Entitlement,
        [
            {
                "team_id": team_id,
                "client_id": c,
                "product_id": 1,
                "starts_at": NOW - timedelta(days=rng.randint(40, 900)),
                "ends_at": None,
                "grace_ends_at": None,
                "grace_days": 5,
                "source": "manual",
                "granted_by_user_id": 1,
                "granted_at": NOW - timedelta(days=900),
            }
            for c in range(1, clients + 1)
        ],
    )
    # Bookings: every trainer's hourly slots filled in order, ~10% of them in the future.
    per_trainer = bookings // trainers
    first = NOW - timedelta(days=int(per_trainer / 11 * 7 / 5 * 0.9))
    appts: list[dict] = []  # type: ignore[type-arg]
    rows: list[dict] = []  # type: ignore[type-arg]
    for slot_index, start in enumerate(_slots(first, per_trainer)):
        for t_index, trainer in enumerate(trainer_ids):
            client_id = (slot_index * trainers + t_index) % clients + 1
            past = start < NOW
            status = "agendado"
            kind = None
            if past:
                roll = rng.random()
                status = "presente" if roll < 0.85 else "falta" if roll < 0.92 else "cancelado"
                kind = "no_prazo" if status == "cancelado" else None
            appts.append(
                {
                    "team_id": team_id,
                    "trainer_user_id": trainer,
                    "session_type_id": 1,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=1),
                    "capacity": 1,
                    "booked": 0 if status == "cancelado" else 1,
                    "cancelled_at": start - timedelta(days=2) if status == "cancelado" else None,
                }
            )
            rows.append(
                {
                    "team_id": team_id,
                    "appointment_id": len(appts),
                    "client_id": client_id,
                    "trainer_user_id": trainer,
                    "session_type_id": 1,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=1),
                    "entitlement_id": client_id,
                    "is_makeup": False,
                    "series_id": None,
                    "status": status,
                    "cancel_kind": kind,
                    "cancelled_at": start - timedelta(days=2) if kind else None,
                    "cancelled_by": "Dona" if kind else None,
                    "created_at": start - timedelta(days=7),
                    "created_by": "Dona",
                }
            )
    _insert(engine, Appointment, appts)
    _insert(engine, Booking, rows)
    _insert(
        engine,
        CreditEvent,
        [
            {
                "team_id": team_id,
                "client_id": c,
                "entitlement_id": c,
                "credit_key": f"k{c}",
                "seq": 0,
                "event_type": "ganho",
                "delta": 1,
                "booking_id": None,
                "cycle_start": NOW - timedelta(days=10),
                "valid_until": NOW + timedelta(days=40),
                "reason": "",
                "actor_name": "Dona",
                "at": NOW - timedelta(days=10),
            }
            for c in range(1, clients + 1, 10)
        ],
    )
    return {"team_id": team_id, "clients": clients, "bookings": len(rows), "trainers": trainers}
