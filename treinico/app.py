"""Builds the Reflex app and registers its pages. Nothing else lives here."""

from __future__ import annotations

import reflex as rx

from treinico import routes
from treinico.components.connection import connection_notice
from treinico.components.ui import hydrating
from treinico.http.app import build_http_app
from treinico.http.errors import error_pages
from treinico.http.gate import slug_gate
from treinico.http.headers import security_headers
from treinico.jobs import expiry, whatsapp
from treinico.pages.common import home_page, not_found_page
from treinico.pages.dashboard.agenda import agenda_page
from treinico.pages.dashboard.agenda_settings import agenda_settings_page
from treinico.pages.dashboard.client_detail import client_detail_page
from treinico.pages.dashboard.clients import clients_page
from treinico.pages.dashboard.commerce import commerce_page
from treinico.pages.dashboard.messages import messages_page
from treinico.pages.dashboard.privacy import privacy_page
from treinico.pages.dashboard.product import product_page
from treinico.pages.dashboard.settings import settings_page
from treinico.pages.dashboard.team_homework import tasks_page
from treinico.pages.dashboard.teams import teams_page
from treinico.pages.login import login_page
from treinico.pages.portal.agenda import portal_agenda_page
from treinico.pages.portal.health import portal_health_page
from treinico.pages.portal.home import portal_home_page, portal_picker_page
from treinico.pages.portal.homework import portal_tasks_page
from treinico.pages.portal.messages import portal_messages_page
from treinico.pages.portal.plan import portal_plan_page
from treinico.pages.portal.privacy import portal_privacy_page, portal_terms_page
from treinico.pages.portal.progress import portal_progress_page
from treinico.startup import check_startup
from treinico.state.auth import LoginState, TeamPickerState
from treinico.state.dashboard.agenda_settings import AgendaSettingsState
from treinico.state.dashboard.expiring import ExpiringState
from treinico.state.dashboard.homework_settings import HomeworkSettingsState
from treinico.state.dashboard.messages import MessagesState
from treinico.state.dashboard.page import DashboardPageState
from treinico.state.dashboard.privacy import PrivacyLogState, PrivacyRequestsState
from treinico.state.dashboard.privacy_texts import PrivacyTextsState
from treinico.state.dashboard.product_clients import ProductClientsState
from treinico.state.dashboard.products import ProductsState
from treinico.state.dashboard.public_page import PublicPageState
from treinico.state.dashboard.settings import SettingsState
from treinico.state.errors import event_error
from treinico.state.portal.home import PortalPickerState
from treinico.state.portal.page import PortalPageState
from treinico.state.portal.privacy import PortalTermsState
from treinico.state.session import SessionState

check_startup()

app = rx.App(
    # The HTTP routes first, then unknown businesses answer 404 before the app is reached;
    # an error before a response started becomes a pt-BR error page; the security headers
    # wrap it all, so every response gets them.
    api_transformer=[build_http_app(), slug_gate, error_pages, security_headers],
    # A failed event says so in Portuguese (an outage of the database or Redis, by name).
    backend_exception_handler=event_error,
    html_lang="pt-BR",  # screen readers read the pages with a Portuguese voice
    head_components=[
        rx.el.link(rel="icon", href="/logo.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#0d9488"),
    ],
    stylesheets=["/treinico.css"],
    # Drawn in the first HTML response, before the bundle runs: a phone on 4G sees the app's
    # mark and "Carregando…" at once instead of a white page.
    hydrate_fallback=hydrating,
)

# A lost connection is announced in Portuguese (Reflex's own overlay speaks English).
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None

# Records grace and expiry transitions while the app runs (status itself never waits for it).
app.register_lifespan_task(expiry.run_forever)
# Queues WhatsApp reminders and sends notices and reminders waiting in the outbox.
app.register_lifespan_task(whatsapp.run_forever)

app.add_page(home_page, route=routes.HOME, title="Treinico")
app.add_page(login_page, route=routes.LOGIN, title="Entrar · Treinico")
app.add_page(
    teams_page, route=routes.TEAMS, title="Equipes · Treinico", on_load=TeamPickerState.load
)
app.add_page(
    lambda: rx.fragment(),
    route=routes.DASHBOARD,
    title="Treinico",
    on_load=rx.redirect(routes.CLIENTS, replace=True),
)
app.add_page(
    clients_page,
    route=routes.CLIENTS,
    title="Clientes · Treinico",
    on_load=DashboardPageState.clients,
)
app.add_page(
    client_detail_page,
    route=routes.CLIENT_DETAIL,
    title="Cliente · Treinico",
    on_load=DashboardPageState.client,
)
app.add_page(
    tasks_page,
    route=routes.TASKS,
    title="Tarefas · Treinico",
    on_load=DashboardPageState.tasks,
)
app.add_page(
    settings_page,
    route=routes.SETTINGS,
    title="Configurações · Treinico",
    on_load=[
        SessionState.load_shell,
        SettingsState.load,
        PublicPageState.load,
        HomeworkSettingsState.load,
    ],
)
app.add_page(
    agenda_page,
    route=routes.AGENDA,
    title="Agenda · Treinico",
    on_load=DashboardPageState.agenda,
)
app.add_page(
    agenda_settings_page,
    route=routes.AGENDA_SETTINGS,
    title="Configurações da agenda · Treinico",
    on_load=[SessionState.load_shell, AgendaSettingsState.load],
)
app.add_page(
    privacy_page,
    route=routes.PRIVACY,
    title="Privacidade · Treinico",
    on_load=[
        SessionState.load_shell,
        PrivacyLogState.load,
        PrivacyRequestsState.load,
        PrivacyTextsState.load,
    ],
)
app.add_page(
    commerce_page,
    route=routes.COMMERCE,
    title="Comércio · Treinico",
    on_load=[SessionState.load_shell, ProductsState.load, ExpiringState.load],
)
app.add_page(
    product_page,
    route=routes.COMMERCE_PRODUCT,
    title="Produto · Treinico",
    on_load=[SessionState.load_shell, ProductClientsState.load],
)
app.add_page(
    messages_page,
    route=routes.MESSAGES,
    title="Mensagens · Treinico",
    on_load=[SessionState.load_shell, MessagesState.load],
)
# Client portal (phone first). Static routes above win over /{slug}.
app.add_page(
    portal_picker_page,
    route=routes.PORTAL_PICKER,
    title="Escolha o negócio · Treinico",
    on_load=PortalPickerState.load,
)
app.add_page(
    portal_home_page,
    route=routes.PORTAL_HOME,
    title="Área do cliente · Treinico",
    on_load=PortalPageState.home,
)
app.add_page(
    portal_agenda_page,
    route=routes.PORTAL_AGENDA,
    title="Meus horários · Treinico",
    on_load=PortalPageState.agenda,
)
app.add_page(
    portal_plan_page,
    route=routes.PORTAL_PLAN,
    title="Extrato do plano · Treinico",
    on_load=PortalPageState.plan,
)
app.add_page(
    portal_tasks_page,
    route=routes.PORTAL_TASKS,
    title="Lições de casa · Treinico",
    on_load=PortalPageState.tasks,
)
app.add_page(
    portal_progress_page,
    route=routes.PORTAL_PROGRESS,
    title="Minha evolução · Treinico",
    on_load=PortalPageState.progress,
)
app.add_page(
    portal_messages_page,
    route=routes.PORTAL_MESSAGES,
    title="Mensagens · Treinico",
    on_load=PortalPageState.messages,
)
# The terms screen runs before anything else of the portal (every other portal load sends
# the client here until the current terms are accepted), so it does not load the header.
app.add_page(
    portal_terms_page,
    route=routes.PORTAL_TERMS,
    title="Termos de uso · Treinico",
    on_load=PortalTermsState.load,
)
app.add_page(
    portal_privacy_page,
    route=routes.PORTAL_PRIVACY,
    title="Privacidade · Treinico",
    on_load=PortalPageState.privacy,
)
app.add_page(
    portal_health_page,
    route=routes.PORTAL_HEALTH,
    title="Meus registros de saúde · Treinico",
    on_load=PortalPageState.health,
)
app.add_page(not_found_page, route="404", title="Página não encontrada · Treinico")

__all__ = ["LoginState", "app"]
