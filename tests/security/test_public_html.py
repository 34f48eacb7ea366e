"""What a link preview or a crawler gets from `/{slug}` with a plain GET and no JavaScript: the
business in the title, the description, Open Graph and Twitter tags with absolute URLs, valid
JSON-LD; the share card and the logo as real PNGs; unknown businesses a 404."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from PIL import Image
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.factories import make_agenda
from tests.security.conftest import Serve
from treinico.db import unit_of_work
from treinico.http.app import build_http_app
from treinico.http.gate import slug_gate
from treinico.services.site.public_page import public_settings, save_logo, save_public_settings

BASE = "https://app.exemplo.com.br"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class Head(HTMLParser):
    """The <title>, every <meta>/<link> and the JSON-LD blocks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.title, self.meta, self.links, self.ld = "", {}, {}, []
        self.html_lang = ""
        self._in: str | None = None
        self.mains = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "link":
            self.links[a.get("rel", "")] = a.get("href", "")
        elif tag == "title":
            self._in = "title"
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "ld"
            self.ld.append("")
        elif tag == "main":
            self.mains += 1

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "ld":
            self.ld[-1] += data


def parse(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


@pytest.fixture()
def client(serve: Serve) -> TestClient:
    return serve(lambda: slug_gate(build_http_app()), BASE)


@pytest.fixture()
def studio(db: Engine) -> str:
    with unit_of_work(db) as s:
        world = make_agenda(s, "Studio Aberto")
        save_public_settings(
            session=s,
            actor=world.owner,
            form={
                "kind": "studio",
                "description": "Pilates e treino funcional <script>alert(1)</script> na Vila.",
                "address": "Rua Domingos de Morais, 1200 — São Paulo — SP",
                "whatsapp": "(11) 94000-1234",
                "hours_from_agenda": True,
                "sessions": [world.session_type_id],
                "products": [world.product_id],
            },
            now=NOW,
        )
        return public_settings(session=s, actor=world.owner).slug


def test_a_crawler_reads_the_business_without_javascript(client: TestClient, studio: str) -> None:
    response = client.get(f"/{studio}", headers={"User-Agent": "WhatsApp/2.23.20.0"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<script src" not in html  # nothing to run: the page is all in the first response
    head = parse(html)
    assert head.html_lang == "pt-BR" and head.mains == 1
    assert head.title == "Studio Aberto · Área do cliente"
    description = "Pilates e treino funcional <script>alert(1)</script> na Vila."
    assert head.meta["description"] == description
    assert "<script>alert(1)</script>" not in html  # shown as text, never as markup
    assert head.links["canonical"] == f"{BASE}/{studio}"
    assert head.meta["og:title"] == "Studio Aberto · Área do cliente"
    assert head.meta["og:description"] == description
    assert head.meta["og:url"] == f"{BASE}/{studio}"
    assert head.meta["og:image"].startswith(f"{BASE}/{studio}/cartao.png")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert len(head.ld) == 1
    ld = json.loads(head.ld[0])
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "ExerciseGym"
    assert ld["name"] == "Studio Aberto" and ld["url"] == f"{BASE}/{studio}"
    assert ld["telephone"] == "+5511940001234"
    assert ld["address"]["streetAddress"].startswith("Rua Domingos de Morais")
    assert ld["description"] == description
    days = {h["dayOfWeek"].rsplit("/", 1)[1] for h in ld["openingHoursSpecification"]}
    assert days == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
    # The visible page: the way in, WhatsApp, what it offers, the map.
    assert f'href="/{studio}/entrar"' in html and "Área do cliente" in html
    assert 'href="https://wa.me/5511940001234?text=' in html
    assert "R$ 480,00/mês" in html and "60 min · individual" in html
    assert "https://www.google.com/maps/search/?api=1&amp;query=" in html
    assert client.head(f"/{studio}").status_code == 200


def test_the_share_card_and_the_logo_are_real_images(
    client: TestClient, studio: str, db: Engine
) -> None:
    image = client.get(parse(client.get(f"/{studio}").text).meta["og:image"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(image.content)) as card:
        assert card.size == (1200, 630)
    assert client.get(f"/{studio}/logo.png").status_code == 404  # none uploaded yet
    upload = io.BytesIO()
    Image.new("RGB", (900, 900), "white").save(upload, format="PNG")
    with unit_of_work(db) as s:
        from sqlmodel import select

        from treinico.models import Team
        from treinico.services.actor import load_actor

        team = s.exec(select(Team).where(Team.slug == studio)).one()
        from treinico.models import Membership

        owner = s.exec(select(Membership).where(Membership.team_id == team.id)).first()
        assert owner is not None
        actor = load_actor(s, user_id=owner.user_id, team_id=team.id or 0)
        save_logo(session=s, actor=actor, data=upload.getvalue(), filename="logo.png", now=NOW)
    head = parse(client.get(f"/{studio}").text)
    ld = json.loads(head.ld[0])
    assert ld["logo"].startswith(f"{BASE}/{studio}/logo.png?v=")
    logo = client.get(f"/{studio}/logo.png")
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(logo.content)) as stored:
        assert stored.size == (512, 512)


def test_unknown_businesses_and_other_spellings(client: TestClient, studio: str) -> None:
    for path in ("/nao-existe", "/nao-existe/cartao.png", "/nao-existe/logo.png"):
        response = client.get(path)
        assert response.status_code == 404, path
    assert 'lang="pt-BR"' in client.get("/nao-existe").text
    moved = client.get(f"/{studio}/", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == f"/{studio}"
