"""``treinico backup`` / ``restore`` on SQLite and PostgreSQL: the demo (with a logo and health
records with attachments) goes into an archive and comes back into an empty database with
every table's rows identical, bytes included; a database with data is not overwritten
without --force; a backup does not cross database kinds."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from PIL import Image
from sqlmodel import select

from alembic import command
from tests.conftest import drop_postgres_database, postgres_database
from treinico import cli
from treinico.backup import BackupError, backup, read_manifest, restore, table_counts
from treinico.db import make_engine, unit_of_work
from treinico.demo.seed import seed_demo
from treinico.models import HealthAttachment, HealthRecord, Membership, Team
from treinico.services.actor import load_actor
from treinico.services.health import files as health_files
from treinico.services.site.public_page import save_logo

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A source database with the demo, and an empty target of the same kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.db'}", f"sqlite:///{tmp_path / 'target.db'}"
        return
    source, target = (
        postgres_database("treinico_backup_src"),
        postgres_database("treinico_backup_dst"),
    )
    yield source, target
    drop_postgres_database(source)
    drop_postgres_database(target)


def _fill(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    command.upgrade(cli._alembic_config(url), "head")
    engine = make_engine(url)
    with unit_of_work(engine) as s:
        seed_demo(session=s, now=NOW)
        team = s.exec(select(Team).where(Team.slug == "studio-demo")).one()
        owner = s.exec(
            select(Membership).where(Membership.team_id == team.id, Membership.role == "owner")
        ).one()
        png = io.BytesIO()
        Image.new("RGB", (300, 200), (15, 118, 110)).save(png, format="PNG")
        actor = load_actor(s, user_id=owner.user_id, team_id=team.id or 0)
        save_logo(session=s, actor=actor, data=png.getvalue(), filename="logo.png", now=NOW)
        # A sealed health attachment: the files live in the database too.
        record = s.exec(select(HealthRecord).where(HealthRecord.team_id == team.id)).first()
        if record is None:
            clinic = s.exec(select(Team).where(Team.slug == "clinica-movimento")).one()
            record = s.exec(select(HealthRecord).where(HealthRecord.team_id == clinic.id)).first()
        assert record is not None
        pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
        upload = health_files.Upload(name="exame.pdf", data=pdf)
        health_files.store(
            s,
            team_id=record.team_id,
            record_id=record.id or 0,
            version=1,
            checked=health_files.check_all([upload]),
            actor_user_id=owner.user_id,
            now=NOW,
        )
    with unit_of_work(engine) as s:
        assert s.exec(select(HealthAttachment)).first() is not None
    engine.dispose()


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in primary-key order."""
    engine = sa.create_engine(url)
    out: dict[str, list[tuple[object, ...]]] = {}
    try:
        with engine.connect() as conn:
            meta = sa.MetaData()
            meta.reflect(conn)
            for name, table in meta.tables.items():
                order = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(sa.select(table).order_by(*order)).all()
                out[name] = [
                    tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows
                ]
    finally:
        engine.dispose()
    return out


def test_round_trip_restores_every_row_and_file(
    urls: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = urls
    _fill(source, monkeypatch)
    archive = tmp_path / "backup.tar.gz"
    seen: list[float] = []
    manifest = backup(source, archive, progress=lambda _what, done: seen.append(done))
    assert seen[-1] == 1.0 and seen == sorted(seen)  # the bar only moves forward
    assert archive.stat().st_mode & 0o077 == 0  # readable by the owner only
    head = ScriptDirectory.from_config(cli._alembic_config(source)).get_current_head()
    assert manifest.revision == head and manifest.tables["health_attachment"] >= 1
    assert manifest.tables == table_counts(source)
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames())[0] == "database." + (
            "pgdump" if manifest.kind == "postgresql" else "sqlite3"
        )
    assert read_manifest(archive) == manifest

    restore(target, archive)
    before, after = _rows(source), _rows(target)
    assert set(after) == set(before)
    for table, rows in before.items():
        assert after[table] == rows, table
    assert any(r for r in after["public_profile"] if any(isinstance(v, bytes) for v in r))

    # The target has data now: not overwritten without --force.
    with pytest.raises(BackupError, match="já tem dados"):
        restore(target, archive)
    restore(target, archive, force=True)
    assert _rows(target) == before


def test_a_backup_does_not_cross_database_kinds(tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'a.db'}"
    command.upgrade(cli._alembic_config(sqlite_url), "head")
    archive = tmp_path / "a.tar.gz"
    backup(sqlite_url, archive)
    with pytest.raises(BackupError, match="mesmo tipo de banco"):
        restore("postgresql+psycopg://postgres@127.0.0.1:5432/nao_usado", archive)
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a tar")
    with pytest.raises(BackupError, match="inválido"):
        restore(f"sqlite:///{tmp_path / 'b.db'}", broken)


def test_the_commands_print_what_they_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from treinico import settings as settings_module

    source = f"sqlite:///{tmp_path / 'c.db'}"
    command.upgrade(cli._alembic_config(source), "head")
    monkeypatch.setenv("TREINICO_DATABASE_URL", source)
    settings_module.get_settings.cache_clear()
    archive = tmp_path / "c.tar.gz"
    try:
        assert cli.main(["backup", "--output", str(archive)]) == 0
        out = capsys.readouterr()
        assert "Backup gravado em" in out.out and "TREINICO_DATA_KEYS" in out.out
        assert "100%" in out.err  # the progress bar
        monkeypatch.setenv("TREINICO_DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
        settings_module.get_settings.cache_clear()
        assert cli.main(["restore", str(archive)]) == 0
        assert "restaurado" in capsys.readouterr().out
    finally:
        settings_module.get_settings.cache_clear()
