"""The business's public page, and HTTP 404 for unknown businesses.

`/{slug}` itself is the public page and `/{slug}/entrar` the portal login, both rendered here
on the server (treinico/http/public_page.py, treinico/http/portal_login.py). Every other page under
`/{slug}` (the portal's pages) is a route of the Reflex app,
which would answer 200 for any first segment and only then say "não encontrado". This wrapper
looks at page requests whose first segment could be a business's address and answers 404 with
a small pt-BR page when no team has it, before the app is reached."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from treinico import routes
from treinico.db import unit_of_work
from treinico.http.portal_login import login_response
from treinico.http.public_page import public_page_response
from treinico.services.site.crawlers import team_slug_exists
from treinico.services.teams import RESERVED_SLUGS

# First segments that are the app's own, never a business (the same list that team
# creation refuses).
RESERVED = RESERVED_SLUGS
_SLUG = routes.SLUG

NOT_FOUND_PAGE = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Página não encontrada · Treinico</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
background:#f0fdfa;color:#1c2024}
main{max-width:28rem;margin:18vh auto;padding:0 1.25rem;text-align:center}
h1{font-size:1.6rem;margin:0 0 .75rem}p{color:#3c4247;line-height:1.5}
a{display:inline-block;margin-top:1rem;padding:.7rem 1.2rem;border-radius:.6rem;
background:#0f766e;color:#fff;text-decoration:none;font-weight:600}
</style></head>
<body><main>
<h1>Página não encontrada</h1>
<p>Não encontramos nenhum negócio neste endereço. Confira o link que você recebeu
ou fale com o seu studio.</p>
<a href="/">Ir para o início</a>
</main></body></html>
"""


def _candidate(path: str) -> str | None:
    first = path.strip("/").split("/", 1)[0]
    if not first or first in RESERVED or not _SLUG.match(first):
        return None
    return first


def _known(slug: str) -> bool:
    with unit_of_work(read_only=True) as session:
        return team_slug_exists(session=session, slug=slug)


def _not_found() -> Response:
    return HTMLResponse(NOT_FOUND_PAGE, status_code=404, headers={"Cache-Control": "no-store"})


async def _public(path: str, slug: str, if_none_match: str) -> Response:
    if path != f"/{slug}":  # "/studio-demo/" and other spellings: one address per page
        return RedirectResponse(f"/{slug}", status_code=308)
    found = await asyncio.to_thread(public_page_response, slug, if_none_match)
    return found if found is not None else _not_found()


def slug_gate(app: ASGIApp) -> ASGIApp:
    async def gate(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD", "POST"):
            path = scope.get("path", "")
            slug = _candidate(path)
            if slug is not None and path.rstrip("/") == f"/{slug}/entrar":
                found = await login_response(Request(scope, receive), slug)
                await (found or _not_found())(scope, receive, send)
                return
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            path = scope.get("path", "")
            slug = _candidate(path)
            if slug is not None and path.strip("/") == slug:
                asked = Request(scope).headers.get("if-none-match", "")
                response = await _public(path, slug, asked)
                await response(scope, receive, send)
                return
            if slug is not None and not await asyncio.to_thread(_known, slug):
                await _not_found()(scope, receive, send)
                return
        await app(scope, receive, send)

    return gate
