"""Consent (LGPD art. 7, 8 and 11): the teams' versioned texts and the append-only ledger.

A purpose's state is its newest ledger row. ``termos`` must be given on the *current* text
to use the portal; ``saude`` is asked when the team has the Saúde module on; ``marketing``
is opt-in. Giving twice or revoking twice writes nothing (a double tap is one event).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from treinico.models import Client, ConsentEvent, ConsentPurpose, ConsentText, Team
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_datetime
from treinico.services.permissions import Perm
from treinico.services.privacy.consent_texts import DEFAULT_TEXTS, PURPOSE_LABELS

GIVEN = "concedido"
REVOKED = "revogado"
CHANNEL_PORTAL = "portal"
CHANNEL_STAFF = "equipe"
PURPOSES: tuple[str, ...] = tuple(p.value for p in ConsentPurpose)
MAX_TITLE = 120
MAX_BODY = 20_000


@dataclass(frozen=True)
class TextView:
    purpose: str
    label: str
    version: int
    title: str
    body: str
    published_label: str


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    label: str
    given: bool
    decided: bool  # some answer was recorded
    on_current_text: bool
    text_version: int
    current_version: int
    at_label: str
    channel_label: str  # "pelo portal" | "presencial, registrado por Dra. Marina Prado"


@dataclass(frozen=True)
class LedgerRow:
    purpose_label: str
    action: str
    text_version: int
    at_label: str
    channel_label: str


def _purpose(raw: object) -> str:
    if not isinstance(raw, str) or raw not in PURPOSES:
        raise Invalid("Finalidade desconhecida.", field="purpose")
    return raw


def current_text(session: Session, *, team_id: int, purpose: str) -> ConsentText:
    """The newest text of ``purpose`` for the team; the default is published as version 1
    the first time anyone needs it."""
    row = session.exec(
        select(ConsentText)
        .where(ConsentText.team_id == team_id, ConsentText.purpose == purpose)
        .order_by(col(ConsentText.version).desc())
    ).first()
    if row is not None:
        return row
    title, body = DEFAULT_TEXTS[purpose]
    team = session.get(Team, team_id)
    name = team.name if team is not None else "o negócio"
    row = ConsentText(
        team_id=team_id,
        purpose=purpose,
        version=1,
        title=title,
        body=body.replace("{negocio}", name),
        created_by_name="Texto padrão do Treinico",
        created_at=team.created_at if team is not None else datetime.now().astimezone(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # published by a concurrent request a moment ago
        return current_text(session, team_id=team_id, purpose=purpose)
    return row


def _text_view(row: ConsentText, tz: str) -> TextView:
    return TextView(
        purpose=row.purpose,
        label=PURPOSE_LABELS[row.purpose],
        version=row.version,
        title=row.title,
        body=row.body,
        published_label=fmt_datetime(row.created_at, tz),
    )


def team_texts(session: Session, *, team_id: int) -> list[TextView]:
    team = session.get(Team, team_id)
    tz = team.timezone if team is not None else "America/Sao_Paulo"
    return [_text_view(current_text(session, team_id=team_id, purpose=p), tz) for p in PURPOSES]


def list_texts(*, session: Session, actor: Actor) -> list[TextView]:
    actor.require(Perm.PRIVACY_MANAGE)
    return team_texts(session, team_id=actor.team_id)


def publish_text(
    *, session: Session, actor: Actor, purpose: str, title: str, body: str, now: datetime
) -> TextView:
    """A new version of the team's text. Consents already given keep pointing at the
    version they accepted; a new ``termos`` version is asked again at the next portal entry."""
    actor.require(Perm.PRIVACY_MANAGE)
    purpose = _purpose(purpose)
    title = (title or "").strip()
    body = (body or "").strip()
    problems = {}
    if not title or len(title) > MAX_TITLE:
        problems["title"] = f"Informe um título de até {MAX_TITLE} caracteres."
    if len(body) < 20 or len(body) > MAX_BODY:
        problems["body"] = "O texto precisa ter entre 20 e 20.000 caracteres."
    if problems:
        raise Invalid(next(iter(problems.values())), fields=problems)
    latest = current_text(session, team_id=actor.team_id, purpose=purpose)
    row = ConsentText(
        team_id=actor.team_id,
        purpose=purpose,
        version=latest.version + 1,
        title=title,
        body=body,
        created_by_name=actor.name,
        created_at=now,
    )
    session.add(row)
    session.flush()
    team = session.get(Team, actor.team_id)
    return _text_view(row, team.timezone if team else "America/Sao_Paulo")


def _latest_events(session: Session, team_id: int, client_id: int) -> dict[str, ConsentEvent]:
    rows = session.exec(
        select(ConsentEvent)
        .where(ConsentEvent.team_id == team_id, ConsentEvent.client_id == client_id)
        .order_by(col(ConsentEvent.id))
    ).all()
    return {row.purpose: row for row in rows}  # the last one per purpose wins


def _channel_label(row: ConsentEvent) -> str:
    if row.channel == CHANNEL_STAFF:
        return f"presencial, registrado por {row.staff_name}"
    return "pela área do cliente"


def consent_states(session: Session, *, team_id: int, client_id: int) -> list[ConsentState]:
    team = session.get(Team, team_id)
    tz = team.timezone if team is not None else "America/Sao_Paulo"
    latest = _latest_events(session, team_id, client_id)
    states = []
    for purpose in PURPOSES:
        text = current_text(session, team_id=team_id, purpose=purpose)
        row = latest.get(purpose)
        states.append(
            ConsentState(
                purpose=purpose,
                label=PURPOSE_LABELS[purpose],
                given=row is not None and row.action == GIVEN,
                decided=row is not None,
                on_current_text=row is not None and row.text_id == text.id,
                text_version=row.text_version if row is not None else 0,
                current_version=text.version,
                at_label=fmt_datetime(row.at, tz) if row is not None else "",
                channel_label=_channel_label(row) if row is not None else "",
            )
        )
    return states


def latest_event(
    session: Session, *, team_id: int, client_id: int, purpose: str
) -> ConsentEvent | None:
    """The client's newest ledger row for ``purpose`` (their current answer), or None."""
    return session.exec(
        select(ConsentEvent)
        .where(
            ConsentEvent.team_id == team_id,
            ConsentEvent.client_id == client_id,
            ConsentEvent.purpose == purpose,
        )
        .order_by(col(ConsentEvent.id).desc())
    ).first()


def has_consent(session: Session, *, team_id: int, client_id: int, purpose: str) -> bool:
    row = latest_event(session, team_id=team_id, client_id=client_id, purpose=purpose)
    return row is not None and row.action == GIVEN


def needs_terms(session: Session, *, team_id: int, client_id: int) -> bool:
    """True until the client has given ``termos`` on the team's current text."""
    row = latest_event(
        session, team_id=team_id, client_id=client_id, purpose=ConsentPurpose.TERMOS.value
    )
    if row is None or row.action != GIVEN:
        return True
    text = current_text(session, team_id=team_id, purpose=ConsentPurpose.TERMOS.value)
    return row.text_id != text.id


def record(
    session: Session,
    *,
    team_id: int,
    client_id: int,
    purpose: str,
    give: bool,
    now: datetime,
    channel: str = CHANNEL_PORTAL,
    staff: Actor | None = None,
    ip: str = "",
) -> bool:
    """Append a ledger row unless it would repeat the current state. Returns True when a
    row was written. The client's row is locked, so a double submit writes once."""
    purpose = _purpose(purpose)
    client = session.exec(
        select(Client)
        .where(col(Client.id) == client_id, col(Client.team_id) == team_id)
        .with_for_update()
    ).first()
    if client is None or client.anonymised_at is not None:
        raise NotFound("Cliente não encontrado.")
    text = current_text(session, team_id=team_id, purpose=purpose)
    latest = _latest_events(session, team_id, client_id).get(purpose)
    action = GIVEN if give else REVOKED
    if latest is not None and latest.action == action and (not give or latest.text_id == text.id):
        return False
    session.add(
        ConsentEvent(
            team_id=team_id,
            client_id=client_id,
            purpose=purpose,
            text_id=text.id or 0,
            text_version=text.version,
            action=action,
            channel=channel,
            staff_user_id=staff.user_id if staff is not None else None,
            staff_name=staff.name if staff is not None else "",
            ip=(ip or "")[:64],
            at=now,
        )
    )
    session.flush()
    return True


def ledger(session: Session, *, team_id: int, client_id: int) -> list[LedgerRow]:
    team = session.get(Team, team_id)
    tz = team.timezone if team is not None else "America/Sao_Paulo"
    rows = session.exec(
        select(ConsentEvent)
        .where(ConsentEvent.team_id == team_id, ConsentEvent.client_id == client_id)
        .order_by(col(ConsentEvent.id).desc())
    ).all()
    return [
        LedgerRow(
            purpose_label=PURPOSE_LABELS[r.purpose],
            action="Concedido" if r.action == GIVEN else "Revogado",
            text_version=r.text_version,
            at_label=fmt_datetime(r.at, tz),
            channel_label=_channel_label(r),
        )
        for r in rows
    ]


# --- staff side -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientConsents:
    states: list[ConsentState]
    history: list[LedgerRow]


def _staff_client(session: Session, actor: Actor, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.team_id != actor.team_id:
        raise NotFound("Cliente não encontrado.")
    return client


def client_consents(*, session: Session, actor: Actor, client_id: int) -> ClientConsents:
    actor.require(Perm.CLIENTS_READ)
    _staff_client(session, actor, client_id)
    return ClientConsents(
        states=consent_states(session, team_id=actor.team_id, client_id=client_id),
        history=ledger(session, team_id=actor.team_id, client_id=client_id),
    )


def record_in_person(
    *, session: Session, actor: Actor, client_id: int, purpose: str, give: bool, now: datetime
) -> ClientConsents:
    """A consent given (or withdrawn) in person, recorded by staff on the client's behalf;
    the ledger names who recorded it."""
    actor.require(Perm.CLIENTS_WRITE)
    client = _staff_client(session, actor, client_id)
    written = record(
        session,
        team_id=actor.team_id,
        client_id=client_id,
        purpose=purpose,
        give=give,
        now=now,
        channel=CHANNEL_STAFF,
        staff=actor,
    )
    if written and purpose == ConsentPurpose.TERMOS and not give:
        # As when the client revokes in the portal: their sessions here end at once.
        from treinico.services.auth.portal import end_client_sessions

        end_client_sessions(
            session=session, phone=client.phone_e164, team_id=client.team_id, now=now
        )
    return client_consents(session=session, actor=actor, client_id=client_id)
