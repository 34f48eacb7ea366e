"""Client portal login codes and sessions (SECURITY.md: WhatsApp login codes, sessions)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import make_client, make_team
from treinico.db import unit_of_work
from treinico.models import LoginChallenge, PortalSession
from treinico.services.auth import portal as pa
from treinico.services.errors import Invalid, NotFound, TooManyAttempts, Unauthenticated
from treinico.settings import get_settings

PHONE = "+5511987650000"
UNKNOWN = "+5511987659999"


@pytest.fixture()
def client_phone(session: Session) -> dict:  # type: ignore[type-arg]
    team = make_team(session, name="Studio A")
    client_id = make_client(session, team.team.id, name="Carla Dias", phone=PHONE)
    session.commit()
    return {"team": team, "client_id": client_id}


def ask(db: Engine, phone: str = PHONE, ip: str = "10.1.1.1", now=NOW) -> pa.CodeRequest:  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        return pa.request_code(session=s, phone=phone, ip=ip, now=now)


def check(db: Engine, req: pa.CodeRequest, code: str, now=NOW) -> pa.VerifyResult:  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        return pa.verify_code(session=s, challenge_id=req.challenge_id, code=code, now=now)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_is_six_digits_and_stored_only_as_hmac(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code is not None and len(req.code) == 6 and req.code.isdigit()
    with unit_of_work(db) as s:
        row = s.get(LoginChallenge, req.challenge_id)
    assert row is not None
    assert req.code not in row.code_hmac and len(row.code_hmac) == 64
    assert row.code_hmac == pa.code_hmac(PHONE, req.code)


def test_brazilian_formats_are_accepted(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    for i, typed in enumerate(("(11) 98765-0000", "11987650000", "+55 11 98765-0000")):
        req = ask(db, phone=typed, now=NOW + timedelta(minutes=11 * i))
        assert req.phone_e164 == PHONE


def test_invalid_phone_is_reported_at_the_field(db: Engine) -> None:
    with pytest.raises(Invalid) as exc:
        ask(db, phone="1234")
    assert "phone" in exc.value.fields


def test_right_code_gives_a_ticket_once(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code
    assert check(db, req, req.code).ticket
    with pytest.raises(Invalid):
        check(db, req, req.code)


def test_code_expires_after_ten_minutes(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code
    with pytest.raises(Invalid, match="expirou"):
        check(db, req, req.code, now=NOW + timedelta(minutes=10))
    req2 = ask(db, now=NOW + timedelta(minutes=11))
    assert req2.code
    assert check(db, req2, req2.code, now=NOW + timedelta(minutes=20, seconds=59)).ticket


def test_sixth_try_fails_even_with_the_right_code(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code
    messages = [check(db, req, wrong(req.code)).error for _ in range(5)]
    assert messages[0] is not None and "4 tentativas" in messages[0].message
    assert messages[-1] is not None and "muitas vezes" in messages[-1].message
    with pytest.raises(Invalid, match="muitas vezes"):
        check(db, req, req.code)


def test_failures_are_limited_per_phone_per_hour(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    limit = get_settings().login_failures_per_phone_hour
    done = 0
    minute = 0
    while done < limit:
        req = ask(db, now=NOW + timedelta(minutes=minute))
        assert req.code
        for _ in range(min(4, limit - done)):
            check(db, req, wrong(req.code), now=NOW + timedelta(minutes=minute))
            done += 1
        minute += 11
    fresh = ask(db, now=NOW + timedelta(minutes=minute))
    assert fresh.code
    with pytest.raises(TooManyAttempts):
        check(db, fresh, fresh.code, now=NOW + timedelta(minutes=minute))


def test_two_concurrent_right_codes_make_one_ticket(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code
    barrier = threading.Barrier(2)
    tickets: list[str | None] = []

    def run() -> None:
        barrier.wait()
        try:
            tickets.append(check(db, req, req.code or "").ticket)
        except Invalid:
            tickets.append(None)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sum(1 for t in tickets if t) == 1


def test_a_concurrent_flood_from_one_address_gets_exactly_the_allowance(db: Engine) -> None:
    """Several workers counting the same address's requests at once must not all pass."""
    allowed = get_settings().login_sends_per_ip_hour
    phones = [f"+5511987{i:06d}" for i in range(allowed + 8)]
    barrier = threading.Barrier(len(phones))
    outcomes: list[str] = []

    def run(phone: str) -> None:
        barrier.wait()
        try:
            ask(db, phone=phone, ip="203.0.113.9")
            outcomes.append("sent")
        except TooManyAttempts:
            outcomes.append("refused")

    threads = [threading.Thread(target=run, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("sent") == allowed
    assert outcomes.count("refused") == len(phones) - allowed


def test_unknown_phone_gets_the_same_answer_and_no_code(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    known = ask(db)
    unknown = ask(db, phone=UNKNOWN, ip="10.9.9.9")
    assert known.code is not None and unknown.code is None  # nothing to send
    assert unknown.cooldown_seconds == known.cooldown_seconds
    assert unknown.phone_display == "(11) 98765-9999"
    with unit_of_work(db) as s:
        row = s.get(LoginChallenge, unknown.challenge_id)
        assert row is not None and row.known is False
    # Even the right code would fail: an unknown phone never logs in, with the same message.
    codes = [
        f"{n:06d}" for n in range(1_000_000) if pa.code_hmac(UNKNOWN, f"{n:06d}") == row.code_hmac
    ]
    assert len(codes) == 1
    result = check(db, unknown, codes[0])
    assert result.ticket is None and result.error is not None
    assert result.error.message == "Código incorreto. Você ainda tem 4 tentativas."


def test_send_limits_per_phone_and_cooldown(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    ask(db)
    with pytest.raises(TooManyAttempts, match="Aguarde"):
        ask(db, now=NOW + timedelta(seconds=30))
    ask(db, now=NOW + timedelta(seconds=61))
    ask(db, now=NOW + timedelta(seconds=122))
    with pytest.raises(TooManyAttempts, match="vários códigos"):
        ask(db, now=NOW + timedelta(seconds=183))
    assert ask(db, now=NOW + timedelta(minutes=10, seconds=30)).code


def test_limits_are_the_same_for_unknown_phones(db: Engine) -> None:
    ask(db, phone=UNKNOWN)
    with pytest.raises(TooManyAttempts, match="Aguarde"):
        ask(db, phone=UNKNOWN, now=NOW + timedelta(seconds=30))


def test_send_limit_per_address(db: Engine) -> None:
    limit = get_settings().login_sends_per_ip_hour
    for i in range(limit):
        ask(db, phone=f"+55119876{i:05d}", ip="203.0.113.5")
    with pytest.raises(TooManyAttempts, match="rede"):
        ask(db, phone="+5511987699999", ip="203.0.113.5")
    assert ask(db, phone="+5511987699999", ip="203.0.113.6").cooldown_seconds > 0


def test_daily_cap(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from treinico import settings as settings_module

    monkeypatch.setenv("TREINICO_LOGIN_SENDS_PER_DAY", "3")
    settings_module.get_settings.cache_clear()
    try:
        for i in range(3):
            ask(db, phone=f"+55119876{i:05d}", ip=f"10.0.0.{i}")
        with pytest.raises(TooManyAttempts, match="temporariamente"):
            ask(db, phone="+5511987600099", ip="10.0.0.99")
    finally:
        settings_module.get_settings.cache_clear()


def test_the_daily_cap_counts_the_notices_sent_too(
    db: Engine,
    monkeypatch: pytest.MonkeyPatch,
    client_phone,  # type: ignore[no-untyped-def]
) -> None:
    from treinico import settings as settings_module
    from treinico.models import WhatsAppOutbox

    with unit_of_work(db) as s:
        for i in range(2):
            s.add(
                WhatsAppOutbox(
                    team_id=client_phone["team"].team.id,
                    client_id=client_phone["client_id"],
                    phone_e164=PHONE,
                    kind="message_notice",
                    body="aviso",
                    dedupe_key=f"cap:{i}",
                    status="sent",
                    created_at=NOW,
                    due_at=NOW,
                    sent_at=NOW - timedelta(hours=1),
                )
            )
    monkeypatch.setenv("TREINICO_LOGIN_SENDS_PER_DAY", "3")
    settings_module.get_settings.cache_clear()
    try:
        ask(db, phone="+5511987600001", ip="10.0.0.1")
        with pytest.raises(TooManyAttempts, match="temporariamente"):
            ask(db, phone="+5511987600002", ip="10.0.0.2")
    finally:
        settings_module.get_settings.cache_clear()


def test_failed_send_makes_the_code_useless(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code
    with unit_of_work(db) as s:
        pa.mark_send_failed(session=s, challenge_id=req.challenge_id)
    result = check(db, req, req.code)
    assert result.ticket is None and result.error is not None
    # The same answer as an unknown phone's wrong code: a failed send tells nothing.
    unknown = ask(db, phone="+5511900007777")
    assert not unknown.code
    assert check(db, unknown, "123456").error.message == result.error.message  # type: ignore[union-attr]


# ------------------------------------------------------------------ sessions


def login(db: Engine, phone: str = PHONE, now=NOW) -> str:  # type: ignore[no-untyped-def]
    req = ask(db, phone=phone, now=now)
    assert req.code
    ticket = check(db, req, req.code, now=now).ticket
    assert ticket
    with unit_of_work(db) as s:
        token, _ = pa.redeem_portal_ticket(session=s, ticket=ticket, now=now)
    return token


def test_fresh_session_token_and_only_its_hash_stored(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    first = login(db)
    second = login(db, now=NOW + timedelta(minutes=11))
    assert first != second
    with unit_of_work(db) as s:
        hashes = [r.token_hash for r in s.exec(select(PortalSession)).all()]
    assert first not in hashes and second not in hashes and len(hashes) == 2


def test_one_business_is_chosen_automatically(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    token = login(db)
    with unit_of_work(db) as s:
        business = pa.current_business(session=s, token=token, now=NOW)
    assert business.client_id == client_phone["client_id"]
    assert business.client_name == "Carla Dias"


def test_several_businesses_need_a_choice_and_only_own_ones(
    db: Engine, client_phone, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        other = make_team(s, name="Clínica B")
        other_client = make_client(s, other.team.id, name="Carla D.", phone=PHONE)
        stranger = make_team(s, name="Academia C")
        make_client(s, stranger.team.id, name="Outra pessoa")
    token = login(db)
    with pytest.raises(NotFound), unit_of_work(db) as s:
        pa.current_business(session=s, token=token, now=NOW)
    with unit_of_work(db) as s:
        chosen = pa.current_business(session=s, token=token, now=NOW, slug=other.team.slug)
    assert chosen.client_id == other_client
    with unit_of_work(db) as s:  # remembered for the session
        assert pa.current_business(session=s, token=token, now=NOW).team_id == other.team.id
    with pytest.raises(NotFound), unit_of_work(db) as s:
        pa.current_business(session=s, token=token, now=NOW, slug=stranger.team.slug)


def test_archiving_the_client_ends_portal_access_to_that_business(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import Client

    token = login(db)
    with unit_of_work(db) as s:
        c = s.get(Client, client_phone["client_id"])
        assert c is not None
        c.archived = True
        s.add(c)
    with pytest.raises(NotFound), unit_of_work(db) as s:
        pa.current_business(session=s, token=token, now=NOW)


def test_logout_ends_the_session_at_once(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    token = login(db)
    with unit_of_work(db) as s:
        pa.logout_portal(session=s, token=token, now=NOW)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        pa.resolve_portal_session(session=s, token=token, now=NOW)


def test_portal_idle_and_absolute_limits(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    settings = get_settings()
    token = login(db)
    idle = timedelta(days=settings.portal_idle_days)
    with unit_of_work(db) as s:
        pa.resolve_portal_session(session=s, token=token, now=NOW + idle - timedelta(hours=1))
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        pa.resolve_portal_session(session=s, token=token, now=NOW + 2 * idle)
    token2 = login(db, now=NOW + timedelta(minutes=11))
    moment = NOW
    lifetime = timedelta(days=settings.portal_session_days)
    while moment + idle / 2 < NOW + lifetime:
        moment += idle / 2
        with unit_of_work(db) as s:
            pa.resolve_portal_session(session=s, token=token2, now=moment)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        pa.resolve_portal_session(session=s, token=token2, now=NOW + lifetime + timedelta(hours=1))


def test_portal_ticket_single_use(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    req = ask(db)
    assert req.code
    ticket = check(db, req, req.code).ticket
    assert ticket
    with unit_of_work(db) as s:
        pa.redeem_portal_ticket(session=s, ticket=ticket, now=NOW)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        pa.redeem_portal_ticket(session=s, ticket=ticket, now=NOW)


def test_public_page_lookup(db: Engine, client_phone) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        assert pa.public_business(session=s, slug=client_phone["team"].team.slug)[0] == "Studio A"
        with pytest.raises(NotFound):
            pa.public_business(session=s, slug="nao-existe")
