"""The client portal on a phone (390x844): WhatsApp code login read from the console
sender's outbox, wrong code, business picker and switching, logout, and isolation."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime

import pytest

from tests.e2e.conftest import Pages, RunningApp, shot

pytestmark = pytest.mark.e2e


@pytest.fixture()
def phone(pages: Pages, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open("phone")
    yield pg
    pages.release(pg, request)


def outbox_lines(app: RunningApp) -> list[dict]:  # type: ignore[type-arg]
    if not app.outbox.exists():
        return []
    return [json.loads(line) for line in app.outbox.read_text(encoding="utf-8").splitlines()]


def code_for(app: RunningApp, e164: str, already: int) -> str:
    """The new code for ``e164``: the send leaves in the background, so wait for it."""
    deadline = time.monotonic() + 15
    while True:
        sent = [m for m in outbox_lines(app) if m["to"] == e164 and "code" in m]
        if len(sent) > already or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(sent) == already + 1, "exactly one new message for this phone"
    return str(sent[-1]["code"])


def wait_for_send_cooldown(app: RunningApp, e164: str) -> None:
    """Ana also logs in from other tests: respect the per-phone wait between codes (1 s in
    the browser tests' app, a test-only setting)."""
    wait = int(app.env["TREINICO_LOGIN_SEND_COOLDOWN_SECONDS"]) + 1
    sent = [m for m in outbox_lines(app) if m["to"] == e164]
    if sent:
        elapsed = (datetime.now(UTC) - datetime.fromisoformat(sent[-1]["at"])).total_seconds()
        if elapsed < wait:
            time.sleep(wait - elapsed)


def start_login(page, app: RunningApp, slug: str, typed_phone: str) -> None:  # type: ignore[no-untyped-def]
    # The public page's "Área do cliente" link is tested on its own (test_public_page.py).
    page.goto(f"{app.base}/{slug}/entrar")
    page.get_by_label("Seu WhatsApp").fill(typed_phone)
    page.get_by_role("button", name="Enviar código").click()
    page.get_by_label("Código de 6 dígitos").wait_for()


def login(page, app: RunningApp, slug: str, typed_phone: str, e164: str) -> None:  # type: ignore[no-untyped-def]
    before = len([m for m in outbox_lines(app) if m["to"] == e164 and "code" in m])
    start_login(page, app, slug, typed_phone)
    page.get_by_label("Código de 6 dígitos").fill(code_for(app, e164, before))
    page.get_by_role("button", name="Entrar").click()


def test_public_page_and_unknown_business(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{app_server.base}/studio-demo")
    phone.get_by_role("heading", name="Studio Demo").wait_for()
    phone.get_by_role("link", name="Área do cliente").wait_for()
    shot(phone, "portal-public")
    phone.goto(f"{app_server.base}/nao-existe-este")
    phone.get_by_text("Página não encontrada").wait_for()


def test_full_login_with_the_code_from_whatsapp(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    start_login(phone, app_server, "studio-demo", "(11) 99876-5432")  # Bruno
    shot(phone, "portal-code")
    phone.get_by_text("Reenviar em").wait_for()  # visible countdown
    code = code_for(app_server, "+5511998765432", 0)
    assert re.fullmatch(r"\d{6}", code)
    message = [m for m in outbox_lines(app_server) if m["to"] == "+5511998765432"][-1]
    assert code in message["body"] and "Studio Demo" in message["body"]
    phone.get_by_label("Código de 6 dígitos").fill(code)
    phone.get_by_role("button", name="Entrar").click()
    phone.wait_for_url(re.compile(r".*/studio-demo/area-do-cliente/?$"))
    phone.get_by_text("Olá, Bruno!").wait_for()
    access = phone.get_by_test_id("portal-access").filter(has_text="Plano Mensal")
    access.get_by_text("Período de carência").wait_for()
    phone.get_by_text("Próximos agendamentos").wait_for()
    cookies = {c["name"]: c for c in phone.context.cookies()}
    assert cookies["treinico_portal"]["httpOnly"] is True
    no_sideways = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways
    shot(phone, "portal-home")


def test_wrong_code_shows_a_message_and_keeps_the_screen(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    start_login(phone, app_server, "studio-demo", "21981234567")  # Camila
    real = code_for(app_server, "+5521981234567", 0)
    phone.get_by_label("Código de 6 dígitos").fill(f"{(int(real) + 1) % 1_000_000:06d}")
    phone.get_by_role("button", name="Entrar").click()
    phone.get_by_text("Código incorreto. Você ainda tem 4 tentativas.").wait_for()
    assert phone.url.rstrip("/").endswith("/studio-demo/entrar")
    shot(phone, "portal-wrong-code")
    phone.get_by_label("Código de 6 dígitos").fill(real)
    phone.get_by_role("button", name="Entrar").click()
    phone.get_by_text("Olá, Camila!").wait_for()


def test_unknown_phone_gets_the_same_screen_and_no_message(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    start_login(phone, app_server, "studio-demo", "(11) 90000-1234")
    phone.get_by_text("(11) 90000-1234").wait_for()
    assert [m for m in outbox_lines(app_server) if m["to"] == "+5511900001234"] == []


def test_bad_phone_is_reported_at_the_field(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{app_server.base}/studio-demo/entrar")
    phone.get_by_label("Seu WhatsApp").fill("1234")
    phone.get_by_role("button", name="Enviar código").click()
    phone.get_by_text("Telefone inválido").wait_for()
    assert phone.get_by_label("Seu WhatsApp").input_value() == "1234"


def test_picker_and_switching_business(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    wait_for_send_cooldown(app_server, "+5511987654321")  # Ana logs in from other files too
    login(phone, app_server, "studio-demo", "+55 11 98765-4321", "+5511987654321")  # Ana
    phone.wait_for_url(re.compile(r".*/area-do-cliente/negocios/?$"))
    choices = phone.get_by_test_id("business-choice")
    choices.first.wait_for()
    assert sorted(choices.all_inner_texts()) == ["Clínica Movimento", "Studio Demo"]
    shot(phone, "portal-picker")
    choices.filter(has_text="Clínica Movimento").click()
    phone.get_by_text("Olá, Ana!").wait_for()
    phone.get_by_test_id("portal-access").filter(has_text="Pacote Fisioterapia").wait_for()
    assert phone.get_by_text("Plano Mensal").count() == 0
    phone.get_by_role("button", name="Minha conta").click()
    phone.get_by_role("menuitem", name="Trocar de negócio").click()
    phone.get_by_test_id("business-choice").filter(has_text="Studio Demo").click()
    phone.wait_for_url(re.compile(r".*/studio-demo/area-do-cliente/?$"))
    phone.get_by_test_id("portal-access").filter(has_text="Plano Mensal").wait_for()
    assert phone.get_by_text("Pacote Fisioterapia").count() == 0


def test_client_of_one_business_never_sees_another(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    frames: list[str] = []
    phone.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    login(phone, app_server, "studio-demo", "(11) 97654-3210", "+5511976543210")  # Diego
    phone.get_by_text("Olá, Diego!").wait_for()
    phone.goto(f"{app_server.base}/clinica-movimento/area-do-cliente")
    phone.wait_for_url(re.compile(r".*/area-do-cliente/negocios/?$"))
    phone.get_by_test_id("business-choice").first.wait_for()
    assert phone.get_by_test_id("business-choice").all_inner_texts() == ["Studio Demo"]
    content = phone.content()
    assert "Fisioterapia" not in content and "Paulo Henrique" not in content
    assert frames and not any("Fisioterapia" in f or "Clínica" in f for f in frames)


def test_logout_ends_the_portal_session(phone, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(phone, app_server, "studio-demo", "(31) 99234-5678", "+5531992345678")  # Eduarda
    phone.get_by_text("Olá, Eduarda!").wait_for()
    phone.get_by_role("button", name="Minha conta").click()
    phone.get_by_role("menuitem", name="Sair").click()
    phone.wait_for_url(re.compile(r".*/studio-demo/?$"))
    phone.goto(f"{app_server.base}/studio-demo/area-do-cliente")
    phone.wait_for_url(re.compile(r".*/studio-demo/entrar\?expirado=1$"))
    phone.get_by_text("Sua sessão terminou").wait_for()
