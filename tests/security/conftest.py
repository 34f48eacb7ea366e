"""The app's HTTP layer on the test database, for the security tests that drive it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from treinico import db as db_module
from treinico import settings as settings_module

Serve = Callable[..., TestClient]


@pytest.fixture()
def serve(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """``serve(make_app, base_url, **env)``: the settings read from ``env`` on the test
    database, then the app built (its wrappers read the settings when they are made)."""
    opened: list[TestClient] = []

    def start(make_app: Callable[[], ASGIApp], base_url: str, **env: str) -> TestClient:
        monkeypatch.setenv("TREINICO_DATABASE_URL", db.url.render_as_string(hide_password=False))
        monkeypatch.setenv("TREINICO_PUBLIC_URL", base_url)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        settings_module.get_settings.cache_clear()
        db_module.get_engine.cache_clear()
        client = TestClient(make_app(), base_url=base_url)
        client.__enter__()
        opened.append(client)
        return client

    yield start
    for client in opened:
        client.__exit__(None, None, None)
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
