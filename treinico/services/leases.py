"""Periodic jobs run once per period across every worker and machine: before a run, a worker
takes the job's lease for the current period in the database, and only the one that gets it
runs. A worker that dies mid-period costs that period's run at most; the next period is
anyone's again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from treinico.models import JobLease

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def period_end(now: datetime, seconds: int) -> datetime:
    """The end of the period ``now`` falls in (periods are aligned to the epoch, so every
    worker agrees on them whatever its clock started at)."""
    elapsed = int((now - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=(elapsed // seconds + 1) * seconds)


def take(*, session: Session, name: str, holder: str, now: datetime, seconds: int) -> bool:
    """True for exactly one caller per ``name`` and period; the others get False."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(JobLease)
        .values(name=name, holder="", expires_at=EPOCH)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    result = session.execute(
        update(JobLease)
        .where(col(JobLease.name) == name, col(JobLease.expires_at) <= now)
        .values(holder=holder[:120], expires_at=period_end(now, seconds))
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
