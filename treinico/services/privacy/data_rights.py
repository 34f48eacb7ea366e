"""Data-subject rights (LGPD art. 18): the client's "Meus dados" export, the owner's list of
correction and deletion requests with their deadline, and anonymisation.

The export holds every row the team keeps about the client, table by table, as JSON and as
CSV. Health records the team has not released to the client are counted, not included: the
portal never shows them, and the export is a portal feature.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from treinico.models import (
    AccessAction,
    Assessment,
    Booking,
    CalendarFeed,
    Client,
    ConsentEvent,
    Conversation,
    CreditEvent,
    DataRequest,
    Entitlement,
    EntitlementEvent,
    HealthRecord,
    MeasurementValue,
    Message,
    Task,
    Team,
    WhatsAppOutbox,
)
from treinico.services.actor import Actor
from treinico.services.auth.portal import Business, end_client_sessions
from treinico.services.errors import Conflict, Invalid, NotFound
from treinico.services.formatting import fmt_date
from treinico.services.health.portal import visible_records
from treinico.services.health.store import BODY_PURPOSE, KIND_LABELS, TITLE_PURPOSE, open_field
from treinico.services.permissions import Perm
from treinico.services.privacy import reads_log as access_log
from treinico.services.privacy.portal import REQUEST_LABELS
from treinico.services.text import fold, safe_cell

# (file name, table) of everything kept per client; internal columns are left out.
CLIENT_TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("acessos", Entitlement),
    ("historico_de_acessos", EntitlementEvent),
    ("agendamentos", Booking),
    ("creditos_de_reposicao", CreditEvent),
    ("tarefas", Task),
    ("avaliacoes", Assessment),
    ("medidas", MeasurementValue),
    ("consentimentos", ConsentEvent),
    ("pedidos_lgpd", DataRequest),
)
HIDDEN_COLUMNS = frozenset({"team_id", "name_search", "token_hash", "title_enc", "body_enc"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if hasattr(value, "__float__") and not isinstance(value, int | float | bool):
        return str(value)
    return value


def _dump(row: SQLModel) -> dict[str, Any]:
    return {
        k: _plain(v)
        for k, v in row.model_dump().items()
        if k not in HIDDEN_COLUMNS and not k.endswith("_enc")
    }


def _csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def build_export(*, session: Session, business: Business, now: datetime, ip: str = "") -> bytes:
    """ "Baixar meus dados": a ZIP with meus-dados.json and one CSV per table. One log row."""
    team = session.get(Team, business.team_id)
    client = session.get(Client, business.client_id)
    if team is None or client is None or client.team_id != business.team_id:
        raise NotFound("Cliente não encontrado.")
    access_log.write(
        session,
        team_id=team.id or 0,
        client_id=client.id or 0,
        action=AccessAction.EXPORT,
        now=now,
        ip=ip,
    )
    session.flush()
    tables: dict[str, list[dict[str, Any]]] = {"cliente": [_dump(client)]}
    for name, model in CLIENT_TABLES:
        rows = session.exec(
            select(model)
            .where(
                col(model.team_id) == team.id,  # type: ignore[attr-defined]
                col(model.client_id) == client.id,  # type: ignore[attr-defined]
            )
            .order_by(col(model.id))  # type: ignore[attr-defined]
        ).all()
        tables[name] = [_dump(r) for r in rows]
    tables["calendario"] = [
        {"id": f.id, "criado_em": _plain(f.created_at)}
        for f in session.exec(
            select(CalendarFeed).where(
                CalendarFeed.team_id == team.id, CalendarFeed.client_id == client.id
            )
        ).all()
    ]
    health_rows = []
    for record in visible_records(session, business):
        health_rows.append(
            {
                "id": record.id,
                "tipo": KIND_LABELS.get(record.kind, record.kind),
                "data": record.record_date.isoformat(),
                "titulo": open_field(session, team.id or 0, TITLE_PURPOSE, record.title_enc),
                "texto": open_field(session, team.id or 0, BODY_PURPOSE, record.body_enc),
                "autor": record.author_name,
            }
        )
    tables["registros_de_saude"] = health_rows
    tables["mensagens"] = [
        {
            "id": m.id,
            "de": {"staff": "equipe", "client": "você", "system": "lembrete no WhatsApp"}.get(
                m.sender, m.sender
            ),
            "autor": m.author_name,
            "texto": m.body,
            "em": _plain(m.created_at),
        }
        for m in session.exec(
            select(Message)
            .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
            .where(Conversation.team_id == team.id, Conversation.client_id == client.id)
            .order_by(col(Message.id))
        ).all()
    ]
    total_records = len(
        session.exec(
            select(HealthRecord.id).where(
                HealthRecord.team_id == team.id, HealthRecord.client_id == client.id
            )
        ).all()
    )
    tables["registro_de_acessos"] = [
        {"data": row.at_label, "quem": row.who, "acao": row.action_label, "registro": row.target}
        for row in access_log.client_log(session, team_id=team.id or 0, client_id=client.id or 0)
    ]
    document = {
        "negocio": team.name,
        "gerado_em": now.astimezone(ZoneInfo(team.timezone)).isoformat(),
        "aviso": (
            "Cópia dos dados que este negócio mantém sobre você (LGPD, art. 18). "
            f"Registros de saúde não liberados para você: {total_records - len(health_rows)}; "
            "peça cópia deles diretamente à equipe."
        ),
        "tabelas": tables,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "meus-dados.json", json.dumps(document, ensure_ascii=False, indent=2, default=str)
        )
        for name, table in tables.items():
            archive.writestr(f"{name}.csv", _csv(table))
    return buffer.getvalue()


# --- the owner's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRequestRow:
    id: int
    client_id: int
    client_name: str
    kind_label: str
    message: str
    created_label: str
    due_label: str
    days_left: int
    overdue: bool
    done: bool
    resolution: str
    resolved_label: str
    anonymised: bool  # the client's contact data were already removed


def list_requests(*, session: Session, actor: Actor, now: datetime) -> list[TeamRequestRow]:
    """Open requests first, the nearest deadline on top; then the answered ones."""
    actor.require(Perm.PRIVACY_MANAGE)
    team = session.get(Team, actor.team_id)
    assert team is not None
    today = now.astimezone(ZoneInfo(team.timezone)).date()
    rows = session.exec(
        select(DataRequest, Client)
        .join(Client, col(Client.id) == col(DataRequest.client_id))
        .where(DataRequest.team_id == actor.team_id)
        .order_by(col(DataRequest.status), col(DataRequest.due_on), col(DataRequest.id))
    ).all()
    return [
        TeamRequestRow(
            id=r.id or 0,
            client_id=c.id or 0,
            client_name=c.name,
            kind_label=REQUEST_LABELS.get(r.kind, r.kind),  # type: ignore[call-overload]
            message=r.message,
            created_label=fmt_date(r.created_at.astimezone(ZoneInfo(team.timezone)).date()),
            due_label=fmt_date(r.due_on),
            days_left=(r.due_on - today).days,
            overdue=r.status == "aberto" and r.due_on < today,
            done=r.status == "atendido",
            resolution=r.resolution,
            resolved_label=(
                f"Atendido por {r.resolved_by_name} em "
                f"{fmt_date(r.resolved_at.astimezone(ZoneInfo(team.timezone)).date())}"
                if r.resolved_at is not None
                else ""
            ),
            anonymised=c.anonymised_at is not None,
        )
        for r, c in rows
    ]


def resolve_request(
    *, session: Session, actor: Actor, request_id: int, resolution: str, now: datetime
) -> None:
    actor.require(Perm.PRIVACY_MANAGE)
    text = (resolution or "").strip() if isinstance(resolution, str) else ""
    if len(text) < 5 or len(text) > 2000:
        raise Invalid("Descreva o que foi feito (5 a 2.000 caracteres).", field="resolution")
    row = session.get(DataRequest, request_id) if isinstance(request_id, int) else None
    if row is None or row.team_id != actor.team_id:
        raise NotFound("Pedido não encontrado.")
    if row.status == "atendido":
        raise Conflict("Este pedido já foi atendido.")
    row.status = "atendido"
    row.resolution = text
    row.resolved_at = now
    row.resolved_by_name = actor.name
    session.add(row)


def anonymise_client(*, session: Session, actor: Actor, client_id: int, now: datetime) -> None:
    """Remove the client's contact data, irreversibly: name, WhatsApp, e-mail, birth date and
    notes go; portal sessions and the calendar link end. Health records, consents, the
    access history and the log stay, as the law requires. One log row says who did it."""
    actor.require(Perm.PRIVACY_MANAGE)
    client = session.exec(
        select(Client)
        .where(col(Client.id) == client_id, col(Client.team_id) == actor.team_id)
        .with_for_update()
    ).first()
    if client is None:
        raise NotFound("Cliente não encontrado.")
    if client.anonymised_at is not None:
        raise Conflict("Este cliente já foi anonimizado.")
    end_client_sessions(session=session, phone=client.phone_e164, team_id=client.team_id, now=now)
    for feed in session.exec(
        select(CalendarFeed).where(
            CalendarFeed.team_id == actor.team_id, CalendarFeed.client_id == client.id
        )
    ).all():
        session.delete(feed)
    label = f"Cliente anonimizado nº {client.id}"
    client.name = label
    client.name_search = fold(label)
    client.phone_e164 = f"anon:{client.id}"[:16]
    client.email = None
    client.birth_date = None
    client.notes = ""
    client.archived = True
    client.anonymised_at = now
    client.updated_at = now
    session.add(client)
    # Conversations are not records the law asks to keep, and they hold whatever was typed:
    # they go, with any WhatsApp message still waiting for this phone.
    conversation_ids = list(
        session.exec(
            select(Conversation.id).where(
                Conversation.team_id == actor.team_id, Conversation.client_id == client.id
            )
        ).all()
    )
    if conversation_ids:
        session.execute(delete(Message).where(col(Message.conversation_id).in_(conversation_ids)))
        session.execute(delete(Conversation).where(col(Conversation.id).in_(conversation_ids)))
    session.execute(
        delete(WhatsAppOutbox).where(
            col(WhatsAppOutbox.team_id) == actor.team_id, col(WhatsAppOutbox.client_id) == client.id
        )
    )
    # What the client typed in their requests may hold contact data too.
    for request in session.exec(
        select(DataRequest).where(
            DataRequest.team_id == actor.team_id, DataRequest.client_id == client.id
        )
    ).all():
        request.message = "[removido na anonimização]"
        session.add(request)
    access_log.write(
        session,
        team_id=actor.team_id,
        client_id=client.id or 0,
        action=AccessAction.ANONYMISE,
        now=now,
        actor=actor,
    )
