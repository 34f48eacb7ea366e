"""The sensitive-data access log (LGPD art. 37, SECURITY.md): one row per read of a health
record, per attachment download and per data export, by staff or by the client, without the
content. Owners read the team's log; a client reads the rows about themself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from treinico.models import AccessAction, AccessLogEntry, Client, HealthRecord, Team, User
from treinico.services.actor import Actor
from treinico.services.errors import Invalid
from treinico.services.formatting import fmt_datetime
from treinico.services.permissions import Perm

STAFF = "equipe"
CLIENT = "cliente"
PAGE = 200

ACTION_LABELS: dict[str, str] = {
    AccessAction.LIST: "Abriu a lista do prontuário",
    AccessAction.VIEW: "Leu um registro de saúde",
    AccessAction.VERSIONS: "Leu versões anteriores de um registro",
    AccessAction.DOWNLOAD: "Baixou um anexo",
    AccessAction.EXPORT: "Exportou os dados do cliente",
    AccessAction.ANONYMISE: "Anonimizou o cliente",
}

# The same rows, as the client reads them about themself.
CLIENT_ACTION_LABELS: dict[str, str] = {
    **ACTION_LABELS,
    AccessAction.LIST: "Abriu a lista de registros de saúde",
    AccessAction.EXPORT: "Baixou uma cópia dos dados",
}

KIND_SHORT: dict[str, str] = {
    "anamnese": "Anamnese",
    "evolucao": "Evolução",
    "avaliacao": "Avaliação",
    "exame": "Exame",
    "restricao": "Restrição/Lesão",
    "outro": "Outro",
}


def write(
    session: Session,
    *,
    team_id: int,
    client_id: int,
    action: str,
    now: datetime,
    actor: Actor | None = None,
    ip: str = "",
    record_id: int | None = None,
    attachment_id: int | None = None,
) -> None:
    """One log row. ``actor`` is the staff member; without it the client acted."""
    session.add(
        AccessLogEntry(
            team_id=team_id,
            client_id=client_id,
            action=str(action),
            record_id=record_id,
            attachment_id=attachment_id,
            actor_kind=STAFF if actor is not None else CLIENT,
            user_id=actor.user_id if actor is not None else None,
            actor_name=actor.name if actor is not None else "",
            ip=(ip or "")[:64],
            at=now,
        )
    )


@dataclass(frozen=True)
class LogRow:
    id: int
    at_label: str
    who: str
    action_label: str
    target: str  # "Registro nº 12 · Anamnese · 10/03/2026"
    client_name: str
    ip: str


def _target(record: HealthRecord | None, *, for_client: bool = False) -> str:
    if record is None:
        return ""
    if for_client and (not record.visible_to_client or record.annulled_at is not None):
        # A record the client may not see: not even its kind and date.
        return "Um registro não liberado para você"
    return (
        f"Registro nº {record.id} · {KIND_SHORT.get(record.kind, record.kind)} · "
        f"{record.record_date.strftime('%d/%m/%Y')}"
    )


def _rows(session: Session, team: Team, stmt: object, *, for_client: bool) -> list[LogRow]:
    rows = session.exec(stmt).all()  # type: ignore[call-overload]
    out = []
    for entry, client, record in rows:
        if entry.actor_kind == CLIENT:
            who = "Você (área do cliente)" if for_client else f"{client.name} (área do cliente)"
        else:
            who = entry.actor_name or "Equipe"
        out.append(
            LogRow(
                id=entry.id or 0,
                at_label=fmt_datetime(entry.at, team.timezone),
                who=who,
                action_label=(CLIENT_ACTION_LABELS if for_client else ACTION_LABELS).get(
                    entry.action, entry.action
                ),
                target=_target(record, for_client=for_client),
                client_name=client.name,
                ip=entry.ip if not for_client else "",
            )
        )
    return out


def _base():
    return (
        select(AccessLogEntry, Client, HealthRecord)
        .join(Client, col(Client.id) == col(AccessLogEntry.client_id))
        .outerjoin(HealthRecord, col(HealthRecord.id) == col(AccessLogEntry.record_id))
    )


def _day_start(day: date, tz: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))


@dataclass(frozen=True)
class StaffOption:
    user_id: int
    name: str


def team_log(
    *,
    session: Session,
    actor: Actor,
    client_id: int | None = None,
    user_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[LogRow]:
    """The team's log, newest first, filtered by client, staff member and period (the
    owner's view in Privacidade). At most 200 rows per page."""
    actor.require(Perm.PRIVACY_MANAGE)
    team = session.get(Team, actor.team_id)
    assert team is not None
    if start and end and end < start:
        raise Invalid("O fim do período vem antes do início.", field="end")
    stmt = _base().where(col(AccessLogEntry.team_id) == actor.team_id)
    if client_id:
        stmt = stmt.where(col(AccessLogEntry.client_id) == client_id)
    if user_id:
        stmt = stmt.where(col(AccessLogEntry.user_id) == user_id)
    if start:
        stmt = stmt.where(col(AccessLogEntry.at) >= _day_start(start, team.timezone))
    if end:
        stmt = stmt.where(
            col(AccessLogEntry.at) < _day_start(end + timedelta(days=1), team.timezone)
        )
    stmt = stmt.order_by(col(AccessLogEntry.at).desc(), col(AccessLogEntry.id).desc()).limit(PAGE)
    return _rows(session, team, stmt, for_client=False)


def staff_in_log(*, session: Session, actor: Actor) -> list[StaffOption]:
    """The staff members who appear in the team's log (the filter's options)."""
    actor.require(Perm.PRIVACY_MANAGE)
    rows = session.exec(
        select(User.id, User.name)
        .join(AccessLogEntry, col(AccessLogEntry.user_id) == col(User.id))
        .where(col(AccessLogEntry.team_id) == actor.team_id)
        .distinct()
        .order_by(col(User.name))
    ).all()
    return [StaffOption(user_id=uid or 0, name=name) for uid, name in rows]


def client_log(session: Session, *, team_id: int, client_id: int) -> list[LogRow]:
    """The rows about one client, for the client ("Quem acessou meus dados de saúde")."""
    team = session.get(Team, team_id)
    assert team is not None
    stmt = (
        _base()
        .where(col(AccessLogEntry.team_id) == team_id, col(AccessLogEntry.client_id) == client_id)
        .order_by(col(AccessLogEntry.at).desc(), col(AccessLogEntry.id).desc())
        .limit(PAGE)
    )
    return _rows(session, team, stmt, for_client=True)
