"""Portal login: phone -> code over WhatsApp -> logged in. And the business's public page."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from treinico import routes
from treinico.db import unit_of_work
from treinico.jobs.codes import request_and_queue
from treinico.services.errors import DomainError, NotFound
from treinico.services.portal_auth import (
    public_business,
    verify_code,
)
from treinico.state.session import form_text, utcnow


def slug_from_path(path: str) -> str:
    return path.strip("/").split("/")[0][:60].lower()


class PortalLoginState(rx.State):
    business_name: str = ""
    slug: str = ""
    not_found: bool = False
    step: str = "phone"  # phone | code
    phone_display: str = ""
    phone_error: str = ""
    code_error: str = ""
    form_error: str = ""
    sending: bool = False
    verifying: bool = False
    cooldown: int = 0

    _challenge_id: int | None = None
    _phone: str = ""
    _ticking: bool = False

    @rx.var
    def session_expired(self) -> bool:
        return self.router.url.query_parameters.get("expirado") == "1"

    def _slug(self) -> str:
        return slug_from_path(self.router.url.path)

    @rx.event
    def load(self) -> None:
        try:
            with unit_of_work() as session:
                name, _slug = public_business(session=session, slug=self._slug())
        except NotFound:
            self.not_found = True
            return
        self.business_name, self.slug, self.not_found = name, _slug, False
        self.step, self.code_error, self.phone_error, self.form_error = "phone", "", "", ""
        self.sending = self.verifying = False
        self._challenge_id = None

    @rx.event(background=True)
    async def send_code(self, form_data: dict[str, Any]) -> Any:
        async with self:
            if self.sending:
                return
            phone = form_text(form_data, "phone", 40) if form_data else self._phone
            self.sending = True
            self.phone_error = self.form_error = self.code_error = ""
            ip = self.router.session.client_ip or "?"
            business = self.business_name
        # The send itself leaves in the background (jobs/codes.py): known and unknown
        # phones get this answer in the same time.
        outcome = await asyncio.to_thread(request_and_queue, phone, ip, business)
        async with self:
            self.sending = False
            if isinstance(outcome, DomainError):
                if "phone" in outcome.fields and self.step == "phone":
                    self.phone_error = outcome.fields["phone"]
                else:
                    self.form_error = outcome.message
                return
            # Same screen whether or not the phone is a client's: no enumeration.
            self._challenge_id = outcome.challenge_id
            self._phone = outcome.phone_e164
            self.phone_display = outcome.phone_display
            self.step = "code"
            self.cooldown = outcome.cooldown_seconds
            if self._ticking:
                return
            self._ticking = True
        while True:
            await asyncio.sleep(1)
            async with self:
                if self.cooldown <= 0 or self.step != "code":
                    self._ticking = False
                    return
                self.cooldown -= 1

    @rx.event
    def verify(self, form_data: dict[str, Any]) -> Any:
        if self.verifying or self._challenge_id is None:
            return
        code = form_text(form_data, "code", 20)
        self.code_error = self.form_error = ""
        self.verifying = True
        yield
        challenge_id = self._challenge_id
        try:
            with unit_of_work() as session:
                result = verify_code(
                    session=session, challenge_id=challenge_id, code=code, now=utcnow()
                )
        except DomainError as exc:
            self.verifying = False
            self.code_error = exc.fields.get("code", exc.message)
            return
        if result.error is not None or not result.ticket:
            self.verifying = False
            self.code_error = result.error.message if result.error else "Código incorreto."
            return
        yield rx.call_script(
            f"window.location.assign('{routes.AUTH_PORTAL}?ticket={result.ticket}"
            f"&negocio={self._slug()}')"
        )

    @rx.event
    def change_number(self) -> None:
        self.step = "phone"
        self._challenge_id = None
        self.code_error = self.form_error = ""
        self.cooldown = 0
