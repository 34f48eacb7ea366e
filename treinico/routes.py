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
AGENDA = "/painel/agenda"
MESSAGES = "/painel/mensagens"
PRIVACY = "/painel/privacidade"
SETTINGS = "/painel/configuracoes"


def client_url(client_id: int | str) -> str:
    return f"/painel/clientes/{client_id}"
