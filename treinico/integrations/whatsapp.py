"""Sending WhatsApp messages: a MessageSender protocol, a console sender for development and
tests, and a Twilio sender. Login codes go through Verify with our own code or an approved
content template; notices and reminders are plain texts through the Messages API."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from treinico.services.phones import mask_phone
from treinico.settings import Settings, get_settings

log = logging.getLogger(__name__)

RETRY_MESSAGE = "Não foi possível enviar o código pelo WhatsApp agora. Tente de novo em instantes."
INVALID_NUMBER_MESSAGE = "Este número não pode receber mensagens no WhatsApp."


class SendError(Exception):
    """The code could not be delivered. ``message`` is shown to the person (pt-BR)."""

    def __init__(self, message: str = RETRY_MESSAGE, *, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class MessageSender(Protocol):
    def send_login_code(self, *, to: str, code: str, business: str) -> None:
        """Deliver ``code`` to ``to`` (E.164) or raise SendError."""

    def send_text(self, *, to: str, body: str) -> None:
        """Deliver a notice or reminder ``body`` to ``to`` (E.164) or raise SendError."""


def code_body(code: str, business: str) -> str:
    return (
        f"{code} é o seu código de acesso à Área do cliente de {business}. "
        "Ele vale por 10 minutos. Não compartilhe este código."
    )


@dataclass
class ConsoleSender:
    """Writes each message to the log (masked, without the code) and to a JSON-lines outbox
    file, so the app runs end to end without Twilio credentials."""

    outbox: Path

    _lock = threading.Lock()

    def send_login_code(self, *, to: str, code: str, business: str) -> None:
        self._write({"to": to, "body": code_body(code, business), "code": code})
        log.info("whatsapp (console): login code sent to %s", mask_phone(to))

    def send_text(self, *, to: str, body: str) -> None:
        self._write({"to": to, "body": body, "kind": "text"})
        log.info("whatsapp (console): message sent to %s", mask_phone(to))

    def _write(self, record: dict[str, str]) -> None:
        self.outbox.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({**record, "at": datetime.now(UTC).isoformat()}, ensure_ascii=False)
        with self._lock, self.outbox.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class TwilioSender:
    """Sends through Twilio with the official library.

    ``mode="verify"``: Verify with channel whatsapp and our own code (custom code), so
    attempts, expiry and single use stay under our rules. ``mode="messages"``: the Messages
    API with an approved WhatsApp authentication template (content SID, variable 1 = code).
    """

    def __init__(self, settings: Settings) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        quiet = logging.getLogger("treinico.twilio.http")
        quiet.setLevel(logging.WARNING)  # the library logs requests at INFO
        http_client: Any
        if settings.twilio_api_base:
            http_client = _BaseUrlHttpClient(
                settings.twilio_api_base, timeout=settings.twilio_timeout_seconds, logger=quiet
            )
        else:
            http_client = TwilioHttpClient(timeout=settings.twilio_timeout_seconds, logger=quiet)
        self.settings = settings
        self.client = Client(
            settings.twilio_account_sid, settings.twilio_auth_token, http_client=http_client
        )

    def send_login_code(self, *, to: str, code: str, business: str) -> None:
        if self.settings.twilio_mode == "messages":
            self._call(
                to,
                "login code",
                lambda: self.client.messages.create(
                    from_=f"whatsapp:{self.settings.twilio_whatsapp_from}",
                    to=f"whatsapp:{to}",
                    content_sid=self.settings.twilio_content_sid,
                    content_variables=json.dumps({"1": code}),
                ),
            )
        else:
            self._call(
                to,
                "login code",
                lambda: self.client.verify.v2.services(
                    self.settings.twilio_verify_service_sid
                ).verifications.create(to=to, channel="whatsapp", custom_code=code),
            )

    def send_text(self, *, to: str, body: str) -> None:
        if not self.settings.twilio_whatsapp_from:
            # Verify sends only codes: texts need a WhatsApp sender number.
            log.warning(
                "twilio: TWILIO_WHATSAPP_FROM unset, message to %s not sent", mask_phone(to)
            )
            raise SendError(reason="no-sender-number")
        self._call(
            to,
            "message",
            lambda: self.client.messages.create(
                from_=f"whatsapp:{self.settings.twilio_whatsapp_from}",
                to=f"whatsapp:{to}",
                body=body,
            ),
        )

    def _call(self, to: str, what: str, request: Any) -> None:
        from requests.exceptions import RequestException
        from twilio.base.exceptions import (
            TwilioException,
            TwilioRestException,
            TwilioServiceException,
        )

        try:
            request()
        except (TwilioRestException, TwilioServiceException) as exc:
            log.warning(
                "twilio refused the %s to %s: status=%s code=%s",
                what,
                mask_phone(to),
                exc.status,
                exc.code,
            )
            if exc.status == 400 and exc.code in (21211, 21614, 60200, 63024, 60205):
                raise SendError(INVALID_NUMBER_MESSAGE, reason="invalid-number") from None
            reason = "rate-limited" if exc.status == 429 else f"http-{exc.status}"
            raise SendError(reason=reason) from None
        except (RequestException, TwilioException, OSError) as exc:
            log.warning("twilio unreachable for %s: %s", mask_phone(to), exc.__class__.__name__)
            raise SendError(reason="unreachable") from None
        log.info(
            "whatsapp (twilio %s): %s sent to %s", self.settings.twilio_mode, what, mask_phone(to)
        )


def _base_url_client_class() -> Any:
    from twilio.http.http_client import TwilioHttpClient

    class BaseUrlHttpClient(TwilioHttpClient):
        """Sends every Twilio API call to another base URL (a staging or local stand-in)."""

        def __init__(self, base: str, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.base = base

        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            from urllib.parse import urlsplit

            parts = urlsplit(url)
            host = parts.netloc.split(".")[0]  # api, verify, ...
            rewritten = f"{self.base}/{host}{parts.path}"
            if parts.query:
                rewritten += f"?{parts.query}"
            return super().request(method, rewritten, *args, **kwargs)

    return BaseUrlHttpClient


def _BaseUrlHttpClient(base: str, **kwargs: Any) -> Any:  # noqa: N802
    return _base_url_client_class()(base, **kwargs)


def get_sender(settings: Settings | None = None) -> MessageSender:
    settings = settings or get_settings()
    if settings.whatsapp_backend == "twilio":
        return TwilioSender(settings)
    return ConsoleSender(Path(settings.whatsapp_outbox))
