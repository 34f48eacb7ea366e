"""axe-core on every page of both faces, at desk (1280x800) and phone (390x844) sizes, logged
in where the page needs it: no serious or critical violation. Also the access modal and a
portal dialog open, the portal login's code step, the tabs behind the first one, and no
sideways scroll at 360 px on the portal.

PAGES lists every page route with a concrete address; a test fails when the app registers a
page that is not listed (or a listed one is gone), so a new page is measured from its first
day. axe-core comes from the npm registry: ``make browser`` installs its current release into
.tools/axe-current on every run, and the test run's header names the version. One login per
face: staff log in once per size; Ana's portal session (her code sends are limited per phone)
and a new clinic client's (for the terms screen) are made once and shared with every size
through the context's storage state."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from reflex.utils.format import format_route
from sqlmodel import select

from tests.e2e.conftest import ROOT, VIEWPORTS, RunningApp, settled, shot
from tests.e2e.test_dashboard import CLIENTS_URL
from tests.e2e.test_dashboard import login as staff_login
from tests.e2e.test_health_portal import new_client
from tests.e2e.test_portal import login as portal_login
from tests.e2e.test_portal import wait_for_send_cooldown
from tests.e2e.test_portal_agenda import settle
from treinico import routes
from treinico.db import make_engine, unit_of_work
from treinico.models import Client, Product, Team

pytestmark = pytest.mark.e2e

AXE_DIR = ROOT / ".tools" / "axe-current" / "node_modules" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
SIZES = {**VIEWPORTS, "narrow": {"width": 360, "height": 800}}
STUDIO, CLINIC = "studio-demo", "clinica-movimento"
ANA = "+5511987654321"
BLOCKING = ("serious", "critical")

# Which login a page needs: none, the studio's owner, Ana in the portal, or a new clinic
# client who has not accepted the terms yet (the only one the terms screen shows itself to).
NONE, STAFF, PORTAL, NEW_CLIENT = "none", "staff", "portal", "new-client"


@dataclass(frozen=True)
class PageCase:
    route: str  # as registered with app.add_page
    url: str  # concrete address; {ana}, {bruno} and {product} come from the demo data
    login: str
    heading: str  # shown once the page's content is there (not "Carregando…")

    @property
    def portal(self) -> bool:
        return self.login in (PORTAL, NEW_CLIENT) or self.url.startswith(f"/{STUDIO}")


PAGES: tuple[PageCase, ...] = (
    PageCase(routes.HOME, "/", NONE, "Treinico"),
    PageCase(routes.LOGIN, "/entrar", NONE, "Entrar no painel"),
    PageCase("404", "/painel/nao-existe", NONE, "Página não encontrada"),
    PageCase(routes.TEAMS, "/painel/equipes", STAFF, "Escolha a equipe"),
    PageCase(routes.DASHBOARD, "/painel", STAFF, "Clientes"),  # redirects to the list
    PageCase(routes.CLIENTS, "/painel/clientes", STAFF, "Clientes"),
    PageCase(routes.CLIENT_DETAIL, "/painel/clientes/{ana}", STAFF, "Ana Beatriz Souza"),
    PageCase(routes.TASKS, "/painel/tarefas", STAFF, "Tarefas"),
    PageCase(routes.SETTINGS, "/painel/configuracoes", STAFF, "Configurações da equipe"),
    PageCase(routes.AGENDA, "/painel/agenda", STAFF, "Agenda"),
    PageCase(
        routes.AGENDA_SETTINGS, "/painel/agenda/configuracoes", STAFF, "Configurações da agenda"
    ),
    PageCase(routes.PRIVACY, "/painel/privacidade", STAFF, "Privacidade"),
    PageCase(routes.COMMERCE, "/painel/comercio", STAFF, "Comércio"),
    PageCase(routes.COMMERCE_PRODUCT, "/painel/comercio/{product}", STAFF, "Personal 3x"),
    # Bruno's conversation (the team has read it: opening it changes no unread count); on a
    # phone the open conversation replaces the list, so its heading is his name.
    PageCase(routes.MESSAGES, "/painel/mensagens?cliente={bruno}", STAFF, "Bruno Carvalho"),
    # Rendered by the HTTP layer, not by Reflex (SERVER_ROUTES): measured all the same.
    PageCase(routes.PORTAL_PUBLIC, f"/{STUDIO}", NONE, "Studio Demo"),
    PageCase(routes.PORTAL_LOGIN, f"/{STUDIO}/entrar", NONE, "Área do cliente"),
    PageCase(routes.PORTAL_PICKER, "/area-do-cliente/negocios", PORTAL, "Escolha o negócio"),
    PageCase(routes.PORTAL_HOME, f"/{STUDIO}/area-do-cliente", PORTAL, "Olá, Ana!"),
    PageCase(routes.PORTAL_AGENDA, f"/{STUDIO}/area-do-cliente/agenda", PORTAL, "Meus horários"),
    PageCase(routes.PORTAL_PLAN, f"/{STUDIO}/area-do-cliente/plano", PORTAL, "Extrato do plano"),
    PageCase(routes.PORTAL_TASKS, f"/{STUDIO}/area-do-cliente/tarefas", PORTAL, "Lições de casa"),
    PageCase(
        routes.PORTAL_PROGRESS, f"/{STUDIO}/area-do-cliente/evolucao", PORTAL, "Minha evolução"
    ),
    PageCase(routes.PORTAL_MESSAGES, f"/{STUDIO}/area-do-cliente/mensagens", PORTAL, "Mensagens"),
    PageCase(
        routes.PORTAL_TERMS, f"/{CLINIC}/area-do-cliente/termos", NEW_CLIENT, "Antes de começar"
    ),
    PageCase(
        routes.PORTAL_PRIVACY, f"/{CLINIC}/area-do-cliente/privacidade", PORTAL, "Privacidade"
    ),
    # The clinic keeps health records (Studio Demo does not): Ana's released one is there.
    PageCase(
        routes.PORTAL_HEALTH, f"/{CLINIC}/area-do-cliente/saude", PORTAL, "Meus registros de saúde"
    ),
)
SERVER_ROUTES = {routes.PORTAL_PUBLIC, routes.PORTAL_LOGIN}


def _key(route: str) -> str:
    return format_route(route)  # how the app keys its pages ("/" is "index")


def test_every_registered_page_is_measured() -> None:
    """A page added to the app without a line in PAGES fails here, by its route."""
    from treinico.app import app

    server = {_key(r) for r in SERVER_ROUTES}
    registered = set(app._page_routes)
    assert not registered & server, "uma página do servidor também está registrada no Reflex"
    listed = {_key(p.route) for p in PAGES} - server
    missing = sorted(registered - listed)
    gone = sorted(listed - registered)
    assert not missing, f"páginas registradas sem linha em PAGES (axe não as mede): {missing}"
    assert not gone, f"linhas de PAGES cujas rotas o app não registra mais: {gone}"
    assert len({p.url for p in PAGES}) == len(PAGES), "endereços repetidos em PAGES"


# ------------------------------------------------------------------------------- sessions


class Faces:
    """Browser contexts per (login, size), made on first use and kept for the module."""

    def __init__(self, browser: Any, app: RunningApp) -> None:
        self.browser, self.app = browser, app
        self.contexts: dict[tuple[str, str], Any] = {}
        self.states: dict[str, Any] = {}

    def _context(self, size: str, **extra: Any) -> Any:
        mobile = {"is_mobile": True, "has_touch": True} if size != "desktop" else {}
        context = self.browser.new_context(viewport=SIZES[size], locale="pt-BR", **mobile, **extra)
        context.set_default_timeout(20_000)
        return context

    def page(self, login: str, size: str) -> Any:
        key = (login, size)
        if key not in self.contexts:
            self.contexts[key] = self._logged_in(login, size)
        return self.contexts[key].new_page()

    def _logged_in(self, login: str, size: str) -> Any:
        if login == NONE:
            return self._context(size)
        if login == STAFF:  # cheap: once per size
            context = self._context(size)
            pg = context.new_page()
            staff_login(pg, self.app)
            pg.wait_for_url(CLIENTS_URL)
            pg.close()
            return context
        if login not in self.states:  # portal: one code per person for the whole file
            context = self._context(size)
            pg = context.new_page()
            if login == PORTAL:
                wait_for_send_cooldown(self.app, ANA)
                portal_login(pg, self.app, STUDIO, "+55 11 98765-4321", ANA)
                pg.wait_for_url(re.compile(r".*/area-do-cliente/negocios/?$"))
            else:
                _name, e164 = new_client(self.app, CLINIC, "Alice")
                portal_login(pg, self.app, CLINIC, e164, e164)
                pg.wait_for_url(re.compile(rf".*/{CLINIC}/area-do-cliente/termos/?$"))
            pg.close()
            self.states[login] = context.storage_state()
            return context
        return self._context(size, storage_state=self.states[login])

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="module")
def faces(browser, app_server: RunningApp) -> Iterator[Faces]:  # type: ignore[no-untyped-def]
    if not AXE_JS.exists():
        pytest.fail(f"axe-core não encontrado em {AXE_JS}: rode `make browser`", pytrace=False)
    f = Faces(browser, app_server)
    yield f
    f.close()


@pytest.fixture(scope="module")
def demo_ids(app_server: RunningApp) -> dict[str, int]:
    engine = make_engine(app_server.database_url)
    try:
        with unit_of_work(engine) as session:
            team = session.exec(select(Team).where(Team.slug == STUDIO)).one()
            clients = {
                c.name: c.id or 0
                for c in session.exec(select(Client).where(Client.team_id == team.id))
            }
            product = session.exec(
                select(Product).where(Product.team_id == team.id, Product.key == "personal-3x")
            ).one()
            return {
                "ana": clients["Ana Beatriz Souza"],
                "bruno": clients["Bruno Carvalho"],
                "product": product.id or 0,
            }
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------------ axe

_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || '').split('\\n').slice(0, 3).join(' '),
  }));
}"""


def axe_violations(page) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    return violations


def assert_no_blocking(page, what: str, size: str) -> None:  # type: ignore[no-untyped-def]
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        shot(page, "axe-" + re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-"))
    lines = [
        f"- {v['id']} ({v['impact']}, {v['count']} elemento(s)): {v['help']}\n"
        f"    alvos: {' | '.join(v['targets'])}\n    {v['summary']}"
        for v in blocking
    ]
    assert not blocking, (
        f"axe: {len(blocking)} violação(ões) séria(s)/crítica(s) em {what} ({size}, "
        f"{page.viewport_size['width']}x{page.viewport_size['height']}, {page.url}):\n"
        + "\n".join(lines)
    )


def open_page(faces: Faces, case: PageCase, size: str, ids: dict[str, int]) -> Any:
    page = faces.page(case.login, size)
    page.goto(faces.app.base + case.url.format(**ids))
    page.get_by_role("heading", name=case.heading).first.wait_for()
    page.wait_for_function("!document.querySelector('[aria-busy=\"true\"]')")
    settled(page)  # charts and fade-ins finish drawing
    return page


def _id(case: PageCase) -> str:
    return case.route


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("case", PAGES, ids=_id)
def test_page_has_no_serious_violations(faces: Faces, demo_ids, case: PageCase, size: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(faces, case, size, demo_ids)
    try:
        assert_no_blocking(page, case.route, size)
    finally:
        page.close()


# A page that scrolls sideways has content wider than the screen; the app's CSS clips the
# root (overflow-x: hidden), so the body's own scroll width is measured too: clipped content
# is as lost to the client as content off to the side.
_SIDEWAYS = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1 && !el.closest('[data-radix-scroll-area-viewport]'))
      wide.push((el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' +
        el.getAttribute('data-testid') + ']' : '') + ' ' + Math.round(r.right) + 'px'));
  }
  return {width, root: document.documentElement.scrollWidth, body: document.body.scrollWidth,
          wide: wide.slice(-5)};
}"""


@pytest.mark.parametrize("case", [p for p in PAGES if p.portal], ids=_id)
def test_portal_page_does_not_scroll_sideways_at_360(
    faces: Faces, demo_ids, case: PageCase
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(faces, case, "narrow", demo_ids)
    try:
        m = page.evaluate(_SIDEWAYS)
        assert m["root"] <= m["width"] and m["body"] <= m["width"], (
            f"{case.route} rola para o lado a {m['width']} px (documento {m['root']} px, "
            f"corpo {m['body']} px); mais largos: {m['wide']}"
        )
    finally:
        page.close()


# -------------------------------------------------------------------------------- dialogs


def _access_modal(page) -> None:  # type: ignore[no-untyped-def]
    """The access modal from the client page's "⋯", then its grant form."""
    page.get_by_test_id("client-options").first.click()
    page.get_by_role("menuitem", name="Gerenciar Acesso a Produtos").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Gerencie os acessos do cliente").wait_for()
    dialog.get_by_test_id("access-row").first.wait_for()
    settle(page)
    assert_no_blocking(page, "Gerenciar Acesso a Produtos", _size(page))
    dialog.get_by_role("button", name="Adicionar Produto").click()
    dialog.get_by_text("Conceder Acesso a Produto").wait_for()
    settled(page)


def _reschedule(page) -> None:  # type: ignore[no-untyped-def]
    """A booking's "Reagendar" dialog with the free slots."""
    page.get_by_role("button", name=re.compile(r"^Reagendar ")).first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Fechar").wait_for()
    dialog.get_by_test_id("slot").first.or_(dialog.get_by_test_id("no-slots")).wait_for()
    settle(page)


def _code_step(page) -> None:  # type: ignore[no-untyped-def]
    """The login's second step, for a phone that is no client (no message is sent; one
    number per size, as the 60 s between sends holds for unknown phones too)."""
    number = "(11) 90000-4311" if _size(page) == "phone" else "(11) 90000-4301"
    page.get_by_label("Seu WhatsApp").fill(number)
    page.get_by_role("button", name="Enviar código").click()
    page.get_by_label("Código de 6 dígitos").wait_for()
    settled(page)


def _tab(name: str) -> Callable[[Any], None]:
    """A tab's content, drawn only once the tab is chosen."""

    def open_tab(page) -> None:  # type: ignore[no-untyped-def]
        page.get_by_role("tab", name=name).click()
        page.get_by_role("tabpanel", name=name).wait_for()
        page.wait_for_function("!document.querySelector('[aria-busy=\"true\"]')")
        settled(page)

    return open_tab


def _size(page) -> str:  # type: ignore[no-untyped-def]
    return "desktop" if page.viewport_size["width"] >= 600 else "phone"


# What a page shows only after a click: dialogs, the login's code step and the other tabs.
OPENED: dict[str, tuple[str, Callable[[Any], None]]] = {
    "access-modal": (routes.CLIENT_DETAIL, _access_modal),
    "portal-reschedule": (routes.PORTAL_AGENDA, _reschedule),
    "portal-login-code": (routes.PORTAL_LOGIN, _code_step),
    "client-tab-tarefas": (routes.CLIENT_DETAIL, _tab("Tarefas")),
    "client-tab-evolucao": (routes.CLIENT_DETAIL, _tab("Evolução")),
    "commerce-tab-vencendo": (routes.COMMERCE, _tab("Vencendo em breve")),
    "privacy-tab-pedidos": (routes.PRIVACY, _tab("Pedidos dos titulares")),
    "privacy-tab-textos": (routes.PRIVACY, _tab("Textos de consentimento")),
}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(OPENED))
def test_opened_screen_has_no_serious_violations(
    faces: Faces, demo_ids, name: str, size: str
) -> None:  # type: ignore[no-untyped-def]
    route, open_it = OPENED[name]
    case = next(p for p in PAGES if p.route == route)
    page = open_page(faces, case, size, demo_ids)
    try:
        open_it(page)
        assert_no_blocking(page, name, size)
    finally:
        page.close()


def test_the_measurements_find_what_they_should(faces: Faces) -> None:
    """The measurements themselves: axe reports a nameless icon button and pale text, and
    content wider than 360 px is found under the app's ``overflow-x: hidden``."""
    page = faces.page(NONE, "narrow")
    try:
        page.set_content(
            "<html lang='pt-BR'><title>t</title>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<style>html, body { overflow-x: hidden; margin: 0 }</style><main><h1>Teste</h1>"
            "<button><svg width='16' height='16'></svg></button>"
            "<p style='color:#bbb;background:#fff'>texto claro demais</p>"
            "<div style='display:flex'><div style='min-width:500px'>largo</div></div>"
            "</main></html>"
        )
        found = {v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING}
        assert {"button-name", "color-contrast"} <= found, found
        m = page.evaluate(_SIDEWAYS)
        assert m["root"] == 360 and m["body"] == 500, m
    finally:
        page.close()
