"""The business's public page (`/{slug}`), rendered on the server: it paints on the first
response, needs no JavaScript, and carries everything a link preview or a search engine reads
(title, description, Open Graph and Twitter tags, schema.org JSON-LD). Also its logo and the
1200x630 card of its link previews."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from treinico.db import unit_of_work
from treinico.services.errors import DomainError
from treinico.services.site import opening_hours as oh
from treinico.services.site.brand import share_card
from treinico.services.site.public_page import (
    PublicPage,
    card_version,
    logo_of,
    public_page,
)
from treinico.settings import get_settings

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=False,
    )


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


def json_ld(page: PublicPage, url: str, image: str) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": page.name,
        "description": page.description,
        "url": url,
        "image": image,
    }
    if page.logo_version:
        data["logo"] = f"{url}/logo.png?v={page.logo_version}"
    if page.phone_e164:
        data["telephone"] = page.phone_e164
    if page.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": page.address,
            "addressCountry": "BR",
        }
        data["hasMap"] = page.map_url
    hours = oh.schema_hours(page.week)
    if hours:
        data["openingHoursSpecification"] = hours
    return data


def render_public_page(page: PublicPage, base_url: str) -> str:
    url = f"{base_url.rstrip('/')}/{page.slug}"
    version = page.logo_version or "0"
    card_url = f"{url}/cartao.png?v={card_version(page.name, page.logo_version)}"
    # "</" inside the JSON would end the script element: escape every "<".
    ld = json.dumps(json_ld(page, url, card_url), ensure_ascii=False).replace("<", "\\u003c")
    return render(
        "public.html",
        page=page,
        url=url,
        card_url=card_url,
        logo_path=f"/{page.slug}/logo.png?v={version}",
        json_ld=Markup(ld),  # noqa: S704  (json.dumps output with "<" escaped)
    )


def public_page_response(slug: str, if_none_match: str = "") -> Response | None:
    """The page of the business at ``slug``, or None when there is none.

    Browsers and proxies may keep it but ask again each time (``no-cache`` with an ETag of
    the page itself): an unchanged page costs a 304 with no body, and an owner who saves the
    page and opens it sees what was saved, not a copy from a minute before."""
    try:
        with unit_of_work(read_only=True) as session:
            page = public_page(session=session, slug=slug)
    except DomainError:
        return None
    body = render_public_page(page, get_settings().public_url)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    headers = {"Cache-Control": "public, no-cache", "ETag": etag}
    if etag in (tag.strip() for tag in if_none_match.split(",")):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(body, headers=headers)


def _image(body: bytes) -> Response:
    return Response(
        body, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"}
    )


def logo(request: Request) -> Response:
    try:
        with unit_of_work(read_only=True) as session:
            _name, _version, png = logo_of(session=session, slug=str(request.path_params["slug"]))
    except DomainError:
        return Response(status_code=404)
    if png is None:
        return Response(status_code=404)
    return _image(png)


# Drawn cards by (business, version): a few dozen KB each, the newest CARDS_KEPT kept.
CARDS_KEPT = 64
_cards: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_cards_lock = threading.Lock()


def card(request: Request) -> Response:
    slug = str(request.path_params["slug"])
    try:
        with unit_of_work(read_only=True) as session:
            name, version, png = logo_of(session=session, slug=slug)
    except DomainError:
        return Response(status_code=404)
    key = (slug, version)
    with _cards_lock:
        body = _cards.get(key)
        if body is not None:
            _cards.move_to_end(key)
    if body is None:
        body = share_card(name, png)
        with _cards_lock:
            _cards[key] = body
            while len(_cards) > CARDS_KEPT:
                _cards.popitem(last=False)
    return _image(body)
