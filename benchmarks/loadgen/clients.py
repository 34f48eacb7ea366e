"""Clients of Studio Demo made for the load test, one per portal tab, so no two tabs share a
login (the demo's 13 clients, shared, hit the app's per-client sending limit).

Each is made through the app's own services, as staff would: the client, a "Personal 3x"
plan, the terms accepted, an upcoming session with the owner, three assessments, two tasks
and two messages from the team. Their pages read what Ana's do, with less history."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from treinico.db import get_engine, unit_of_work
from treinico.demo.seed import OWNER_EMAIL
from treinico.models import Client, Metric, Product, SessionType, Team, User
from treinico.services.access.entitlements import grant_entitlement
from treinico.services.actor import Actor, load_actor
from treinico.services.agenda.bookings import create_booking
from treinico.services.clients import ClientInput, create_client
from treinico.services.homework import tasks as homework
from treinico.services.messages import conversations as messages
from treinico.services.privacy import consent
from treinico.services.progress import assessments as progress

SLUG = "studio-demo"
# Owner's hours on weekdays (the demo agenda): one Personal session per hour.
HOURS = (6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20)


def phone_of(i: int) -> str:
    """A mobile number of São Paulo no demo client has: +55 11 90000-0000 + i."""
    return f"+55119{i:08d}"


def _slots(first: date):  # type: ignore[no-untyped-def]
    day = first
    while True:
        if day.weekday() < 5:
            for hour in HOURS:
                yield day, f"{hour:02d}:00"
        day += timedelta(days=1)


def _one(
    s: Session, actor: Actor, i: int, ids: dict[str, int], slot: tuple[date, str], now: datetime
) -> None:
    made = create_client(
        session=s,
        actor=actor,
        data=ClientInput(name=f"Carga {i:04d} Teste", phone=phone_of(i)),
        now=now,
    )
    client_id = made.id
    grant_entitlement(
        session=s,
        actor=actor,
        client_id=client_id,
        product_id=ids["plan"],
        starts_on=now.date() - timedelta(days=10),
        ends_on=None,
        now=now,
    )
    consent.record(
        s, team_id=actor.team_id, client_id=client_id, purpose="termos", give=True, now=now
    )
    create_booking(
        session=s,
        actor=actor,
        client_id=client_id,
        trainer_user_id=actor.user_id,
        session_type_id=ids["personal"],
        day=slot[0],
        time_text=slot[1],
        now=now,
        confirm_over_plan=True,
    )
    for weeks_ago in (8, 4, 0):
        progress.save_assessment(
            session=s,
            actor=actor,
            client_id=client_id,
            assessment_id=None,
            taken_on=now.date() - timedelta(weeks=weeks_ago, days=1),
            values={
                ids["peso"]: f"{80 - weeks_ago / 2:.1f}".replace(".", ","),
                ids["gordura"]: f"{20 - weeks_ago / 4:.1f}".replace(".", ","),
                ids["abdominal"]: f"{90 - weeks_ago / 2:.1f}".replace(".", ","),
            },
            note="",
            now=now,
        )
    for n, title in enumerate(("Alongamento diário", "Caminhada de 30 minutos")):
        homework.create_task(
            session=s,
            actor=actor,
            client_id=client_id,
            title=title,
            instructions="Veja o vídeo: https://exemplo.com.br/treino",
            due_on=now.date() + timedelta(days=2 + n),
            now=now,
        )
    for body in ("Bom treino hoje!", "Lembre de beber água."):
        messages.send_staff_message(session=s, actor=actor, client_id=client_id, body=body, now=now)


def add_load_clients(count: int, *, url: str | None = None, first: int = 1) -> list[str]:
    """``count`` clients numbered from ``first`` in Studio Demo (made once: a number that is
    already a client is skipped); their E.164 phones."""
    engine = get_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as s:
        team = s.exec(select(Team).where(Team.slug == SLUG)).one()
        owner = s.exec(select(User).where(User.email == OWNER_EMAIL)).one()
        team_id, owner_id = team.id or 0, owner.id or 0
        ids = {m.key: m.id or 0 for m in s.exec(select(Metric).where(Metric.team_id == team_id))}
        ids["plan"] = (
            s.exec(
                select(Product.id).where(Product.team_id == team_id, Product.key == "personal-3x")
            ).one()
            or 0
        )
        ids["personal"] = (
            s.exec(
                select(SessionType.id).where(
                    SessionType.team_id == team_id, col(SessionType.name) == "Personal"
                )
            ).one()
            or 0
        )
        taken = set(s.exec(select(Client.phone_e164).where(Client.team_id == team_id)).all())
    # Past the demo's own bookings (the next few weeks), so no slot is taken.
    slots = _slots(now.date() + timedelta(days=63))
    phones = []
    for i in range(first, first + count):
        phone = phone_of(i)
        phones.append(phone)
        slot = next(slots)
        if phone in taken:
            continue
        with unit_of_work(engine) as s:
            actor = load_actor(s, user_id=owner_id, team_id=team_id)
            _one(s, actor, i, ids, slot, now)
    return phones


FIRST_NAMES = (
    "Ana",
    "Bruno",
    "Carla",
    "Daniel",
    "Elisa",
    "Fábio",
    "Gisele",
    "Hugo",
    "Íris",
    "Jorge",
)
LAST_NAMES = ("Almeida", "Barros", "Cardoso", "Dias", "Esteves", "Freitas", "Gomes", "Lopes")
SYLLABLES = tuple(c + v for c in "bdfglmnprstv" for v in "aeiou")[:32]


def plain_name(i: int) -> str:
    """A distinct name for generated client ``i`` (< 10,240), without digits (a search with
    three digits also looks at phones): first name, a made-up middle name, a last name."""
    n = i // len(FIRST_NAMES)
    middle = (SYLLABLES[n // 32] + SYLLABLES[n % 32]).capitalize()
    return f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {middle} {LAST_NAMES[n % len(LAST_NAMES)]}"


def add_plain_clients(count: int, *, url: str | None = None) -> int:
    """Grow Studio Demo to a studio's size for the list and the search: ``count`` clients
    with a name and a phone only, inserted in bulk (numbered after the load clients)."""
    from sqlalchemy import insert

    from treinico.services.text import fold

    engine = get_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as s:
        team_id = s.exec(select(Team.id).where(Team.slug == SLUG)).one() or 0
    rows = []
    for i in range(count):
        name = plain_name(i)
        rows.append(
            {
                "team_id": team_id,
                "name": name,
                "name_search": fold(name),
                "phone_e164": f"+55219{i:08d}",
                "notes": "",
                "archived": False,
                "notify_whatsapp": True,
                "remind_whatsapp": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    with unit_of_work(engine) as s:
        for at in range(0, len(rows), 5000):
            s.execute(insert(Client), rows[at : at + 5000])
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="load clients (full data)")
    parser.add_argument("--plain", type=int, default=0, help="more clients, name and phone")
    args = parser.parse_args()
    phones = add_load_clients(args.count)
    print(f"{len(phones)} load clients in {SLUG}")
    if args.plain:
        print(f"{add_plain_clients(args.plain)} more clients (name and phone) in {SLUG}")


if __name__ == "__main__":
    main()
