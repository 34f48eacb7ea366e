"""Every page reads with a fixed number of SQL statements, whatever the amount of data.

For each page, the test runs what the page's load handlers run (the same services, each
handler in its own unit of work, as the state modules call them) against two studios in one
database: a small one and one about ten times larger (more clients, bookings, measurements,
messages, tasks and accesses for the client shown). The statements the engine sends are
counted for both, and the counts must be equal: a read that loops over rows (an "N+1") shows
up as a larger count for the larger studio. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, literal, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from tests.factories import make_client, make_product
from tests.services.agenda_world import NOW, World, make_world
from treinico.db import unit_of_work
from treinico.models import (
    Booking,
    Client,
    Metric,
    PortalSession,
    Sender,
    StaffSession,
    TaskStatus,
    Team,
)
from treinico.services.access import entitlements, history
from treinico.services.actor import Actor, load_actor
from treinico.services.agenda import bookings, calendar_feed
from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda.schedule import week_view
from treinico.services.auth import portal as portal_auth
from treinico.services.auth.portal import Business
from treinico.services.auth.staff import list_teams_for_user, new_token, resolve_session, token_hash
from treinico.services.clients import list_clients
from treinico.services.errors import Unauthenticated
from treinico.services.homework import portal as portal_homework
from treinico.services.homework import tasks as homework
from treinico.services.messages import conversations as messages
from treinico.services.messages import portal as portal_messages
from treinico.services.privacy import consent
from treinico.services.progress import assessments as progress
from treinico.services.teams import get_team
from treinico.services.whatsapp import notifications

# Bookings are made on Sunday 01/03/2026, before every day they are for; the pages are read
# on Tuesday 10/03/2026 at noon in São Paulo (NOW).
SETUP = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
THIS_MONDAY = date(2026, 3, 9)  # the week the staff agenda opens on
HOURS = (6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20)  # the owner's hourly slots, seg–sex
SMALL, LARGE = 1, 10


# ---------------------------------------------------------------- counting statements


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine sends to the database while the block runs."""
    sent: list[str] = []

    def on_execute(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def _shape(statement: str) -> str:
    return " ".join(statement.split())[:160]


def assert_same_count(page: str, small: list[str], large: list[str]) -> None:
    """Equal counts, or a message naming the statements the larger studio sent more of."""
    if len(small) == len(large):
        return
    extra = Counter(map(_shape, large)) - Counter(map(_shape, small))
    lines = "\n".join(f"  {n}x {s}" for s, n in extra.most_common(8))
    raise AssertionError(
        f"{page}: {len(small)} statements for the small studio, {len(large)} for the large "
        f"one; sent more often with more data:\n{lines}"
    )


# ---------------------------------------------------------------- the studios


@dataclass
class Studio:
    """One team as its staff and its client Ana see it: ``scale`` 1 is a small studio, 10 one
    with ten times the clients, bookings, measurements, messages, tasks and accesses."""

    db: Engine
    world: World
    scale: int
    slug: str
    staff_token: str
    portal_token: str

    @property
    def team_id(self) -> int:
        return self.world.team_id

    @property
    def client_id(self) -> int:
        return self.world.client_id


def _slots(first: date, count: int) -> list[tuple[date, str]]:
    """``count`` consecutive hourly slots of the owner's weekdays, from ``first`` on."""
    out: list[tuple[date, str]] = []
    day = first
    while len(out) < count:
        if day.weekday() < 5:
            out.extend((day, f"{h:02d}:00") for h in HOURS)
        day += timedelta(days=1)
    return out[:count]


def _newest_booking(session: Session, client_id: int) -> int:
    newest = session.execute(
        select(func.max(col(Booking.id))).where(col(Booking.client_id) == client_id)
    ).scalar_one()
    return int(newest)


def _book(session: Session, w: World, client_id: int, day: date, hhmm: str, type_id: int) -> int:
    bookings.create_booking(
        session=session,
        actor=w.owner,
        client_id=client_id,
        trainer_user_id=w.owner.user_id,
        session_type_id=type_id,
        day=day,
        time_text=hhmm,
        now=SETUP,
        confirm_over_plan=True,
    )
    session.flush()
    return _newest_booking(session, client_id)


def _clients(session: Session, w: World, scale: int) -> list[int]:
    """The other clients of the team (5 per scale step with Ana), each with the plan."""
    others = [w.other_client_id]
    others += [
        make_client(session, w.team_id, name=f"Cliente {i:03d}") for i in range(5 * scale - 2)
    ]
    for client_id in others:
        entitlements.grant_entitlement(
            session=session,
            actor=w.owner,
            client_id=client_id,
            product_id=w.plan_product_id,
            starts_on=date(2026, 3, 1),
            ends_on=None,
            now=SETUP,
        )
    return others


def _week(session: Session, w: World, others: list[int], scale: int) -> None:
    """10 bookings per scale step in the agenda's week: Personal (one client) and Pilates
    em grupo (four clients in one class)."""
    slots = iter(_slots(THIS_MONDAY, 4 * scale))
    people = iter(others * 10)
    for _ in range(2 * scale):
        day, hhmm = next(slots)
        _book(session, w, next(people), day, hhmm, w.personal_id)
    for _ in range(2 * scale):
        day, hhmm = next(slots)
        for _seat in range(4):
            _book(session, w, next(people), day, hhmm, w.pilates_id)


def _ana_agenda(session: Session, w: World, scale: int) -> None:
    """Ana's sessions: past ones marked (present and absent), upcoming ones beyond the page's
    list of 30 at the larger scale, and some cancelled in time (make-up credits)."""
    for i, (day, hhmm) in enumerate(_slots(date(2026, 3, 2), 2 * scale)):
        booking_id = _book(session, w, w.client_id, day, hhmm, w.personal_id)
        bookings.mark_attendance(
            session=session, actor=w.owner, booking_id=booking_id, present=i % 2 == 0, now=NOW
        )
    upcoming = _slots(date(2026, 3, 16), 4 * scale)
    for i, (day, hhmm) in enumerate(upcoming):
        booking_id = _book(session, w, w.client_id, day, hhmm, w.personal_id)
        if i % 4 == 3:
            bookings.cancel_booking(
                session=session,
                actor=w.owner,
                booking_id=booking_id,
                charge="sem_cobranca",
                now=SETUP,
            )


def _ana_accesses(session: Session, w: World, scale: int) -> None:
    """Products for Ana, each granted and extended (history), one in three revoked; as many
    again offered but not granted."""
    for i in range(scale):
        granted = make_product(session, w.team_id, name=f"Avaliação {i:02d}")
        make_product(session, w.team_id, name=f"Consultoria {i:02d}")
        row = entitlements.grant_entitlement(
            session=session,
            actor=w.owner,
            client_id=w.client_id,
            product_id=granted.id,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 4, 30),
            now=SETUP,
        )
        entitlements.extend_entitlement(
            session=session,
            actor=w.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 5, 31),
            now=SETUP,
        )
        if i % 3 == 2:
            entitlements.revoke_entitlement(
                session=session, actor=w.owner, entitlement_id=row.id, note="Teste", now=SETUP
            )


def _conversations(session: Session, w: World, others: list[int], scale: int) -> None:
    """Ana's conversation (10 messages per scale step, both sides, unread on both) and one
    message from the team to every other client."""
    ana = messages.conversation_for(session, w.team_id, w.client_id, SETUP)
    for i in range(10 * scale):
        client_turn = i % 2 == 0
        messages.add_message(
            session,
            ana,
            sender=Sender.CLIENT if client_turn else Sender.STAFF,
            author_name="Ana" if client_turn else w.owner.name,
            author_user_id=None if client_turn else w.owner.user_id,
            body=f"Mensagem {i}: https://exemplo.com.br/treino/{i}",
            now=NOW - timedelta(hours=10 * scale - i),
        )
    for n, client_id in enumerate(others):
        conversation = messages.conversation_for(session, w.team_id, client_id, SETUP)
        messages.add_message(
            session,
            conversation,
            sender=Sender.STAFF,
            author_name=w.owner.name,
            author_user_id=w.owner.user_id,
            body="Bom treino!",
            now=NOW - timedelta(days=1, minutes=n),
        )


def _measurements(session: Session, w: World, scale: int) -> None:
    """About 20 measurements per scale step for Ana: weekly assessments of every metric."""
    metrics = (
        session.execute(select(Metric).where(col(Metric.team_id) == w.team_id)).scalars().all()
    )
    values = {"peso": 90.0, "gordura": 25.0, "abdominal": 100.0}
    for week in range(-(-20 * scale // len(metrics))):
        progress.save_assessment(
            session=session,
            actor=w.owner,
            client_id=w.client_id,
            assessment_id=None,
            taken_on=date(2026, 3, 9) - timedelta(weeks=week),
            values={
                m.id or 0: f"{values[m.key] - week * 0.1:.1f}".replace(".", ",") for m in metrics
            },
            note="",
            now=NOW,
        )


def _tasks(session: Session, w: World, scale: int) -> None:
    """Three tasks per scale step for Ana: pending, in progress (moved once) and done (moved
    twice), some overdue, some without a due date."""
    for i in range(3 * scale):
        row = homework.create_task(
            session=session,
            actor=w.owner,
            client_id=w.client_id,
            title=f"Treino {i}",
            instructions=f"Veja o vídeo: https://exemplo.com.br/video/{i}",
            due_on=None if i % 4 == 0 else date(2026, 3, 1) + timedelta(days=i),
            now=SETUP,
        )
        moves = [TaskStatus.IN_PROGRESS, TaskStatus.DONE][: i % 3]
        for status in moves:
            homework.set_task_status(
                session=session, actor=w.owner, task_id=row.id, status=status.value, now=SETUP
            )


def build_studio(db: Engine, scale: int, parts: frozenset[str]) -> Studio:
    """A studio at ``scale`` with the data the page reads (``parts``); Ana has accepted the
    terms and is logged in to the portal, the owner to the dashboard."""
    w = make_world(db)
    with unit_of_work(db) as s:
        others = _clients(s, w, scale)
        if "agenda" in parts:
            _week(s, w, others, scale)
            _ana_agenda(s, w, scale)
        if "access" in parts:
            _ana_accesses(s, w, scale)
        if "messages" in parts:
            _conversations(s, w, others, scale)
        if "progress" in parts:
            _measurements(s, w, scale)
        if "tasks" in parts:
            _tasks(s, w, scale)
        consent.record(
            s,
            team_id=w.team_id,
            client_id=w.client_id,
            purpose="termos",
            give=True,
            now=SETUP,
        )
        ana = s.get(Client, w.client_id)
        team = s.get(Team, w.team_id)
        assert ana is not None and team is not None
        staff_token, portal_token = new_token(), new_token()
        s.add(
            StaffSession(
                token_hash=token_hash(staff_token),
                user_id=w.owner.user_id,
                team_id=w.team_id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(hours=8),
            )
        )
        s.add(
            PortalSession(
                token_hash=token_hash(portal_token),
                phone_e164=ana.phone_e164,
                team_id=w.team_id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(days=30),
            )
        )
        slug = team.slug
    return Studio(
        db=db,
        world=w,
        scale=scale,
        slug=slug,
        staff_token=staff_token,
        portal_token=portal_token,
    )


# ---------------------------------------------------------------- what the handlers run


def portal_page(st: Studio, *sections: Callable[[Session, Business], list[int]]) -> list[int]:
    """``PortalPageState``, the on_load of every portal page: in one unit of work, the client
    from the portal cookie and the address (with the phone's businesses), its team and client
    rows held, the terms check, the header (accesses and the unread badge), then each section
    of the page."""
    with unit_of_work(st.db) as s:
        business, businesses = portal_auth.current_business_among(
            session=s, token=st.portal_token, now=NOW, slug=st.slug
        )
        held = portal_auth.held_rows(session=s, business=business)
        assert not consent.needs_terms(s, team_id=business.team_id, client_id=business.client_id)
        rows = entitlements.client_accesses(
            session=s, team_id=business.team_id, client_id=business.client_id, now=NOW
        )
        unread = portal_messages.my_unread(session=s, business=business)
        found = [len(businesses), len(rows), unread]
        for section in sections:
            found += section(s, business)
        del held
    return found


def _agenda(s: Session, b: Business) -> list[int]:
    view = portal_agenda.portal_agenda(session=s, team_id=b.team_id, client_id=b.client_id, now=NOW)
    assert view.plan is not None and view.credits > 0 and view.makeup_options
    return [len(view.upcoming), view.plan.used, view.credits]


def _tasks_page(s: Session, b: Business) -> list[int]:
    view = portal_homework.portal_tasks(
        session=s, team_id=b.team_id, client_id=b.client_id, now=NOW
    )
    return [len(view.pending), len(view.in_progress), len(view.done)]


def _progress_page(s: Session, b: Business) -> list[int]:
    view = progress.portal_progress(session=s, team_id=b.team_id, client_id=b.client_id)
    return [len(p.points) for p in view.series]


def _calendar(s: Session, b: Business) -> list[int]:
    team = s.get(Team, b.team_id)
    assert team is not None
    calendar_feed.feed_state(session=s, team_id=b.team_id, client_id=b.client_id, tz=team.timezone)
    return []


def _conversation_page(s: Session, b: Business) -> list[int]:
    view = portal_messages.my_conversation(session=s, business=b, now=NOW)
    notifications.my_preferences(session=s, business=b)
    return [len(view.messages)]


def portal_home(st: Studio) -> list[int]:
    """/{slug}/area-do-cliente: header, plan card and next bookings, tasks, path lines."""
    return portal_page(st, _agenda, _tasks_page, _progress_page)


def portal_agenda_page(st: Studio) -> list[int]:
    """ "Meus horários": header, bookings, plan and make-ups, the calendar link's state."""
    return portal_page(st, _agenda, _calendar)


def portal_progress_page(st: Studio) -> list[int]:
    """ "Minha evolução": header, every metric's chart and table."""
    return portal_page(st, _progress_page)


def portal_messages_page(st: Studio) -> list[int]:
    """ "Mensagens": header, the conversation and the WhatsApp preferences."""
    return portal_page(st, _conversation_page)


def portal_tasks_page(st: Studio) -> list[int]:
    """ "Lições de casa": header, the tasks by status."""
    return portal_page(st, _tasks_page)


def staff_call(st: Studio, fn: Callable[[Session, Actor], Any], *, read_only: bool = False) -> Any:
    """``SessionState._call``: the member from the session cookie, then the service."""
    with unit_of_work(st.db, read_only=read_only) as s:
        view = resolve_session(session=s, token=st.staff_token, now=NOW)
        if view.team_id is None:
            raise Unauthenticated()
        actor = load_actor(s, user_id=view.user_id, team_id=view.team_id)
        return fn(s, actor)


def shell(st: Studio) -> list[int]:
    """``SessionState.load_shell``, on every dashboard page: the team and the team count."""
    teams = staff_call(
        st,
        lambda s, a: (
            get_team(session=s, actor=a),
            list_teams_for_user(session=s, user_id=a.user_id),
        ),
    )
    return [len(teams[1])]


def dashboard_clients(st: Studio) -> list[int]:
    """/painel/clientes: shell and the first page of the client list."""
    page = staff_call(
        st,
        lambda s, a: list_clients(session=s, actor=a, query="", page=1, include_archived=False),
    )
    return [*shell(st), page.total, len(page.rows)]


def access_modal(st: Studio) -> list[int]:
    """ "Gerenciar Acesso a Produtos" opened for Ana: her accesses and the products left."""
    view = staff_call(
        st,
        lambda s, a: entitlements.access_overview(
            session=s, actor=a, client_id=st.client_id, now=NOW
        ),
    )
    return [len(view.rows), len(view.eligible)]


def access_history(st: Studio) -> list[int]:
    """The modal's "Histórico": the first page of Ana's access history."""
    page = staff_call(
        st, lambda s, a: history.list_history(session=s, actor=a, client_id=st.client_id)
    )
    return [page.total, len(page.rows)]


def staff_agenda(st: Studio) -> list[int]:
    """/painel/agenda: shell and this week for every trainer."""
    week = staff_call(
        st, lambda s, a: week_view(session=s, actor=a, week_of=None, trainer_user_id=None, now=NOW)
    )
    return [*shell(st), week.total]


def _read_list(st: Studio) -> list[int]:
    rows, _stamp = staff_call(
        st,
        lambda s, a: (
            messages.list_conversations(session=s, actor=a, now=NOW, query=""),
            messages.conversations_stamp(session=s, actor=a),
        ),
        read_only=True,
    )
    return [len(rows)]


def staff_conversation(st: Studio) -> list[int]:
    """/painel/mensagens?cliente=Ana: shell, Ana's conversation (read), then the list."""
    view = staff_call(
        st,
        lambda s, a: messages.open_conversation(
            session=s, actor=a, client_id=st.client_id, now=NOW
        ),
    )
    return [*shell(st), len(view.messages), *_read_list(st)]


def staff_conversation_list(st: Studio) -> list[int]:
    """/painel/mensagens: shell and the team's conversations."""
    return [*shell(st), *_read_list(st)]


@dataclass(frozen=True)
class Page:
    name: str
    parts: frozenset[str]
    read: Callable[[Studio], list[int]]


EVERYTHING = frozenset({"agenda", "access", "messages", "progress", "tasks"})
PAGES = [
    Page("portal home", EVERYTHING, portal_home),
    Page("portal agenda", frozenset({"agenda", "access", "messages"}), portal_agenda_page),
    Page("portal progress", frozenset({"progress", "access", "messages"}), portal_progress_page),
    Page("portal messages", frozenset({"messages", "access"}), portal_messages_page),
    Page("portal tasks", frozenset({"tasks", "access", "messages"}), portal_tasks_page),
    Page("dashboard clients", frozenset(), dashboard_clients),
    Page("access modal", frozenset({"access"}), access_modal),
    Page("access history", frozenset({"access"}), access_history),
    Page("staff agenda", frozenset({"agenda"}), staff_agenda),
    Page("staff conversation", frozenset({"messages"}), staff_conversation),
    Page("staff conversation list", frozenset({"messages"}), staff_conversation_list),
]


@pytest.mark.parametrize("page", PAGES, ids=[p.name.replace(" ", "-") for p in PAGES])
def test_page_reads_do_not_grow_with_the_data(db: Engine, page: Page) -> None:
    small = build_studio(db, SMALL, page.parts)
    large = build_studio(db, LARGE, page.parts)
    with counting(db) as small_sent:
        small_shown = page.read(small)
    with counting(db) as large_sent:
        large_shown = page.read(large)
    print(
        f"\nstatements {page.name} [{db.dialect.name}]: "
        f"small={len(small_sent)} large={len(large_sent)} (shown {small_shown} / {large_shown})"
    )
    # The larger studio really shows more on this page (the data is there to be read).
    assert sum(large_shown) > sum(small_shown), (small_shown, large_shown)
    assert small_sent, "the counter saw nothing"
    assert_same_count(page.name, small_sent, large_sent)


# ---------------------------------------------------------------- the counter itself


def test_the_counter_sees_every_statement(session: Session, db: Engine) -> None:
    session.execute(select(literal(0))).one()  # the transaction is open before counting
    with counting(db) as sent:
        for i in range(7):
            session.execute(select(literal(i))).one()
    assert len(sent) == 7


def _one_read_per_client(db: Engine, team_id: int) -> None:
    """A deliberate N+1: the ids, then each client on its own."""
    with unit_of_work(db) as s:
        ids = s.execute(select(col(Client.id)).where(col(Client.team_id) == team_id)).scalars()
        for client_id in list(ids):
            s.execute(select(col(Client.name)).where(col(Client.id) == client_id)).one()


def test_a_read_that_loops_over_rows_is_caught(db: Engine) -> None:
    small = build_studio(db, SMALL, frozenset())
    large = build_studio(db, LARGE, frozenset())
    with counting(db) as small_sent:
        _one_read_per_client(db, small.team_id)
    with counting(db) as large_sent:
        _one_read_per_client(db, large.team_id)
    assert len(large_sent) - len(small_sent) == 45  # 50 clients against 5
    with pytest.raises(AssertionError, match="sent more often with more data"):
        assert_same_count("N+1", small_sent, large_sent)
