"""Team settings and memberships: roles, permissions, the Commerce module switch."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from sqlmodel import Session, col, select

from treinico.models import Membership, Team, User
from treinico.services.actor import Actor
from treinico.services.auth.staff import hash_password
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.permissions import ALL_PERMISSIONS, ROLE_PRESETS, Perm, Role, preset
from treinico.services.text import clean, slugify

# First path segments the app itself uses: a team's public page cannot take them.
RESERVED_SLUGS = frozenset(
    {
        "entrar",
        "painel",
        "auth",
        "area-do-cliente",
        "assets",
        "api",
        "ping",
        "404",
        "admin",
        "arquivos",
        "calendario",
        "icones",
        "health",
        "auth-codespace",
        "robots-txt",
        "sitemap-xml",
    }
)


@dataclass(frozen=True)
class TeamView:
    id: int
    name: str
    slug: str
    timezone: str
    commerce_enabled: bool
    health_enabled: bool = False


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    user_id: int
    name: str
    email: str
    role: str
    permissions: tuple[str, ...]


def _team_view(team: Team) -> TeamView:
    return TeamView(
        id=team.id or 0,
        name=team.name,
        slug=team.slug,
        timezone=team.timezone,
        commerce_enabled=team.commerce_enabled,
        health_enabled=team.health_enabled,
    )


def get_team(*, session: Session, actor: Actor) -> TeamView:
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    return _team_view(team)


def set_commerce_enabled(*, session: Session, actor: Actor, enabled: bool) -> TeamView:
    """Switch the team's Commerce module on or off (owner/admin with team.manage)."""
    actor.require(Perm.TEAM_MANAGE)
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    team.commerce_enabled = bool(enabled)
    session.add(team)
    return _team_view(team)


def set_health_enabled(*, session: Session, actor: Actor, enabled: bool) -> TeamView:
    """Switch the Saúde module (health records). Turning it off hides the records from
    everyone; nothing is deleted."""
    actor.require(Perm.TEAM_MANAGE)
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    team.health_enabled = bool(enabled)
    session.add(team)
    return _team_view(team)


def list_members(*, session: Session, actor: Actor) -> list[MemberRow]:
    actor.require(Perm.TEAM_MANAGE)
    rows = session.exec(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)  # type: ignore[arg-type]
        .where(Membership.team_id == actor.team_id)
        .order_by(User.name)
    ).all()
    return [
        MemberRow(
            membership_id=m.id or 0,
            user_id=u.id or 0,
            name=u.name,
            email=u.email,
            role=m.role,
            permissions=tuple(p for p in ALL_PERMISSIONS if p in (m.permissions or [])),
        )
        for m, u in rows
    ]


def update_member(
    *,
    session: Session,
    actor: Actor,
    membership_id: int,
    role: str,
    permissions: list[str] | None = None,
) -> MemberRow:
    """Change a member's role and permissions.

    ``permissions=None`` applies the role's preset. Owners always keep every permission,
    only an owner may make or change an owner, and a team never loses its last owner.
    """
    actor.require(Perm.TEAM_MANAGE)
    if role not in ROLE_PRESETS:
        raise Invalid("Papel inválido.", field="role")
    membership = session.exec(
        select(Membership).where(
            Membership.id == membership_id, Membership.team_id == actor.team_id
        )
    ).first()
    if membership is None:
        raise NotFound("Membro não encontrado.")
    if (role == Role.OWNER or membership.role == Role.OWNER) and actor.role != Role.OWNER:
        raise Forbidden("Só o proprietário pode alterar um proprietário.")
    if membership.role == Role.OWNER and role != Role.OWNER:
        owners = session.exec(
            select(Membership).where(
                Membership.team_id == actor.team_id, Membership.role == Role.OWNER
            )
        ).all()
        if len(owners) <= 1:
            raise Conflict("A equipe precisa de pelo menos um proprietário.")
    if permissions is None or role == Role.OWNER:
        perms = preset(role)
    else:
        unknown = [p for p in permissions if p not in ALL_PERMISSIONS]
        if unknown:
            raise Invalid("Permissão desconhecida.", field="permissions")
        perms = [p for p in ALL_PERMISSIONS if p in permissions]
    had_privacy = Perm.PRIVACY_MANAGE in (membership.permissions or [])
    if had_privacy != (Perm.PRIVACY_MANAGE in perms) and actor.role != Role.OWNER:
        # The access log, anonymisation and consent texts are the controller's: an admin
        # cannot hand them to anyone, themself included.
        raise Forbidden("Só o proprietário concede ou retira a permissão de Privacidade.")
    membership.role = role
    membership.permissions = perms
    session.add(membership)
    user = session.get(User, membership.user_id)
    assert user is not None
    return MemberRow(
        membership_id=membership.id or 0,
        user_id=user.id or 0,
        name=user.name,
        email=user.email,
        role=role,
        permissions=tuple(perms),
    )


def set_member_permission(
    *, session: Session, actor: Actor, membership_id: int, permission: str, granted: bool
) -> MemberRow:
    """Grant or withdraw one permission of a member, keeping the role."""
    actor.require(Perm.TEAM_MANAGE)
    if permission not in ALL_PERMISSIONS:
        raise Invalid("Permissão desconhecida.", field="permissions")
    membership = session.exec(
        select(Membership).where(
            Membership.id == membership_id, Membership.team_id == actor.team_id
        )
    ).first()
    if membership is None:
        raise NotFound("Membro não encontrado.")
    if membership.role == Role.OWNER:
        raise Conflict("O proprietário sempre tem todas as permissões.")
    current = set(membership.permissions or [])
    if granted:
        current.add(permission)
    else:
        current.discard(permission)
    return update_member(
        session=session,
        actor=actor,
        membership_id=membership_id,
        role=membership.role,
        permissions=sorted(current),
    )


def create_team(
    *,
    session: Session,
    name: str,
    owner_email: str,
    owner_name: str,
    owner_password: str,
    slug: str | None = None,
    timezone: str = "America/Sao_Paulo",
    is_demo: bool = False,
) -> TeamView:
    """Create a team with its owner (used by the management CLI and the demo seed).

    An existing user with that e-mail becomes the owner; the password is then left as it is.
    """
    team_name = clean(name, max_len=120)
    if not team_name:
        raise Invalid("Informe o nome da equipe.", field="name")
    team_slug = slugify(slug or team_name)
    if team_slug in RESERVED_SLUGS:
        raise Invalid("Este endereço público é reservado. Escolha outro.", field="slug")
    if not team_slug:
        raise Invalid("Endereço público inválido.", field="slug")
    if timezone not in available_timezones():
        raise Invalid("Fuso horário desconhecido.", field="timezone")
    if session.exec(select(Team).where(Team.slug == team_slug)).first():
        raise Conflict(f"Já existe uma equipe com o endereço '{team_slug}'.", field="slug")
    email = owner_email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise Invalid("E-mail inválido.", field="email")
    user = session.exec(select(User).where(col(User.email) == email)).first()
    if user is None:
        user = User(
            email=email,
            name=clean(owner_name, max_len=120) or email,
            password_hash=hash_password(owner_password),
            is_demo=is_demo,
        )
        session.add(user)
    team = Team(name=team_name, slug=team_slug, timezone=timezone, is_demo=is_demo)
    session.add(team)
    session.flush()
    session.add(
        Membership(
            team_id=team.id or 0,
            user_id=user.id or 0,
            role=Role.OWNER,
            permissions=preset(Role.OWNER),
        )
    )
    from treinico.services.progress.metrics import ensure_default_metrics

    ensure_default_metrics(session, team.id or 0)  # Peso, % Gordura, Circunferência abdominal
    return _team_view(team)


def add_member(
    *,
    session: Session,
    team_id: int,
    email: str,
    name: str,
    password: str,
    role: str,
    permissions: list[str] | None = None,
    is_demo: bool = False,
) -> int:
    """Add a staff user to a team (CLI and seed). Returns the membership id."""
    if role not in ROLE_PRESETS:
        raise Invalid("Papel inválido.", field="role")
    email_n = email.strip().lower()
    user = session.exec(select(User).where(col(User.email) == email_n)).first()
    if user is None:
        user = User(
            email=email_n,
            name=clean(name, max_len=120),
            password_hash=hash_password(password),
            is_demo=is_demo,
        )
        session.add(user)
        session.flush()
    membership = Membership(
        team_id=team_id,
        user_id=user.id or 0,
        role=role,
        permissions=list(permissions) if permissions is not None else preset(role),
    )
    session.add(membership)
    session.flush()
    return membership.id or 0
