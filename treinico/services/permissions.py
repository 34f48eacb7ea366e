"""Roles are presets of permission strings; a membership stores the effective list."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    CLIENTS_READ = "clients.read"
    CLIENTS_WRITE = "clients.write"
    ENTITLEMENTS_READ = "commerce.entitlements.read"
    ENTITLEMENTS_WRITE = "commerce.entitlements.write"
    PRODUCTS_WRITE = "commerce.products.write"
    AGENDA_READ = "agenda.read"
    AGENDA_WRITE = "agenda.write"
    TEAM_MANAGE = "team.manage"
    HEALTH_READ = "health.read"
    HEALTH_WRITE = "health.write"
    PRIVACY_MANAGE = "privacy.manage"


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    TRAINER = "trainer"
    RECEPTION = "reception"
    HEALTH = "health"


ALL_PERMISSIONS: tuple[str, ...] = tuple(p.value for p in Perm)

ROLE_PRESETS: dict[str, tuple[str, ...]] = {
    Role.OWNER: ALL_PERMISSIONS,
    # The access log, consent texts and data-subject requests are the owner's (the
    # controller's) unless granted.
    Role.ADMIN: tuple(p for p in ALL_PERMISSIONS if p != Perm.PRIVACY_MANAGE),
    Role.TRAINER: (
        Perm.CLIENTS_READ,
        Perm.CLIENTS_WRITE,
        Perm.ENTITLEMENTS_READ,
        Perm.ENTITLEMENTS_WRITE,
        Perm.AGENDA_READ,
        Perm.AGENDA_WRITE,
    ),
    Role.RECEPTION: (
        Perm.CLIENTS_READ,
        Perm.CLIENTS_WRITE,
        Perm.ENTITLEMENTS_READ,
        Perm.AGENDA_READ,
        Perm.AGENDA_WRITE,
    ),
    Role.HEALTH: (
        Perm.CLIENTS_READ,
        Perm.CLIENTS_WRITE,
        Perm.ENTITLEMENTS_READ,
        Perm.AGENDA_READ,
        Perm.AGENDA_WRITE,
        Perm.HEALTH_READ,
        Perm.HEALTH_WRITE,
    ),
}

ROLE_LABELS: dict[str, str] = {
    Role.OWNER: "Proprietário",
    Role.ADMIN: "Administrador",
    Role.TRAINER: "Treinador",
    Role.RECEPTION: "Recepção",
    Role.HEALTH: "Profissional de saúde",
}

PERMISSION_LABELS: dict[str, str] = {
    Perm.CLIENTS_READ: "Ver clientes",
    Perm.CLIENTS_WRITE: "Cadastrar e editar clientes",
    Perm.ENTITLEMENTS_READ: "Ver acessos a produtos",
    Perm.ENTITLEMENTS_WRITE: "Conceder, estender e revogar acessos",
    Perm.PRODUCTS_WRITE: "Criar, editar e arquivar produtos",
    Perm.AGENDA_READ: "Ver a agenda",
    Perm.AGENDA_WRITE: "Agendar, cancelar e marcar presença",
    Perm.TEAM_MANAGE: "Gerenciar equipe e configurações",
    Perm.HEALTH_READ: "Ver o prontuário (dados de saúde)",
    Perm.HEALTH_WRITE: "Registrar e editar no prontuário",
    Perm.PRIVACY_MANAGE: "Privacidade: registro de acessos, termos e pedidos LGPD",
}


def preset(role: str) -> list[str]:
    """The permission list a new member of ``role`` gets."""
    return [str(p) for p in ROLE_PRESETS[role]]
