"""Staff login, tickets and sessions (SECURITY.md: sessions)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import PASSWORD, make_member, make_team
from treinico.db import unit_of_work
from treinico.models import LoginAttempt, StaffSession
from treinico.services.auth import staff as auth
from treinico.services.errors import Invalid, NotFound, TooManyAttempts, Unauthenticated
from treinico.settings import get_settings


def _login(db: Engine, email: str, password: str = PASSWORD, ip: str = "10.0.0.1", now=NOW):
    with unit_of_work(db) as s:
        return auth.authenticate(session=s, email=email, password=password, ip=ip, now=now)


def _session_token(db: Engine, email: str, now=NOW) -> str:
    result = _login(db, email, now=now)
    assert result.ticket
    with unit_of_work(db) as s:
        return auth.redeem_ticket(session=s, ticket=result.ticket, now=now)


def test_right_password_gives_ticket_and_session(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    token = _session_token(db, owner.owner_email)
    with unit_of_work(db) as s:
        view = auth.resolve_session(session=s, token=token, now=NOW)
    assert view.user_id == owner.owner.user_id
    assert view.team_id == owner.team.id  # one team: chosen automatically


def test_email_is_case_insensitive(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    assert _login(db, owner.owner_email.upper()).ticket


def test_wrong_password_and_unknown_email_get_the_same_answer(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    wrong = _login(db, owner.owner_email, password="senha-errada-123")
    unknown = _login(db, "ninguem@exemplo.com.br")
    assert wrong.ticket is None and unknown.ticket is None
    assert wrong.error is not None and unknown.error is not None
    assert wrong.error.message == unknown.error.message == "E-mail ou senha incorretos."
    assert wrong.error.fields == unknown.error.fields


def test_failed_attempts_are_recorded(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    _login(db, owner.owner_email, password="senha-errada-123")
    with unit_of_work(db) as s:
        rows = s.exec(select(LoginAttempt)).all()
    assert [(r.email, r.success) for r in rows] == [(owner.owner_email, False)]


def test_after_five_failures_the_account_waits_a_growing_delay_never_a_lock(
    db: Engine, session: Session
) -> None:
    """Within the delay even the right password is refused (and not checked); after it, the
    right password gets in. Each failure doubles the delay, up to 30 s."""
    owner = make_team(session)
    session.commit()
    at = NOW
    for i in range(auth.FREE_FAILURES_PER_EMAIL):
        at = NOW + timedelta(seconds=i)
        _login(db, owner.owner_email, password=f"errada-{i:06d}", now=at)
    with pytest.raises(TooManyAttempts) as refused:
        _login(db, owner.owner_email, now=at + timedelta(milliseconds=500))
    assert "Aguarde 1 segundo" in refused.value.message
    # Ten more failures, each after its delay: the delay grows to its ceiling.
    for i in range(10):
        at += auth.account_delay(auth.FREE_FAILURES_PER_EMAIL + i)
        assert _login(db, owner.owner_email, password=f"outra-{i:06d}", now=at).error
    assert auth.account_delay(auth.FREE_FAILURES_PER_EMAIL + 10) == auth.MAX_ACCOUNT_DELAY
    with pytest.raises(TooManyAttempts) as refused:
        _login(db, owner.owner_email, now=at + timedelta(seconds=29))
    assert "Aguarde 1 segundo" in refused.value.message
    assert _login(db, owner.owner_email, now=at + auth.MAX_ACCOUNT_DELAY).ticket


def test_a_stranger_cannot_keep_the_owner_out(db: Engine, session: Session) -> None:
    """30 failures on the owner's e-mail from address A: A is refused (even with the right
    password); the owner, from the address she logged in from before, gets in at once; from
    a new address she waits at most 30 s."""
    owner = make_team(session)
    session.commit()
    assert _login(db, owner.owner_email, ip="198.51.100.7", now=NOW - timedelta(days=3)).ticket
    at = NOW
    for i in range(auth.MAX_FAILURES_PER_IP):  # each guess as soon as the delay allows
        at += auth.account_delay(i)
        _login(db, owner.owner_email, password=f"chute-{i:06d}", ip="203.0.113.9", now=at)
    with pytest.raises(TooManyAttempts) as refused:
        _login(db, owner.owner_email, ip="203.0.113.9", now=at + auth.MAX_ACCOUNT_DELAY)
    assert "desta rede" in refused.value.message
    assert _login(db, owner.owner_email, ip="198.51.100.7", now=at + timedelta(seconds=1)).ticket
    with pytest.raises(TooManyAttempts):
        _login(db, owner.owner_email, ip="192.0.2.44", now=at + timedelta(seconds=2))
    assert _login(db, owner.owner_email, ip="192.0.2.44", now=at + auth.MAX_ACCOUNT_DELAY).ticket


def test_an_ipv6_network_is_one_address(db: Engine, session: Session) -> None:
    """Failures spread over one /64 share its limit; the next /64 has its own."""
    owner = make_team(session)
    session.commit()
    for i in range(auth.MAX_FAILURES_PER_IP):
        _login(db, f"x{i}@exemplo.com.br", ip=f"2001:db8:1:2::{i + 1:x}")
    with pytest.raises(TooManyAttempts):
        _login(db, owner.owner_email, ip="2001:db8:1:2:ffff::99")
    assert _login(db, owner.owner_email, ip="2001:db8:1:3::1").ticket


def test_many_failures_raise_an_alarm_in_the_log_not_a_block(
    db: Engine, session: Session, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = make_team(session)
    session.commit()
    monkeypatch.setattr(auth, "ALARM_FAILURES", 12)
    monkeypatch.setattr(auth, "_last_alarm", [])
    for i in range(12):
        _login(db, f"y{i}@exemplo.com.br", ip=f"192.0.2.{i + 1}", now=NOW)
    assert "many failed staff logins: 12" in caplog.text
    assert _login(db, owner.owner_email, ip="192.0.2.200", now=NOW).ticket


def test_concurrent_guesses_get_no_more_tries_than_the_limit(db: Engine, session: Session) -> None:
    """Guesses sent at once (over several workers) must not each count the failures before
    any of them is recorded: exactly the allowance of wrong passwords is checked."""
    owner = make_team(session)
    session.commit()
    tries = auth.FREE_FAILURES_PER_EMAIL + 5
    barrier = threading.Barrier(tries)
    outcomes: list[str] = []

    def guess(i: int) -> None:
        barrier.wait()
        try:
            _login(db, owner.owner_email, password=f"chute-{i:06d}")
            outcomes.append("checked")
        except TooManyAttempts:
            outcomes.append("refused")

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(tries)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert outcomes.count("checked") == auth.FREE_FAILURES_PER_EMAIL
    assert outcomes.count("refused") == tries - auth.FREE_FAILURES_PER_EMAIL


def test_many_failures_from_one_address_block_that_address(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    for i in range(auth.MAX_FAILURES_PER_IP):
        _login(db, f"x{i}@exemplo.com.br", ip="203.0.113.9")
    with pytest.raises(TooManyAttempts):
        _login(db, owner.owner_email, ip="203.0.113.9")
    assert _login(db, owner.owner_email, ip="203.0.113.10").ticket


def test_empty_fields_are_reported_at_the_field(db: Engine) -> None:
    with pytest.raises(Invalid) as exc:
        _login(db, "", password="x")
    assert "email" in exc.value.fields


def test_ticket_is_single_use(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    ticket = _login(db, owner.owner_email).ticket
    assert ticket
    with unit_of_work(db) as s:
        auth.redeem_ticket(session=s, ticket=ticket, now=NOW)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.redeem_ticket(session=s, ticket=ticket, now=NOW)


def test_ticket_expires(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    ticket = _login(db, owner.owner_email).ticket
    assert ticket
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.redeem_ticket(
            session=s, ticket=ticket, now=NOW + auth.TICKET_TTL + timedelta(seconds=1)
        )


def test_concurrent_redemptions_make_one_session(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    ticket = _login(db, owner.owner_email).ticket
    assert ticket
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def redeem() -> None:
        barrier.wait()
        try:
            with unit_of_work(db) as s:
                auth.redeem_ticket(session=s, ticket=ticket, now=NOW)
            outcomes.append("ok")
        except Unauthenticated:
            outcomes.append("refused")

    threads = [threading.Thread(target=redeem) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    with unit_of_work(db) as s:
        assert len(s.exec(select(StaffSession)).all()) == 1


def test_only_the_token_hash_is_stored(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    token = _session_token(db, owner.owner_email)
    with unit_of_work(db) as s:
        stored = s.exec(select(StaffSession)).one()
    assert stored.token_hash != token and token not in stored.token_hash
    assert len(token) >= 43  # 32 random bytes, url-safe base64


def test_each_login_issues_a_new_token(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    assert _session_token(db, owner.owner_email) != _session_token(db, owner.owner_email)


def test_logout_ends_the_session_on_the_next_resolve(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    token = _session_token(db, owner.owner_email)
    other_tab_token = token  # every tab shares the cookie
    with unit_of_work(db) as s:
        auth.logout(session=s, token=token, now=NOW)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.resolve_session(session=s, token=other_tab_token, now=NOW)


def test_revoking_a_users_sessions(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    tokens = [_session_token(db, owner.owner_email) for _ in range(2)]
    with unit_of_work(db) as s:
        assert auth.revoke_user_sessions(session=s, user_id=owner.owner.user_id, now=NOW) == 2
    for token in tokens:
        with pytest.raises(Unauthenticated), unit_of_work(db) as s:
            auth.resolve_session(session=s, token=token, now=NOW)


def test_idle_timeout(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    token = _session_token(db, owner.owner_email)
    idle = timedelta(minutes=get_settings().staff_session_idle_minutes)
    with unit_of_work(db) as s:  # activity just before the limit keeps it alive
        auth.resolve_session(session=s, token=token, now=NOW + idle - timedelta(minutes=1))
    with unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token, now=NOW + 2 * idle - timedelta(minutes=2))
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token, now=NOW + 3 * idle)


def test_absolute_lifetime(db: Engine, session: Session) -> None:
    owner = make_team(session)
    session.commit()
    token = _session_token(db, owner.owner_email)
    lifetime = timedelta(hours=get_settings().staff_session_max_hours)
    step = timedelta(minutes=get_settings().staff_session_idle_minutes // 2)
    moment = NOW
    while moment + step < NOW + lifetime:  # stay active the whole time
        moment += step
        with unit_of_work(db) as s:
            auth.resolve_session(session=s, token=token, now=moment)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token, now=NOW + lifetime)


def test_garbage_tokens_are_unauthenticated(db: Engine) -> None:
    for token in (None, "", "x" * 500, "não-existe"):
        with pytest.raises(Unauthenticated), unit_of_work(db) as s:
            auth.resolve_session(session=s, token=token, now=NOW)


def test_user_in_two_teams_must_choose_and_only_among_own_teams(
    db: Engine, session: Session
) -> None:
    first = make_team(session)
    second = make_team(session)
    third = make_team(session)
    from treinico.services.teams import add_member

    add_member(
        session=session,
        team_id=second.team.id,
        email=first.owner_email,
        name="x",
        password=PASSWORD,
        role="trainer",
    )
    session.commit()
    token = _session_token(db, first.owner_email)
    with unit_of_work(db) as s:
        assert auth.resolve_session(session=s, token=token, now=NOW).team_id is None
        names = [t.id for t in auth.list_teams_for_user(session=s, user_id=first.owner.user_id)]
    assert sorted(names) == sorted([first.team.id, second.team.id])
    with pytest.raises(NotFound), unit_of_work(db) as s:
        auth.choose_team(session=s, token=token, team_id=third.team.id, now=NOW)
    with unit_of_work(db) as s:
        auth.choose_team(session=s, token=token, team_id=second.team.id, now=NOW)
    with unit_of_work(db) as s:
        assert auth.resolve_session(session=s, token=token, now=NOW).team_id == second.team.id


def test_inactive_user_cannot_log_in_or_keep_a_session(db: Engine, session: Session) -> None:
    owner = make_team(session)
    member = make_member(session, owner.team.id)
    session.commit()
    from treinico.models import User

    with unit_of_work(db) as s:
        email = s.get(User, member.user_id).email  # type: ignore[union-attr]
    token = _session_token(db, email)
    with unit_of_work(db) as s:
        user = s.get(User, member.user_id)
        assert user is not None
        user.active = False
        s.add(user)
    assert _login(db, email).ticket is None
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token, now=NOW)


def test_short_password_is_refused() -> None:
    with pytest.raises(Invalid) as exc:
        auth.hash_password("curta")
    assert "password" in exc.value.fields
