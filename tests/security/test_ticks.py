"""A page's polling tick is not the person's activity: it never renews the idle timeout, and
on SQLite it reads without the write lock, so ticks never queue behind a long write."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from tests.factories import PASSWORD, make_team
from treinico.db import make_engine, unit_of_work
from treinico.models import StaffSession, Team
from treinico.services.auth import staff as auth
from treinico.services.errors import Unauthenticated

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _token(db: Engine) -> str:
    with unit_of_work(db) as s:
        t = make_team(s)
        login = auth.authenticate(
            session=s, email=t.owner_email, password=PASSWORD, ip="10.0.0.1", now=NOW
        )
        assert login.ticket
        return auth.redeem_ticket(session=s, ticket=login.ticket, now=NOW)


def _last_seen(db: Engine) -> datetime:
    with unit_of_work(db) as s:
        row = s.exec(select(StaffSession)).one()
        return row.last_seen_at


def test_ticks_do_not_keep_an_idle_session_alive(db: Engine) -> None:
    token = _token(db)
    later = NOW + timedelta(minutes=30)
    with unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token, now=later, touch=False)
    assert _last_seen(db) == NOW
    # Hours of ticks later the idle timeout still ends the session.
    idle = NOW + timedelta(hours=9)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token, now=idle, touch=False)
    token2 = _token(db)
    with unit_of_work(db) as s:
        auth.resolve_session(session=s, token=token2, now=later)  # a person's action
    with unit_of_work(db) as s:
        rows = s.exec(select(StaffSession).order_by(StaffSession.id)).all()  # type: ignore[arg-type]
        assert rows[-1].last_seen_at == later


def test_a_read_only_unit_of_work_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    """SQLite's write lock (PostgreSQL readers never wait for writers)."""
    db = make_engine(f"sqlite:///{tmp_path / 'ticks.db'}")
    SQLModel.metadata.create_all(db)
    with unit_of_work(db) as s:
        make_team(s)
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with unit_of_work(db) as s:  # BEGIN IMMEDIATE: holds the write lock
            holding.set()
            release.wait(10)
            s.exec(select(Team)).all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(5)
    try:
        start = time.perf_counter()
        with unit_of_work(db, read_only=True) as s:
            assert s.exec(select(Team)).all()
        waited = time.perf_counter() - start
    finally:
        release.set()
        thread.join(10)
    assert waited < 1.0  # a write transaction would have waited for the lock (up to 10 s)
