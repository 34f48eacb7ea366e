"""The client's privacy and health records in the portal, phone first (390x844, touch), with
desktop screenshots: the first-login terms screen with the health question, revoking the
terms (logged out at once, asked again at the next login), Ana seeing only her visible record
(the hidden one never reaches the browser: the websocket frames are checked), her own view in
"Quem acessou meus dados de saúde", "Baixar meus dados" as a ZIP, revoking and giving the
health consent again; an attachment download; a correction request with its deadline; and a
team without Saúde (no health question, no Saúde in the navigation).

Ana logs in once in this file (her code sends are limited per phone); the other clients are
new ones arranged through the services on the e2e database."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from tests.e2e.conftest import ROOT, Pages, RunningApp, shot
from tests.e2e.test_portal import login, wait_for_send_cooldown
from tests.e2e.test_portal_agenda import _numbers, settle
from treinico.db import make_engine, unit_of_work
from treinico.models import Team, User
from treinico.services.actor import load_actor
from treinico.services.clients import ClientInput, create_client
from treinico.services.health.files import Upload
from treinico.services.health.records import create_record
from treinico.services.privacy import consent

pytestmark = pytest.mark.e2e

CLINIC = "clinica-movimento"
STUDIO = "studio-demo"
OWNERS = {CLINIC: "dono@clinica-movimento.com.br", STUDIO: "dono@studio-demo.com.br"}
ANA = "+5511987654321"
PAULO = "+5511934567812"
HEALTH_YES = "Autorizo o tratamento dos meus dados de saúde"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture()
def phone(pages: Pages, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open("phone", accept_downloads=True)
    yield pg
    pages.release(pg, request)


@pytest.fixture()
def desk(pages: Pages, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open("desktop", accept_downloads=True)
    yield pg
    pages.release(pg, request)


def new_client(app: RunningApp, slug: str, first_name: str) -> tuple[str, str]:
    """A new client of ``slug`` who has answered nothing yet: (name, e164)."""
    engine = make_engine(app.database_url)
    n = next(_numbers)
    e164 = f"+55119{30000000 + n % 60000000:08d}"
    name = f"{first_name} Teste{n}"
    try:
        with unit_of_work(engine) as session:
            team = session.exec(select(Team).where(Team.slug == slug)).one()
            owner = session.exec(select(User).where(User.email == OWNERS[slug])).one()
            actor = load_actor(session, user_id=owner.id or 0, team_id=team.id or 0)
            create_client(
                session=session,
                actor=actor,
                data=ClientInput(name=name, phone=e164),
                now=datetime.now(UTC),
            )
    finally:
        engine.dispose()
    return name, e164


def add_records(app: RunningApp, e164: str) -> None:
    """The clinic's owner writes two records for the client: one visible with a PDF, one
    hidden from the client. Record text is sealed with the app's data key, which comes from
    the app's settings: the services run in a process with the app's environment."""
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import sys; from tests.e2e.test_health_portal import write_records; "
            "write_records(sys.argv[1], sys.argv[2])",
            app.database_url,
            e164,
        ],
        cwd=ROOT,
        env=app.env,
        check=True,
        capture_output=True,
    )


def write_records(database_url: str, e164: str) -> None:
    from treinico.models import Client

    engine = make_engine(database_url)
    now = datetime.now(UTC)
    try:
        with unit_of_work(engine) as session:
            team = session.exec(select(Team).where(Team.slug == CLINIC)).one()
            owner = session.exec(select(User).where(User.email == OWNERS[CLINIC])).one()
            actor = load_actor(session, user_id=owner.id or 0, team_id=team.id or 0)
            client = session.exec(
                select(Client).where(Client.team_id == team.id, Client.phone_e164 == e164)
            ).one()
            create_record(
                session=session,
                actor=actor,
                client_id=client.id or 0,
                kind="exame",
                record_date=now.date(),
                title="Raio-X do joelho",
                body="Sem alterações ósseas. Laudo em anexo.",
                visible_to_client=True,
                files=[Upload(name="laudo-joelho.pdf", data=PDF)],
                now=now,
            )
            create_record(
                session=session,
                actor=actor,
                client_id=client.id or 0,
                kind="evolucao",
                record_date=now.date(),
                title="Observação reservada da equipe",
                body="Texto que só a equipe lê.",
                visible_to_client=False,
                now=now,
            )
    finally:
        engine.dispose()


def no_sideways(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_menu_item(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Minha conta").click()
    page.get_by_role("menuitem", name=name).click()


def confirm(page, title: str, consequence: str) -> None:  # type: ignore[no-untyped-def]
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_text(title).wait_for()
    assert consequence in dialog.inner_text()


def terms_screen(page, slug: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_url(re.compile(rf".*/{slug}/area-do-cliente/termos/?$"))
    page.get_by_role("heading", name="Antes de começar").wait_for()
    page.get_by_role("region", name="Texto dos termos de uso e privacidade").wait_for()


# ---------------------------------------------------------------------------------- Paulo


def test_first_login_asks_the_terms_and_revoking_them_logs_out(phone, app_server) -> None:  # type: ignore[no-untyped-def]
    """Paulo (Clínica Movimento) has given nothing: the terms screen comes first, with the
    health question; after accepting, Privacidade shows the terms given; revoking them ends
    the session at once."""
    page = phone
    wait_for_send_cooldown(app_server, PAULO)
    login(page, app_server, CLINIC, "(11) 93456-7812", PAULO)
    terms_screen(page, CLINIC)
    page.get_by_role("heading", name="Tratamento de dados de saúde").wait_for()
    assert page.get_by_role("radio", name=re.compile(HEALTH_YES)).is_checked() is False
    assert page.get_by_role("radio", name=re.compile("Agora não")).is_checked() is False
    no_sideways(page)
    shot(page, "portal-terms")
    # The health question must be answered (nothing is pre-selected).
    page.get_by_role("button", name="Aceitar e continuar").click()
    page.get_by_text("Escolha uma das opções sobre os seus dados de saúde.").wait_for()
    assert "/termos" in page.url
    page.get_by_role("radio", name=re.compile(HEALTH_YES)).click()
    page.get_by_role("button", name="Aceitar e continuar").click()
    page.wait_for_url(re.compile(rf".*/{CLINIC}/area-do-cliente/?$"))
    page.get_by_text("Olá, Paulo!").wait_for()
    page.get_by_role("link", name="Ver registros").wait_for()
    page.get_by_role("link", name="Abrir Privacidade").wait_for()

    open_menu_item(page, "Meus registros de saúde")
    page.get_by_text("Nenhum registro liberado").wait_for()
    shot(page, "portal-health-empty")

    open_menu_item(page, "Privacidade")
    terms_card = page.get_by_test_id("purpose-termos")
    terms_card.get_by_text("Concedido", exact=True).wait_for()
    assert re.fullmatch(
        r"Concedido em \d\d/\d\d/\d{4} \d\d:\d\d pela área do cliente",
        terms_card.get_by_test_id("status-line").inner_text(),
    )
    page.get_by_test_id("purpose-saude").get_by_text("Concedido", exact=True).wait_for()
    page.get_by_test_id("purpose-marketing").get_by_text("Pendente", exact=True).wait_for()
    # Staff may have opened Paulo's Prontuário in another test file; he has read nothing.
    page.get_by_test_id("log-empty").or_(page.get_by_test_id("log-row").first).wait_for()
    assert page.get_by_test_id("log-row").filter(has_text="Você (área do cliente)").count() == 0
    no_sideways(page)
    shot(page, "portal-privacy-paulo")

    terms_card.get_by_role("button", name="Revogar: Termos de uso e privacidade").click()
    confirm(page, "Revogar: Termos de uso e privacidade?", "Você sai da área do cliente")
    settle(page)
    shot(page, "portal-revoke-terms")
    page.get_by_role("alertdialog").get_by_role("button", name="Sim, revogar").click()
    page.wait_for_url(re.compile(rf".*/{CLINIC}/?$"))
    page.get_by_role("link", name="Área do cliente").wait_for()
    assert "treinico_portal" not in {c["name"] for c in page.context.cookies()}


def test_ana_sees_only_her_visible_record_and_controls_her_consent(phone, app_server) -> None:  # type: ignore[no-untyped-def]
    page = phone
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    wait_for_send_cooldown(app_server, ANA)
    login(page, app_server, CLINIC, "+55 11 98765-4321", ANA)
    page.get_by_test_id("business-choice").filter(has_text="Clínica Movimento").click()
    page.get_by_text("Olá, Ana!").wait_for()

    open_menu_item(page, "Meus registros de saúde")
    records = page.get_by_test_id("health-record")
    records.filter(has_text="Anamnese inicial").wait_for()
    assert records.count() == 1
    assert "Anamnese" in records.first.inner_text()
    assert "dor lombar" not in page.content().lower()
    no_sideways(page)
    shot(page, "portal-health")

    records.first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name="Anamnese inicial").wait_for()
    dialog.get_by_text("Queixa principal").wait_for()
    page.wait_for_timeout(300)
    shot(page, "portal-health-record")
    dialog.get_by_role("button", name="Fechar").click()
    dialog.wait_for(state="detached")

    open_menu_item(page, "Privacidade")
    mine = page.get_by_test_id("log-row").filter(has_text="Você (área do cliente)")
    mine.filter(has_text="Leu um registro de saúde").first.wait_for()
    assert "Anamnese" in mine.filter(has_text="Leu um registro de saúde").first.inner_text()
    no_sideways(page)
    shot(page, "portal-privacy")

    with page.expect_download() as got:
        page.get_by_test_id("export-link").click()
    download = got.value
    assert download.suggested_filename.startswith(f"meus-dados-{CLINIC}-")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        document = json.loads(archive.read("meus-dados.json").decode("utf-8"))
        raw = archive.read("meus-dados.json").decode("utf-8")
    assert document["tabelas"]["cliente"][0]["name"] == "Ana Beatriz Souza"
    purposes = {row["purpose"] for row in document["tabelas"]["consentimentos"]}
    assert {"termos", "saude"} <= purposes
    assert "dor lombar" not in raw.lower()

    # Revoke the health consent: the records disappear at once.
    health_card = page.get_by_test_id("purpose-saude")
    health_card.get_by_role("button", name="Revogar: Dados de saúde").click()
    confirm(page, "Revogar: Dados de saúde?", "Seus registros de saúde deixam de aparecer")
    page.get_by_role("alertdialog").get_by_role("button", name="Sim, revogar").click()
    health_card.get_by_text("Não concedido", exact=True).wait_for()
    open_menu_item(page, "Meus registros de saúde")
    page.get_by_text("Sem consentimento para dados de saúde").wait_for()
    assert page.get_by_test_id("health-record").count() == 0
    settle(page)
    shot(page, "portal-health-no-consent")

    # Give it again from there: the record is back.
    page.get_by_role("button", name="Ir para Privacidade").click()
    health_card = page.get_by_test_id("purpose-saude")
    health_card.get_by_role("button", name="Conceder: Dados de saúde").click()
    confirm(page, "Conceder: Dados de saúde?", "A equipe pode registrar")
    page.get_by_role("alertdialog").get_by_role("button", name="Sim, conceder").click()
    health_card.get_by_text("Concedido", exact=True).wait_for()
    open_menu_item(page, "Meus registros de saúde")
    page.get_by_test_id("health-record").filter(has_text="Anamnese inicial").wait_for()

    joined = "\n".join(frames)
    assert "Anamnese inicial" in joined  # the frames are read (and decoded) at all
    assert "dor lombar" not in joined.lower()
    assert "nota clínica" not in joined.lower()


def test_attachment_download_and_a_correction_request(desk, app_server) -> None:  # type: ignore[no-untyped-def]
    """Desktop: a new clinic client accepts (with health), the team writes a visible record
    with a PDF and a hidden one; the PDF downloads over HTTP, the log shows it, and a
    correction request shows its deadline."""
    page = desk
    _name, e164 = new_client(app_server, CLINIC, "Marta")
    login(page, app_server, CLINIC, e164, e164)
    terms_screen(page, CLINIC)
    shot(page, "portal-terms")
    page.get_by_role("radio", name=re.compile(HEALTH_YES)).click()
    page.get_by_role("button", name="Aceitar e continuar").click()
    page.get_by_text("Olá, Marta!").wait_for()
    settle(page)
    shot(page, "portal-home-clinic")
    add_records(app_server, e164)

    page.get_by_role("link", name="Ver registros").click()
    records = page.get_by_test_id("health-record")
    records.filter(has_text="Raio-X do joelho").wait_for()
    assert records.count() == 1
    assert "reservada" not in page.content()
    shot(page, "portal-health")
    records.first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Sem alterações ósseas").wait_for()
    link = dialog.get_by_role("link", name=re.compile("Baixar laudo-joelho.pdf"))
    assert re.fullmatch(r"/arquivos/saude/\d+", link.get_attribute("href") or "")
    page.wait_for_timeout(300)
    shot(page, "portal-health-record")
    with page.expect_download() as got:
        link.click()
    assert got.value.suggested_filename == "laudo-joelho.pdf"
    assert Path(got.value.path()).read_bytes() == PDF
    dialog.get_by_role("button", name="Fechar").click()

    open_menu_item(page, "Privacidade")
    page.get_by_test_id("log-row").filter(has_text="Baixou um anexo").first.wait_for()
    form_button = page.get_by_role("button", name="Enviar pedido")
    form_button.click()
    page.get_by_text("Escolha correção ou exclusão.").wait_for()
    page.get_by_text("Descreva o pedido.").wait_for()
    page.get_by_role("radio", name=re.compile("Correção")).click()
    page.get_by_label("Descrição").fill("Meu sobrenome está escrito errado no cadastro.")
    form_button.click()
    request = page.get_by_test_id("request-row").filter(has_text="Meu sobrenome")
    request.wait_for()
    assert re.search(r"Prazo: \d\d/\d\d/\d{4}", request.inner_text())
    assert "Em andamento" in request.inner_text()
    assert page.get_by_label("Descrição").input_value() == ""
    settle(page)
    shot(page, "portal-privacy")

    page.get_by_role("button", name="Revogar: Dados de saúde").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Sim, revogar").click()
    page.get_by_test_id("purpose-saude").get_by_text("Não concedido", exact=True).wait_for()
    open_menu_item(page, "Meus registros de saúde")
    page.get_by_text("Sem consentimento para dados de saúde").wait_for()
    settle(page)
    shot(page, "portal-health-no-consent")


def test_team_without_health_records(phone, app_server) -> None:  # type: ignore[no-untyped-def]
    """Studio Demo keeps no health records: the terms screen has no health question, and
    the navigation has Privacidade but no Saúde. "Recusar e sair" asks first."""
    page = phone
    _name, e164 = new_client(app_server, STUDIO, "Lia")
    login(page, app_server, STUDIO, e164, e164)
    terms_screen(page, STUDIO)
    assert page.get_by_role("radio").count() == 0
    page.get_by_role("button", name="Recusar e sair").click()
    confirm(page, "Recusar os termos?", "Sem aceitar os termos")
    page.wait_for_timeout(300)
    shot(page, "portal-terms-decline")
    page.get_by_role("alertdialog").get_by_role("button", name="Voltar").click()
    page.get_by_role("button", name="Aceitar e continuar").click()
    page.get_by_text("Olá, Lia!").wait_for()
    page.get_by_role("link", name="Abrir Privacidade").wait_for()
    assert page.get_by_role("link", name="Ver registros").count() == 0
    page.get_by_role("button", name="Minha conta").click()
    page.get_by_role("menuitem", name="Privacidade").wait_for()
    assert page.get_by_role("menuitem", name="Meus registros de saúde").count() == 0
    page.get_by_role("menuitem", name="Privacidade").click()
    page.get_by_test_id("purpose-termos").wait_for()
    assert page.get_by_test_id("purpose-saude").count() == 0
    # The terms screen, once accepted, sends the client home.
    page.goto(f"{app_server.base}/{STUDIO}/area-do-cliente/termos")
    page.wait_for_url(re.compile(rf".*/{STUDIO}/area-do-cliente/?$"))


def test_declining_the_terms_logs_out(phone, app_server) -> None:  # type: ignore[no-untyped-def]
    page = phone
    _name, e164 = new_client(app_server, CLINIC, "Rita")
    login(page, app_server, CLINIC, e164, e164)
    terms_screen(page, CLINIC)
    page.get_by_role("button", name="Recusar e sair").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Recusar e sair").click()
    page.wait_for_url(re.compile(rf".*/{CLINIC}/?$"))
    page.goto(f"{app_server.base}/{CLINIC}/area-do-cliente")
    page.wait_for_url(re.compile(rf".*/{CLINIC}/entrar\?expirado=1$"))
    engine = make_engine(app_server.database_url)
    try:
        with unit_of_work(engine) as session:
            from treinico.models import Client

            client = session.exec(select(Client).where(Client.phone_e164 == e164)).one()
            assert consent.needs_terms(session, team_id=client.team_id, client_id=client.id or 0)
    finally:
        engine.dispose()


def test_after_revoking_the_terms_the_next_login_asks_again(phone, app_server) -> None:  # type: ignore[no-untyped-def]
    """Paulo revoked the terms in the first test of this file (run alone, he has never
    accepted them): either way his next login meets the terms screen. By now his send
    cool-down has usually passed."""
    page = phone
    wait_for_send_cooldown(app_server, PAULO)
    login(page, app_server, CLINIC, "(11) 93456-7812", PAULO)
    terms_screen(page, CLINIC)
    if page.get_by_role("radio").count():
        page.get_by_role("radio", name=re.compile(HEALTH_YES)).click()
    page.get_by_role("button", name="Aceitar e continuar").click()
    page.get_by_text("Olá, Paulo!").wait_for()
