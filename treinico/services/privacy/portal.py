"""The client's privacy in the portal: the first-entry terms screen, "Privacidade" (each
purpose with its state, give or revoke at once), "Quem acessou meus dados de saúde", and the
requests for correction or deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from treinico.models import Client, DataRequest, DataRequestKind, Team
from treinico.services.auth.portal import Business, end_client_sessions
from treinico.services.errors import Conflict, Invalid
from treinico.services.formatting import fmt_date
from treinico.services.privacy import consent
from treinico.services.privacy.consent import ConsentState, TextView
from treinico.services.privacy.consent_texts import PURPOSE_HINTS
from treinico.services.privacy.reads_log import LogRow, client_log

REQUEST_DAYS = 15  # LGPD art. 19, II
MAX_OPEN_REQUESTS = 5
REQUEST_LABELS = {DataRequestKind.CORRECTION: "Correção", DataRequestKind.DELETION: "Exclusão"}


@dataclass(frozen=True)
class Gate:
    needs_terms: bool
    ask_health: bool
    terms: TextView
    health: TextView | None


@dataclass(frozen=True)
class PurposeCard:
    state: ConsentState
    hint: str
    text: TextView


@dataclass(frozen=True)
class RequestRow:
    id: int
    kind_label: str
    message: str
    created_label: str
    due_label: str
    status_label: str
    resolution: str


@dataclass(frozen=True)
class Privacy:
    purposes: list[PurposeCard]
    log: list[LogRow]
    requests: list[RequestRow]
    health_enabled: bool


def _team(session: Session, business: Business) -> Team:
    team = session.get(Team, business.team_id)
    assert team is not None
    return team


def gate(*, session: Session, business: Business) -> Gate:
    team = _team(session, business)
    texts = {t.purpose: t for t in consent.team_texts(session, team_id=team.id or 0)}
    states = {
        s.purpose: s
        for s in consent.consent_states(
            session, team_id=business.team_id, client_id=business.client_id
        )
    }
    return Gate(
        needs_terms=consent.needs_terms(
            session, team_id=business.team_id, client_id=business.client_id
        ),
        ask_health=team.health_enabled and not states["saude"].decided,
        terms=texts["termos"],
        health=texts["saude"] if team.health_enabled else None,
    )


def accept_terms(
    *, session: Session, business: Business, health: bool | None, now: datetime, ip: str = ""
) -> None:
    """The terms screen's "Aceitar e continuar"; with the Saúde module on, the health
    question is answered on the same screen (``None`` = not asked)."""
    consent.record(
        session,
        team_id=business.team_id,
        client_id=business.client_id,
        purpose="termos",
        give=True,
        now=now,
        ip=ip,
    )
    if health is not None and _team(session, business).health_enabled:
        consent.record(
            session,
            team_id=business.team_id,
            client_id=business.client_id,
            purpose="saude",
            give=bool(health),
            now=now,
            ip=ip,
        )


def set_consent(
    *, session: Session, business: Business, purpose: str, give: bool, now: datetime, ip: str = ""
) -> bool:
    """Give or revoke one purpose. Returns True when the portal session has ended (the
    terms were revoked: the next entry asks again)."""
    if purpose == "saude" and not _team(session, business).health_enabled:
        raise Invalid("Este negócio não mantém registros de saúde.", field="purpose")
    consent.record(
        session,
        team_id=business.team_id,
        client_id=business.client_id,
        purpose=purpose,
        give=give,
        now=now,
        ip=ip,
    )
    if purpose == "termos" and not give:
        client = session.get(Client, business.client_id)
        assert client is not None
        end_client_sessions(
            session=session, phone=client.phone_e164, team_id=business.team_id, now=now
        )
        return True
    return False


def _request_rows(session: Session, business: Business) -> list[RequestRow]:
    rows = session.exec(
        select(DataRequest)
        .where(DataRequest.team_id == business.team_id, DataRequest.client_id == business.client_id)
        .order_by(col(DataRequest.id).desc())
    ).all()
    tz = _team(session, business).timezone
    return [
        RequestRow(
            id=r.id or 0,
            kind_label=REQUEST_LABELS.get(r.kind, r.kind),  # type: ignore[call-overload]
            message=r.message,
            created_label=fmt_date(r.created_at.astimezone(ZoneInfo(tz)).date()),
            due_label=fmt_date(r.due_on),
            status_label="Atendido" if r.status == "atendido" else "Em andamento",
            resolution=r.resolution,
        )
        for r in rows
    ]


def privacy(*, session: Session, business: Business) -> Privacy:
    team = _team(session, business)
    texts = {t.purpose: t for t in consent.team_texts(session, team_id=business.team_id)}
    states = consent.consent_states(session, team_id=business.team_id, client_id=business.client_id)
    cards = [
        PurposeCard(state=s, hint=PURPOSE_HINTS[s.purpose], text=texts[s.purpose])
        for s in states
        if s.purpose != "saude" or team.health_enabled or s.decided
    ]
    return Privacy(
        purposes=cards,
        log=client_log(session, team_id=business.team_id, client_id=business.client_id),
        requests=_request_rows(session, business),
        health_enabled=team.health_enabled,
    )


def request_change(
    *, session: Session, business: Business, kind: str, message: str, now: datetime
) -> RequestRow:
    """ "Pedir correção ou exclusão": tracked with its 15-day deadline for the owner."""
    if kind not in (DataRequestKind.CORRECTION, DataRequestKind.DELETION):
        raise Invalid("Escolha correção ou exclusão.", field="kind")
    text = (message or "").strip() if isinstance(message, str) else ""
    if len(text) < 5 or len(text) > 2000:
        raise Invalid("Descreva o pedido (5 a 2.000 caracteres).", field="message")
    open_count = session.exec(
        select(func.count())
        .select_from(DataRequest)
        .where(
            DataRequest.team_id == business.team_id,
            DataRequest.client_id == business.client_id,
            DataRequest.status == "aberto",
        )
    ).one()
    if open_count >= MAX_OPEN_REQUESTS:
        raise Conflict(
            "Você já tem 5 pedidos em andamento. Aguarde a resposta da equipe.", field="message"
        )
    tz = _team(session, business).timezone
    row = DataRequest(
        team_id=business.team_id,
        client_id=business.client_id,
        kind=kind,
        message=text,
        created_at=now,
        due_on=now.astimezone(ZoneInfo(tz)).date() + timedelta(days=REQUEST_DAYS),
    )
    session.add(row)
    session.flush()
    return _request_rows(session, business)[0]
