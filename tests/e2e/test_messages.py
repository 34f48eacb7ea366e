"""Mensagens on both faces: staff and a client in two browsers exchange messages that
appear without reload; Enter sends and Shift+Enter breaks the line; the conversation
header opens the same access modal as the client list; a staff message reaches the
client's WhatsApp (console outbox); the read-only member reads but has no composer; the
navigation badge and the portal's "novas" follow the unread counts.

Each test arranges its own client of Studio Demo through the services (with the terms
accepted, as the demo clients have); Ana's demo conversation is only read."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORTS, RunningApp, shot
from tests.e2e.test_dashboard import login as staff_login
from tests.e2e.test_portal import login as portal_login
from tests.e2e.test_portal_agenda import SLUG, _numbers, _owner
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import READONLY_EMAIL
from treinico.services.clients import ClientInput, create_client
from treinico.services.privacy import consent

pytestmark = pytest.mark.e2e

# Copies of the screenshots for a reviewer, when asked for (TREINICO_REVIEW_SHOTS=<dir>).
REVIEW = os.environ.get("TREINICO_REVIEW_SHOTS", "")
LIVE_MS = 6_000  # "within 5 seconds", plus the browser's own rendering


def snap(page, name: str) -> None:  # type: ignore[no-untyped-def]
    shot(page, name)
    if not REVIEW:
        return
    try:
        Path(REVIEW).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        kind = "phone" if width < 600 else "desktop"
        page.screenshot(path=str(Path(REVIEW) / f"{name}-{kind}.png"))
    except OSError:
        pass


def new_client(app: RunningApp, first: str) -> tuple[int, str, str]:
    """A fresh Studio Demo client who accepted the terms: (id, name, e164)."""
    engine = make_engine(app.database_url)
    n = next(_numbers)
    e164 = f"+55119{40000000 + n % 50000000:08d}"
    name = f"{first} Teste{n}"
    now = datetime.now(UTC)
    try:
        with unit_of_work(engine) as session:
            team, actor = _owner(session)
            client = create_client(
                session=session, actor=actor, data=ClientInput(name=name, phone=e164), now=now
            )
            consent.record(
                session,
                team_id=team.id or 0,
                client_id=client.id,
                purpose="termos",
                give=True,
                now=now,
            )
            return client.id, name, e164
    finally:
        engine.dispose()


def context(browser, kind: str):  # type: ignore[no-untyped-def]
    extra = {"is_mobile": True, "has_touch": True} if kind == "phone" else {}
    ctx = browser.new_context(viewport=VIEWPORTS[kind], locale="pt-BR", **extra)
    ctx.set_default_timeout(20_000)
    return ctx


def staff_page(browser, app: RunningApp, kind: str = "desktop", email: str | None = None):  # type: ignore[no-untyped-def]
    ctx = context(browser, kind)
    page = ctx.new_page()
    if email:
        staff_login(page, app, email=email)
    else:
        staff_login(page, app)
    page.wait_for_url(re.compile(r".*/painel/clientes/?$"))
    return ctx, page


def open_conversation(page, app: RunningApp, client_id: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app.base}/painel/mensagens?cliente={client_id}")
    page.get_by_role("log", name="Mensagens").wait_for()


def composer(page):  # type: ignore[no-untyped-def]
    return page.get_by_placeholder("Escreva uma mensagem")


def outbox(app: RunningApp) -> list[dict]:  # type: ignore[type-arg]
    if not app.outbox.exists():
        return []
    return [json.loads(x) for x in app.outbox.read_text(encoding="utf-8").splitlines() if x]


def nav_count(page) -> int:  # type: ignore[no-untyped-def]
    badge = page.get_by_role("link", name=re.compile("Mensagens")).first.get_by_test_id("nav-badge")
    if badge.count() == 0:
        return 0
    return int(re.sub(r"\D", "", badge.inner_text()) or 0)


def test_staff_and_client_exchange_messages_without_reload(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    client_id, name, e164 = new_client(app_server, "Marina")
    staff_ctx, staff = staff_page(browser, app_server)
    client_ctx = context(browser, "phone")
    client = client_ctx.new_page()
    try:
        portal_login(client, app_server, SLUG, e164, e164)
        client.get_by_text(f"Olá, {name.split()[0]}!").wait_for()
        client.get_by_role("link", name="Abrir mensagens").click()
        client.wait_for_url(re.compile(r".*/area-do-cliente/mensagens/?$"))
        client.get_by_text("Nenhuma mensagem ainda").wait_for()

        # The client writes first, while the staff member is on the client list: the
        # navigation badge counts it on its slow tick, without reload.
        staff.get_by_test_id("client-row").first.wait_for()
        before = nav_count(staff)
        box = composer(client)
        box.fill("Oi! Posso remarcar amanhã?")
        box.press("Enter")
        client.get_by_test_id("message-mine").filter(has_text="Posso remarcar amanhã?").wait_for()
        # The composer empties right after the message is drawn (a script the same answer
        # carries), so wait for it rather than read it at once.
        expect(box).to_have_value("")
        deadline = time.monotonic() + 20
        while nav_count(staff) != before + 1 and time.monotonic() < deadline:
            staff.wait_for_timeout(500)
        assert nav_count(staff) == before + 1

        row = staff.get_by_test_id("conversation-row").filter(has_text=name)
        staff.get_by_role("link", name=re.compile("Mensagens")).first.click()
        row.get_by_test_id("conversation-unread").wait_for()
        row.click()
        staff.wait_for_url(re.compile(rf".*/painel/mensagens\?cliente={client_id}$"))
        staff.get_by_test_id("message-theirs").filter(has_text="Posso remarcar amanhã?").wait_for()
        row.get_by_test_id("conversation-unread").wait_for(state="detached")

        # Staff answers with two lines: Shift+Enter breaks the line, Enter sends.
        box = composer(staff)
        box.click()
        box.type("Claro!")
        box.press("Shift+Enter")
        box.type("Às 7h ou às 18h?")
        assert box.input_value() == "Claro!\nÀs 7h ou às 18h?"
        box.press("Enter")
        mine = staff.get_by_test_id("message-mine").filter(has_text="Às 7h ou às 18h?")
        mine.wait_for()
        expect(box).to_have_value("")
        assert "Claro!\nÀs 7h ou às 18h?" in mine.inner_text()
        snap(staff, "dashboard-messages")

        # ... and it appears on the client's phone without reload.
        theirs = client.get_by_test_id("message-theirs").filter(has_text="Às 7h ou às 18h?")
        theirs.wait_for(timeout=LIVE_MS)
        assert "Claro!\nÀs 7h ou às 18h?" in theirs.inner_text()

        # The client's answer reaches the open conversation without reload, too.
        composer(client).fill("Às 7h, obrigada!")
        client.get_by_role("button", name="Enviar").click()
        client.get_by_test_id("message-mine").filter(has_text="Às 7h, obrigada!").wait_for()
        staff.get_by_test_id("message-theirs").filter(has_text="Às 7h, obrigada!").wait_for(
            timeout=LIVE_MS
        )
        client.wait_for_timeout(400)
        snap(client, "portal-messages")
        assert client.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        client_ctx.close()
        staff_ctx.close()


def test_empty_and_long_messages_at_the_field(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    client_id, _name, _e164 = new_client(app_server, "Rita")
    ctx, page = staff_page(browser, app_server)
    try:
        open_conversation(page, app_server, client_id)
        box = composer(page)
        box.fill("   ")
        box.press("Enter")
        page.get_by_role("alert").filter(has_text="Escreva uma mensagem.").wait_for()
        # The browser caps the text at 2,000; the counter shows near the limit.
        box.fill("a" * 1990)
        page.get_by_text("1.990 / 2.000").wait_for()
        page.get_by_role("button", name="Enviar").click()
        page.get_by_test_id("message-mine").first.wait_for()
        page.get_by_role("alert").filter(has_text="Escreva uma mensagem.").wait_for(
            state="detached"
        )
    finally:
        ctx.close()


def test_access_modal_from_header_and_notice(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    client_id, name, e164 = new_client(app_server, "Helena")
    ctx, page = staff_page(browser, app_server)
    try:
        # From the client list's "⋯" menu straight to the conversation.
        page.get_by_placeholder("Buscar por nome ou telefone").fill(name)
        rows = page.get_by_test_id("client-row")
        deadline = time.monotonic() + 10
        while rows.count() != 1 and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        page.wait_for_timeout(300)
        rows.filter(has_text=name).get_by_test_id("client-options").click()
        page.get_by_role("menuitem", name="Enviar mensagem").click()
        page.wait_for_url(re.compile(rf".*/painel/mensagens\?cliente={client_id}$"))
        page.get_by_text("Nenhuma mensagem ainda").wait_for()

        composer(page).fill("Helena, seu treino de amanhã está confirmado.")
        composer(page).press("Enter")
        page.get_by_test_id("message-mine").filter(has_text="está confirmado").wait_for()

        page.get_by_role("button", name=f"Ações do cliente — {name}").click()
        page.get_by_role("menuitem", name="Gerenciar Acesso a Produtos").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Gerencie os acessos do cliente").wait_for()
        dialog.get_by_text(name).first.wait_for()
        page.wait_for_timeout(400)
        snap(page, "dashboard-messages-access")
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")

        page.get_by_role("button", name=f"Ações do cliente — {name}").click()
        page.get_by_role("menuitem", name="Ver ficha do cliente").click()
        page.wait_for_url(re.compile(rf".*/painel/clientes/{client_id}/?$"))

        # The WhatsApp job (every 10 s in the app) sends the notice through the sender.
        deadline = time.monotonic() + 30
        sent: list[dict] = []  # type: ignore[type-arg]
        while time.monotonic() < deadline:
            sent = [m for m in outbox(app_server) if m["to"] == e164]
            if sent:
                break
            time.sleep(1)
        assert len(sent) == 1
        assert "Você tem uma nova mensagem de Studio Demo" in sent[0]["body"]
        assert "está confirmado" not in sent[0]["body"]  # the text stays in the app
    finally:
        ctx.close()


def test_read_only_member_reads_but_cannot_write(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    ctx, page = staff_page(browser, app_server, email=READONLY_EMAIL)
    try:
        page.goto(f"{app_server.base}/painel/mensagens")
        row = page.get_by_test_id("conversation-row").filter(has_text="Ana Beatriz Souza")
        row.click()
        page.get_by_test_id("message-theirs").filter(has_text="senti o joelho").wait_for()
        page.get_by_text("Você pode ler as conversas, mas não enviar mensagens.").wait_for()
        assert composer(page).count() == 0
        assert page.get_by_role("button", name="Enviar").count() == 0
    finally:
        ctx.close()


def test_phone_shows_the_list_or_the_conversation(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    ctx, page = staff_page(browser, app_server, kind="phone")
    try:
        page.goto(f"{app_server.base}/painel/mensagens")
        page.get_by_placeholder("Buscar cliente").fill("bruno")
        rows = page.get_by_test_id("conversation-row")
        rows.filter(has_text="Bruno Carvalho").wait_for()
        page.wait_for_timeout(500)
        assert rows.count() == 1
        page.get_by_placeholder("Buscar cliente").fill("")
        rows.filter(has_text="Ana Beatriz Souza").wait_for()
        snap(page, "dashboard-messages-list")
        rows.filter(has_text="Bruno Carvalho").click()
        page.get_by_test_id("message-mine").filter(has_text="período de carência").wait_for()
        assert not page.get_by_placeholder("Buscar cliente").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        snap(page, "dashboard-messages")
        page.get_by_role("button", name="Ações do cliente — Bruno Carvalho").click()
        page.get_by_role("menuitem", name="Gerenciar Acesso a Produtos").click()
        page.get_by_role("dialog").get_by_text("Gerencie os acessos do cliente").wait_for()
        page.wait_for_timeout(400)
        snap(page, "dashboard-messages-access")
        page.keyboard.press("Escape")
        page.get_by_role("link", name="Voltar às conversas").click()
        page.get_by_placeholder("Buscar cliente").wait_for()
    finally:
        ctx.close()


def test_portal_preferences_are_saved(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    _client_id, name, e164 = new_client(app_server, "Lara")
    ctx = context(browser, "phone")
    page = ctx.new_page()
    try:
        portal_login(page, app_server, SLUG, e164, e164)
        page.get_by_text(f"Olá, {name.split()[0]}!").wait_for()
        page.goto(f"{app_server.base}/{SLUG}/area-do-cliente/mensagens")
        notify, remind = page.get_by_test_id("pref-notify"), page.get_by_test_id("pref-remind")
        notify.wait_for()
        assert notify.get_attribute("aria-checked") == "true"  # on by default
        assert remind.get_attribute("aria-checked") == "false"  # off until turned on
        remind.click()
        page.get_by_text("Lembretes no WhatsApp ligados.").wait_for()
        remind.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        snap(page, "portal-preferences")
        page.reload()
        page.get_by_test_id("pref-remind").wait_for()
        assert page.get_by_test_id("pref-remind").get_attribute("aria-checked") == "true"
        cookies = ctx.storage_state()
    finally:
        ctx.close()
    desk = browser.new_context(viewport=VIEWPORTS["desktop"], locale="pt-BR", storage_state=cookies)
    desk.set_default_timeout(20_000)
    page = desk.new_page()
    try:
        page.goto(f"{app_server.base}/{SLUG}/area-do-cliente/mensagens")
        page.get_by_test_id("pref-remind").wait_for()
        page.wait_for_timeout(300)
        snap(page, "portal-messages")
        snap(page, "portal-preferences")
    finally:
        desk.close()


def test_reminder_rules_in_the_agenda_settings(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    ctx, page = staff_page(browser, app_server)
    try:
        page.goto(f"{app_server.base}/painel/agenda/configuracoes")
        section = page.get_by_test_id("settings-reminders")
        days = section.get_by_label("Avisar quantos dias antes do vencimento do acesso")
        days.fill("45")
        section.get_by_role("button", name="Salvar lembretes").click()
        section.get_by_text("Informe de 0 a 30 dias.").wait_for()
        assert days.input_value() == "45"  # nothing typed is lost
        days.fill("5")
        section.get_by_role("combobox").click()
        page.get_by_role("option", name="07:00").click()
        section.get_by_role("button", name="Salvar lembretes").click()
        page.get_by_text("Lembretes no WhatsApp salvos.").wait_for()
        section.scroll_into_view_if_needed()
        snap(page, "settings-reminders")
        page.reload()
        section.get_by_role("combobox").filter(has_text="07:00").wait_for()
        assert section.get_by_label(re.compile("Avisar quantos dias")).input_value() == "5"
        # Back to the demo's rules: other files share this database.
        section.get_by_label(re.compile("Avisar quantos dias")).fill("3")
        section.get_by_role("combobox").click()
        page.get_by_role("option", name="18:00").click()
        section.get_by_role("button", name="Salvar lembretes").click()
        page.get_by_text("Lembretes no WhatsApp salvos.").first.wait_for()
    finally:
        ctx.close()
