"""The words for an outage come from the real errors of a database and a Redis that do not
answer (a closed port), not from hand-made exceptions."""

from __future__ import annotations

import socket

import pytest
import redis
from sqlalchemy import text

from treinico.db import make_engine
from treinico.http.errors import error_response
from treinico.outages import DATABASE_DOWN, STATE_DOWN, UNEXPECTED, outage


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends


def _postgres_error() -> Exception:
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("a closed port answered")


def _redis_error() -> Exception:
    try:
        redis.Redis(port=_closed_port(), socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("a closed port answered")


def test_a_database_that_does_not_answer_is_an_outage() -> None:
    assert outage(_postgres_error()) == DATABASE_DOWN


def test_a_redis_that_does_not_answer_is_an_outage() -> None:
    assert outage(_redis_error()) == STATE_DOWN


def test_an_outage_behind_another_error_is_still_one() -> None:
    cause = _postgres_error()
    try:
        raise RuntimeError("while loading the page") from cause
    except RuntimeError as wrapped:
        assert outage(wrapped) == DATABASE_DOWN


@pytest.mark.parametrize("error", [ValueError("x"), KeyError("y"), ZeroDivisionError()])
def test_a_bug_is_not_an_outage(error: Exception) -> None:
    assert outage(error) is None


def test_the_error_pages_speak_portuguese_and_are_not_cached() -> None:
    down = error_response(_postgres_error())
    assert down.status_code == 503
    assert down.headers["retry-after"] == "5"
    assert down.headers["cache-control"] == "no-store"
    body = bytes(down.body).decode()
    assert 'lang="pt-BR"' in body and "<main>" in body
    assert "Não conseguimos acessar os dados agora" in body
    bug = error_response(ValueError("segredo do paciente"))
    assert bug.status_code == 500
    body = bytes(bug.body).decode()
    assert UNEXPECTED.split(";")[0] in body
    assert "segredo" not in body
