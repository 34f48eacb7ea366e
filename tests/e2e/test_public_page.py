"""The public page in the built app: what a visitor without JavaScript gets, its way into the
portal, and the owner editing it in Configurações › Página pública (with a logo)."""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from tests.e2e.conftest import VIEWPORTS, RunningApp, shot
from tests.e2e.test_dashboard import login

SETTINGS = re.compile(r".*/painel/configuracoes/?$")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 400), (15, 118, 110)).save(out, format="PNG")
    return out.getvalue()


def test_without_javascript_the_page_is_all_there(browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    for name, size in VIEWPORTS.items():
        context = browser.new_context(viewport=size, locale="pt-BR", java_script_enabled=False)
        page = context.new_page()
        response = page.goto(f"{app_server.base}/studio-demo")
        assert response is not None and response.status == 200
        assert page.title() == "Studio Demo · Área do cliente"
        page.get_by_role("heading", name="Studio Demo", level=1).wait_for()
        assert page.locator("main").count() == 1
        og = page.locator('meta[property="og:image"]').get_attribute("content") or ""
        assert og.startswith(f"{app_server.base}/studio-demo/cartao.png")
        ld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
        assert ld["@type"] == "ExerciseGym" and ld["name"] == "Studio Demo"
        page.get_by_text("R$ 480,00/mês").wait_for()
        whatsapp = page.get_by_role("link", name="Falar no WhatsApp")
        assert (whatsapp.get_attribute("href") or "").startswith("https://wa.me/5511940001234")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if name == "phone":
            scroll = page.evaluate("document.documentElement.scrollWidth")
            page.set_viewport_size({"width": 360, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, scroll
            page.set_viewport_size(size)
        shot(page, "public-page")
        context.close()


def test_the_button_leads_to_the_portal_login(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    phone = page
    phone.goto(f"{app_server.base}/studio-demo")
    phone.get_by_role("link", name="Área do cliente").click()
    phone.wait_for_url(re.compile(r".*/studio-demo/entrar/?$"))
    phone.get_by_label("Seu WhatsApp").wait_for()


def test_the_owner_edits_the_page_and_its_logo(page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, to=f"{app_server.base}/painel/configuracoes")
    section = page.get_by_test_id("public-page-settings")
    section.get_by_label("Descrição").wait_for()
    section.scroll_into_view_if_needed()
    shot(page, "settings-public-page")
    # A bad number is reported at its field and nothing typed is lost.
    wide = (page.viewport_size or {"width": 0})["width"] > 600
    description = f"Studio de bairro com turmas pequenas ({'computador' if wide else 'celular'})."
    section.get_by_label("Descrição").fill(description)
    section.get_by_label("WhatsApp do negócio").fill("1234")
    section.get_by_label("Usar os horários dos profissionais na agenda").click()
    section.get_by_label("Sábado").fill("08:00-12:00")
    section.get_by_label("Domingo").fill("manhã")
    section.get_by_role("button", name="Salvar página pública").click()
    section.get_by_text("Telefone inválido", exact=False).wait_for()
    section.get_by_text('Use horários como "06:00–12:00').wait_for()
    assert section.get_by_label("Descrição").input_value() == description
    assert section.get_by_label("Sábado").input_value() == "08:00-12:00"
    section.get_by_label("WhatsApp do negócio").fill("(11) 94000-1234")
    section.get_by_label("Domingo").fill("")
    section.get_by_role("button", name="Salvar página pública").click()
    page.get_by_text("Página pública salva.").wait_for()
    assert section.get_by_label("Sábado").input_value() == "08:00–12:00"

    # A logo whose name says PNG but whose bytes are not an image is refused at the field.
    upload = section.get_by_test_id("public-logo").locator("input[type=file]")
    upload.set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": b"%PDF-1.7 not an image"}
    )
    section.get_by_text("embora o nome diga que é").wait_for()
    upload.set_input_files({"name": "logo.png", "mimeType": "image/png", "buffer": _png()})
    page.get_by_text("Logo atualizado.").wait_for()
    section.get_by_role("img", name="Logo atual").wait_for()
    shot(page, "settings-public-page-saved")

    public = page.context.new_page()
    public.goto(f"{app_server.base}/studio-demo")
    public.get_by_text(description).wait_for()
    public.get_by_text("08:00–12:00").wait_for()
    public.get_by_role("img", name="Logo de Studio Demo").wait_for()
    shot(public, "public-page-with-logo")
    public.close()

    # Back to the agenda's hours; the logo is removed after a confirmation.
    section.get_by_label("Usar os horários dos profissionais na agenda").click()
    section.get_by_role("button", name="Salvar página pública").click()
    page.get_by_text("Página pública salva.").nth(0).wait_for()
    section.get_by_role("button", name="Remover").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Remover logo").click()
    page.get_by_text("Logo removido.", exact=False).wait_for()
    assert section.get_by_role("img", name="Logo atual").count() == 0
