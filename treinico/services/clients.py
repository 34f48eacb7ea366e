"""Clients of a team: list with search and pagination, create, edit, archive."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from treinico.models import Client
from treinico.services.actor import Actor
from treinico.services.errors import Conflict, Invalid, NotFound
from treinico.services.formatting import fmt_date, parse_date
from treinico.services.permissions import Perm
from treinico.services.phones import display_phone, parse_mobile
from treinico.services.text import clean, fold

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
DUPLICATE_PHONE = "Já existe um cliente com este WhatsApp nesta equipe."
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ClientInput:
    """What a person typed in the client form, as text."""

    name: str = ""
    phone: str = ""
    email: str = ""
    birth_date: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ClientView:
    id: int
    name: str
    phone_e164: str
    phone_display: str
    email: str
    birth_date: str  # ISO, for the form
    birth_date_display: str
    notes: str
    archived: bool
    anonymised: bool = False


@dataclass(frozen=True)
class ClientPage:
    rows: list[ClientView]
    total: int
    page: int
    pages: int
    page_size: int


def _view(c: Client) -> ClientView:
    return ClientView(
        id=c.id or 0,
        name=c.name,
        phone_e164=c.phone_e164,
        phone_display=display_phone(c.phone_e164),
        email=c.email or "",
        birth_date=c.birth_date.isoformat() if c.birth_date else "",
        birth_date_display=fmt_date(c.birth_date),
        notes=c.notes,
        archived=c.archived,
        anonymised=c.anonymised_at is not None,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _validate(data: ClientInput, *, today: date) -> tuple[str, str, str | None, date | None, str]:
    errors: dict[str, str] = {}
    name = clean(data.name, max_len=120)
    if len(name) < 2:
        errors["name"] = "Informe o nome do cliente."
    phone = ""
    try:
        phone = parse_mobile(data.phone)
    except Invalid as exc:
        errors["phone"] = exc.message
    email = clean(data.email, max_len=254).lower() or None
    if email and not _EMAIL.match(email):
        errors["email"] = "E-mail inválido."
    birth: date | None = None
    try:
        birth = parse_date(data.birth_date)
    except ValueError:
        errors["birth_date"] = "Data inválida. Use dd/mm/aaaa."
    if birth and (birth > today or birth.year < 1900):
        errors["birth_date"] = "Data de nascimento fora do intervalo."
    notes = (data.notes or "").strip()[:4000]
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    return name, phone, email, birth, notes


def _get(session: Session, actor: Actor, client_id: int) -> Client:
    if not isinstance(client_id, int) or isinstance(client_id, bool):
        raise NotFound("Cliente não encontrado.")
    client = session.exec(
        select(Client).where(Client.id == client_id, Client.team_id == actor.team_id)
    ).first()
    if client is None:
        raise NotFound("Cliente não encontrado.")
    return client


def _phone_taken(session: Session, team_id: int, phone: str, except_id: int | None) -> bool:
    query = select(Client.id).where(Client.team_id == team_id, Client.phone_e164 == phone)
    if except_id is not None:
        query = query.where(Client.id != except_id)
    return session.exec(query).first() is not None


def list_clients(
    *,
    session: Session,
    actor: Actor,
    query: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
    include_archived: bool = False,
) -> ClientPage:
    """One page of the team's clients, by name, filtered by name or phone digits."""
    actor.require(Perm.CLIENTS_READ)
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    conditions = [col(Client.team_id) == actor.team_id]
    if not include_archived:
        conditions.append(~col(Client.archived))
    text = clean(query, max_len=80)
    if text:
        folded = _escape_like(fold(text))
        digits = re.sub(r"\D", "", text)
        options = [col(Client.name_search).like(f"%{folded}%", escape="\\")]
        if len(digits) >= 3:
            options.append(col(Client.phone_e164).like(f"%{digits}%"))
        conditions.append(or_(*options))
    total = int(session.exec(select(func.count()).select_from(Client).where(*conditions)).one())
    pages = max(1, -(-total // page_size))
    page = max(1, min(int(page), pages))
    rows = session.exec(
        select(Client)
        .where(*conditions)
        .order_by(col(Client.name_search), col(Client.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return ClientPage(
        rows=[_view(c) for c in rows], total=total, page=page, pages=pages, page_size=page_size
    )


def get_client(*, session: Session, actor: Actor, client_id: int) -> ClientView:
    actor.require(Perm.CLIENTS_READ)
    return _view(_get(session, actor, client_id))


def create_client(
    *, session: Session, actor: Actor, data: ClientInput, now: datetime
) -> ClientView:
    """Create a client. The WhatsApp number is unique inside the team.

    Raises:
        Forbidden: no clients.write.
        Invalid: field errors in ``fields``.
        Conflict: the phone already belongs to a client of this team.
    """
    actor.require(Perm.CLIENTS_WRITE)
    name, phone, email, birth, notes = _validate(data, today=now.date())
    if _phone_taken(session, actor.team_id, phone, None):
        raise Conflict(DUPLICATE_PHONE, field="phone")
    client = Client(
        team_id=actor.team_id,
        name=name,
        name_search=fold(name),
        phone_e164=phone,
        email=email,
        birth_date=birth,
        notes=notes,
        created_at=now,
        updated_at=now,
    )
    session.add(client)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # A concurrent create with the same phone won the race: the constraint decides.
        raise Conflict(DUPLICATE_PHONE, field="phone") from None
    return _view(client)


def update_client(
    *, session: Session, actor: Actor, client_id: int, data: ClientInput, now: datetime
) -> ClientView:
    actor.require(Perm.CLIENTS_WRITE)
    client = _get(session, actor, client_id)
    name, phone, email, birth, notes = _validate(data, today=now.date())
    if _phone_taken(session, actor.team_id, phone, client.id):
        raise Conflict(DUPLICATE_PHONE, field="phone")
    client.name = name
    client.name_search = fold(name)
    client.phone_e164 = phone
    client.email = email
    client.birth_date = birth
    client.notes = notes
    client.updated_at = now
    session.add(client)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(DUPLICATE_PHONE, field="phone") from None
    return _view(client)


def set_client_archived(
    *, session: Session, actor: Actor, client_id: int, archived: bool, now: datetime
) -> ClientView:
    actor.require(Perm.CLIENTS_WRITE)
    client = _get(session, actor, client_id)
    client.archived = bool(archived)
    client.updated_at = now
    session.add(client)
    return _view(client)
