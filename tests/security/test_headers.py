"""The security headers are set in one place for every response: server pages, HTTP routes,
files, 404s and the app's own pages (the browser test checks the built app's), with no-store
on whatever carries personal data and HSTS only over https."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from tests.factories import make_team
from tests.security.conftest import Serve
from treinico.db import unit_of_work
from treinico.http.app import build_http_app
from treinico.http.gate import slug_gate
from treinico.http.headers import content_security_policy, security_headers


async def _reflex_page(request: Request) -> PlainTextResponse:
    return PlainTextResponse("<html>a page of the app</html>", media_type="text/html")


def _app() -> ASGIApp:
    inner = build_http_app()
    inner.mount("", Starlette(routes=[Route("/{path:path}", _reflex_page)]))
    return security_headers(slug_gate(inner))


@pytest.fixture()
def client(serve: Serve) -> TestClient:
    return serve(_app, "https://app.exemplo.com.br")


def test_every_kind_of_response_gets_them(client: TestClient, db: Engine) -> None:
    with unit_of_work(db) as s:
        slug = make_team(s).team.slug
    paths = (
        f"/{slug}",  # the public page
        f"/{slug}/entrar",  # the login
        "/robots.txt",
        "/icones/icone-192.png",
        "/nao-existe",  # the gate's 404
        "/arquivos/saude/1",  # a route's 404
        "/painel/clientes",  # a page of the app
        "/assets/root-abc123.js",
    )
    for path in paths:
        r = client.get(path, follow_redirects=False)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-frame-options"] == "DENY", path
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert "camera=()" in r.headers["permissions-policy"], path
        assert r.headers["strict-transport-security"].startswith("max-age=31536000"), path
        assert r.headers["referrer-policy"], path
    # Caching: nothing personal is ever stored; the build's hashed files are.
    assert client.get("/painel/clientes").headers["cache-control"] == "no-store"
    assert client.get(f"/{slug}/entrar").headers["cache-control"] == "no-store"
    assert client.get("/arquivos/saude/1").headers["cache-control"] == "no-store"
    assert "immutable" in client.get("/assets/root-abc123.js").headers["cache-control"]
    # A route's own choice stays: the public page may be kept but is asked again each time
    # (an unchanged page is a 304 without a body), the login keeps its referrer inside the app.
    page = client.get(f"/{slug}")
    assert page.headers["cache-control"] == "public, no-cache"
    again = client.get(f"/{slug}", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get(f"/{slug}", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(f"/{slug}/entrar").headers["referrer-policy"] == "same-origin"


def test_no_hsts_over_plain_http(serve: Serve) -> None:
    r = serve(_app, "http://localhost:3000").get("/robots.txt")
    assert "strict-transport-security" not in r.headers
    assert "connect-src 'self' ws://localhost:3000" in r.headers["content-security-policy"]


def test_the_policy_loads_nothing_from_elsewhere() -> None:
    policy = content_security_policy("https://app.exemplo.com.br")
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self' wss://app.exemplo.com.br"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    for value in directives.values():
        assert "http" not in value.replace("wss://app.exemplo.com.br", ""), value
        assert "*" not in value
