"""The login code leaves off the request path: "Enviar código" answers while the send is still
under way (the Twilio stand-in holds it), for known and unknown phones alike, and the code
still arrives; a send that fails for good makes its code useless."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from tests.factories import make_client, make_team
from tests.integrations.test_whatsapp import StandIn, standin, twilio_settings  # noqa: F401
from treinico import db as db_module
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.integrations.whatsapp import TwilioSender
from treinico.jobs.codes import CodeDispatcher, request_and_queue
from treinico.models.base import utcnow
from treinico.services.auth import portal as pa

KNOWN = "+5511987650123"
UNKNOWN = "+5511987659876"


@pytest.fixture()
def app_db(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The module-level unit of work (what the page's call uses) on the test database."""
    monkeypatch.setenv("TREINICO_DATABASE_URL", db.url.render_as_string(hide_password=False))
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
    with unit_of_work(db) as s:
        team = make_team(s, "Studio Teste")
        make_client(s, team.team.id, "Carla", phone=KNOWN)
    yield db
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()


def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_answer_comes_before_the_send_and_the_code_still_arrives(
    app_db: Engine,
    standin: StandIn,  # noqa: F811
) -> None:
    standin.hold = threading.Event()
    senders = CodeDispatcher(
        TwilioSender(twilio_settings(standin.base, "verify", TWILIO_TIMEOUT_SECONDS="15")),
        delays=(0.05,),
    )
    known = request_and_queue(KNOWN, "10.0.0.1", "Studio Teste", senders=senders)
    unknown = request_and_queue(UNKNOWN, "10.0.0.2", "Studio Teste", senders=senders)
    # Both answered the same way while the stand-in still holds the known phone's send.
    assert isinstance(known, pa.CodeRequest) and isinstance(unknown, pa.CodeRequest)
    assert (known.cooldown_seconds, unknown.cooldown_seconds) == (60, 60)
    _until(lambda: len(standin.requests) == 1)
    assert senders.in_flight >= 1  # the send has not finished
    standin.hold.set()
    _until(lambda: senders.in_flight == 0)
    [sent] = standin.requests  # only the client's phone got a message
    assert sent.form["To"] == [KNOWN]
    code = sent.form["CustomCode"][0]
    with unit_of_work(app_db) as s:
        result = pa.verify_code(session=s, challenge_id=known.challenge_id, code=code, now=utcnow())
    assert result.ticket


def test_a_send_that_fails_for_good_makes_the_code_useless(
    app_db: Engine,
    standin: StandIn,  # noqa: F811
) -> None:
    standin.fail_with(503, 20503, "Service unavailable")
    senders = CodeDispatcher(
        TwilioSender(twilio_settings(standin.base, "verify")), delays=(0.01, 0.01)
    )
    asked = request_and_queue(KNOWN, "10.0.0.1", "Studio Teste", senders=senders)
    assert isinstance(asked, pa.CodeRequest)
    _until(lambda: senders.in_flight == 0)
    assert len(standin.requests) == 3  # the first try and two retries
    code = standin.requests[0].form["CustomCode"][0]
    with unit_of_work(app_db) as s:
        result = pa.verify_code(
            session=s,
            challenge_id=asked.challenge_id,
            code=code,
            now=utcnow() + timedelta(seconds=1),
        )
    assert result.ticket is None and result.error is not None
    assert result.error.message == "Código incorreto. Você ainda tem 4 tentativas."
