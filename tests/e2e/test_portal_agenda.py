"""The client's agenda and plan in the portal, phone first (390x844, touch) and desktop:
cancel in time (a make-up credit appears), no cancel inside the notice (the reason instead),
reschedule, book a make-up session with a credit, the statement, and the calendar feed.

Every test arranges its own client and bookings through the services on the e2e database
(both viewports and other test files share one demo database); Ana's demo data is only read.
"""

from __future__ import annotations

import itertools
import random
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.e2e.conftest import VIEWPORTS, Pages, RunningApp, settled, shot
from tests.e2e.test_portal import login, wait_for_send_cooldown
from treinico.db import make_engine, unit_of_work
from treinico.models import Booking, BookingStatus, Product, SessionType, Team, User
from treinico.services.access.entitlements import grant_entitlement
from treinico.services.actor import Actor, load_actor
from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda.bookings import cancel_booking, create_booking
from treinico.services.agenda.slots import free_slots, parse_slot
from treinico.services.clients import ClientInput, create_client
from treinico.services.errors import Conflict
from treinico.services.privacy import consent

pytestmark = pytest.mark.e2e

SLUG = "studio-demo"
_numbers = itertools.count(random.randint(1000, 8000) * 1000)


@pytest.fixture(params=list(VIEWPORTS))
def device(pages: Pages, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open(str(request.param))
    yield pg
    pages.release(pg, request)


@pytest.fixture()
def phone(pages: Pages, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open("phone")
    yield pg
    pages.release(pg, request)


@dataclass
class Arranged:
    name: str
    e164: str
    client_id: int
    rows: list[portal_agenda.ClientBookingRow]


def _owner(session) -> tuple[Team, Actor]:  # type: ignore[no-untyped-def]
    team = session.exec(select(Team).where(Team.slug == SLUG)).one()
    owner = session.exec(select(User).where(User.email == "dono@studio-demo.com.br")).one()
    return team, load_actor(session, user_id=owner.id or 0, team_id=team.id or 0)


def _book_free(
    session, team: Team, actor: Actor, client_id: int, after: datetime, before: datetime
) -> bool:  # type: ignore[no-untyped-def]
    """Book the client a "Personal" on the first free slot in [after, before)."""
    st = session.exec(
        select(SessionType).where(SessionType.team_id == team.id, SessionType.name == "Personal")
    ).one()
    now = datetime.now(UTC)
    for day in free_slots(
        session, team=team, trainer_user_id=actor.user_id, st=st, client_id=client_id, now=now
    ):
        for slot in day.slots:
            start = parse_slot(slot.start_iso)
            if start is not None and after <= start < before:
                _book(session, actor, client_id, st, start.astimezone(ZoneInfo(team.timezone)), now)
                return True
    return False


def _book(  # type: ignore[no-untyped-def]
    session, actor: Actor, client_id: int, st: SessionType, start: datetime, now: datetime
) -> None:
    """The owner books the client a session at ``start`` (a time in the team's timezone)."""
    create_booking(
        session=session,
        actor=actor,
        client_id=client_id,
        trainer_user_id=actor.user_id,
        session_type_id=st.id or 0,
        day=start.date(),
        time_text=start.strftime("%H:%M"),
        now=now,
        confirm_over_plan=True,
    )
    session.flush()


def _book_soon(session, team: Team, actor: Actor, client_id: int, now: datetime) -> bool:  # type: ignore[no-untyped-def]
    """Book the client a "Personal" on the hour, between 1 h and 23 h from now, as staff
    may (outside the trainer's hours too): the notice test then runs on any day and hour,
    the weekend included, when the owner's hours leave no free slot in the next 24 h."""
    st = session.exec(
        select(SessionType).where(SessionType.team_id == team.id, SessionType.name == "Personal")
    ).one()
    tz = ZoneInfo(team.timezone)
    first = now.astimezone(tz).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    for step in range(22):
        start = first + timedelta(hours=step)
        try:
            with session.begin_nested():
                _book(session, actor, client_id, st, start, now)
        except Conflict:
            continue  # another test's booking holds this hour: the next one
        return True
    return False


def arrange(
    app: RunningApp,
    first_name: str,
    *,
    ahead: int = 1,
    within_notice: int = 0,
    credits: int = 0,
) -> Arranged:
    """A new client of Studio Demo with "Personal 3x", ``ahead`` bookings more than 48 h
    ahead, ``within_notice`` bookings inside the 24 h notice, and ``credits`` make-up
    credits (earned by the owner cancelling plan bookings "sem cobrança")."""
    engine = make_engine(app.database_url)
    n = next(_numbers)
    e164 = f"+55119{30000000 + n % 60000000:08d}"
    name = f"{first_name} Teste{n}"
    now = datetime.now(UTC)
    try:
        with unit_of_work(engine) as session:
            team, actor = _owner(session)
            client = create_client(
                session=session, actor=actor, data=ClientInput(name=name, phone=e164), now=now
            )
            # Like every demo client, this one has accepted the terms (no terms screen).
            consent.record(
                session,
                team_id=team.id or 0,
                client_id=client.id,
                purpose="termos",
                give=True,
                now=now,
            )
            plan = session.exec(
                select(Product).where(Product.team_id == team.id, Product.key == "personal-3x")
            ).one()
            grant_entitlement(
                session=session,
                actor=actor,
                client_id=client.id,
                product_id=plan.id or 0,
                starts_on=(now - timedelta(days=2)).date(),
                ends_on=None,
                now=now,
            )
            for _ in range(credits):
                assert _book_free(
                    session,
                    team,
                    actor,
                    client.id,
                    now + timedelta(hours=49),
                    now + timedelta(days=14),
                )
                last = session.exec(
                    select(Booking)
                    .where(Booking.client_id == client.id)
                    .order_by(Booking.id.desc())  # type: ignore[union-attr]
                ).first()
                assert last is not None
                cancel_booking(
                    session=session,
                    actor=actor,
                    booking_id=last.id or 0,
                    charge="sem_cobranca",
                    now=now,
                )
            for _ in range(within_notice):
                assert _book_soon(session, team, actor, client.id, now)
            for _ in range(ahead):
                assert _book_free(
                    session,
                    team,
                    actor,
                    client.id,
                    now + timedelta(hours=49),
                    now + timedelta(days=14),
                )
            view = portal_agenda.portal_agenda(
                session=session, team_id=team.id or 0, client_id=client.id, now=now
            )
            assert view.credits == credits
    finally:
        engine.dispose()
    return Arranged(name=name, e164=e164, client_id=client.id, rows=view.upcoming)


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Before a screenshot: let dialogs finish opening and toasts go away."""
    settled(page)  # animations finish
    # A toast under the pointer pauses its timer (the last tap may have been right there).
    page.mouse.move(1, 1)
    page.locator("[data-sonner-toast]").first.wait_for(state="detached", timeout=15_000)


def enter(page, app: RunningApp, who: Arranged) -> None:  # type: ignore[no-untyped-def]
    login(page, app, SLUG, who.e164, who.e164)
    page.get_by_text(f"Olá, {who.name.split()[0]}!").wait_for()


def row_of(page, row: portal_agenda.ClientBookingRow):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("portal-booking").filter(has_text=f"{row.day_label} · {row.time}")


def booking_status(app: RunningApp, booking_id: int) -> tuple[str, datetime]:
    engine = make_engine(app.database_url)
    try:
        with unit_of_work(engine) as session:
            b = session.get(Booking, booking_id)
            assert b is not None
            return str(b.status), b.starts_at
    finally:
        engine.dispose()


def test_ana_sees_her_plan_and_the_notice_reason(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    """Read-only: the seed's plan card and the booking inside the 24 h notice. Phone only:
    Ana also logs in from test_portal.py and her code sends are limited per 10 minutes."""
    device = phone
    wait_for_send_cooldown(app_server, "+5511987654321")
    login(device, app_server, SLUG, "+55 11 98765-4321", "+5511987654321")
    device.get_by_test_id("business-choice").filter(has_text="Studio Demo").click()
    device.get_by_text("Olá, Ana!").wait_for()
    device.get_by_test_id("plan-title").filter(has_text="Personal 3x — R$ 480/mês").wait_for()
    assert device.get_by_test_id("plan-used").inner_text() == "Sessões usadas: 8 de 12"
    device.get_by_text("3 agendadas").wait_for()
    assert device.get_by_test_id("plan-credits").inner_text() == (
        "Créditos de reposição: 1 disponível"
    )
    assert re.fullmatch(
        r"Próximo vencimento: \d\d/\d\d", device.get_by_test_id("plan-due").inner_text()
    )
    rows = device.get_by_test_id("portal-booking")
    assert rows.count() == 3
    soon = rows.filter(has=device.get_by_test_id("booking-reason"))
    assert soon.count() == 1
    assert "Faltam menos de 24 h: fale com Studio Demo" in soon.inner_text()
    assert soon.get_by_role("button", name=re.compile("Cancelar")).count() == 0
    assert soon.get_by_role("button", name=re.compile("Reagendar")).count() == 0
    assert rows.nth(1).get_by_role("button", name=re.compile("^Cancelar")).count() == 1
    device.get_by_role("button", name="Agendar reposição").wait_for()
    assert device.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert device.locator("main").count() == 1
    settle(device)
    shot(device, "portal-home-agenda")


def test_cancel_in_time_earns_a_credit(device, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    who = arrange(app_server, "Rita", ahead=1)
    enter(device, app_server, who)
    credits = device.get_by_test_id("plan-credits")
    assert credits.inner_text() == "Créditos de reposição: nenhum disponível"
    if (device.viewport_size or {}).get("width", 0) > 600:
        settle(device)
        shot(device, "portal-home-agenda")  # the phone shot is Ana's home
    row = row_of(device, who.rows[0])
    row.get_by_role("button", name=re.compile("^Cancelar")).click()
    note = device.get_by_test_id("cancel-note")
    note.wait_for()
    assert note.inner_text() == (
        "Você ganhará 1 crédito de reposição para usar até o fim do próximo ciclo."
    )
    settle(device)
    shot(device, "portal-cancel-confirm")
    device.get_by_role("button", name="Sim, cancelar").click()
    device.get_by_text("Horário cancelado. Você ganhou 1 crédito de reposição.").wait_for()
    device.get_by_test_id("plan-credits").filter(
        has_text="Créditos de reposição: 1 disponível"
    ).wait_for()
    device.get_by_text("Você não tem horários marcados.").wait_for()
    assert booking_status(app_server, who.rows[0].id)[0] == BookingStatus.CANCELLED


def test_no_cancel_inside_the_notice(device, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    who = arrange(app_server, "Nina", ahead=1, within_notice=1)
    soon = next(r for r in who.rows if not r.can_change)
    later = next(r for r in who.rows if r.can_change)
    enter(device, app_server, who)
    soon_row = row_of(device, soon)
    soon_row.get_by_test_id("booking-reason").filter(
        has_text="Faltam menos de 24 h: fale com Studio Demo"
    ).wait_for()
    assert soon_row.get_by_role("button").count() == 0
    row_of(device, later).get_by_role("button", name=re.compile("^Cancelar")).wait_for()


def test_reschedule_moves_the_booking(device, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    who = arrange(app_server, "Vera", ahead=1)
    old = who.rows[0]
    enter(device, app_server, who)
    row_of(device, old).get_by_role("button", name=re.compile("^Reagendar")).click()
    dialog = device.get_by_role("dialog")
    dialog.get_by_test_id("slot").first.wait_for()
    assert dialog.get_by_role("heading", level=3).count() >= 1
    settle(device)
    shot(device, "portal-reschedule")
    # A slot on another day than the current booking, so the row surely changes.
    slot = dialog.get_by_test_id("slot").filter(has_not_text=old.time).last
    label = slot.get_attribute("aria-label") or ""
    day_label, new_time = label.split(" às ")
    slot.click()
    device.get_by_text(f"Trocar para {day_label} às {new_time}?").wait_for()
    device.get_by_role("button", name="Confirmar").click()
    device.get_by_text(re.compile("Horário remarcado para")).first.wait_for()
    device.get_by_test_id("portal-booking").filter(has_text=f"{day_label} · {new_time}").wait_for()
    assert row_of(device, old).count() == 0
    assert booking_status(app_server, old.id)[0] == BookingStatus.CANCELLED


def test_book_a_makeup_session_with_a_credit_and_see_the_statement(
    device,  # type: ignore[no-untyped-def]
    app_server: RunningApp,
) -> None:
    who = arrange(app_server, "Lia", ahead=0, credits=1)
    enter(device, app_server, who)
    device.get_by_test_id("plan-credits").filter(
        has_text="Créditos de reposição: 1 disponível"
    ).wait_for()
    device.get_by_text("Você não tem horários marcados.").wait_for()
    device.get_by_role("button", name="Agendar reposição").click()
    dialog = device.get_by_role("dialog")
    dialog.get_by_test_id("slot").first.wait_for()
    settle(device)
    shot(device, "portal-makeup")
    slot = dialog.get_by_test_id("slot").nth(1)
    day_label, time = (slot.get_attribute("aria-label") or "").split(" às ")
    slot.click()
    device.get_by_text(f"Agendar reposição em {day_label} às {time}?").wait_for()
    device.get_by_role("button", name="Confirmar").click()
    device.get_by_text(re.compile("Reposição agendada para")).first.wait_for()
    booked = device.get_by_test_id("portal-booking").filter(has_text=f"{day_label} · {time}")
    booked.get_by_text("Reposição", exact=True).wait_for()
    device.get_by_test_id("plan-credits").filter(
        has_text="Créditos de reposição: nenhum disponível"
    ).wait_for()
    assert device.get_by_role("button", name="Agendar reposição").count() == 0

    device.get_by_role("link", name="Ver extrato").click()
    device.get_by_role("heading", name="Extrato do plano").wait_for()
    sessions = device.get_by_test_id("statement-row")
    sessions.first.wait_for()
    texts = sessions.all_inner_texts()
    assert any("Cancelado" in t and "Não contou" in t for t in texts), texts
    ledger = device.get_by_test_id("ledger-row")
    assert ledger.count() == 2
    assert "+1" in ledger.all_inner_texts()[-1] or "+1" in ledger.all_inner_texts()[0]
    assert device.locator("main").count() == 1
    assert device.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    settle(device)
    shot(device, "portal-plan-statement")
    device.get_by_role("link", name="Voltar ao início").click()
    device.get_by_text(f"Olá, {who.name.split()[0]}!").wait_for()


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310  (localhost)
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), ""


def test_calendar_link_serves_the_bookings_and_renewing_kills_the_old_one(
    device,  # type: ignore[no-untyped-def]
    app_server: RunningApp,
) -> None:
    who = arrange(app_server, "Teo", ahead=4)
    enter(device, app_server, who)
    assert device.get_by_test_id("portal-booking").count() == 3
    device.get_by_role("link", name="Ver todos").click()
    device.get_by_role("heading", name="Meus horários").wait_for()
    device.get_by_test_id("portal-booking").nth(3).wait_for()
    assert device.get_by_test_id("portal-booking").count() == 4
    device.get_by_role("button", name="Gerar link do calendário").click()
    url_box = device.get_by_test_id("feed-url")
    url_box.wait_for()
    first_url = url_box.inner_text()
    assert first_url.startswith(app_server.base + "/calendario/") and first_url.endswith(".ics")
    webcal = device.get_by_role("link", name="Abrir no calendário").get_attribute("href")
    assert webcal == "webcal://" + first_url.split("://", 1)[1]
    device.get_by_role("button", name="Copiar").wait_for()
    settle(device)
    shot(device, "portal-calendar")
    status, content_type, body = _get(first_url)
    assert status == 200 and content_type.startswith("text/calendar"), (status, content_type)
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Personal — Studio Demo" in body
    assert body.count("BEGIN:VEVENT") == 4
    device.get_by_role("button", name="Pronto").click()
    url_box.wait_for(state="detached")
    device.get_by_text(
        "Gerar um novo link faz o anterior parar de funcionar.", exact=False
    ).wait_for()
    device.get_by_role("button", name="Gerar novo link").click()
    url_box.wait_for()
    second_url = url_box.inner_text()
    assert second_url != first_url
    assert _get(first_url)[0] == 404
    assert _get(second_url)[0] == 200
