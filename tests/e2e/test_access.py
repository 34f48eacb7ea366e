"""The help article's practical cases in the browser, as the demo owner, plus the read-only
member and the history."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import RunningApp, shot
from tests.e2e.test_dashboard import CLIENTS_URL, login
from treinico.demo.seed import READONLY_EMAIL
from treinico.services.formatting import fmt_date

pytestmark = pytest.mark.e2e


def today():  # type: ignore[no-untyped-def]
    return datetime.now(ZoneInfo("America/Sao_Paulo")).date()


def open_access(page, client: str):  # type: ignore[no-untyped-def]
    page.get_by_test_id("client-row").filter(has_text=client).get_by_test_id(
        "client-options"
    ).click()
    page.get_by_role("menuitem", name="Gerenciar Acesso a Produtos").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Gerencie os acessos do cliente").wait_for()
    return dialog


def access_row(dialog, product: str):  # type: ignore[no-untyped-def]
    return dialog.get_by_test_id("access-row").filter(has_text=product)


def test_case_1_renew_monthly_plan_by_extending(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    dialog = open_access(page, "Ana Beatriz Souza")
    row = access_row(dialog, "Plano Mensal")
    row.get_by_text("Expira em 15 dias").wait_for()
    row.get_by_text("Ativo").wait_for()
    shot(page, "access-modal")
    row.get_by_role("button", name=re.compile("Ações do acesso")).click()
    page.get_by_role("menuitem", name="Estender Acesso").click()
    dialog.get_by_text("Expiração atual:").wait_for()
    new_end = today() + timedelta(days=45)
    dialog.get_by_label("Nova data de expiração").fill(new_end.isoformat())
    shot(page, "access-extend")
    dialog.get_by_role("button", name="Estender", exact=True).click()
    page.get_by_text(f"Acesso a Plano Mensal estendido até {fmt_date(new_end)}.").wait_for()
    access_row(dialog, "Plano Mensal").get_by_text("Expira em 45 dias").wait_for()


def test_case_2_promotional_grant_with_expiry(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    client = "Gabriela Nunes" if viewport == "desktop" else "Henrique Costa"
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    dialog = open_access(page, client)
    dialog.get_by_text("Nenhum acesso ativo").wait_for()
    dialog.get_by_role("button", name="Adicionar Produto").click()
    dialog.get_by_text("Conceder Acesso a Produto").wait_for()
    dialog.get_by_label("Produto").click()
    page.get_by_role("option", name="Acompanhamento Premium").click()
    dialog.get_by_label("Data de expiração (opcional)").fill(
        (today() + timedelta(days=30)).isoformat()
    )
    shot(page, "access-grant")
    dialog.get_by_role("button", name="Conceder Acesso").click()
    page.get_by_text("Acesso a Acompanhamento Premium concedido.").wait_for()
    row = access_row(dialog, "Acompanhamento Premium")
    row.get_by_text("Expira em 30 dias").wait_for()
    row.get_by_text("Ativo").wait_for()
    # History: who did what.
    dialog.get_by_text("Ver histórico de acessos").click()
    item = dialog.get_by_test_id("history-item").first
    item.wait_for()
    assert "Acesso concedido" in item.inner_text()
    assert "Acompanhamento Premium" in item.inner_text()
    assert "Dona do Studio" in item.inner_text()
    shot(page, "access-history")


def test_grant_dates_are_checked_at_the_field(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    dialog = open_access(page, "Isabela Fernandes")
    dialog.get_by_role("button", name="Adicionar Produto").click()
    dialog.get_by_label("Produto").click()
    page.get_by_role("option", name="Avaliação Física").click()
    dialog.get_by_label("Data de início (opcional)").fill(
        (today() + timedelta(days=10)).isoformat()
    )
    dialog.get_by_label("Data de expiração (opcional)").fill(
        (today() + timedelta(days=5)).isoformat()
    )
    dialog.get_by_role("button", name="Conceder Acesso").click()
    dialog.get_by_text("A expiração não pode ser antes do início.").wait_for()
    dialog.get_by_text("Conceder Acesso a Produto").wait_for()  # nothing lost


def test_case_3_cancellation_by_revoking(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    client = "Eduarda Lima" if viewport == "desktop" else "Ana Beatriz Souza"
    product = "Plano Mensal" if viewport == "desktop" else "Acompanhamento Premium"
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    dialog = open_access(page, client)
    row = access_row(dialog, product)
    row.wait_for()
    row.get_by_role("button", name=re.compile("Ações do acesso")).click()
    page.get_by_role("menuitem", name="Revogar Acesso").click()
    confirm = page.get_by_role("alertdialog")
    confirm.get_by_text("Esta ação não pode ser desfeita").wait_for()
    confirm.get_by_label("Motivo (opcional)").fill("Pediu cancelamento")
    shot(page, "access-revoke")
    confirm.get_by_role("button", name="Revogar Acesso").click()
    page.get_by_text(f"Acesso a {product} revogado.").wait_for()
    assert access_row(dialog, product).count() == 0
    dialog.get_by_text("Ver histórico de acessos").click()
    item = dialog.get_by_test_id("history-item").first
    item.wait_for()
    text = item.inner_text()
    assert "Acesso revogado" in text and product in text
    assert re.search(
        r"Revogado por Dona do Studio em \d\d/\d\d/\d{4} \d\d:\d\d\. Motivo: Pediu cancelamento",
        text,
    )


def test_grace_period_is_shown(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    login(page, app_server)
    page.wait_for_url(CLIENTS_URL)
    dialog = open_access(page, "Bruno Carvalho")
    row = access_row(dialog, "Plano Mensal")
    row.get_by_text("Período de carência").wait_for()
    row.get_by_text("Carência termina em 3 dias").wait_for()


def test_read_only_member_sees_access_without_write_actions(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, email=READONLY_EMAIL)
    page.wait_for_url(CLIENTS_URL)
    dialog = open_access(page, "Camila Ribeiro")
    row = access_row(dialog, "Plano Trimestral")
    row.get_by_text("Agendado").wait_for()
    assert row.get_by_role("button", name=re.compile("Ações do acesso")).count() == 0
    assert dialog.get_by_role("button", name="Adicionar Produto").count() == 0
    dialog.get_by_text("Ver histórico de acessos").click()
    dialog.get_by_test_id("history-item").first.wait_for()
    shot(page, "access-readonly")
