"""Database engine, SQLite pragmas and the unit of work.

One use case, one transaction: callers wrap a service call in ``unit_of_work()``, which
commits on success and rolls back on any exception. On SQLite every unit of work starts with
``BEGIN IMMEDIATE`` so concurrent writers queue on the busy timeout instead of failing halfway.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from treinico.models.base import metadata
from treinico.settings import get_settings

__all__ = ["get_engine", "is_sqlite", "make_engine", "metadata", "unit_of_work"]


READ_ONLY = "treinico_read_only"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself (see _on_begin) instead of pysqlite's implicit one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front: a reader that later writes could otherwise fail
        # with "database is locked" in the middle of a use case. A read-only unit of work
        # (the pages' polling ticks) takes no lock, so ticks never queue behind writers.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` with the project's connection settings."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 10},
            hide_parameters=True,  # an error's text must not carry phones or message bodies
            **kwargs,
        )
        _install_sqlite_pragmas(engine)
        return engine
    # pre_ping: a connection the server dropped (a restart) is replaced, not handed out.
    # connect_timeout: an unreachable server fails a request in seconds instead of hanging it.
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for the configured database (or ``url``)."""
    return make_engine(url or get_settings().database_url)


@contextmanager
def unit_of_work(engine: Engine | None = None, *, read_only: bool = False) -> Iterator[Session]:
    """Open a session in one transaction: commit on success, roll back on error.

    ``read_only``: for work that only reads (a polling tick); on SQLite it starts a deferred
    transaction instead of taking the write lock."""
    bind = engine or get_engine()
    if read_only:
        bind = bind.execution_options(**{READ_ONLY: True})
    session = Session(bind, expire_on_commit=False)
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def serialize(session: Session, name: str) -> None:
    """Make the rest of this transaction run one at a time across every worker and machine,
    for a check-then-insert that must see the others' inserts (a limit that counts rows).
    PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback. SQLite
    needs nothing: every writing unit of work already holds the database's write lock."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        key = zlib.crc32(name.encode()) - 2**31  # a signed 32-bit key per name
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
