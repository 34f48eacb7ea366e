"""The portal login (`/{slug}/entrar`), rendered on the server: phone, then the 6-digit code
received on WhatsApp, then the portal. Plain HTML forms that work without JavaScript and
paint on the first response over 4G; a few lines of script only count the resend down and
keep a button from being pressed twice.

Between the two steps the browser keeps a short-lived, signed, HttpOnly cookie with the
challenge it answers (its id, the phone and when a new code may be asked). Posts are accepted
only from the app's own origins, so another site cannot log a visitor into someone's account.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from treinico import routes
from treinico.cookies import token_from_cookie_header
from treinico.db import unit_of_work
from treinico.http.app import client_address, portal_cookie_response
from treinico.http.public_page import render
from treinico.jobs.codes import request_and_queue
from treinico.services.auth.portal import public_business, verify_code
from treinico.services.errors import DomainError, NotFound
from treinico.settings import get_settings

STEP_MAX_AGE = 10 * 60  # a code is valid for 10 minutes
MAX_FORM_BYTES = 4096


def step_cookie_name() -> str:
    return "__Host-treinico_entrada" if get_settings().secure_cookies else "treinico_entrada"


@dataclass(frozen=True)
class Step:
    """The challenge the code step answers."""

    slug: str
    challenge_id: int
    phone_e164: str
    phone_display: str
    resend_at: float  # epoch seconds
    expires_at: float


def _sign(payload: str) -> str:
    key = get_settings().session_secret.encode()
    digest = hmac.new(key, b"portal-login|" + payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def encode_step(step: Step) -> str:
    raw = json.dumps(
        [
            step.slug,
            step.challenge_id,
            step.phone_e164,
            step.phone_display,
            step.resend_at,
            step.expires_at,
        ]
    )
    payload = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return f"{payload}.{_sign(payload)}"


def decode_step(value: str | None, slug: str, now: float) -> Step | None:
    """The step of this business from the cookie, or None if absent, forged or expired."""
    if not value or "." not in value or len(value) > 1024:
        return None
    payload, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        fields = json.loads(raw)
        step = Step(
            slug=str(fields[0]),
            challenge_id=int(fields[1]),
            phone_e164=str(fields[2]),
            phone_display=str(fields[3]),
            resend_at=float(fields[4]),
            expires_at=float(fields[5]),
        )
    except (ValueError, TypeError, IndexError, json.JSONDecodeError):
        return None
    if step.slug != slug or step.expires_at <= now:
        return None
    return step


def _same_origin(request: Request) -> bool:
    """A browser says where a form post comes from; accept only the app's own origins."""
    settings = get_settings()
    allowed = {o.rstrip("/") for o in settings.allowed_origins}
    allowed.add(settings.public_url.rstrip("/"))
    allowed.add(f"{request.url.scheme}://{request.url.netloc}")
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.rstrip("/") in allowed
    referer = request.headers.get("referer")
    if referer is not None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in allowed
    return True  # not a browser: nothing to forge, and the send limits still apply


def _page(
    *,
    business: str,
    slug: str,
    step: Step | None,
    expired: bool = False,
    phone: str = "",
    phone_error: str = "",
    code_error: str = "",
    form_error: str = "",
    now: float = 0.0,
) -> Response:
    body = render(
        "portal_login.html",
        base=get_settings().public_url.rstrip("/"),
        business=business,
        slug=slug,
        step=step,
        expired=expired,
        phone=phone,
        phone_error=phone_error,
        code_error=code_error,
        form_error=form_error,
        wait=max(0, int(step.resend_at - now + 0.999)) if step else 0,
    )
    response = HTMLResponse(body)
    response.headers["Cache-Control"] = "no-store"
    # Not "no-referrer": under it a browser posts the form with "Origin: null", which the
    # origin check must refuse. Same-origin keeps the referrer inside the app.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _redirect(target: str) -> RedirectResponse:
    response = RedirectResponse(target, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _with_step(response: Response, step: Step) -> Response:
    response.set_cookie(
        step_cookie_name(),
        encode_step(step),
        max_age=STEP_MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=get_settings().secure_cookies,
    )
    return response


def _without_step(response: Response) -> Response:
    response.delete_cookie(step_cookie_name(), path="/")
    return response


def _business(slug: str) -> str | None:
    try:
        with unit_of_work(read_only=True) as session:
            name, _slug = public_business(session=session, slug=slug)
    except NotFound:
        return None
    return name


async def login_response(request: Request, slug: str) -> Response | None:
    """GET shows the step the browser is on; POST acts on it. None: no such business."""
    business = await asyncio.to_thread(_business, slug)
    if business is None:
        return None
    now = time.time()
    cookie = token_from_cookie_header(request.headers.get("cookie"), step_cookie_name())
    step = decode_step(cookie, slug, now)
    if request.method != "POST":
        on_code = request.query_params.get("etapa") == "codigo" and step is not None
        return _page(
            business=business,
            slug=slug,
            step=step if on_code else None,
            expired=request.query_params.get("expirado") == "1",
            now=now,
        )
    if not _same_origin(request):
        return Response("Origem não permitida.", status_code=403, media_type="text/plain")
    form = await _small_form(request)
    if form is None:
        return Response("Formulário grande demais.", status_code=413, media_type="text/plain")
    action = str(form.get("acao") or "")
    here = routes.portal_login(slug)
    if action == "trocar":
        return _without_step(_redirect(here))
    if action == "enviar" or (action == "reenviar" and step is not None):
        typed = str(form.get("phone") or "")[:40] if action == "enviar" else ""
        phone = typed if action == "enviar" else (step.phone_e164 if step else "")
        outcome = await asyncio.to_thread(
            request_and_queue, phone, client_address(request), business
        )
        if isinstance(outcome, DomainError):
            if action == "enviar":
                return _page(
                    business=business,
                    slug=slug,
                    step=None,
                    phone=typed,
                    phone_error=outcome.fields.get("phone", ""),
                    form_error="" if "phone" in outcome.fields else outcome.message,
                    now=now,
                )
            return _page(
                business=business, slug=slug, step=step, form_error=outcome.message, now=now
            )
        # The same answer whether or not the phone is a client's: no enumeration.
        fresh = Step(
            slug=slug,
            challenge_id=outcome.challenge_id,
            phone_e164=outcome.phone_e164,
            phone_display=outcome.phone_display,
            resend_at=now + outcome.cooldown_seconds,
            expires_at=now + STEP_MAX_AGE,
        )
        return _with_step(_redirect(f"{here}?etapa=codigo"), fresh)
    if action == "verificar" and step is not None:
        code = str(form.get("code") or "")[:20]
        error, ticket = await asyncio.to_thread(_verify, step.challenge_id, code)
        if error:
            return _page(business=business, slug=slug, step=step, code_error=error, now=now)
        # The cookie is set by this very response, after the origin check above.
        done = await asyncio.to_thread(portal_cookie_response, ticket, slug)
        return _without_step(done)
    return _redirect(here)  # a stale form (its step expired): start again


async def _small_form(request: Request) -> dict[str, str] | None:
    """The url-encoded form, read up to MAX_FORM_BYTES whatever Content-Length says (a chunked
    body has none); None when it is bigger."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return dict(fields[:8])


def _verify(challenge_id: int, code: str) -> tuple[str, str]:
    """(error to show at the code field, "") or ("", ticket) on success."""
    now = datetime.now(UTC)
    try:
        with unit_of_work() as session:
            result = verify_code(session=session, challenge_id=challenge_id, code=code, now=now)
    except DomainError as exc:
        return exc.fields.get("code", exc.message), ""
    if result.error is not None or not result.ticket:
        return (result.error.message if result.error else "Código incorreto."), ""
    return "", result.ticket
