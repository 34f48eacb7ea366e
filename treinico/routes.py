"""Every route string of the app, in one place (imported by states, pages and HTTP routes)."""

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
AUTH_PORTAL = "/auth/portal"
AUTH_PORTAL_LOGOUT = "/auth/portal/sair"
# The public page, /{slug}, is rendered on the server (treinico/http_public.py), not by Reflex.
PORTAL_LOGIN = "/[slug]/entrar"
PORTAL_HOME = "/[slug]/area-do-cliente"
PORTAL_PICKER = "/area-do-cliente/negocios"


def client_url(client_id: int | str) -> str:
    return f"/painel/clientes/{client_id}"


def product_url(product_id: int | str) -> str:
    return f"/painel/comercio/{product_id}"


def portal_login(slug: str) -> str:
    return f"/{slug}/entrar"


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
