"""Every route string of the app, in one place (imported by states, pages and HTTP routes)."""

import re

# What a business's address (its first path segment) may look like.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")

HOME = "/"
LOGIN = "/entrar"
AUTH_COMPLETE = "/auth/entrar"
AUTH_LOGOUT = "/auth/sair"
TEAMS = "/painel/equipes"
DASHBOARD = "/painel"
CLIENTS = "/painel/clientes"
CLIENT_DETAIL = "/painel/clientes/[client_id]"
COMMERCE = "/painel/comercio"
COMMERCE_PRODUCT = "/painel/comercio/[product_id]"
AGENDA = "/painel/agenda"
MESSAGES = "/painel/mensagens"
PRIVACY = "/painel/privacidade"
SETTINGS = "/painel/configuracoes"
TASKS = "/painel/tarefas"
AUTH_PORTAL_LOGOUT = "/auth/portal/sair"
# Rendered on the server by the HTTP layer, not by Reflex: the public page and the portal
# login (treinico/http/public_page.py, treinico/http/portal_login.py).
PORTAL_PUBLIC = "/[slug]"
PORTAL_LOGIN = "/[slug]/entrar"  # server-rendered too (above)
PORTAL_HOME = "/[slug]/area-do-cliente"
PORTAL_PICKER = "/area-do-cliente/negocios"


def client_url(client_id: int | str) -> str:
    return f"/painel/clientes/{client_id}"


def product_url(product_id: int | str) -> str:
    return f"/painel/comercio/{product_id}"


def portal_login(slug: str) -> str:
    return f"/{slug}/entrar"


def portal_login_expired(slug: str) -> str:
    """Where a portal page sends a client whose session ended."""
    return f"/{slug}/entrar?expirado=1" if SLUG.fullmatch(slug) else HOME


def portal_home(slug: str) -> str:
    return f"/{slug}/area-do-cliente"


# Agenda, plan and make-up credits
AGENDA_SETTINGS = "/painel/agenda/configuracoes"
PORTAL_AGENDA = "/[slug]/area-do-cliente/agenda"
PORTAL_PLAN = "/[slug]/area-do-cliente/plano"
CALENDAR_FEED = "/calendario/{token}.ics"


def portal_agenda(slug: str) -> str:
    return f"/{slug}/area-do-cliente/agenda"


def portal_plan(slug: str) -> str:
    return f"/{slug}/area-do-cliente/plano"


def calendar_feed(token: str) -> str:
    return f"/calendario/{token}.ics"


# Homework and progress
PORTAL_TASKS = "/[slug]/area-do-cliente/tarefas"
PORTAL_PROGRESS = "/[slug]/area-do-cliente/evolucao"


def portal_tasks(slug: str) -> str:
    return f"/{slug}/area-do-cliente/tarefas"


def portal_progress(slug: str) -> str:
    return f"/{slug}/area-do-cliente/evolucao"


# Health records and privacy (LGPD)
PORTAL_TERMS = "/[slug]/area-do-cliente/termos"
PORTAL_PRIVACY = "/[slug]/area-do-cliente/privacidade"
PORTAL_HEALTH = "/[slug]/area-do-cliente/saude"
HEALTH_ATTACHMENT = "/arquivos/saude/{attachment_id:int}"
MY_DATA_EXPORT = "/arquivos/meus-dados.zip"


def portal_terms(slug: str) -> str:
    return f"/{slug}/area-do-cliente/termos"


def portal_privacy(slug: str) -> str:
    return f"/{slug}/area-do-cliente/privacidade"


def portal_health(slug: str) -> str:
    return f"/{slug}/area-do-cliente/saude"


def health_attachment(attachment_id: int) -> str:
    return f"/arquivos/saude/{attachment_id}"


def my_data_export(slug: str) -> str:
    return f"/arquivos/meus-dados.zip?negocio={slug}"


# Messages
PORTAL_MESSAGES = "/[slug]/area-do-cliente/mensagens"


def portal_messages(slug: str) -> str:
    return f"/{slug}/area-do-cliente/mensagens"


def messages_url(client_id: int | str) -> str:
    return f"{MESSAGES}?cliente={client_id}"


# For crawlers
ROBOTS = "/robots.txt"
SITEMAP = "/sitemap.xml"

# The portal as an installable web app
ICON = "/icones/icone-{size:int}.png"
ICON_MASKABLE = "/icones/icone-{size:int}-{kind:str}.png"
PORTAL_MANIFEST = "/{slug}/manifest.webmanifest"
PUBLIC_LOGO = "/{slug}/logo.png"
PUBLIC_CARD = "/{slug}/cartao.png"  # the 1200x630 image of link previews


def portal_manifest_url(slug: str) -> str:
    return f"/{slug}/manifest.webmanifest"
