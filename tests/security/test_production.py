"""Production refuses unsafe configuration and demo data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import NOW
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.demo.seed import DEMO_PASSWORD, OWNER_EMAIL, has_demo_data, seed_demo
from treinico.services.auth import staff as auth
from treinico.settings import SettingsError, load_settings

GOOD = {
    "TREINICO_ENV": "production",
    "TREINICO_WHATSAPP_BACKEND": "twilio",
    "TREINICO_SESSION_SECRET": "k" * 48,
    "TREINICO_PUBLIC_URL": "https://app.exemplo.com.br",
    "TREINICO_DATA_KEYS": "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
}


# Settings a test run sets to go faster (tests/conftest.py, tests/e2e/conftest.py).
TEST_ONLY = {"TREINICO_ARGON2_PROFILE": "test", "TREINICO_LOGIN_SEND_COOLDOWN_SECONDS": "1"}


@pytest.fixture()
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key, value in GOOD.items():
        monkeypatch.setenv(key, value)
    for key in TEST_ONLY:
        monkeypatch.delenv(key, raising=False)
    settings_module.get_settings.cache_clear()
    yield
    settings_module.get_settings.cache_clear()


def test_good_production_settings_pass() -> None:
    load_settings(GOOD).check_for_production()


@pytest.mark.parametrize("secret", ["", "change-me", "troque-isto", "curto"])
def test_missing_or_placeholder_secret_is_refused(secret: str) -> None:
    with pytest.raises(SettingsError, match="TREINICO_SESSION_SECRET"):
        load_settings({**GOOD, "TREINICO_SESSION_SECRET": secret}).check_for_production()


def test_missing_health_data_key_is_refused() -> None:
    with pytest.raises(SettingsError, match="TREINICO_DATA_KEYS"):
        load_settings({**GOOD, "TREINICO_DATA_KEYS": ""}).check_for_production()


def test_wildcard_origins_are_refused() -> None:
    with pytest.raises(SettingsError, match="ORIGINS"):
        load_settings({**GOOD, "TREINICO_ALLOWED_ORIGINS": "*"}).check_for_production()


def test_console_whatsapp_is_refused_in_production() -> None:
    with pytest.raises(SettingsError, match="WHATSAPP"):
        load_settings({**GOOD, "TREINICO_WHATSAPP_BACKEND": "console"}).check_for_production()


@pytest.mark.parametrize("key", sorted(TEST_ONLY))
def test_test_only_settings_are_refused_in_production(key: str) -> None:
    with pytest.raises(SettingsError, match=key):
        load_settings({**GOOD, key: TEST_ONLY[key]}).check_for_production()


def test_the_send_cooldown_of_a_business_passes_in_production() -> None:
    load_settings({**GOOD, "TREINICO_LOGIN_SEND_COOLDOWN_SECONDS": "90"}).check_for_production()


def test_test_runs_hash_cheaply_and_the_standard_profile_still_verifies() -> None:
    from argon2 import PasswordHasher

    assert load_settings(TEST_ONLY).argon2_profile == "test"
    cheap = auth.hash_password("senha-de-teste-longa")
    assert "m=1024,t=1,p=1" in cheap, "test runs use the cheap profile (tests/conftest.py)"
    assert PasswordHasher().verify(cheap, "senha-de-teste-longa")
    standard = PasswordHasher().hash("senha-de-teste-longa")
    assert auth.verify_password(standard, "senha-de-teste-longa")
    assert "m=65536,t=3,p=4" in standard


def test_development_allows_defaults() -> None:
    load_settings({}).check_for_production()


def test_https_public_url_makes_cookies_secure() -> None:
    assert load_settings(GOOD).secure_cookies is True
    assert load_settings({}).secure_cookies is False


def test_demo_data_is_detected(session: Session) -> None:
    assert has_demo_data(session) is False
    seed_demo(session=session, now=NOW)
    assert has_demo_data(session) is True


def test_demo_password_does_not_open_production(db: Engine, production: None) -> None:
    with unit_of_work(db) as s:
        seed_demo(session=s, now=NOW)
    with unit_of_work(db) as s:
        result = auth.authenticate(
            session=s, email=OWNER_EMAIL, password=DEMO_PASSWORD, ip="10.0.0.1", now=NOW
        )
    assert result.ticket is None
    assert result.error is not None


def test_demo_password_works_where_demo_was_loaded(db: Engine) -> None:
    with unit_of_work(db) as s:
        seed_demo(session=s, now=NOW)
    with unit_of_work(db) as s:
        result = auth.authenticate(
            session=s, email=OWNER_EMAIL, password=DEMO_PASSWORD, ip="10.0.0.1", now=NOW
        )
    assert result.ticket


def test_production_start_is_refused_with_demo_data(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from treinico.db import get_engine
    from treinico.startup import check_startup

    with unit_of_work(db) as s:
        seed_demo(session=s, now=NOW)
    for key, value in GOOD.items():
        monkeypatch.setenv(key, value)
    for key in TEST_ONLY:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TREINICO_DATABASE_URL", db.url.render_as_string(hide_password=False))
    settings_module.get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        with pytest.raises(SettingsError, match="demonstração"):
            check_startup()
    finally:
        settings_module.get_settings.cache_clear()
        get_engine.cache_clear()


def test_tab_state_has_a_bounded_life(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """rxconfig hands the setting to Reflex, whose every state manager expires idle tabs."""
    import importlib

    import rxconfig
    from treinico import settings as settings_module

    monkeypatch.setenv("TREINICO_TAB_STATE_SECONDS", "900")
    settings_module.get_settings.cache_clear()
    try:
        assert importlib.reload(rxconfig).config.redis_token_expiration == 900
        assert rxconfig.config.state_manager_mode == "memory"  # no Redis: one worker's memory
        monkeypatch.setenv("TREINICO_TAB_STATE_SECONDS", "5")  # too short: the floor holds
        settings_module.get_settings.cache_clear()
        assert importlib.reload(rxconfig).config.redis_token_expiration == 300
    finally:
        monkeypatch.delenv("TREINICO_TAB_STATE_SECONDS")
        settings_module.get_settings.cache_clear()
        importlib.reload(rxconfig)


def test_worker_count_follows_the_cores_and_needs_redis(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Not Reflex's 2 x cores + 1: TREINICO_WORKERS with Redis, a single worker without."""
    import importlib
    import os

    import rxconfig
    from treinico import settings as settings_module

    def workers(**env: str) -> str:
        monkeypatch.delenv("GRANIAN_WORKERS", raising=False)
        for name in ("TREINICO_REDIS_URL", "TREINICO_WORKERS"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        settings_module.get_settings.cache_clear()
        importlib.reload(rxconfig)
        return os.environ["GRANIAN_WORKERS"]

    try:
        assert workers() == "1"  # the in-memory tab state cannot be shared
        assert workers(TREINICO_WORKERS="4") == "1"
        redis = "redis://127.0.0.1:6379/0"
        assert workers(TREINICO_REDIS_URL=redis) == str(os.cpu_count() or 1)
        assert workers(TREINICO_REDIS_URL=redis, TREINICO_WORKERS="3") == "3"
        monkeypatch.setenv("GRANIAN_WORKERS", "5")  # an explicit choice wins
        settings_module.get_settings.cache_clear()
        importlib.reload(rxconfig)
        assert os.environ["GRANIAN_WORKERS"] == "5"
    finally:
        for name in ("GRANIAN_WORKERS", "TREINICO_REDIS_URL", "TREINICO_WORKERS"):
            monkeypatch.delenv(name, raising=False)
        settings_module.get_settings.cache_clear()
        importlib.reload(rxconfig)
        os.environ.pop("GRANIAN_WORKERS", None)


def test_refresh_intervals_default_and_bounds() -> None:
    """The news intervals of open pages: 15 s and 3 s unless set, never below 1 s (a page
    that asks the worker continuously) nor above their ceilings."""
    plain = load_settings({})
    assert (plain.nav_refresh_seconds, plain.messages_refresh_seconds) == (15, 3)
    quick = load_settings(
        {"TREINICO_NAV_REFRESH_SECONDS": "0", "TREINICO_MESSAGES_REFRESH_SECONDS": "-5"}
    )
    assert (quick.nav_refresh_seconds, quick.messages_refresh_seconds) == (1, 1)
    slow = load_settings(
        {"TREINICO_NAV_REFRESH_SECONDS": "9999", "TREINICO_MESSAGES_REFRESH_SECONDS": "9999"}
    )
    assert (slow.nav_refresh_seconds, slow.messages_refresh_seconds) == (300, 60)


@pytest.mark.parametrize(("trusted", "warned"), [("", True), ("1", False)])
def test_check_config_warns_when_https_has_no_trusted_proxy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], trusted: str, warned: bool
) -> None:
    """An https address means a proxy in front: without TREINICO_TRUSTED_PROXY every login
    would count as the proxy's address (one bucket for everyone)."""
    from treinico import cli

    monkeypatch.setenv("TREINICO_ENV", "development")
    monkeypatch.setenv("TREINICO_PUBLIC_URL", "https://app.exemplo.com.br")
    monkeypatch.setenv("TREINICO_TRUSTED_PROXY", trusted)
    settings_module.get_settings.cache_clear()
    try:
        assert cli.main(["check-config"]) == 0
    finally:
        settings_module.get_settings.cache_clear()
    err = capsys.readouterr().err
    assert ("TREINICO_TRUSTED_PROXY está desligado" in err) is warned
