"""The dashboard as a person uses it: login, clients, client page, settings, logout."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlmodel import select

from tests.e2e.conftest import RunningApp, shot
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL, READONLY_EMAIL

pytestmark = pytest.mark.e2e
CLIENTS_URL = re.compile(r".*/painel/clientes/?$")


def login(  # type: ignore[no-untyped-def]
    page,
    app: RunningApp,
    email: str = OWNER_EMAIL,
    password: str = DEMO_PASSWORD,
    *,
    fresh=False,
    to: str | None = None,
):
    """Sign in as staff; the page ends on ``to`` (a full address) or on the dashboard (or on
    the form, for a wrong password).

    A demo account that signed in before in this run reuses that session's cookies
    (``app.staff_cookies``) unless ``fresh``: the login form runs once per person, not once
    per test, and the page under test is the first one loaded. The login itself is tested
    here, by the tests that pass ``fresh=True``."""
    remember = password == DEMO_PASSWORD and not fresh
    if remember and email in app.staff_cookies:
        page.context.add_cookies(app.staff_cookies[email])
        page.goto(to or f"{app.base}/painel/clientes")
        return
    page.goto(f"{app.base}/entrar")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()
    if remember or to:
        page.wait_for_url(re.compile(r".*/painel/.*"))
    if remember:
        app.staff_cookies[email] = page.context.cookies()
    if to:
        page.goto(to)


def test_login_shows_the_client_list(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app_server.base}/entrar")
    page.get_by_label("E-mail").wait_for()
    shot(page, "login")
    login(page, app_server, fresh=True)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_text("Ana Beatriz Souza").wait_for()
    page.get_by_text("Studio Demo").first.wait_for()
    assert page.get_by_test_id("client-row").count() >= 12
    shot(page, "clients")


def test_session_cookie_is_http_only(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    login(page, app_server, fresh=True)
    page.wait_for_url(CLIENTS_URL)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["treinico_sessao"]["httpOnly"] is True
    assert cookies["treinico_sessao"]["sameSite"] == "Lax"
    assert "treinico_sessao" not in page.evaluate("document.cookie")


def test_wrong_password_shows_a_message(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, password="senha-errada-1")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text() == "E-mail ou senha incorretos."
    assert page.url.rstrip("/").endswith("/entrar")
    shot(page, "login-error")


def test_dashboard_requires_login(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    page.goto(f"{app_server.base}/painel/clientes")
    page.wait_for_url(re.compile(r".*/entrar/?\?expirado=1$"))
    page.get_by_text("Sua sessão terminou").wait_for()
    assert page.get_by_text("Ana Beatriz Souza").count() == 0


def test_create_client(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_role("button", name="Novo cliente").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nome").fill(f"Paula Teste {viewport}")
    phone = "(11) 95555-0001" if viewport == "desktop" else "11955550002"
    dialog.get_by_label("WhatsApp").fill(phone)
    shot(page, "client-form")
    dialog.get_by_role("button", name="Salvar").click()
    page.get_by_text("Cliente cadastrado.").wait_for()
    page.get_by_placeholder("Buscar por nome ou telefone").fill("paula teste")
    page.get_by_test_id("client-row").filter(has_text=f"Paula Teste {viewport}").wait_for()
    expected = "(11) 95555-0001" if viewport == "desktop" else "(11) 95555-0002"
    page.get_by_text(expected).wait_for()


def test_bad_phone_is_reported_at_the_field_and_nothing_is_lost(
    page, app_server: RunningApp
) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_role("button", name="Novo cliente").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nome").fill("Cliente Telefone Ruim")
    dialog.get_by_label("WhatsApp").fill("1234")
    dialog.get_by_role("button", name="Salvar").click()
    error = dialog.get_by_text("Telefone inválido. Use DDD + número, ex.: (11) 91234-5678.")
    error.wait_for()
    assert dialog.get_by_label("Nome").input_value() == "Cliente Telefone Ruim"
    assert dialog.get_by_label("WhatsApp").input_value() == "1234"
    shot(page, "client-form-error")


def test_duplicate_phone_is_refused(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_role("button", name="Novo cliente").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nome").fill("Outra Ana")
    dialog.get_by_label("WhatsApp").fill("(11) 98765-4321")  # Ana Beatriz Souza's
    dialog.get_by_role("button", name="Salvar").click()
    dialog.get_by_text("Já existe um cliente com este WhatsApp nesta equipe.").wait_for()
    engine = make_engine(app_server.database_url)
    from treinico.models import Client

    with unit_of_work(engine) as s:
        assert s.exec(select(Client).where(Client.name == "Outra Ana")).first() is None
    engine.dispose()


def test_client_page_and_its_options_menu(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_test_id("client-row").filter(has_text="Camila Ribeiro").get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/painel/clientes/\d+/?$"))
    header = page.get_by_test_id("client-header")
    header.get_by_text("Camila Ribeiro").wait_for()
    header.get_by_text("(21) 98123-4567").wait_for()
    page.get_by_text("camila@example.com").wait_for()
    header.get_by_test_id("client-options").click()
    page.get_by_role("menuitem", name="Editar cliente").wait_for()
    page.get_by_role("menuitem", name="Arquivar").wait_for()
    page.keyboard.press("Escape")
    shot(page, "client-page")


def test_edit_client_from_its_page(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_test_id("client-row").filter(has_text="Diego Martins").get_by_role("link").click()
    header = page.get_by_test_id("client-header")
    header.get_by_text("Diego Martins").wait_for()
    header.get_by_test_id("client-options").click()
    page.get_by_role("menuitem", name="Editar cliente").click()
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_label("WhatsApp").input_value() == "(11) 97654-3210"
    dialog.get_by_label("Observações (opcional)").fill("Prefere treinar de manhã.")
    dialog.get_by_role("button", name="Salvar").click()
    page.get_by_text("Dados do cliente salvos.").wait_for()
    dialog.wait_for(state="detached")
    page.get_by_text("Prefere treinar de manhã.").wait_for()


def test_read_only_member_sees_no_write_actions(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, email=READONLY_EMAIL)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_text("Ana Beatriz Souza").wait_for()
    assert page.get_by_role("button", name="Novo cliente").count() == 0
    page.get_by_test_id("client-options").first.click()
    page.get_by_role("menuitem", name="Abrir página do cliente").wait_for()
    assert page.get_by_role("menuitem", name="Editar cliente").count() == 0
    page.keyboard.press("Escape")
    page.goto(f"{app_server.base}/painel/configuracoes")
    page.get_by_text("Só quem gerencia a equipe vê esta página.").wait_for()


def test_client_of_another_team_is_not_found(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import Client
    from treinico.services.teams import create_team
    from treinico.services.text import fold

    engine = make_engine(app_server.database_url)
    with unit_of_work(engine) as s:
        other = create_team(
            session=s,
            name="Outro Studio",
            slug="outro-studio-e2e",
            owner_email="dono@outro-e2e.com.br",
            owner_name="Outro",
            owner_password="senha-outro-123",
        )
        secret_client = Client(
            team_id=other.id,
            name="Cliente Secreta",
            name_search=fold("Cliente Secreta"),
            phone_e164="+5511966660000",
            created_at=datetime.now(UTC),
            updated_at=datetime.now(UTC),
        )
        s.add(secret_client)
        s.flush()
        secret_id = secret_client.id
    engine.dispose()
    page = desktop_page
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    login(page, app_server, to=f"{app_server.base}/painel/clientes/{secret_id}")
    page.get_by_text("Cliente não encontrado.").wait_for()
    assert page.get_by_text("Cliente Secreta").count() == 0
    assert "Cliente Secreta" not in page.content()
    # Not in what the websocket carried either (the page is not the only channel).
    assert frames and not any("Cliente Secreta" in f or "966660000" in f for f in frames)


def test_owner_switches_commerce_module(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import Team

    page = desktop_page
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_role("link", name="Configurações").click()
    switch = page.get_by_role("switch", name="Módulo Commerce")
    switch.wait_for()
    before = switch.get_attribute("aria-checked")
    switch.click()
    page.get_by_text(
        "Módulo Commerce desativado." if before == "true" else "Módulo Commerce ativado."
    ).wait_for()
    engine = make_engine(app_server.database_url)
    with unit_of_work(engine) as s:
        team = s.exec(select(Team).where(Team.slug == "studio-demo")).one()
        assert team.commerce_enabled is (before != "true")
    engine.dispose()
    switch.click()  # put it back for the other tests
    page.get_by_text(
        "Módulo Commerce ativado." if before == "true" else "Módulo Commerce desativado."
    ).wait_for()
    shot(page, "settings")


def test_logout_ends_the_session(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, fresh=True)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_label("Menu do usuário").click()
    page.get_by_role("menuitem", name="Sair").click()
    page.wait_for_url(re.compile(r".*/entrar/?$"))
    page.goto(f"{app_server.base}/painel/clientes")
    page.wait_for_url(re.compile(r".*/entrar/?\?expirado=1$"))


def test_revoked_session_stops_at_the_next_event(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import StaffSession

    page = desktop_page
    login(page, app_server, fresh=True)
    page.wait_for_url(CLIENTS_URL)
    page.get_by_text("Ana Beatriz Souza").wait_for()
    engine = make_engine(app_server.database_url)
    with unit_of_work(engine) as s:
        for row in s.exec(select(StaffSession).where(StaffSession.revoked_at.is_(None))).all():  # type: ignore[union-attr]
            row.revoked_at = datetime.now(UTC)
            s.add(row)
    engine.dispose()
    app_server.staff_cookies.clear()  # every staff session ended, the remembered ones too
    # The next event — typing, or the navigation's own tick if it comes first — ends it.
    with contextlib.suppress(PlaywrightTimeout):  # the tick already left the page
        page.get_by_placeholder("Buscar por nome ou telefone").fill("ana", timeout=5000)
    page.wait_for_url(re.compile(r".*/entrar/?\?expirado=1$"))
