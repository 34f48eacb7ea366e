"""Staff login: passwords, throttling, single-use login tickets and server-side sessions.

The browser never holds anything but a random token in an HttpOnly cookie; the database keeps
only its keyed hash. Every event resolves the session again, so logout, expiry and revocation
take effect on the very next event in every tab.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from treinico.db import serialize
from treinico.models import LoginAttempt, LoginTicket, Membership, StaffSession, Team, User
from treinico.services.addresses import address_bucket
from treinico.services.errors import Invalid, NotFound, TooManyAttempts, Unauthenticated
from treinico.settings import get_settings

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2-cffi's defaults, or a cheap profile for test runs only (production refuses it:
    settings.check_for_production). A hash carries its own parameters, so either verifies."""
    if get_settings().argon2_profile == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both paths cost the same time."""
    return _hasher().hash("treinico-dummy-password")


LOGIN_WINDOW = timedelta(minutes=15)
# An account is never locked: after FREE_FAILURES_PER_EMAIL failures in the window, each
# attempt waits a delay that doubles with every further failure, up to MAX_ACCOUNT_DELAY, so
# the right password still gets in after a short wait (ASVS 5.0 6.3, NIST 800-63B 5.2.2). An
# address the account logged in from before skips that delay; the address's own limit holds.
FREE_FAILURES_PER_EMAIL = 5
MAX_ACCOUNT_DELAY = timedelta(seconds=30)
KNOWN_ADDRESS_DAYS = timedelta(days=30)
# One address (IPv6: its /64) that fails this often in the window waits for the window.
MAX_FAILURES_PER_IP = 30
# Failures across the whole install that raise an alarm in the log (never a block).
ALARM_FAILURES = 200
TICKET_TTL = timedelta(seconds=60)
LAST_SEEN_GRANULARITY = timedelta(seconds=60)
MIN_PASSWORD_LENGTH = 10
BAD_CREDENTIALS = "E-mail ou senha incorretos."
DEV_SECRET = "treinico-development-only-secret"  # noqa: S105  (never used in production)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"A senha precisa ter pelo menos {MIN_PASSWORD_LENGTH} caracteres.", field="password"
        )
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    """Keyed hash of a session token or ticket: a stolen table cannot be replayed."""
    secret = get_settings().session_secret or DEV_SECRET
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


@dataclass(frozen=True)
class TeamChoice:
    id: int
    name: str
    slug: str
    role: str


@dataclass(frozen=True)
class SessionView:
    session_id: int
    user_id: int
    user_name: str
    user_email: str
    team_id: int | None


def _normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def _failures(session: Session, *, since: datetime, **match: str) -> tuple[int, datetime | None]:
    """Failed attempts since ``since`` matching e-mail and/or address: (count, the latest)."""
    query = select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.at > since, ~col(LoginAttempt.success)
    )
    for name, value in match.items():
        query = query.where(getattr(LoginAttempt, name) == value)
    count, latest = session.exec(query).one()
    return int(count), latest


def account_delay(failures: int) -> timedelta:
    """How long after its latest failure an account waits, with ``failures`` in the window."""
    if failures < FREE_FAILURES_PER_EMAIL:
        return timedelta(0)
    doubling = min(failures - FREE_FAILURES_PER_EMAIL, 10)
    return min(MAX_ACCOUNT_DELAY, timedelta(seconds=2**doubling))


def _known_address(session: Session, *, email: str, bucket: str, now: datetime) -> bool:
    """The account logged in from this address (IPv6: this /64) in the last 30 days."""
    found = session.exec(
        select(LoginAttempt.id).where(
            LoginAttempt.email == email,
            LoginAttempt.ip == bucket,
            col(LoginAttempt.success),
            LoginAttempt.at > now - KNOWN_ADDRESS_DAYS,
        )
    ).first()
    return found is not None


_last_alarm: list[datetime] = []


def _alarm(session: Session, *, now: datetime) -> None:
    """A warning in the log when the install sees many failures (at most once a minute)."""
    if _last_alarm and now - _last_alarm[-1] < timedelta(minutes=1):
        return
    total, _latest = _failures(session, since=now - LOGIN_WINDOW)
    if total >= ALARM_FAILURES:
        _last_alarm[:] = [now]
        log.warning("many failed staff logins: %d in the last 15 minutes", total)


def _wait_phrase(wait: timedelta) -> str:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    return f"{seconds} segundo{'s' if seconds != 1 else ''}"


@dataclass(frozen=True)
class LoginResult:
    """A ticket on success; otherwise the error to show. Returned rather than raised so the
    caller's transaction commits the failed attempt that throttling counts."""

    ticket: str | None = None
    error: Invalid | None = None


def authenticate(
    *, session: Session, email: str, password: str, ip: str, now: datetime
) -> LoginResult:
    """Check e-mail and password; on success issue a single-use login ticket.

    Wrong e-mail and wrong password give the same message (no enumeration), and an unknown
    e-mail costs the same hashing time.

    ``ip`` is the client's real address (behind a trusted proxy, the one it forwarded); the
    limits count its bucket (``address_bucket``: IPv6 by /64).

    Raises:
        Invalid: e-mail or password left empty.
        TooManyAttempts: this address failed too often, or the account's growing delay after
            its recent failures has not passed yet (the password is not checked).
    """
    email_n = _normalise_email(email)
    if not email_n or not password:
        raise Invalid("Informe e-mail e senha.", field="email" if not email_n else "password")
    bucket = address_bucket(ip)
    # The limits count recorded failures: guesses arriving at once (over several workers)
    # would all count before any is recorded. One attempt at a time per e-mail and per
    # address, always taken in this order.
    serialize(session, f"staff-login-email:{email_n}")
    serialize(session, f"staff-login-ip:{bucket}")
    since = now - LOGIN_WINDOW
    by_ip, _latest = _failures(session, since=since, ip=bucket)
    if by_ip >= MAX_FAILURES_PER_IP:
        log.warning("staff login throttled for address %s", bucket)
        raise TooManyAttempts(
            "Muitas tentativas de acesso a partir desta rede. Aguarde 15 minutos e tente de novo."
        )
    by_email, latest = _failures(session, since=since, email=email_n)
    wait = (latest + account_delay(by_email) - now) if latest is not None else timedelta(0)
    if wait > timedelta(0) and not _known_address(session, email=email_n, bucket=bucket, now=now):
        raise TooManyAttempts(
            f"Muitas tentativas para este e-mail. Aguarde {_wait_phrase(wait)} e tente de novo."
        )
    user = session.exec(select(User).where(User.email == email_n)).first()
    ok = verify_password(user.password_hash if user else _dummy_hash(), password[:1024])
    if user is not None and (not user.active or (user.is_demo and get_settings().is_production)):
        ok = False
    session.add(LoginAttempt(email=email_n, ip=bucket, success=ok, at=now))
    if not ok or user is None or user.id is None:
        _alarm(session, now=now)
        return LoginResult(error=Invalid(BAD_CREDENTIALS, field="password"))
    ticket = new_token()
    session.add(
        LoginTicket(ticket_hash=token_hash(ticket), user_id=user.id, expires_at=now + TICKET_TTL)
    )
    return LoginResult(ticket=ticket)


def list_teams_for_user(*, session: Session, user_id: int) -> list[TeamChoice]:
    rows = session.exec(
        select(Team, Membership)
        .join(Membership, Membership.team_id == Team.id)  # type: ignore[arg-type]
        .where(Membership.user_id == user_id)
        .order_by(Team.name)
    ).all()
    return [TeamChoice(id=t.id or 0, name=t.name, slug=t.slug, role=m.role) for t, m in rows]


def consume_ticket(*, session: Session, model: Any, ticket: str, now: datetime) -> Any:
    """Mark a single-use ticket (LoginTicket or PortalTicket) used and return its row.

    A conditional UPDATE decides: of two concurrent redemptions exactly one wins.

    Raises:
        Unauthenticated: unknown, used or expired ticket.
    """
    if not ticket or len(ticket) > 128:
        raise Unauthenticated("Link de acesso inválido. Entre novamente.")
    th = token_hash(ticket)
    result = session.execute(
        update(model)
        .where(model.ticket_hash == th, model.used_at.is_(None), model.expires_at > now)
        .values(used_at=now)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Unauthenticated("Link de acesso inválido ou expirado. Entre novamente.")
    return session.exec(select(model).where(model.ticket_hash == th)).one()


def redeem_ticket(*, session: Session, ticket: str, now: datetime) -> str:
    """Trade a login ticket for a fresh session token (returned once, stored hashed).

    The ticket is marked used by a conditional UPDATE: two concurrent redemptions make one
    session.

    Raises:
        Unauthenticated: unknown, used or expired ticket.
    """
    row = consume_ticket(session=session, model=LoginTicket, ticket=ticket, now=now)
    teams = list_teams_for_user(session=session, user_id=row.user_id)
    settings = get_settings()
    token = new_token()
    session.add(
        StaffSession(
            token_hash=token_hash(token),
            user_id=row.user_id,
            team_id=teams[0].id if len(teams) == 1 else None,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.staff_session_max_hours),
        )
    )
    return token


def resolve_session(
    *, session: Session, token: str | None, now: datetime, touch: bool = True
) -> SessionView:
    """The live session behind a cookie token, or Unauthenticated.

    Enforces revocation, absolute lifetime and idle timeout on the server. ``touch=False``
    (a page's polling tick) checks without counting as activity, so an open tab left alone
    still reaches the idle timeout.
    """
    if not token or len(token) > 128:
        raise Unauthenticated()
    row = session.exec(
        select(StaffSession, User)
        .join(User, User.id == StaffSession.user_id)  # type: ignore[arg-type]
        .where(StaffSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise Unauthenticated()
    staff_session, user = row
    idle = timedelta(minutes=get_settings().staff_session_idle_minutes)
    if (
        staff_session.revoked_at is not None
        or staff_session.expires_at <= now
        or staff_session.last_seen_at + idle <= now
        or not user.active
    ):
        raise Unauthenticated()
    if touch and now - staff_session.last_seen_at >= LAST_SEEN_GRANULARITY:
        staff_session.last_seen_at = now
        session.add(staff_session)
    return SessionView(
        session_id=staff_session.id or 0,
        user_id=user.id or 0,
        user_name=user.name,
        user_email=user.email,
        team_id=staff_session.team_id,
    )


def choose_team(*, session: Session, token: str, team_id: int, now: datetime) -> TeamChoice:
    """Point the session at one of the user's teams (checked against memberships)."""
    view = resolve_session(session=session, token=token, now=now)
    for team in list_teams_for_user(session=session, user_id=view.user_id):
        if team.id == team_id:
            staff_session = session.get(StaffSession, view.session_id)
            assert staff_session is not None
            staff_session.team_id = team_id
            session.add(staff_session)
            return team
    raise NotFound("Equipe não encontrada.")


def logout(*, session: Session, token: str | None, now: datetime) -> None:
    """Revoke the session behind ``token``; a no-op for unknown tokens."""
    if not token or len(token) > 128:
        return
    session.execute(
        update(StaffSession)
        .where(col(StaffSession.token_hash) == token_hash(token))
        .where(col(StaffSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def revoke_user_sessions(*, session: Session, user_id: int, now: datetime) -> int:
    result = session.execute(
        update(StaffSession)
        .where(col(StaffSession.user_id) == user_id, col(StaffSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
