"""Every string a person reads, in pt-BR (default) and English.

Pages call ``t("key")``; the language comes from TREINICO_LANGUAGE. Service error messages
are pt-BR at the source, since they travel as data.
"""

from __future__ import annotations

from treinico.settings import get_settings

STRINGS: dict[str, dict[str, str]] = {
    "app.name": {"pt-BR": "Treinico", "en": "Treinico"},
    "app.tagline": {
        "pt-BR": "Clientes, acessos e agenda do seu negócio em um só lugar.",
        "en": "Your clients, access and schedule in one place.",
    },
    # login
    "login.title": {"pt-BR": "Entrar no painel", "en": "Sign in to the dashboard"},
    "login.subtitle": {
        "pt-BR": "Use o e-mail e a senha da sua conta de equipe.",
        "en": "Use your team account's e-mail and password.",
    },
    "login.email": {"pt-BR": "E-mail", "en": "E-mail"},
    "login.password": {"pt-BR": "Senha", "en": "Password"},
    "login.submit": {"pt-BR": "Entrar", "en": "Sign in"},
    "login.submitting": {"pt-BR": "Entrando…", "en": "Signing in…"},
    "login.expired": {
        "pt-BR": "Sua sessão terminou. Entre novamente.",
        "en": "Your session ended. Please sign in again.",
    },
    # teams
    "teams.title": {"pt-BR": "Escolha a equipe", "en": "Choose a team"},
    "teams.subtitle": {
        "pt-BR": "Sua conta participa de mais de uma equipe.",
        "en": "Your account belongs to more than one team.",
    },
    "teams.switch": {"pt-BR": "Trocar de equipe", "en": "Switch team"},
    # shell
    "nav.clients": {"pt-BR": "Clientes", "en": "Clients"},
    "nav.commerce": {"pt-BR": "Comércio", "en": "Commerce"},
    "nav.agenda": {"pt-BR": "Agenda", "en": "Schedule"},
    "nav.messages": {"pt-BR": "Mensagens", "en": "Messages"},
    "nav.privacy": {"pt-BR": "Privacidade", "en": "Privacy"},
    "nav.settings": {"pt-BR": "Configurações", "en": "Settings"},
    "nav.menu": {"pt-BR": "Menu", "en": "Menu"},
    "user.logout": {"pt-BR": "Sair", "en": "Sign out"},
    "soon.title": {"pt-BR": "Em breve", "en": "Coming soon"},
    "soon.body": {
        "pt-BR": "Esta área está sendo preparada e aparece aqui assim que estiver pronta.",
        "en": "This area is being prepared and will show up here when it is ready.",
    },
    "common.loading": {"pt-BR": "Carregando…", "en": "Loading…"},
    "common.cancel": {"pt-BR": "Cancelar", "en": "Cancel"},
    "common.save": {"pt-BR": "Salvar", "en": "Save"},
    "common.saving": {"pt-BR": "Salvando…", "en": "Saving…"},
    "common.previous": {"pt-BR": "Anterior", "en": "Previous"},
    "common.next": {"pt-BR": "Próxima", "en": "Next"},
    "common.options": {"pt-BR": "Opções", "en": "Options"},
    "common.back": {"pt-BR": "Voltar", "en": "Back"},
    # clients
    "clients.title": {"pt-BR": "Clientes", "en": "Clients"},
    "clients.search": {
        "pt-BR": "Buscar por nome ou telefone",
        "en": "Search by name or phone",
    },
    "clients.new": {"pt-BR": "Novo cliente", "en": "New client"},
    "clients.edit": {"pt-BR": "Editar cliente", "en": "Edit client"},
    "clients.open": {"pt-BR": "Abrir página do cliente", "en": "Open client page"},
    "clients.archive": {"pt-BR": "Arquivar", "en": "Archive"},
    "clients.unarchive": {"pt-BR": "Reativar", "en": "Restore"},
    "clients.show_archived": {"pt-BR": "Mostrar arquivados", "en": "Show archived"},
    "clients.archived": {"pt-BR": "Arquivado", "en": "Archived"},
    "clients.empty.title": {"pt-BR": "Nenhum cliente ainda", "en": "No clients yet"},
    "clients.empty.body": {
        "pt-BR": "Cadastre seu primeiro cliente para começar.",
        "en": "Add your first client to get started.",
    },
    "clients.nomatch.title": {"pt-BR": "Nenhum cliente encontrado", "en": "No client found"},
    "clients.nomatch.body": {
        "pt-BR": "Confira a grafia ou busque pelos números do telefone.",
        "en": "Check the spelling or search by the phone digits.",
    },
    "clients.field.name": {"pt-BR": "Nome", "en": "Name"},
    "clients.field.phone": {"pt-BR": "WhatsApp", "en": "WhatsApp"},
    "clients.field.email": {"pt-BR": "E-mail (opcional)", "en": "E-mail (optional)"},
    "clients.field.birth": {
        "pt-BR": "Data de nascimento (opcional)",
        "en": "Birth date (optional)",
    },
    "clients.field.notes": {"pt-BR": "Observações (opcional)", "en": "Notes (optional)"},
    "clients.created": {"pt-BR": "Cliente cadastrado.", "en": "Client created."},
    "clients.updated": {"pt-BR": "Dados do cliente salvos.", "en": "Client saved."},
    "clients.archived_toast": {"pt-BR": "Cliente arquivado.", "en": "Client archived."},
    "clients.restored_toast": {"pt-BR": "Cliente reativado.", "en": "Client restored."},
    "clients.archive.title": {"pt-BR": "Arquivar cliente?", "en": "Archive client?"},
    "clients.archive.body": {
        "pt-BR": "O cliente some da lista, mas nada é apagado. "
        "Você pode reativá-lo em “Mostrar arquivados”.",
        "en": "The client leaves the list but nothing is deleted. Restore from “Show archived”.",
    },
    "client.contact": {"pt-BR": "Contato", "en": "Contact"},
    "client.birth": {"pt-BR": "Nascimento", "en": "Birth date"},
    "client.notes": {"pt-BR": "Observações", "en": "Notes"},
    "client.no_notes": {"pt-BR": "Sem observações.", "en": "No notes."},
    "client.not_found": {"pt-BR": "Cliente não encontrado.", "en": "Client not found."},
    # settings
    "settings.title": {"pt-BR": "Configurações da equipe", "en": "Team settings"},
    "settings.modules": {"pt-BR": "Módulos", "en": "Modules"},
    "settings.commerce": {"pt-BR": "Módulo Commerce", "en": "Commerce module"},
    "settings.commerce.help": {
        "pt-BR": "Produtos e acessos dos clientes (Gerenciar Acesso a Produtos).",
        "en": "Products and client access (Manage product access).",
    },
    "settings.commerce.on": {"pt-BR": "Módulo Commerce ativado.", "en": "Commerce on."},
    "settings.commerce.off": {"pt-BR": "Módulo Commerce desativado.", "en": "Commerce off."},
    "settings.members": {"pt-BR": "Membros e permissões", "en": "Members and permissions"},
    "settings.role": {"pt-BR": "Papel", "en": "Role"},
    "settings.member_saved": {"pt-BR": "Permissões atualizadas.", "en": "Permissions saved."},
    "settings.no_access": {
        "pt-BR": "Só quem gerencia a equipe vê esta página.",
        "en": "Only team managers can see this page.",
    },
    "notfound.title": {"pt-BR": "Página não encontrada", "en": "Page not found"},
    "notfound.body": {
        "pt-BR": "O endereço pode estar errado ou a página mudou de lugar.",
        "en": "The address may be wrong or the page has moved.",
    },
}


def t(key: str) -> str:
    """The string for ``key`` in the configured language (pt-BR as fallback)."""
    entry = STRINGS[key]
    return entry.get(get_settings().language, entry["pt-BR"])
