"""The agenda as staff use it: the week, booking (single and weekly series), conflicts at the
field, attendance, cancelling with the studio's charge choice, settings and the client page.

Each test books its own clients and times (different per viewport), or arranges fresh data
through the services, so the tests do not depend on each other's leftovers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.e2e.conftest import RunningApp, settled, shot
from tests.e2e.test_dashboard import login
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import OWNER_EMAIL, READONLY_EMAIL

pytestmark = pytest.mark.e2e
TZ = ZoneInfo("America/Sao_Paulo")
PAINEL = re.compile(r".*/painel/.*")


def _today() -> date:
    return datetime.now(UTC).astimezone(TZ).date()


def _monday(weeks_ahead: int) -> date:
    today = _today()
    return today - timedelta(days=today.weekday()) + timedelta(days=7 * weeks_ahead)


def _day(weeks_ahead: int, weekday: int) -> date:
    return _monday(weeks_ahead) + timedelta(days=weekday)


def _week_title(weeks_ahead: int) -> str:
    from treinico.services.formatting import fmt_date

    monday = _monday(weeks_ahead)
    return f"{fmt_date(monday)} a {fmt_date(monday + timedelta(days=6))}"


def _arrange(app: RunningApp, fn: Callable[[Any, Any], Any]) -> Any:
    """Run one service call as the owner on the test server's database."""
    from treinico.models import Team, User
    from treinico.services.actor import load_actor

    engine = make_engine(app.database_url)
    try:
        with unit_of_work(engine) as s:
            user = s.exec(select(User).where(User.email == OWNER_EMAIL)).one()
            team = s.exec(select(Team).where(Team.slug == "studio-demo")).one()
            actor = load_actor(s, user_id=user.id or 0, team_id=team.id or 0)
            return fn(s, actor)
    finally:
        engine.dispose()


def _ids(app: RunningApp, client_name: str) -> tuple[int, int, int]:
    """(client, owner, "Personal" session type) ids."""
    from treinico.models import Client, SessionType, User

    def read(s: Any, actor: Any) -> tuple[int, int, int]:
        client = s.exec(
            select(Client).where(Client.name == client_name, Client.team_id == actor.team_id)
        ).one()
        owner = s.exec(select(User).where(User.email == OWNER_EMAIL)).one()
        st = s.exec(
            select(SessionType).where(
                SessionType.name == "Personal", SessionType.team_id == actor.team_id
            )
        ).one()
        return client.id, owner.id, st.id

    return _arrange(app, read)  # type: ignore[no-any-return]


def _book(app: RunningApp, client_name: str, day: date, hhmm: str, now: datetime) -> None:
    from treinico.services.agenda.bookings import create_booking

    client_id, owner_id, st_id = _ids(app, client_name)
    _arrange(
        app,
        lambda s, a: create_booking(
            session=s,
            actor=a,
            client_id=client_id,
            trainer_user_id=owner_id,
            session_type_id=st_id,
            day=day,
            time_text=hhmm,
            now=now,
            confirm_over_plan=True,
        ),
    )


def _open_agenda(page: Any, app: RunningApp, email: str = OWNER_EMAIL) -> None:
    login(page, app, email=email, to=f"{app.base}/painel/agenda")
    page.get_by_test_id("week-title").filter(has_text=_week_title(0)).wait_for()


def _go_to_week(page: Any, weeks_ahead: int, start: int = 0) -> None:
    """From the week ``start`` (0 = this week), step to the week ``weeks_ahead``."""
    step = 1 if weeks_ahead > start else -1
    name = "Próxima semana" if step > 0 else "Semana anterior"
    for n in range(start + step, weeks_ahead + step, step):
        page.get_by_role("button", name=name).click()
        page.get_by_test_id("week-title").filter(has_text=_week_title(n)).wait_for()


def _pick_day_on_phone(page: Any, viewport: str, day: date) -> None:
    from treinico.services.formatting import fmt_weekday_day

    if viewport == "phone":
        page.get_by_role("button", name=fmt_weekday_day(day), exact=True).click()


def _fits(page: Any) -> bool:
    """No sideways scrolling at this width."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _card(page: Any, text: str) -> Any:
    return page.locator("[data-testid=booking-card]:visible").filter(has_text=text)


def _new_booking(page: Any, client: str, day: date, hhmm: str) -> Any:
    page.get_by_role("button", name="Novo agendamento").click()
    dialog = page.get_by_test_id("new-booking-dialog")
    dialog.get_by_label("Cliente").fill(client.split()[0])
    dialog.get_by_test_id("client-match").filter(has_text=client).click()
    dialog.get_by_test_id("picked-client").filter(has_text=client).wait_for()
    dialog.get_by_label("Profissional", exact=True).click()
    page.get_by_role("option", name="Dona do Studio").click()
    dialog.get_by_label("Tipo de sessão", exact=True).click()
    page.get_by_role("option", name="Personal (60 min)").click()
    dialog.get_by_label("Data", exact=True).fill(day.isoformat())
    dialog.get_by_label("Horário", exact=True).fill(hhmm)
    return dialog


def test_week_view_shows_the_demo_bookings(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    _open_agenda(page, app_server)
    if viewport == "desktop":
        assert page.get_by_test_id("day-column").count() == 7
    _go_to_week(page, 1)  # next week: Pilates em grupo at 18:00 for four clients
    _pick_day_on_phone(page, viewport, _day(1, 0))
    _card(page, "Pilates em grupo").first.wait_for()
    page.get_by_role("button", name="Hoje").click()
    page.get_by_test_id("week-title").filter(has_text=_week_title(0)).wait_for()
    page.get_by_role("link", name="Configurações da agenda").wait_for()
    assert _fits(page), "the agenda scrolls sideways"
    shot(page, "agenda-week")


def test_staff_create_a_booking_and_see_it_in_the_week(  # type: ignore[no-untyped-def]
    page, app_server: RunningApp, viewport: str
) -> None:
    client, hhmm = (
        ("Natália Mendes", "11:00") if viewport == "desktop" else ("Otávio Barbosa", "08:00")
    )
    day = _day(2, 2)
    _open_agenda(page, app_server)
    dialog = _new_booking(page, client, day, hhmm)
    settled(page)  # let the dialog finish opening for the picture
    shot(page, "agenda-new-booking")
    dialog.get_by_role("button", name="Agendar", exact=True).click()
    page.get_by_text(f"Agendado: {client}").wait_for()
    dialog.wait_for(state="hidden")
    page.get_by_test_id("week-title").filter(has_text=_week_title(2)).wait_for()
    card = _card(page, client)
    card.wait_for()
    assert hhmm in card.inner_text()


def test_staff_create_a_weekly_series(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    client, hhmm = (
        ("Marcos Vinícius Rocha", "11:00") if viewport == "desktop" else ("Eduarda Lima", "08:00")
    )
    day = _day(3, 3)  # a Thursday three weeks ahead
    _open_agenda(page, app_server)
    dialog = _new_booking(page, client, day, hhmm)
    dialog.get_by_text("Repetir toda semana").click()
    dialog.get_by_text("Qui", exact=True).click()
    dialog.get_by_label("Número de semanas").fill("3")
    shot(page, "agenda-series")
    dialog.get_by_role("button", name="Agendar", exact=True).click()
    page.get_by_text(re.compile(rf"Série criada: 3 sessões de {client}")).wait_for()
    _pick_day_on_phone(page, viewport, day)
    _card(page, client).wait_for()
    _go_to_week(page, 4, start=3)  # the next occurrence is there as well
    _pick_day_on_phone(page, viewport, day + timedelta(days=7))
    _card(page, client).wait_for()


def test_a_conflict_is_refused_at_the_time_field(  # type: ignore[no-untyped-def]
    page, app_server: RunningApp, viewport: str
) -> None:
    taken_by, other, hhmm = (
        ("Felipe Araújo", "Camila Ribeiro", "11:00")
        if viewport == "desktop"
        else ("Diego Martins", "Henrique Costa", "08:00")
    )
    day = _day(2, 4)  # a Friday two weeks ahead
    _book(app_server, taken_by, day, hhmm, datetime.now(UTC))
    _open_agenda(page, app_server)
    dialog = _new_booking(page, other, day, hhmm)
    dialog.get_by_role("button", name="Agendar", exact=True).click()
    error = dialog.get_by_role("alert").filter(has_text="Conflito")
    error.wait_for()
    assert error.inner_text().startswith("Conflito")
    assert taken_by in error.inner_text()
    # Everything typed is still there.
    assert dialog.get_by_label("Horário", exact=True).input_value() == hhmm
    assert dialog.get_by_label("Data", exact=True).input_value() == day.isoformat()
    dialog.get_by_test_id("picked-client").filter(has_text=other).wait_for()
    settled(page)  # let the dialog finish opening for the picture
    shot(page, "agenda-conflict")


def test_attendance_is_marked_on_a_past_booking(  # type: ignore[no-untyped-def]
    page, app_server: RunningApp, viewport: str
) -> None:
    client, hhmm = (
        ("Felipe Araújo", "11:00") if viewport == "desktop" else ("Diego Martins", "08:00")
    )
    day = _day(-1, 0)  # Monday of last week
    _book(app_server, client, day, hhmm, datetime.combine(day, datetime.min.time(), TZ))
    _open_agenda(page, app_server)
    _go_to_week(page, -1)
    _pick_day_on_phone(page, viewport, day)
    card = _card(page, client)
    card.filter(has_text="Confirmar presença").wait_for()
    card.click()
    dialog = page.get_by_test_id("booking-dialog")
    dialog.get_by_text(client).wait_for()
    settled(page)  # let the dialog finish opening for the picture
    shot(page, "agenda-booking")
    dialog.get_by_role("button", name="Presente").click()
    page.get_by_text("Presença registrada.").wait_for()
    dialog.wait_for(state="hidden")
    _card(page, client).filter(has_text="Presente").wait_for()
    assert _card(page, client).filter(has_text="Confirmar presença").count() == 0


def test_staff_cancel_a_plan_booking_without_charge(  # type: ignore[no-untyped-def]
    page, app_server: RunningApp, viewport: str
) -> None:
    from treinico.models import Product
    from treinico.services.access.entitlements import grant_entitlement
    from treinico.services.clients import ClientInput, create_client

    name = f"Plano Cancela {viewport.title()}"
    phone = "(11) 94444-0101" if viewport == "desktop" else "(11) 94444-0102"
    now = datetime.now(UTC)

    def arrange(s: Any, actor: Any) -> None:
        client = create_client(
            session=s, actor=actor, data=ClientInput(name=name, phone=phone), now=now
        )
        product = s.exec(
            select(Product).where(Product.name == "Personal 3x", Product.team_id == actor.team_id)
        ).one()
        grant_entitlement(
            session=s,
            actor=actor,
            client_id=client.id,
            product_id=product.id,
            starts_on=None,
            ends_on=None,
            now=now,
        )

    _arrange(app_server, arrange)
    day = _day(2, 1)  # a Tuesday two weeks ahead
    hhmm = "11:00" if viewport == "desktop" else "08:00"
    _book(app_server, name, day, hhmm, now)
    _open_agenda(page, app_server)
    _go_to_week(page, 2)
    _pick_day_on_phone(page, viewport, day)
    _card(page, name).click()
    dialog = page.get_by_test_id("booking-dialog")
    dialog.get_by_role("button", name="Cancelar").click()
    dialog.get_by_text("Gera crédito de reposição se for sessão de plano.").wait_for()
    settled(page)  # let the dialog settle for the picture
    shot(page, "agenda-cancel")
    dialog.get_by_text("Sem cobrança", exact=True).click()
    dialog.get_by_role("button", name="Confirmar cancelamento").click()
    page.get_by_text("1 agendamento cancelado. 1 crédito de reposição gerado.").wait_for()
    _card(page, name).wait_for(state="detached")


def test_read_only_member_sees_the_week_without_actions(  # type: ignore[no-untyped-def]
    desktop_page, app_server: RunningApp
) -> None:
    page = desktop_page
    _open_agenda(page, app_server, email=READONLY_EMAIL)
    _go_to_week(page, 1)
    _card(page, "Pilates em grupo").first.click()
    dialog = page.get_by_test_id("booking-dialog")
    dialog.get_by_text("Pilates em grupo").first.wait_for()
    assert page.get_by_role("button", name="Novo agendamento").count() == 0
    assert dialog.get_by_role("button", name="Cancelar").count() == 0
    assert dialog.get_by_role("button", name="Mover").count() == 0
    assert page.get_by_role("link", name="Configurações da agenda").count() == 0


def test_agenda_settings(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, to=f"{app_server.base}/painel/agenda/configuracoes")
    page.get_by_test_id("session-type-row").filter(has_text="Pilates em grupo").wait_for()
    page.get_by_text("Seg 06:00–12:00").wait_for()
    page.get_by_role("button", name="Remover horário Seg 06:00–12:00").wait_for()
    rules = page.get_by_test_id("settings-rules")
    notice = rules.get_by_label("Antecedência mínima para cancelar ou reagendar (horas)")
    assert notice.input_value() == "24"
    notice.fill("500")
    rules.get_by_role("button", name="Salvar regras").click()
    rules.get_by_text("Informe de 0 a 168 horas.").wait_for()
    assert notice.input_value() == "500"
    assert _fits(page), "the settings page scrolls sideways"
    shot(page, "agenda-settings")


def test_settings_add_a_session_type_and_a_block(  # type: ignore[no-untyped-def]
    page, app_server: RunningApp, viewport: str
) -> None:
    type_name = f"Funcional {viewport}"
    reason = f"Férias {viewport}"
    first = _day(20 if viewport == "desktop" else 21, 0)
    login(page, app_server, to=f"{app_server.base}/painel/agenda/configuracoes")
    page.get_by_role("button", name="Novo tipo").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nome").fill(type_name)
    dialog.get_by_label("Duração em minutos").fill("45")
    dialog.get_by_label("Capacidade").fill("6")
    dialog.get_by_text("Personal 3x").click()
    dialog.get_by_role("button", name="Salvar").click()
    page.get_by_text("Tipo de sessão salvo.").wait_for()
    row = page.get_by_test_id("session-type-row").filter(has_text=type_name)
    row.filter(has_text="45 min · capacidade 6 · Personal 3x").wait_for()
    blocks = page.get_by_test_id("settings-blocks")
    blocks.get_by_label("Primeiro dia").fill(first.isoformat())
    blocks.get_by_label("Último dia").fill((first + timedelta(days=4)).isoformat())
    blocks.get_by_label("Motivo").fill(reason)
    blocks.get_by_role("button", name="Adicionar bloqueio").click()
    page.get_by_text("Bloqueio adicionado.").wait_for()
    blocks.get_by_role("button", name=f"Remover bloqueio {reason}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Confirmar").click()
    page.get_by_text("Bloqueio removido.").wait_for()
    blocks.get_by_role("button", name=f"Remover bloqueio {reason}").wait_for(state="detached")


def test_client_page_shows_plan_and_bookings(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server)
    page.wait_for_url(PAINEL)
    page.get_by_test_id("client-row").filter(has_text="Ana Beatriz Souza").get_by_role(
        "link"
    ).click()
    page.wait_for_url(re.compile(r".*/painel/clientes/\d+/?$"))
    plan = page.get_by_test_id("client-plan")
    plan.get_by_test_id("plan-title").filter(has_text="Personal 3x — R$ 480/mês").wait_for()
    plan.get_by_test_id("plan-used").filter(
        has_text=re.compile(r"Sessões usadas: \d+ de 12")
    ).wait_for()
    assert page.get_by_test_id("client-upcoming").get_by_test_id("client-booking").count() >= 1
    page.get_by_test_id("client-past").get_by_test_id("client-booking").first.wait_for()
    page.get_by_test_id("client-ledger").get_by_test_id("ledger-row").first.wait_for()
    shot(page, "client-plan")


def _client_with_plan(app: RunningApp, name: str, phone: str) -> None:
    """A fresh client holding "Personal 3x" from today (12 sessions in its cycle)."""
    from treinico.models import Product
    from treinico.services.access.entitlements import grant_entitlement
    from treinico.services.clients import ClientInput, create_client

    now = datetime.now(UTC)

    def arrange(s: Any, actor: Any) -> None:
        client = create_client(
            session=s, actor=actor, data=ClientInput(name=name, phone=phone), now=now
        )
        product = s.exec(
            select(Product).where(Product.name == "Personal 3x", Product.team_id == actor.team_id)
        ).one()
        grant_entitlement(
            session=s,
            actor=actor,
            client_id=client.id,
            product_id=product.id,
            starts_on=None,
            ends_on=None,
            now=now,
        )

    _arrange(app, arrange)


def test_staff_move_a_booking(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    day = _day(2, 4)  # a Friday two weeks ahead
    _book(app_server, "Isabela Fernandes", day, "06:00", datetime.now(UTC))
    _open_agenda(page, app_server)
    _go_to_week(page, 2)
    _card(page, "Isabela Fernandes").filter(has_text="06:00–07:00").click()
    dialog = page.get_by_test_id("booking-dialog")
    dialog.get_by_role("button", name="Mover").click()
    dialog.get_by_label("Novo horário").fill("07:00")
    dialog.get_by_role("button", name="Mover", exact=True).click()
    page.get_by_text("Movido para").wait_for()
    _card(page, "Isabela Fernandes").filter(has_text="07:00–08:00").wait_for()
    assert _card(page, "Isabela Fernandes").filter(has_text="06:00–07:00").count() == 0


def test_booking_beyond_the_plan_asks_to_confirm(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    from treinico.services.agenda.bookings import create_series

    page = desktop_page
    name = "Plano Cheio Teste"
    _client_with_plan(app_server, name, "(11) 94444-0201")
    client_id, owner_id, st_id = _ids(app_server, name)
    _arrange(  # 12 sessions of 12 already scheduled in this cycle
        app_server,
        lambda s, a: create_series(
            session=s,
            actor=a,
            client_id=client_id,
            trainer_user_id=owner_id,
            session_type_id=st_id,
            day=_day(1, 0),
            time_text="06:00",
            weekdays=[0, 1, 2, 3],
            until=None,
            weeks=3,
            now=datetime.now(UTC),
            confirm_over_plan=True,
        ),
    )
    _open_agenda(page, app_server)
    dialog = _new_booking(page, name, _day(1, 2), "11:00")
    dialog.get_by_role("button", name="Agendar", exact=True).click()
    dialog.get_by_text("já tem 12 de 12 sessões").wait_for()
    dialog.get_by_role("button", name="Agendar mesmo assim").click()
    page.get_by_text(f"Agendado: {name}").wait_for()
    dialog.wait_for(state="hidden")
