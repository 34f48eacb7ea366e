"""Unknown businesses answer 404 (with a friendly page) before the app is reached; known
ones, the app's own addresses, files and the websocket pass through."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.factories import make_team
from treinico import db as db_module
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.http.gate import slug_gate


async def _app_page(request: Request) -> PlainTextResponse:
    return PlainTextResponse("the app: " + request.url.path)


@pytest.fixture()
def client(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("TREINICO_DATABASE_URL", db.url.render_as_string(hide_password=False))
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
    inner = Starlette(routes=[Route("/{path:path}", _app_page)])
    with TestClient(slug_gate(inner)) as c:
        yield c
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()


def test_an_unknown_business_is_a_404_page_in_portuguese(client: TestClient, db: Engine) -> None:
    with unit_of_work(db) as s:
        slug = make_team(s).team.slug
    for path in ("/nao-existe", "/nao-existe/entrar", "/nao-existe/area-do-cliente/agenda"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert 'lang="pt-BR"' in response.text and "Página não encontrada" in response.text
        assert response.headers["cache-control"] == "no-store"
    for path in (f"/{slug}/area-do-cliente", f"/{slug}/area-do-cliente/agenda"):
        assert client.get(path).text == "the app: " + path
    # The business's own address is its public page and /entrar its login, both rendered
    # here and not by the app.
    for path in (f"/{slug}", f"/{slug}/entrar"):
        page = client.get(path)
        assert page.status_code == 200 and "<title>" in page.text and "the app" not in page.text


def test_the_apps_own_addresses_and_files_pass_through(client: TestClient) -> None:
    for path in (
        "/",
        "/entrar",
        "/painel/clientes",
        "/area-do-cliente/negocios",
        "/auth/entrar",
        "/logo.svg",
        "/treinico.css",
        "/assets/app.js",
        "/_event",
        "/ping",
        "/robots.txt",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.text == "the app: " + path
