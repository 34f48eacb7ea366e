"""Health records, consent and privacy as the clinic's staff use them: the Prontuário (create
with a real PDF, a PDF name with other content refused at the field, download through the
authorised route, edit and versions, annul), consents recorded in person, Privacidade (the
access log and its filters, data-subject requests, anonymisation, consent texts), the Saúde
switch, and a trainer without ``health.read`` who gets nothing — not on the page, not on the
websocket, not from the attachment route.

Each viewport works on its own records and clients, arranged through the services on the
test server's database; Ana's two demo records are only read."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.e2e.conftest import RunningApp, shot
from tests.e2e.test_dashboard import login
from treinico import routes
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import DEMO_PASSWORD

pytestmark = pytest.mark.e2e
PAINEL = re.compile(r".*/painel/.*")
CLINIC = "clinica-movimento"
CLINIC_OWNER = "dono@clinica-movimento.com.br"
OWNER_NAME = "Dra. Marina Prado"
TRAINER = "treinador@clinica-movimento.com.br"
ANA = "Ana Beatriz Souza"
PAULO = "Paulo Henrique Dias"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# A distinct phone per viewport and purpose, so the two runs never meet.
PHONES = {
    ("consent", "desktop"): "(11) 97001-1001",
    ("consent", "phone"): "(11) 97001-1002",
    ("requests", "desktop"): "(11) 97001-2001",
    ("requests", "phone"): "(11) 97001-2002",
}


@contextmanager
def _server_settings(app: RunningApp) -> Iterator[None]:
    """The test server's secrets, so health data sealed here opens there (and back)."""
    from treinico import settings

    names = ("TREINICO_SESSION_SECRET", "TREINICO_DATA_KEYS")
    saved = {n: os.environ.get(n) for n in names}
    for n in names:
        os.environ.pop(n, None)
        if app.env.get(n):
            os.environ[n] = app.env[n]
    settings.get_settings.cache_clear()
    try:
        yield
    finally:
        for n, value in saved.items():
            os.environ.pop(n, None)
            if value is not None:
                os.environ[n] = value
        settings.get_settings.cache_clear()


def _clinic(app: RunningApp, fn: Callable[[Any, Any], Any]) -> Any:
    """Run one service call as the clinic's owner on the test server's database."""
    from treinico.models import Team, User
    from treinico.services.actor import load_actor

    engine = make_engine(app.database_url)
    try:
        with _server_settings(app), unit_of_work(engine) as s:
            user = s.exec(select(User).where(User.email == CLINIC_OWNER)).one()
            team = s.exec(select(Team).where(Team.slug == CLINIC)).one()
            actor = load_actor(s, user_id=user.id or 0, team_id=team.id or 0)
            return fn(s, actor)
    finally:
        engine.dispose()


def _client_id(app: RunningApp, name: str) -> int:
    from treinico.models import Client

    def read(s: Any, a: Any) -> int:
        found = s.exec(select(Client).where(Client.name == name, Client.team_id == a.team_id))
        return int(found.one().id)

    return _clinic(app, read)  # type: ignore[no-any-return]


def _new_client(app: RunningApp, name: str, phone: str) -> int:
    """A clinic client of the test's own (created once; the second call finds it)."""
    from treinico.models import Client
    from treinico.services.clients import ClientInput, create_client

    def arrange(s: Any, a: Any) -> int:
        found = s.exec(
            select(Client).where(Client.name == name, Client.team_id == a.team_id)
        ).first()
        if found is not None:
            return int(found.id)
        view = create_client(
            session=s, actor=a, data=ClientInput(name=name, phone=phone), now=datetime.now(UTC)
        )
        return int(view.id)

    return _clinic(app, arrange)  # type: ignore[no-any-return]


def _log_count(app: RunningApp, client_id: int) -> int:
    from treinico.models import AccessLogEntry

    return len(  # type: ignore[no-any-return]
        _clinic(
            app,
            lambda s, a: s.exec(
                select(AccessLogEntry.id).where(AccessLogEntry.client_id == client_id)
            ).all(),
        )
    )


def _open_client(page, app: RunningApp, client_id: int, email: str = CLINIC_OWNER):  # type: ignore[no-untyped-def]
    login(page, app, email=email, to=app.base + routes.client_url(client_id))
    page.get_by_test_id("client-header").wait_for()


def _no_sideways(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _toast(page, text: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("[data-sonner-toast]").filter(has_text=text).first).to_be_visible()


# ---------------------------------------------------------------- Prontuário


def test_prontuario_create_download_edit_versions_annul(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    title = f"Exame de imagem — {viewport}"
    _open_client(page, app_server, _client_id(app_server, ANA))
    page.get_by_role("tab", name="Prontuário").click()
    card = page.get_by_test_id("client-health")
    records = card.get_by_test_id("health-record")
    anamnese = records.filter(has_text="Anamnese inicial")
    expect(anamnese).to_have_count(1)
    expect(anamnese.get_by_text("Visível ao cliente")).to_be_visible()
    lombar = records.filter(has_text="Nota clínica: dor lombar")
    expect(lombar).to_have_count(1)
    expect(lombar.get_by_text("Visível ao cliente")).to_have_count(0)
    expect(card.get_by_test_id("health-banner")).to_have_count(0)  # Ana gave the consent
    shot(page, "health-list")

    # New record: a PDF name with other content is refused at the field, the form stays.
    card.get_by_role("button", name="Novo registro").click()
    dialog = page.get_by_test_id("health-dialog")
    today = datetime.now(ZoneInfo("America/Sao_Paulo")).strftime("%d/%m/%Y")
    expect(dialog.get_by_label("Data", exact=True)).to_have_value(today)
    expect(dialog.get_by_label("Visível ao cliente", exact=True)).to_have_attribute(
        "aria-checked", "false"
    )
    dialog.get_by_label("Tipo", exact=True).click()
    page.get_by_role("option", name="Exame").click()
    dialog.get_by_label("Título", exact=True).fill(title)
    dialog.get_by_label("Texto", exact=True).fill("Ressonância da coluna lombar sem alterações.")
    files = dialog.locator("input[type=file]")
    files.set_input_files(files=[{"name": "notas.txt", "mimeType": "text/plain", "buffer": b"oi"}])
    expect(dialog.get_by_role("alert")).to_have_text(
        "“notas.txt”: envie PDF, JPEG ou PNG de até 10 MB cada."
    )
    files.set_input_files(
        files=[{"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"not really a pdf"}]
    )
    expect(dialog.get_by_text("x.pdf", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Salvar registro").click()
    expect(dialog.get_by_role("alert")).to_have_text(
        "O arquivo “x.pdf” não é um PDF, JPEG ou PNG válido (o conteúdo não confere com o nome)."
    )
    expect(dialog.get_by_label("Título", exact=True)).to_have_value(title)
    expect(dialog.get_by_label("Texto", exact=True)).to_have_value(
        "Ressonância da coluna lombar sem alterações."
    )
    shot(page, "health-new-refused")
    with page.expect_file_chooser() as chooser:  # the named button opens the picker
        dialog.get_by_role("button", name=re.compile("Anexos: escolher arquivos")).click()
    chooser.value.set_files(
        files=[{"name": "laudo.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(dialog.get_by_text("laudo.pdf", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Salvar registro").click()
    expect(dialog).to_be_hidden()
    _toast(page, f"Registro criado: {title}")
    row = records.filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row.get_by_text("1 anexo")).to_be_visible()
    expect(row.get_by_text("Visível ao cliente")).to_have_count(0)  # off by default

    # Open it: the text, and the attachment as a download from the authorised route.
    page.get_by_role("button", name=f"Abrir registro: {title}").click()
    expect(dialog.get_by_test_id("health-body")).to_have_text(
        "Ressonância da coluna lombar sem alterações."
    )
    link = dialog.get_by_test_id("health-attachment")
    expect(link).to_contain_text("laudo.pdf")
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/arquivos/saude/\d+", href)
    with page.expect_download() as info:
        link.click()
    assert Path(info.value.path()).read_bytes() == PDF
    assert info.value.suggested_filename == "laudo.pdf"
    response = page.request.get(app_server.base + href)
    assert response.status == 200
    assert response.body() == PDF
    assert response.headers["content-disposition"].startswith("attachment")
    assert "no-store" in response.headers["cache-control"]
    shot(page, "health-record")

    # Edit: a second version, listed with who, when and what changed.
    dialog.get_by_role("button", name="Editar").click()
    expect(dialog.get_by_label("Título", exact=True)).to_have_value(title)
    dialog.get_by_label("Texto", exact=True).fill(
        "Ressonância da coluna lombar sem alterações. Revisado."
    )
    dialog.get_by_role("button", name="Salvar nova versão").click()
    _toast(page, f"Nova versão salva: {title}")
    expect(dialog.get_by_test_id("health-body")).to_have_text(
        "Ressonância da coluna lombar sem alterações. Revisado."
    )
    dialog.get_by_role("button", name="Versões").click()
    versions = dialog.get_by_test_id("health-version")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("Versão 2")
    expect(versions.nth(0)).to_contain_text("Editado")
    expect(versions.nth(0)).to_contain_text(OWNER_NAME)
    expect(versions.nth(0)).to_contain_text("Alterou o texto.")
    expect(versions.nth(1)).to_contain_text("Primeira versão do registro.")
    expect(versions.nth(1)).to_contain_text("Anexos adicionados: laudo.pdf")
    shot(page, "health-versions")
    dialog.get_by_role("button", name="Voltar ao registro").click()

    # Visible to the client, then annulled with a reason (which hides it again).
    dialog.get_by_label("Visível ao cliente", exact=True).click()
    _toast(page, "O cliente passa a ver este registro")
    expect(row.get_by_text("Visível ao cliente")).to_be_visible()
    dialog.get_by_role("button", name="Anular").click()
    confirm = page.get_by_role("alertdialog")
    confirm.get_by_role("button", name="Anular registro").click()
    expect(confirm.get_by_role("alert")).to_have_text(
        "Explique o motivo da anulação (5 a 500 caracteres)."
    )
    confirm.get_by_label("Motivo da anulação (obrigatório)").fill("Exame de outro paciente.")
    shot(page, "health-annul")
    confirm.get_by_role("button", name="Anular registro").click()
    expect(confirm).to_be_hidden()
    _toast(page, f"Registro anulado: {title}")
    annulled = dialog.get_by_test_id("health-annulled")
    expect(annulled).to_contain_text(re.compile(r"Anulado em \d{2}/\d{2}/\d{4} \d{2}:\d{2} por "))
    expect(annulled).to_contain_text(OWNER_NAME)
    expect(annulled).to_contain_text("Motivo: Exame de outro paciente.")
    expect(dialog.get_by_role("button", name="Editar")).to_have_count(0)
    shot(page, "health-annulled")
    page.keyboard.press("Escape")
    expect(row.get_by_text("Anulado", exact=True)).to_be_visible()
    expect(row.get_by_text("Visível ao cliente")).to_have_count(0)
    _no_sideways(page)


# ---------------------------------------------------------------- consents


def test_consents_recorded_in_person(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    name = f"Consentimento Presencial {viewport.title()}"
    client_id = _new_client(app_server, name, PHONES[("consent", viewport)])
    _open_client(page, app_server, client_id)
    card = page.get_by_test_id("client-consents")
    health = card.get_by_test_id("consent-purpose").filter(has_text="Dados de saúde")
    expect(health.get_by_text("Não respondido")).to_be_visible()

    # The page alone reads no health data: the list is read (and logged) when the tab opens.
    assert _log_count(app_server, client_id) == 0
    page.get_by_role("tab", name="Prontuário").click()
    prontuario = page.get_by_test_id("client-health")
    expect(prontuario.get_by_text("Nenhum registro de saúde")).to_be_visible()
    assert _log_count(app_server, client_id) == 1

    # Without the consent the Prontuário says why and "Novo registro" is disabled.
    expect(prontuario.get_by_test_id("health-banner")).to_contain_text(
        "ainda não deu o consentimento para dados de saúde"
    )
    expect(prontuario.get_by_role("button", name="Novo registro")).to_be_disabled()
    expect(prontuario.get_by_text("Nenhum registro de saúde")).to_be_visible()
    shot(page, "health-no-consent")

    page.get_by_role("tab", name="Resumo").click()
    health.get_by_role("button", name="Registrar consentimento presencial — Dados de saúde").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("deu pessoalmente o consentimento para “Dados de saúde”")
    shot(page, "consent-confirm")
    confirm.get_by_role("button", name="Registrar consentimento").click()
    _toast(page, "Consentimento registrado: Dados de saúde.")
    expect(health.get_by_text("Concedido")).to_be_visible()
    expect(health).to_contain_text(f"presencial, registrado por {OWNER_NAME}")
    card.get_by_text(re.compile(r"Histórico de consentimentos")).click()
    ledger = card.get_by_test_id("consent-ledger-row")
    expect(ledger).to_have_count(1)
    expect(ledger.first).to_contain_text("Concedido — Dados de saúde")
    expect(ledger.first).to_contain_text(f"registrado por {OWNER_NAME}")
    shot(page, "client-consents")

    page.get_by_role("tab", name="Prontuário").click()
    expect(prontuario.get_by_test_id("health-banner")).to_have_count(0)
    expect(prontuario.get_by_role("button", name="Novo registro")).to_be_enabled()

    # Withdrawn in person: red banner, creation blocked again.
    page.get_by_role("tab", name="Resumo").click()
    health.get_by_role("button", name="Registrar revogação — Dados de saúde").click()
    confirm.get_by_role("button", name="Registrar revogação").click()
    _toast(page, "Revogação registrada: Dados de saúde.")
    expect(health.get_by_text("Revogado")).to_be_visible()
    page.get_by_role("tab", name="Prontuário").click()
    expect(prontuario.get_by_test_id("health-banner")).to_contain_text("revogou o consentimento")
    expect(prontuario.get_by_role("button", name="Novo registro")).to_be_disabled()
    _no_sideways(page)


# ---------------------------------------------------------------- Privacidade


def test_access_log_shows_the_views_and_filters_by_client(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.services.health.records import list_records

    paulo = _client_id(app_server, PAULO)
    _clinic(
        app_server,
        lambda s, a: list_records(
            session=s, actor=a, client_id=paulo, now=datetime.now(UTC), ip="10.0.0.7"
        ),
    )
    _open_client(page, app_server, _client_id(app_server, ANA))
    page.get_by_role("tab", name="Prontuário").click()
    page.get_by_role("button", name="Abrir registro: Anamnese inicial").click()
    expect(page.get_by_test_id("health-body")).to_contain_text("Queixa principal")
    page.keyboard.press("Escape")

    page.goto(app_server.base + routes.PRIVACY)
    table = page.get_by_test_id("access-log")
    rows = table.get_by_test_id("log-row")
    read = rows.filter(has_text="Leu um registro de saúde").filter(has_text=ANA).first
    expect(read).to_contain_text(OWNER_NAME)
    expect(read).to_contain_text(re.compile(r"Registro nº \d+ · Anamnese · \d{2}/\d{2}/\d{4}"))
    expect(
        rows.filter(has_text="Abriu a lista do prontuário").filter(has_text=ANA).first
    ).to_be_visible()
    expect(rows.filter(has_text=PAULO).first).to_contain_text("10.0.0.7")
    shot(page, "privacy-log")
    _no_sideways(page)

    # Filter by client: only Paulo's rows are left.
    page.get_by_label("Cliente", exact=True).fill("paulo")
    page.get_by_test_id("log-client-match").filter(has_text=PAULO).click()
    expect(page.get_by_test_id("log-picked-client")).to_have_text(PAULO)
    expect(rows.filter(has_text=ANA)).to_have_count(0)
    assert rows.count() >= 1
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text(PAULO)
    shot(page, "privacy-log-filtered")
    page.get_by_role("button", name="Mostrar todos os clientes").click()
    expect(rows.filter(has_text=ANA).first).to_be_visible()

    # Period: an invalid date at its field; a period in the future has nothing.
    page.get_by_label("De", exact=True).fill("31/02/2026")
    page.get_by_role("button", name="Filtrar período").click()
    expect(page.get_by_test_id("log-filters").get_by_role("alert")).to_have_text(
        "Data inválida (dd/mm/aaaa)."
    )
    tomorrow = (datetime.now(ZoneInfo("America/Sao_Paulo")) + timedelta(days=1)).strftime(
        "%d/%m/%Y"
    )
    page.get_by_label("De", exact=True).fill(tomorrow)
    page.get_by_role("button", name="Filtrar período").click()
    expect(page.get_by_text("Nenhum acesso encontrado")).to_be_visible()
    page.get_by_role("button", name="Limpar filtros").click()
    expect(rows.filter(has_text=ANA).first).to_be_visible()


def test_requests_answered_and_a_client_anonymised(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import Team
    from treinico.services.auth.portal import Business
    from treinico.services.privacy.portal import request_change

    name = f"Titular Pedidos {viewport.title()}"
    client_id = _new_client(app_server, name, PHONES[("requests", viewport)])

    def arrange(s: Any, a: Any) -> None:
        team = s.get(Team, a.team_id)
        business = Business(
            team_id=a.team_id, name=team.name, slug=team.slug, client_id=client_id, client_name=name
        )
        now = datetime.now(UTC)
        request_change(
            session=s, business=business, kind="correcao", message="Meu e-mail mudou.", now=now
        )
        request_change(
            session=s,
            business=business,
            kind="exclusao",
            message="Quero que apaguem meus dados de contato.",
            now=now - timedelta(days=20),
        )

    _clinic(app_server, arrange)
    login(page, app_server, email=CLINIC_OWNER, to=app_server.base + routes.PRIVACY)
    page.get_by_role("tab", name="Pedidos dos titulares").click()
    mine = page.get_by_test_id("data-request").filter(has_text=name)
    correction = mine.filter(has_text="Meu e-mail mudou.")
    deletion = mine.filter(has_text="apaguem meus dados")
    expect(correction.get_by_text("vence em 15 dias")).to_be_visible()
    expect(deletion.get_by_text("atrasado", exact=True)).to_be_visible()
    shot(page, "privacy-requests")

    correction.get_by_role("button", name="Marcar como atendido").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_role("button", name="Marcar como atendido").click()
    expect(dialog.get_by_role("alert")).to_have_text(
        "Descreva o que foi feito (5 a 2.000 caracteres)."
    )
    dialog.get_by_label("O que foi feito (obrigatório)").fill("E-mail corrigido no cadastro.")
    dialog.get_by_role("button", name="Marcar como atendido").click()
    _toast(page, "Pedido marcado como atendido.")
    expect(correction.get_by_text("Atendido", exact=True)).to_be_visible()
    expect(correction).to_contain_text(f"Atendido por {OWNER_NAME}")

    deletion.get_by_role("button", name="Anonimizar cliente").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("não pode ser desfeita")
    expect(confirm).to_contain_text("Mantido, como a lei exige")
    go = confirm.get_by_role("button", name="Anonimizar definitivamente")
    expect(go).to_be_disabled()
    confirm.get_by_label(re.compile("Para confirmar, digite o nome do cliente")).fill("Outro Nome")
    expect(go).to_be_disabled()
    confirm.get_by_label(re.compile("Para confirmar, digite o nome do cliente")).fill(name)
    shot(page, "privacy-anonymise")
    go.click()
    anon = f"Cliente anonimizado nº {client_id}"
    _toast(page, f"{name} foi anonimizado")
    done = page.get_by_test_id("data-request").filter(has_text=anon)
    expect(done).to_have_count(2)
    expect(page.get_by_test_id("data-request").filter(has_text=name)).to_have_count(0)
    expect(done.get_by_role("button", name="Anonimizar cliente")).to_have_count(0)
    _no_sideways(page)

    # The client list: among the archived, under the new name.
    page.goto(app_server.base + routes.CLIENTS)
    page.get_by_text("Mostrar arquivados").click()
    expect(page.get_by_test_id("client-row").filter(has_text=anon)).to_have_count(1)


def test_publish_a_new_consent_text(page, app_server) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, email=CLINIC_OWNER, to=app_server.base + routes.PRIVACY)
    page.get_by_role("tab", name="Textos de consentimento").click()
    texts = page.get_by_test_id("consent-text")
    expect(texts).to_have_count(3)
    marketing = texts.filter(has_text="Mensagens promocionais no WhatsApp")
    version = marketing.get_by_test_id("consent-text-version")
    expect(version).to_contain_text(re.compile(r"Versão \d+, publicada em \d{2}/\d{2}/\d{4}"))
    before = int(re.search(r"Versão (\d+)", version.inner_text()).group(1))  # type: ignore[union-attr]
    shot(page, "privacy-texts")
    _no_sideways(page)
    marketing.get_by_role("button", name=re.compile("Publicar nova versão")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("continuam ligados à versão que a pessoa aceitou")
    dialog.get_by_label("Texto", exact=True).fill("Curto demais.")
    dialog.get_by_role("button", name="Publicar versão").click()
    expect(dialog.get_by_role("alert")).to_have_text(
        "O texto precisa ter entre 20 e 20.000 caracteres."
    )
    expect(dialog.get_by_label("Texto", exact=True)).to_have_value("Curto demais.")
    shot(page, "privacy-text-publish")
    dialog.get_by_label("Texto", exact=True).fill(
        "Autorizo a Clínica Movimento a me enviar novidades e convites pelo WhatsApp."
    )
    dialog.get_by_role("button", name="Publicar versão").click()
    expect(dialog).to_be_hidden()
    _toast(page, f"Mensagens promocionais no WhatsApp: versão {before + 1} publicada.")
    expect(version).to_contain_text(f"Versão {before + 1}, publicada em")


# ---------------------------------------------------------------- who may see


def test_a_trainer_without_health_read_gets_nothing(desktop_page, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import HealthAttachment, Membership, User
    from treinico.services.health.files import Upload
    from treinico.services.health.records import create_record
    from treinico.services.teams import add_member

    page = desktop_page
    ana = _client_id(app_server, ANA)

    def arrange(s: Any, a: Any) -> int:
        user = s.exec(select(User).where(User.email == TRAINER)).first()
        if (
            user is None
            or not s.exec(
                select(Membership).where(
                    Membership.user_id == user.id, Membership.team_id == a.team_id
                )
            ).first()
        ):
            add_member(
                session=s,
                team_id=a.team_id,
                email=TRAINER,
                name="Carlos Treinador",
                password=DEMO_PASSWORD,
                role="trainer",
            )
        row = create_record(
            session=s,
            actor=a,
            client_id=ana,
            kind="exame",
            record_date=datetime.now(ZoneInfo("America/Sao_Paulo")).date(),
            title="Raio-x do joelho",
            body="Sem fraturas.",
            files=[Upload(name="raio-x.pdf", data=PDF)],
            now=datetime.now(UTC),
        )
        found = s.exec(select(HealthAttachment).where(HealthAttachment.record_id == row.id))
        return int(found.one().id)

    attachment_id = _clinic(app_server, arrange)
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    _open_client(page, app_server, ana, email=TRAINER)
    page.get_by_test_id("client-consents").get_by_test_id("consent-purpose").first.wait_for()
    expect(page.get_by_role("tab", name="Evolução")).to_be_visible()
    expect(page.get_by_role("tab", name="Prontuário")).to_have_count(0)
    expect(page.get_by_test_id("client-health")).to_have_count(0)
    page.wait_for_timeout(1000)
    shot(page, "client-no-health")
    seen = "\n".join(frames)
    assert ANA in seen  # the capture works: the client's name did arrive
    for secret in ("Anamnese inicial", "dor lombar", "Raio-x do joelho", "Queixa principal"):
        assert secret not in seen
        assert secret not in page.content()

    response = page.request.get(app_server.base + routes.health_attachment(attachment_id))
    assert response.status == 404
    assert PDF not in response.body()

    page.goto(app_server.base + routes.PRIVACY)
    expect(page.get_by_text("Só o proprietário (ou quem recebeu a permissão")).to_be_visible()
    expect(page.get_by_test_id("access-log")).to_have_count(0)
    shot(page, "privacy-forbidden")


def test_settings_health_switch_role_and_permissions(page, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import Membership, User
    from treinico.services.teams import add_member

    def arrange(s: Any, a: Any) -> None:
        user = s.exec(select(User).where(User.email == "fisio@clinica-movimento.com.br")).first()
        if (
            user is None
            or not s.exec(
                select(Membership).where(
                    Membership.user_id == user.id, Membership.team_id == a.team_id
                )
            ).first()
        ):
            add_member(
                session=s,
                team_id=a.team_id,
                email="fisio@clinica-movimento.com.br",
                name="Fisioterapeuta Teste",
                password=DEMO_PASSWORD,
                role="health",
            )

    _clinic(app_server, arrange)
    login(page, app_server, email=CLINIC_OWNER, to=app_server.base + routes.SETTINGS)
    switch = page.get_by_role("switch", name="Módulo Saúde")
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("Prontuário dos clientes, com consentimento LGPD")).to_be_visible()
    member = page.get_by_test_id("member-card").filter(has_text="Fisioterapeuta Teste")
    expect(member.get_by_role("combobox")).to_have_text("Profissional de saúde")
    for label in (
        "Ver o prontuário (dados de saúde)",
        "Registrar e editar no prontuário",
        "Privacidade: registro de acessos, termos e pedidos LGPD",
    ):
        expect(member.get_by_text(label)).to_be_visible()
    expect(member.get_by_role("checkbox")).to_have_count(11)
    shot(page, "settings-health")
    _no_sideways(page)
    member.get_by_role("combobox").click()
    expect(page.get_by_role("option", name="Profissional de saúde")).to_be_visible()
    page.keyboard.press("Escape")

    switch.click()
    _toast(page, "Módulo Saúde desativado.")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    _toast(page, "Módulo Saúde ativado.")
    expect(switch).to_have_attribute("aria-checked", "true")
