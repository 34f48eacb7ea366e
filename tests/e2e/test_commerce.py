"""The Comércio area in the browser: products created and edited, a bulk extension of a
filtered set with its preview and result, "Vencendo em breve" renewed in one click, the CSV,
and the read-only member who sees everything and can change nothing.

Every test makes its own product and clients (other files change the demo rows)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.e2e.conftest import RunningApp, settled, shot
from tests.e2e.test_dashboard import login
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import OWNER_EMAIL, READONLY_EMAIL

pytestmark = pytest.mark.e2e
COMMERCE = re.compile(r".*/painel/comercio/?(\?.*)?$")


def today():  # type: ignore[no-untyped-def]
    return datetime.now(ZoneInfo("America/Sao_Paulo")).date()


def _arrange(app: RunningApp, fn: Any) -> Any:
    """Run service calls as the demo owner on the test server's database."""
    from treinico.models import Team, User
    from treinico.services.actor import load_actor

    engine = make_engine(app.database_url)
    try:
        with unit_of_work(engine) as s:
            user = s.exec(select(User).where(User.email == OWNER_EMAIL)).one()
            team = s.exec(select(Team).where(Team.slug == "studio-demo")).one()
            return fn(s, load_actor(s, user_id=user.id or 0, team_id=team.id or 0))
    finally:
        engine.dispose()


def make_product_with_clients(
    app: RunningApp, product: str, names: list[str], *, ends_in: int | None
) -> int:
    """A monthly product, and clients ``names`` (with access ending in ``ends_in`` days,
    except any whose name ends with "sem acesso")."""
    from treinico.models import Client
    from treinico.services.access.entitlements import grant_entitlement
    from treinico.services.commerce.products import create_product
    from treinico.services.text import fold

    def act(s: Any, actor: Any) -> int:
        p = create_product(
            session=s,
            team_id=actor.team_id,
            name=product,
            price_cents=48000,
            billing_months=1,
            grace_days=5,
        )
        now = datetime.now(ZoneInfo("UTC"))
        for name in names:
            c = Client(
                team_id=actor.team_id,
                name=name,
                name_search=fold(name),
                phone_e164=f"+55119{secrets.randbelow(10**8):08d}",
                created_at=now,
                updated_at=now,
            )
            s.add(c)
            s.flush()
            if ends_in is not None and not name.endswith("sem acesso"):
                grant_entitlement(
                    session=s,
                    actor=actor,
                    client_id=c.id or 0,
                    product_id=p.id,
                    starts_on=today(),
                    ends_on=today() + timedelta(days=ends_in),
                    now=now,
                )
        return p.id

    return int(_arrange(app, act))


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def open_commerce(page, app: RunningApp, email: str = OWNER_EMAIL, tab: str = ""):  # type: ignore[no-untyped-def]
    login(page, app, email=email, to=f"{app.base}/painel/comercio" + (f"?aba={tab}" if tab else ""))
    page.get_by_role("heading", name="Comércio").wait_for()


def test_create_and_edit_a_product(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    name = f"Pacote E2E {viewport}"
    open_commerce(page, app_server)
    page.get_by_test_id("product-card").first.wait_for()
    shot(page, "commerce-products")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Novo produto").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nome").fill(name)
    dialog.get_by_label("Preço (R$)").fill("48o")
    dialog.get_by_label("Descrição").fill("Dez sessões")
    dialog.get_by_role("button", name="Salvar").click()
    dialog.get_by_text("Preço inválido. Use o formato 480,00.").wait_for()
    assert dialog.get_by_label("Descrição").input_value() == "Dez sessões"  # nothing lost
    dialog.get_by_label("Preço (R$)").fill("480")
    dialog.get_by_label("Tipo").click()
    page.get_by_role("option", name="Pacote").click()
    dialog.get_by_label("Sessões por ciclo").fill("10")
    page.wait_for_timeout(300)
    shot(page, "commerce-product-form")
    dialog.get_by_role("button", name="Salvar").click()
    page.get_by_text(f"Produto {name} criado.").wait_for()
    card = page.get_by_test_id("product-card").filter(has_text=name)
    card.get_by_text("R$ 480,00").wait_for()
    card.get_by_text("10 sessões por ciclo").wait_for()

    card.get_by_role("button", name=f"Ações do produto — {name}").click()
    page.get_by_role("menuitem", name="Editar").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("pacote-e2e-" + viewport).wait_for()  # the key, read-only
    assert dialog.get_by_label("Preço (R$)").input_value() == "480,00"
    dialog.get_by_label("Preço (R$)").fill("1.290,50")
    dialog.get_by_label("Dias de carência").fill("3")
    dialog.get_by_role("button", name="Salvar").click()
    page.get_by_text(f"{name} salvo.").wait_for()
    card.get_by_text("R$ 1.290,50").wait_for()
    card.get_by_text("3 dias de carência").wait_for()

    # Archive asks first; the archived product leaves the list until "Mostrar arquivados".
    card.get_by_role("button", name=f"Ações do produto — {name}").click()
    page.get_by_role("menuitem", name="Arquivar").click()
    confirm = page.get_by_role("alertdialog")
    confirm.get_by_text("Novos acessos deixam de ser concedidos").wait_for()
    confirm.get_by_role("button", name="Arquivar").click()
    page.get_by_text(f"{name} arquivado.").wait_for()
    card.wait_for(state="detached")


def test_bulk_extend_of_a_filtered_set(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    # Names that sort after the demo's, so other files still find theirs on page 1.
    tag = f"Lote {viewport}"
    names = [f"Wagner {tag}", f"Xênia {tag}", f"Yara {tag}", f"Zeca {tag} sem acesso"]
    product_id = make_product_with_clients(app_server, f"Plano Lote {viewport}", names, ends_in=20)
    open_commerce(page, app_server)
    page.goto(f"{app_server.base}/painel/comercio/{product_id}")
    page.get_by_role("heading", name=f"Plano Lote {viewport}").wait_for()
    rows = page.get_by_test_id("product-client-row")
    rows.first.wait_for()
    assert rows.count() == 3  # "Com acesso": Davi is not in this filter
    page.get_by_label("Buscar cliente por nome").fill("xenia")  # accents do not matter
    rows.filter(has_text=f"Wagner {tag}").wait_for(state="detached")
    assert rows.count() == 1
    page.get_by_label("Buscar cliente por nome").fill("")
    rows.filter(has_text=f"Wagner {tag}").wait_for()
    page.get_by_text("Selecionar todos os 3 filtrados").click()
    page.get_by_test_id("selected-count").get_by_text("3 clientes selecionados").wait_for()
    shot(page, "commerce-product-selection")
    no_sideways_scroll(page)

    page.get_by_role("button", name="Estender").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Mais um período").wait_for()
    settled(page)  # the dialog's opening animation
    shot(page, "commerce-bulk-form")
    dialog.get_by_role("button", name="Ver prévia").click()
    dialog.get_by_test_id("bulk-summary").get_by_text("3 clientes serão alterados").wait_for()
    assert dialog.get_by_test_id("bulk-row").count() == 3
    shot(page, "commerce-bulk-preview")
    dialog.get_by_role("button", name="Confirmar").click()
    dialog.get_by_test_id("bulk-summary").get_by_text("3 clientes alterados").wait_for()
    assert "Alterado" in dialog.get_by_test_id("bulk-row").first.inner_text()
    shot(page, "commerce-bulk-result")
    dialog.get_by_role("button", name="Concluir").click()
    dialog.wait_for(state="detached")
    # The list shows the new expiry (one month after the old one).
    rows.filter(has_text=f"Wagner {tag}").get_by_text(
        re.compile(r"Expira em (4\d|5\d) dias")
    ).wait_for()


def test_expiring_soon_renews_in_one_click(page, app_server: RunningApp, viewport: str) -> None:  # type: ignore[no-untyped-def]
    client = f"Wesley Renova {viewport}"
    make_product_with_clients(app_server, f"Plano Renova {viewport}", [client], ends_in=2)
    open_commerce(page, app_server, tab="vencendo")
    row = page.get_by_test_id("expiring-row").filter(has_text=client)
    row.get_by_text("Expira em 2 dias").wait_for()
    shot(page, "commerce-expiring")
    no_sideways_scroll(page)
    button = row.get_by_role(
        "button", name=re.compile(f"Renovar por mais um período até .* — {client}")
    )
    button.click()
    page.get_by_text(
        re.compile(f"Acesso de {client} renovado até \\d\\d/\\d\\d/\\d{{4}}")
    ).wait_for()
    # One more month: out of the 7-day window.
    page.get_by_role("radio", name="7 dias").click()
    row.wait_for(state="detached")


def test_csv_export_downloads_the_filtered_list(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    product_id = make_product_with_clients(
        app_server, "Plano CSV", ["Walter CSV", "Wanda CSV João"], ends_in=30
    )
    open_commerce(page, app_server)
    page.goto(f"{app_server.base}/painel/comercio/{product_id}")
    page.get_by_test_id("product-client-row").first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Exportar CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("plano-csv-clientes-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Cliente;Telefone;E-mail;Produto;Status;Início;Expira em"
    assert "Walter CSV" in text and "Wanda CSV João" in text


def test_read_only_member_sees_the_area_and_changes_nothing(
    page, app_server: RunningApp, viewport: str
) -> None:  # type: ignore[no-untyped-def]
    product_id = make_product_with_clients(
        app_server, f"Plano Leitura {viewport}", [f"Yasmin Leitura {viewport}"], ends_in=3
    )
    open_commerce(page, app_server, email=READONLY_EMAIL)
    page.get_by_test_id("product-card").filter(has_text=f"Plano Leitura {viewport}").wait_for()
    assert page.get_by_role("button", name="Novo produto").count() == 0
    assert page.get_by_role("button", name=re.compile("Ações do produto")).count() == 0
    shot(page, "commerce-readonly")
    page.get_by_role("tab", name="Vencendo em breve").click()
    page.get_by_test_id("expiring-row").filter(has_text=f"Yasmin Leitura {viewport}").wait_for()
    assert page.get_by_role("button", name=re.compile("Renovar")).count() == 0
    assert page.get_by_role("checkbox").count() == 0
    page.goto(f"{app_server.base}/painel/comercio/{product_id}")
    page.get_by_test_id("product-client-row").first.wait_for()
    page.get_by_role("button", name="Exportar CSV").wait_for()
    for label in ("Conceder", "Estender", "Revogar"):
        assert page.get_by_role("button", name=label).count() == 0
    assert page.get_by_role("checkbox").count() == 0
    no_sideways_scroll(page)
