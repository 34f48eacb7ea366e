"""Error pages for the HTTP side (server-rendered pages and routes): a short pt-BR page
instead of a bare "Internal Server Error". An outage (database or Redis down) answers 503 with
Retry-After, so a reload a moment later works; anything else answers 500. The websocket is
left alone (its errors become a toast, see treinico/state/errors.py)."""

from __future__ import annotations

import html
import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from treinico.outages import UNEXPECTED, outage

log = logging.getLogger("treinico.http")

PAGE = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Treinico</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}}
main{{max-width:32rem;margin:15vh auto;padding:0 1.25rem}}h1{{font-size:1.5rem}}
a{{color:#0f766e}}</style></head>
<body><main><h1>{title}</h1><p>{message}</p><p><a href="">Tentar de novo</a></p></main></body>
</html>"""


def error_response(exc: BaseException) -> Response:
    message = outage(exc)
    if message is not None:
        log.warning("outage answered 503: %s", type(exc).__name__)
        title, status, headers = "Indisponível no momento", 503, {"Retry-After": "5"}
    else:
        log.error("unexpected error on an HTTP request", exc_info=exc)
        title, status, headers, message = "Algo deu errado", 500, {}, UNEXPECTED
    body = PAGE.format(title=html.escape(title), message=html.escape(message))
    response = HTMLResponse(body, status_code=status, headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response


async def starlette_error(_request: Request, exc: Exception) -> Response:
    """Starlette's handler for errors inside the HTTP routes."""
    return error_response(exc)


def error_pages(app: ASGIApp) -> ASGIApp:
    """Wrap `app` so an error before the response started answers with an error page."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await app(scope, receive, tracking)
        except Exception as exc:
            if started:
                raise
            await error_response(exc)(scope, receive, send)

    return guarded
