"""What every visitor and crawler gets from the built app: Portuguese pages, and robots.txt
and sitemap.xml as real files rather than the app's HTML."""

from __future__ import annotations

import urllib.request

from tests.e2e.conftest import RunningApp
from tests.e2e.test_dashboard import login


def _get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310  (our own app)
        return response.headers.get("content-type", ""), response.read().decode()


def test_pages_are_in_portuguese(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    for path in ("/", "/entrar", "/studio-demo", "/studio-demo/entrar"):
        page.goto(app_server.base + path)
        assert page.evaluate("document.documentElement.lang") == "pt-BR", path
    login(page, app_server)
    page.wait_for_url("**/painel/**")
    assert page.evaluate("document.documentElement.lang") == "pt-BR"


def test_robots_and_sitemap_are_served_as_text_and_xml(app_server: RunningApp) -> None:
    kind, robots = _get(app_server.base + "/robots.txt")
    assert kind.startswith("text/plain") and "Disallow: /painel" in robots
    assert "<html" not in robots
    kind, sitemap = _get(app_server.base + "/sitemap.xml")
    assert kind.startswith("application/xml")
    # The public URL defaults to http://localhost:<port>, the address the tests use.
    assert f"<loc>{app_server.base}/studio-demo</loc>" in sitemap


def test_the_portal_links_its_business_manifest(desktop_page, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    page.goto(app_server.base + "/studio-demo/entrar")
    page.get_by_label("Seu WhatsApp").wait_for()
    link = page.locator("link[rel=manifest]")
    link.wait_for(state="attached")
    assert link.get_attribute("href") == "/studio-demo/manifest.webmanifest"
    manifest = page.evaluate("fetch('/studio-demo/manifest.webmanifest').then(r => r.json())")
    assert manifest["start_url"] == "/studio-demo/area-do-cliente"
    assert manifest["name"] == "Studio Demo · Área do cliente"


def test_an_unknown_business_answers_404(app_server: RunningApp) -> None:
    import urllib.error

    # Unknown businesses, and unknown paths anywhere (an old manifest address, a mistyped
    # dashboard or portal page) answer 404 too, not the app's HTML with 200.
    for path in (
        "/nao-existe-este",
        "/nao-existe-este/entrar",
        "/manifest.json",
        "/painel/nao-existe",
        "/studio-demo/nao-existe",
    ):
        try:
            urllib.request.urlopen(app_server.base + path, timeout=20)  # noqa: S310
        except urllib.error.HTTPError as exc:
            assert exc.code == 404, path
            body = exc.read().decode()
            assert 'lang="pt-BR"' in body, path
            if "nao-existe-este" in path:  # the gate's page; the app's own is drawn by script
                assert "Página não encontrada" in body
        else:
            raise AssertionError(f"{path} answered 200")
    kind, body = _get(app_server.base + "/studio-demo")
    assert kind.startswith("text/html")


def test_an_unknown_page_of_the_app_says_so_in_portuguese(
    desktop_page, app_server: RunningApp
) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    response = page.goto(app_server.base + "/studio-demo/nao-existe")
    assert response is not None and response.status == 404
    page.get_by_text("Página não encontrada").wait_for()


def test_the_built_app_runs_under_its_security_headers(
    desktop_page, app_server: RunningApp
) -> None:  # type: ignore[no-untyped-def]
    """Every page of the build gets the headers, and nothing the app does breaks its own
    Content-Security-Policy (a violation is reported on the console)."""
    page = desktop_page
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    response = page.goto(app_server.base + "/entrar")
    assert response is not None
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"
    login(page, app_server)
    page.wait_for_url("**/painel/**")
    page.get_by_role("heading", name="Clientes").first.wait_for()
    page.goto(app_server.base + "/painel/agenda")
    page.get_by_role("heading", name="Agenda").first.wait_for()
    assert refused == []
