"""Test fixtures: every service test runs once on SQLite and once on PostgreSQL.

PostgreSQL comes from TREINICO_TEST_POSTGRES_URL (default: the local server). Under CI=true a
missing PostgreSQL fails the run; elsewhere its tests are skipped with a printed reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Settings are read once per process: fix them before any treinico import.
os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)
os.environ.setdefault("TREINICO_ENV", "test")
# A cheap Argon2 profile for the test users' passwords (a test-only setting: production
# refuses it). The browser tests' app inherits it, with a short wait between login codes.
os.environ.setdefault("TREINICO_ARGON2_PROFILE", "test")

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import treinico.models  # noqa: E402,F401
from treinico.db import make_engine, unit_of_work  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
IN_CI = os.environ.get("CI", "").lower() == "true"
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def postgres_admin_url() -> str:
    url = os.environ.get("TREINICO_TEST_POSTGRES_URL") or DEFAULT_PG
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


_pg_problem: str | None = None
_pg_checked = False


def postgres_database(name: str) -> str:
    """A fresh, empty PostgreSQL database ``name`` on the test server; returns its URL.

    The name gets this process's id, so two test runs on one server do not collide.
    Fails the test under CI=true when the server is unreachable; skips it elsewhere.
    """
    name = f"{name}_{os.getpid()}"
    global _pg_problem, _pg_checked
    admin_url = postgres_admin_url()
    if not _pg_checked:
        _pg_checked = True
        try:
            engine = sa.create_engine(admin_url)
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            engine.dispose()
        except Exception as exc:  # noqa: BLE001
            _pg_problem = f"PostgreSQL indisponível em {admin_url}: {exc.__class__.__name__}"
    if _pg_problem:
        if IN_CI:
            pytest.fail(_pg_problem + " (CI=true exige PostgreSQL)", pytrace=False)
        pytest.skip(_pg_problem)
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def sqlite_url(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp(name) / 'treinico.db'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """One PostgreSQL schema for the whole session, built from the models."""
    url = postgres_database("treinico_test_services")
    eng = make_engine(url)
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()
    drop_postgres_database(url)


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database built from the models once per test process; each test gets
    a copy of the file (a copy takes 0.2 ms, building the schema 50)."""
    path = tmp_path_factory.mktemp("schema") / "empty.db"
    eng = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(eng)
    eng.dispose()  # the last connection's close folds the WAL into the file
    return path


@pytest.fixture()
def db(db_kind: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An engine on an empty schema: a fresh copy of the empty SQLite file per test, or the
    session's PostgreSQL database emptied (history triggers paused for the cleanup only)."""
    if db_kind == "sqlite":
        target = tmp_path / "treinico.db"
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), target)
        eng = make_engine(f"sqlite:///{target}")
        yield eng
        eng.dispose()
        return
    eng = request.getfixturevalue("postgres_engine")
    with eng.begin() as conn:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
    yield eng


def drop_postgres_database(url: str) -> None:
    engine = sa.create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    engine.dispose()


@pytest.fixture()
def session(db: Engine) -> Iterator[Session]:
    """One unit of work for a test's arrange step; committed at the end of the block."""
    with unit_of_work(db) as s:
        yield s


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """Say how many tests ran on each database, so a silent skip cannot pass unnoticed."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if getattr(report, "when", "call") not in ("call", "setup"):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            kind = (
                "postgresql" if "postgresql" in nodeid else "sqlite" if "sqlite" in nodeid else ""
            )
            if not kind:
                continue
            counts.setdefault(kind, {}).setdefault(outcome, 0)
            counts[kind][outcome] += 1
    if counts:
        terminalreporter.write_sep("-", "tests by database")
        for kind, by_outcome in sorted(counts.items()):
            parts = ", ".join(f"{n} {o}" for o, n in sorted(by_outcome.items()))
            terminalreporter.write_line(f"{kind}: {parts}")
