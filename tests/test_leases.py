"""Periodic jobs run once per period across workers: several worker processes reach for the
same period's lease at the same moment on SQLite and PostgreSQL, and exactly one gets it each
period; the expiry sweep and the reminders take their turn through it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from tests.conftest import drop_postgres_database, postgres_database
from treinico.db import make_engine, unit_of_work
from treinico.services import leases

T0 = datetime(2026, 12, 4, 12, 0, 7, tzinfo=UTC)
WORKERS = 4
PERIODS = 5


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        value = f"sqlite:///{tmp_path / 'leases.db'}"
    else:
        value = postgres_database("treinico_leases")
    engine = make_engine(value)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    yield value
    if request.param == "postgresql":
        drop_postgres_database(value)


def _worker(url: str, barrier, job: str) -> list[bool]:  # type: ignore[no-untyped-def]
    """One worker process: for each period, wait for the others, then reach for the lease."""
    os.environ["TREINICO_DATABASE_URL"] = url
    engine = make_engine(url)
    won = []
    for period in range(PERIODS):
        now = T0 + timedelta(seconds=300 * period + 5)
        barrier.wait()
        if job == "lease":
            with unit_of_work(engine) as s:
                won.append(
                    leases.take(
                        session=s, name="job", holder=f"w{os.getpid()}", now=now, seconds=300
                    )
                )
        elif job == "expiry":
            from treinico.jobs import expiry

            won.append(expiry.run_if_mine(now))
        else:
            from treinico.jobs import whatsapp

            won.append(whatsapp.reminders_turn(now))
    engine.dispose()
    return won


def _race(url: str, job: str) -> list[list[bool]]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(WORKERS)
        with ctx.Pool(WORKERS) as pool:
            return pool.starmap(_worker, [(url, barrier, job)] * WORKERS)


@pytest.mark.parametrize("job", ["lease", "expiry", "reminders"])
def test_one_worker_per_period(url: str, job: str) -> None:
    results = _race(url, job)
    for period in range(PERIODS):
        winners = [w for w in results if w[period]]
        assert len(winners) == 1, (period, results)


def test_periods_are_aligned_and_the_next_one_is_free(url: str) -> None:
    engine = make_engine(url)
    try:
        with unit_of_work(engine) as s:
            assert leases.take(session=s, name="j", holder="a", now=T0, seconds=300)
        with unit_of_work(engine) as s:
            assert not leases.take(session=s, name="j", holder="b", now=T0, seconds=300)
        end = leases.period_end(T0, 300)
        assert end == datetime(2026, 12, 4, 12, 5, tzinfo=UTC)
        with unit_of_work(engine) as s:
            assert not leases.take(
                session=s, name="j", holder="b", now=end - timedelta(seconds=1), seconds=300
            )
        with unit_of_work(engine) as s:
            assert leases.take(session=s, name="j", holder="b", now=end, seconds=300)
        with unit_of_work(engine) as s:
            assert leases.take(session=s, name="other", holder="b", now=end, seconds=300)
    finally:
        engine.dispose()
