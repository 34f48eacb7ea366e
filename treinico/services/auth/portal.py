"""Client portal login with a 6-digit code sent over WhatsApp, and portal sessions.

Rules (SECURITY.md): codes from ``secrets``, stored as an HMAC bound to the phone, valid 10
minutes, single use, 5 wrong tries per code, failures limited per phone per hour; sending
limited per phone, per address and per day before any message leaves; the same answer whether
or not the phone belongs to a client (unknown phones get no message).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from treinico.db import serialize
from treinico.models import (
    Client,
    LoginChallenge,
    PortalSession,
    PortalTicket,
    Team,
    WhatsAppOutbox,
)
from treinico.services.auth.staff import DEV_SECRET, consume_ticket, new_token, token_hash
from treinico.services.errors import Invalid, NotFound, TooManyAttempts, Unauthenticated
from treinico.services.phones import display_phone, parse_mobile
from treinico.settings import get_settings

TICKET_TTL = timedelta(seconds=60)
LAST_SEEN_GRANULARITY = timedelta(seconds=60)
CODE_INVALID = "Código incorreto ou expirado. Confira o código ou peça um novo."
CODE_EXPIRED = "Este código expirou. Peça um novo código."
CODE_LOCKED = "Você errou o código muitas vezes. Peça um novo código."


@dataclass(frozen=True)
class CodeRequest:
    """A challenge was created. ``code`` is set only when a message must actually be sent."""

    challenge_id: int
    phone_e164: str
    phone_display: str
    code: str | None
    cooldown_seconds: int


@dataclass(frozen=True)
class PortalView:
    session_id: int
    phone_e164: str
    team_id: int | None


@dataclass(frozen=True)
class Business:
    team_id: int
    name: str
    slug: str
    client_id: int
    client_name: str
    health_enabled: bool = False  # the team keeps health records (the Saúde module)


def code_hmac(phone: str, code: str) -> str:
    secret = get_settings().session_secret or DEV_SECRET
    return hmac.new(
        secret.encode(), f"login-code:{phone}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _count(session: Session, *where: object) -> int:
    return int(
        session.exec(select(func.count()).select_from(LoginChallenge).where(*where)).one()  # type: ignore[arg-type]
    )


def request_code(*, session: Session, phone: str, ip: str, now: datetime) -> CodeRequest:
    """Create a login challenge for ``phone`` after checking every sending limit.

    Raises:
        Invalid: not a Brazilian mobile number (``fields["phone"]``).
        TooManyAttempts: a sending limit tripped; nothing is sent.
    """
    settings = get_settings()
    e164 = parse_mobile(phone)
    ip = (ip or "?")[:64]
    # The limits below count rows: two workers counting at once would both pass. One code
    # request at a time, installation-wide (they are few, and each is a short transaction).
    serialize(session, "portal-code-requests")
    # The daily budget is the installation's WhatsApp spend: notices and reminders sent
    # count in it too.
    texts_today = session.execute(
        select(func.count())
        .select_from(WhatsAppOutbox)
        .where(col(WhatsAppOutbox.sent_at) > now - timedelta(days=1))
    ).scalar_one()
    if _count(session, col(LoginChallenge.created_at) > now - timedelta(days=1)) + int(
        texts_today
    ) >= (settings.login_sends_per_day):
        raise TooManyAttempts("O envio de códigos está temporariamente limitado. Tente mais tarde.")
    if (
        _count(
            session,
            col(LoginChallenge.ip) == ip,
            col(LoginChallenge.created_at) > now - timedelta(hours=1),
        )
        >= settings.login_sends_per_ip_hour
    ):
        raise TooManyAttempts("Muitos pedidos de código desta rede. Tente de novo mais tarde.")
    recent = session.exec(
        select(LoginChallenge.created_at)
        .where(
            col(LoginChallenge.phone_e164) == e164,
            col(LoginChallenge.created_at) > now - timedelta(minutes=10),
        )
        .order_by(col(LoginChallenge.created_at).desc())
    ).all()
    if len(recent) >= settings.login_sends_per_phone:
        raise TooManyAttempts("Você já pediu vários códigos. Aguarde alguns minutos.")
    cooldown = timedelta(seconds=settings.login_send_cooldown_seconds)
    if recent and now - recent[0] < cooldown:
        wait = int((cooldown - (now - recent[0])).total_seconds()) + 1
        raise TooManyAttempts(f"Aguarde {wait} segundos para pedir outro código.")
    known = (
        session.exec(
            select(Client.id).where(col(Client.phone_e164) == e164, ~col(Client.archived))
        ).first()
        is not None
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    challenge = LoginChallenge(
        phone_e164=e164,
        code_hmac=code_hmac(e164, code),
        known=known,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.login_code_minutes),
        ip=ip,
    )
    session.add(challenge)
    session.flush()
    return CodeRequest(
        challenge_id=challenge.id or 0,
        phone_e164=e164,
        phone_display=display_phone(e164),
        code=code if known else None,
        cooldown_seconds=settings.login_send_cooldown_seconds,
    )


def mark_send_failed(*, session: Session, challenge_id: int) -> None:
    """The message did not leave: the code can never be used."""
    session.execute(
        update(LoginChallenge)
        .where(col(LoginChallenge.id) == challenge_id)
        .values(send_failed=True)
    )


@dataclass(frozen=True)
class VerifyResult:
    """A portal ticket on success, else the error. A wrong try is returned rather than
    raised so the caller's transaction commits the attempt that the limits count."""

    ticket: str | None = None
    error: Invalid | None = None


def verify_code(*, session: Session, challenge_id: int, code: str, now: datetime) -> VerifyResult:
    """Check a typed code against its challenge; on success issue a single-use portal
    ticket. Of two concurrent correct submissions exactly one succeeds; the 6th try fails
    even with the right code.

    Raises:
        Invalid: wrong, expired, used or locked code (``fields["code"]``).
        TooManyAttempts: too many failures for this phone in the last hour.
    """
    settings = get_settings()
    typed = "".join(ch for ch in (code or "") if ch.isdigit())[:6]
    challenge = session.get(LoginChallenge, challenge_id) if challenge_id else None
    if challenge is None:
        raise Invalid(CODE_INVALID, field="code")
    failures = int(
        session.exec(
            select(func.coalesce(func.sum(LoginChallenge.attempts), 0)).where(
                col(LoginChallenge.phone_e164) == challenge.phone_e164,
                col(LoginChallenge.created_at) > now - timedelta(hours=1),
            )
        ).one()
    )
    if failures >= settings.login_failures_per_phone_hour:
        raise TooManyAttempts("Muitas tentativas erradas. Aguarde uma hora e peça um novo código.")
    if challenge.consumed_at is not None:
        raise Invalid(CODE_INVALID, field="code")
    if challenge.expires_at <= now:
        raise Invalid(CODE_EXPIRED, field="code")
    if challenge.attempts >= settings.login_code_max_attempts:
        raise Invalid(CODE_LOCKED, field="code")
    right = len(typed) == 6 and hmac.compare_digest(
        challenge.code_hmac, code_hmac(challenge.phone_e164, typed)
    )
    # A code whose send failed for good never logs in; its tries are counted and answered
    # exactly like an unknown phone's, so a failed send does not tell that the phone is a
    # client's.
    if right and challenge.known and not challenge.send_failed:
        won = session.execute(
            update(LoginChallenge)
            .where(
                col(LoginChallenge.id) == challenge.id,
                col(LoginChallenge.consumed_at).is_(None),
                col(LoginChallenge.attempts) < settings.login_code_max_attempts,
                col(LoginChallenge.expires_at) > now,
            )
            .values(consumed_at=now)
        )
        if won.rowcount == 1:  # type: ignore[attr-defined]
            ticket = new_token()
            session.add(
                PortalTicket(
                    ticket_hash=token_hash(ticket),
                    phone_e164=challenge.phone_e164,
                    expires_at=now + TICKET_TTL,
                )
            )
            return VerifyResult(ticket=ticket)
        raise Invalid(CODE_INVALID, field="code")
    tries_before = challenge.attempts
    session.execute(
        update(LoginChallenge)
        .where(col(LoginChallenge.id) == challenge.id, col(LoginChallenge.consumed_at).is_(None))
        .values(attempts=LoginChallenge.attempts + 1)
    )
    left = settings.login_code_max_attempts - tries_before - 1
    if left <= 0:
        return VerifyResult(error=Invalid(CODE_LOCKED, field="code"))
    plural = "tentativa" if left == 1 else "tentativas"
    return VerifyResult(
        error=Invalid(f"Código incorreto. Você ainda tem {left} {plural}.", field="code")
    )


def businesses_for_phone(*, session: Session, phone: str) -> list[Business]:
    """The teams where ``phone`` is an active client."""
    rows = session.exec(
        select(Team, Client)
        .join(Client, col(Client.team_id) == col(Team.id))
        .where(col(Client.phone_e164) == phone, ~col(Client.archived))
        .order_by(col(Team.name))
    ).all()
    return [
        Business(
            team_id=t.id or 0,
            name=t.name,
            slug=t.slug,
            client_id=c.id or 0,
            client_name=c.name,
            health_enabled=t.health_enabled,
        )
        for t, c in rows
    ]


def redeem_portal_ticket(
    *, session: Session, ticket: str, now: datetime
) -> tuple[str, list[Business]]:
    """Trade a portal ticket for a fresh session token; picks the team when there is one."""
    row = consume_ticket(session=session, model=PortalTicket, ticket=ticket, now=now)
    businesses = businesses_for_phone(session=session, phone=row.phone_e164)
    settings = get_settings()
    token = new_token()
    session.add(
        PortalSession(
            token_hash=token_hash(token),
            phone_e164=row.phone_e164,
            team_id=businesses[0].team_id if len(businesses) == 1 else None,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(days=settings.portal_session_days),
        )
    )
    return token, businesses


def resolve_portal_session(
    *, session: Session, token: str | None, now: datetime, touch: bool = True
) -> PortalView:
    """The live portal session behind a cookie token (idle and absolute limits enforced).
    ``touch=False`` (a polling tick) does not count as activity."""
    if not token or len(token) > 128:
        raise Unauthenticated()
    row = session.exec(
        select(PortalSession).where(PortalSession.token_hash == token_hash(token))
    ).first()
    idle = timedelta(days=get_settings().portal_idle_days)
    if (
        row is None
        or row.revoked_at is not None
        or row.expires_at <= now
        or row.last_seen_at + idle <= now
    ):
        raise Unauthenticated()
    if touch and now - row.last_seen_at >= LAST_SEEN_GRANULARITY:
        row.last_seen_at = now
        session.add(row)
    return PortalView(session_id=row.id or 0, phone_e164=row.phone_e164, team_id=row.team_id)


def current_business(
    *,
    session: Session,
    token: str | None,
    now: datetime,
    slug: str | None = None,
    touch: bool = True,
) -> Business:
    """The business the portal session works in, re-validated against the clients table.

    With ``slug`` (the business in the address bar) the session moves to that business if the
    phone is a client there; otherwise NotFound. Without a valid choice: NotFound.
    """
    return current_business_among(session=session, token=token, now=now, slug=slug, touch=touch)[0]


def current_business_among(
    *,
    session: Session,
    token: str | None,
    now: datetime,
    slug: str | None = None,
    touch: bool = True,
) -> tuple[Business, list[Business]]:
    """``current_business`` and every business of the phone (the header's "Trocar de
    negócio"), from one resolution of the session."""
    view = resolve_portal_session(session=session, token=token, now=now, touch=touch)
    businesses = businesses_for_phone(session=session, phone=view.phone_e164)
    wanted = None
    if slug:
        wanted = next((b for b in businesses if b.slug == slug), None)
        if wanted is None:
            raise NotFound("Você não é cliente deste negócio.")
    else:
        wanted = next((b for b in businesses if b.team_id == view.team_id), None)
        if wanted is None:
            raise NotFound("Escolha o negócio.")
    if view.team_id != wanted.team_id:
        row = session.get(PortalSession, view.session_id)
        assert row is not None
        row.team_id = wanted.team_id
        session.add(row)
    return wanted, businesses


def held_rows(*, session: Session, business: Business) -> tuple[Team, Client]:
    """The business's team and client rows, for the caller to hold while its unit of work
    runs: the session's identity map keeps rows only while something references them, so
    with these held every later ``session.get(Team | Client)`` of the page's services is
    answered from memory instead of by another statement."""
    team, client = session.get(Team, business.team_id), session.get(Client, business.client_id)
    if team is None or client is None:
        raise NotFound("Escolha o negócio.")
    return team, client


def list_my_businesses(*, session: Session, token: str | None, now: datetime) -> list[Business]:
    view = resolve_portal_session(session=session, token=token, now=now)
    return businesses_for_phone(session=session, phone=view.phone_e164)


def logout_portal(*, session: Session, token: str | None, now: datetime) -> None:
    if not token or len(token) > 128:
        return
    session.execute(
        update(PortalSession)
        .where(
            col(PortalSession.token_hash) == token_hash(token),
            col(PortalSession.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )


def public_business(*, session: Session, slug: str) -> tuple[str, str]:
    """Name and slug of the business at ``/{slug}``."""
    team = session.exec(select(Team).where(Team.slug == (slug or "")[:60].lower())).first()
    if team is None:
        raise NotFound("Página não encontrada.")
    return team.name, team.slug


def end_client_sessions(*, session: Session, phone: str, team_id: int, now: datetime) -> int:
    """End the portal sessions of ``phone`` working in ``team_id``'s business (its terms
    revoked, the client anonymised), on every device; the person logs in again. A team ends
    only its own: the same phone's sessions in other businesses carry on. One of them that
    moves to this business later meets that business's gate again (the terms screen; an
    anonymised client is no longer found there). Takes effect on the next event."""
    result = session.execute(
        update(PortalSession)
        .where(
            col(PortalSession.phone_e164) == phone,
            col(PortalSession.team_id) == team_id,
            col(PortalSession.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
