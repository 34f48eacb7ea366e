"""Encryption at rest: per-team data keys, binding to team and column, master-key rotation,
and production without a key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.services.health_world import NOW, make_clinic
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.models import HealthRecord, TeamDataKey
from treinico.services import crypto
from treinico.services.health import records as health
from treinico.settings import SettingsError

OLD = crypto.generate_master_key()
NEW = crypto.generate_master_key()


@pytest.fixture()
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def use(value: str) -> None:
        monkeypatch.setenv("TREINICO_DATA_KEYS", value)
        settings_module.get_settings.cache_clear()

    use(OLD)
    yield use
    settings_module.get_settings.cache_clear()


def _record(db: Engine) -> tuple[int, int]:
    with unit_of_work(db) as s:
        c = make_clinic(s)
    with unit_of_work(db) as s:
        row = health.create_record(
            session=s,
            actor=c.owner,
            client_id=c.ana,
            kind="outro",
            record_date=date(2026, 3, 1),
            title="Título sigiloso",
            body="Texto sigiloso",
            now=NOW,
        )
    return c.team_id, row.id


def test_rotation_rewraps_team_keys_and_old_data_still_opens(db: Engine, keys) -> None:  # type: ignore[no-untyped-def]
    team_id, record_id = _record(db)
    with unit_of_work(db) as s:
        before = s.get(TeamDataKey, team_id)
        assert before is not None
        wrapped_before = before.wrapped
    keys(f"{NEW},{OLD}")
    with unit_of_work(db) as s:
        assert crypto.rotate_master_key(session=s, now=NOW) >= 1
    keys(NEW)  # the old key is gone from the settings
    with unit_of_work(db) as s:
        row = s.get(TeamDataKey, team_id)
        assert row is not None and row.wrapped != wrapped_before and row.rotated_at is not None
        record = s.get(HealthRecord, record_id)
        assert record is not None
        assert (
            crypto.open_text(s, team_id=team_id, purpose="record.title", sealed=record.title_enc)
            == "Título sigiloso"
        )


def test_a_wrong_master_key_opens_nothing(db: Engine, keys) -> None:  # type: ignore[no-untyped-def]
    team_id, record_id = _record(db)
    keys(NEW)
    with pytest.raises(crypto.DataKeyError), unit_of_work(db) as s:
        record = s.get(HealthRecord, record_id)
        assert record is not None
        crypto.open_text(s, team_id=team_id, purpose="record.title", sealed=record.title_enc)


def test_ciphertext_is_bound_to_its_team_and_column(db: Engine, keys) -> None:  # type: ignore[no-untyped-def]
    team_id, record_id = _record(db)
    with unit_of_work(db) as s:
        record = s.get(HealthRecord, record_id)
        assert record is not None
        with pytest.raises(crypto.DataKeyError):
            crypto.open_text(s, team_id=team_id, purpose="record.body", sealed=record.title_enc)
        other = make_clinic(s)
        crypto.seal_text(s, team_id=other.team_id, purpose="record.title", text="x")
        with pytest.raises(crypto.DataKeyError):
            crypto.open_text(
                s, team_id=other.team_id, purpose="record.title", sealed=record.title_enc
            )
        assert len(s.exec(select(TeamDataKey)).all()) >= 2


def test_production_without_a_key_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREINICO_ENV", "production")
    monkeypatch.setenv("TREINICO_DATA_KEYS", "")
    settings_module.get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError, match="TREINICO_DATA_KEYS"):
            crypto.master_keys()
    finally:
        settings_module.get_settings.cache_clear()


def test_a_malformed_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREINICO_DATA_KEYS", "senha123")
    settings_module.get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError, match="generate-key"):
            crypto.master_keys()
    finally:
        settings_module.get_settings.cache_clear()


def test_cli_generates_and_rotates_keys(
    db: Engine,
    keys,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    from cryptography.fernet import Fernet

    from treinico import cli
    from treinico import db as db_module

    team_id, record_id = _record(db)
    assert cli.main(["generate-key"]) == 0
    fresh = capsys.readouterr().out.strip()
    Fernet(fresh.encode())  # a valid key
    monkeypatch.setenv("TREINICO_DATABASE_URL", db.url.render_as_string(hide_password=False))
    db_module.get_engine.cache_clear()
    try:
        assert cli.main(["rotate-key"]) == 2  # one key only: nothing to rotate to
        assert "nova,antiga" in capsys.readouterr().err
        keys(f"{fresh},{OLD}")
        assert cli.main(["rotate-key"]) == 0
        assert "1 equipe" in capsys.readouterr().out
        keys(fresh)
        with unit_of_work(db) as s:
            record = s.get(HealthRecord, record_id)
            assert record is not None
            body = crypto.open_text(
                s, team_id=team_id, purpose="record.body", sealed=record.body_enc
            )
        assert body == "Texto sigiloso"
    finally:
        db_module.get_engine.cache_clear()
