"""robots.txt and sitemap.xml are real text and XML, not the app's HTML."""

from __future__ import annotations

import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.factories import make_team
from treinico import db as db_module
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.http.app import build_http_app

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture()
def app(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("TREINICO_DATABASE_URL", str(db.url.render_as_string(hide_password=False)))
    monkeypatch.setenv("TREINICO_PUBLIC_URL", "https://app.exemplo.com.br")
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
    with TestClient(build_http_app(), base_url="https://app.exemplo.com.br") as client:
        yield client
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()


def test_robots_allows_public_pages_and_keeps_crawlers_out_of_the_rest(app: TestClient) -> None:
    response = app.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.text.splitlines())
    base = "https://app.exemplo.com.br"
    assert parser.can_fetch("WhatsApp", f"{base}/studio-demo")
    assert parser.can_fetch("Googlebot", f"{base}/studio-demo/entrar")  # the way in
    assert parser.can_fetch("Googlebot", f"{base}/")
    for private in ("/painel/clientes", "/entrar", "/auth/entrar", "/arquivos/saude/1"):
        assert not parser.can_fetch("Googlebot", base + private), private
    assert parser.site_maps() == [f"{base}/sitemap.xml"]
    # Python's parser has no wildcards; the portal's private pages use them.
    assert "Disallow: /*/area-do-cliente" in response.text


def test_the_sitemap_lists_each_teams_public_page(app: TestClient, db: Engine) -> None:
    with unit_of_work(db) as s:
        a, b = make_team(s), make_team(s)
        slugs = sorted([a.team.slug, b.team.slug])
    response = app.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)  # noqa: S314  (our own answer)
    locs = [el.text for el in root.iter(f"{SITEMAP_NS}loc")]
    assert locs == [f"https://app.exemplo.com.br/{slug}" for slug in slugs]


def test_icons_are_real_pngs_of_their_size(app: TestClient) -> None:
    import io

    from PIL import Image

    for path, size in (
        ("/icones/icone-192.png", 192),
        ("/icones/icone-512.png", 512),
        ("/icones/icone-512-maskable.png", 512),
    ):
        response = app.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "image/png"
        with Image.open(io.BytesIO(response.content)) as image:
            assert image.format == "PNG" and image.size == (size, size)
    # The maskable icon fills its square (launchers crop it); the plain one has round corners.
    with Image.open(io.BytesIO(app.get("/icones/icone-192-maskable.png").content)) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255
    with Image.open(io.BytesIO(app.get("/icones/icone-192.png").content)) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0
    for missing in ("/icones/icone-100.png", "/icones/icone-192-outro.png"):
        assert app.get(missing).status_code == 404


def test_each_business_has_its_portal_manifest(app: TestClient, db: Engine) -> None:
    import json

    with unit_of_work(db) as s:
        team = make_team(s, "Studio Sol")
    response = app.get(f"/{team.team.slug}/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text)
    assert manifest["name"] == "Studio Sol · Área do cliente"
    assert manifest["start_url"] == f"/{team.team.slug}/area-do-cliente"
    assert manifest["lang"] == "pt-BR" and manifest["display"] == "standalone"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    assert app.get("/nao-existe/manifest.webmanifest").status_code == 404
