"""WhatsApp login-code senders.

ConsoleSender writes to a real outbox file. TwilioSender runs the real ``twilio`` library
against a local stand-in for Twilio's HTTP API (Verify and Messages), reached through
TREINICO_TWILIO_API_BASE; nothing in the project or in the library is mocked.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from treinico.integrations.whatsapp import (
    INVALID_NUMBER_MESSAGE,
    RETRY_MESSAGE,
    ConsoleSender,
    SendError,
    TwilioSender,
    code_body,
)
from treinico.services.phones import mask_phone
from treinico.settings import Settings, load_settings

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "tok" + "f00dfeed" * 4
VERIFY_SERVICE_SID = "VA" + "89abcdef01234567" * 2
CONTENT_SID = "HX" + "fedcba9876543210" * 2
WHATSAPP_FROM = "+5511900000000"
PHONE = "+5511987654321"
CODE = "483920"
BUSINESS = "Academia Força Total"

TIMEOUT_SECONDS = 0.5
SLOW_SECONDS = 1.5

VERIFY_PATH = re.compile(r"^/verify/v2/Services/(VA[0-9a-f]{32})/Verifications$")
MESSAGES_PATH = re.compile(r"^/api/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")


# --------------------------------------------------------------------------- console sender


def test_console_sender_writes_one_json_line_and_logs_only_the_masked_phone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    outbox = tmp_path / "nested" / "whatsapp-outbox.jsonl"

    ConsoleSender(outbox).send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    lines = outbox.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert set(entry) == {"to", "body", "code", "at"}
    assert entry["to"] == PHONE
    assert entry["code"] == CODE
    assert entry["body"] == code_body(CODE, BUSINESS)
    assert CODE in entry["body"]
    assert BUSINESS in entry["body"]  # written as UTF-8, not \u escapes
    assert BUSINESS in lines[0]
    sent_at = datetime.fromisoformat(entry["at"])
    assert sent_at.tzinfo is not None
    assert abs((datetime.now(UTC) - sent_at).total_seconds()) < 60

    messages = [r.getMessage() for r in caplog.records]
    assert any(mask_phone(PHONE) in m for m in messages)
    assert_no_secrets(caplog)


def test_console_sender_appends_one_line_per_message(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.jsonl"
    sender = ConsoleSender(outbox)
    sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)
    sender.send_login_code(to="+5521998765432", code="111222", business=BUSINESS)

    entries = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert [(e["to"], e["code"]) for e in entries] == [(PHONE, CODE), ("+5521998765432", "111222")]


# ------------------------------------------------------------------ local Twilio stand-in


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, list[str]]
    authorization: str
    content_type: str


@dataclass
class ErrorAnswer:
    status: int
    code: int
    message: str


@dataclass
class StandIn:
    """A small imitation of Twilio's REST API: records requests, answers like Twilio."""

    server: ThreadingHTTPServer
    requests: list[Recorded] = field(default_factory=list)
    error: ErrorAnswer | None = None
    delay: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)
    hold: threading.Event | None = None  # when set here, answers wait until it is set

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def fail_with(self, status: int, code: int, message: str) -> None:
        self.error = ErrorAnswer(status, code, message)


def twilio_error(status: int, code: int, message: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def verification_resource(service_sid: str, account_sid: str, form: dict[str, str]) -> dict:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sid = "VE" + uuid.uuid4().hex
    return {
        "sid": sid,
        "service_sid": service_sid,
        "account_sid": account_sid,
        "to": form["To"],
        "channel": form["Channel"],
        "status": "pending",
        "valid": False,
        "lookup": {"carrier": None},
        "amount": None,
        "payee": None,
        "send_code_attempts": [
            {"attempt_sid": "VL" + uuid.uuid4().hex, "channel": form["Channel"], "time": now}
        ],
        "date_created": now,
        "date_updated": now,
        "sna": None,
        "url": f"https://verify.twilio.com/v2/Services/{service_sid}/Verifications/{sid}",
    }


def message_resource(account_sid: str, form: dict[str, str]) -> dict:
    now = format_datetime(datetime.now(UTC), usegmt=False)
    sid = "SM" + uuid.uuid4().hex
    variables = json.loads(form.get("ContentVariables", "{}"))
    uri = f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}"
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        # what an approved authentication template renders to, code included
        "body": f"*{variables.get('1', '')}* é seu código de verificação. "
        "Para sua segurança, não o compartilhe.",
        "date_created": now,
        "date_sent": None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": form["From"],
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "subresource_uris": {"media": f"{uri}/Media.json"},
        "to": form["To"],
        "uri": f"{uri}.json",
    }


class StandInHandler(BaseHTTPRequestHandler):
    server: StandInServer

    def do_POST(self) -> None:  # noqa: N802
        standin = self.server.standin
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8")
        form = parse_qs(raw, keep_blank_values=True)
        standin.requests.append(
            Recorded(
                method="POST",
                path=self.path,
                form=form,
                authorization=self.headers.get("Authorization", ""),
                content_type=self.headers.get("Content-Type", ""),
            )
        )
        if standin.delay and standin.stop.wait(standin.delay):
            return  # the test is over; nobody is waiting for this answer
        if standin.hold is not None:
            standin.hold.wait(10)
        account_sid = self._authenticated_account()
        if account_sid is None:
            self._answer(401, twilio_error(401, 20003, "Authenticate"))
            return
        if standin.error is not None:
            err = standin.error
            self._answer(err.status, twilio_error(err.status, err.code, err.message))
            return
        single = {key: values[-1] for key, values in form.items()}
        if match := VERIFY_PATH.match(self.path):
            self._answer(201, verification_resource(match.group(1), account_sid, single))
        elif (match := MESSAGES_PATH.match(self.path)) and match.group(1) == account_sid:
            self._answer(201, message_resource(account_sid, single))
        else:
            message = f"The requested resource {self.path} was not found"
            self._answer(404, twilio_error(404, 20404, message))

    def _authenticated_account(self) -> str | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user if (user, password) == (ACCOUNT_SID, AUTH_TOKEN) else None

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep the test output quiet


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    standin: StandIn


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    # requests would route 127.0.0.1 through a proxy from the environment; the twilio
    # client would rewrite hosts for a region/edge from the environment
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "TWILIO_REGION",
        "TWILIO_EDGE",
    ):
        monkeypatch.delenv(name, raising=False)
    server = StandInServer(("127.0.0.1", 0), StandInHandler)
    state = StandIn(server)
    server.standin = state
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def twilio_settings(base: str, mode: str, **overrides: str) -> Settings:
    env = {
        "TREINICO_WHATSAPP_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_VERIFY_SERVICE_SID": VERIFY_SERVICE_SID,
        "TWILIO_WHATSAPP_FROM": WHATSAPP_FROM,
        "TWILIO_CONTENT_SID": CONTENT_SID,
        "TREINICO_TWILIO_API_BASE": base,
        "TWILIO_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
        "TWILIO_MODE": mode,
    }
    env.update(overrides)
    return load_settings(env)


def assert_basic_auth(recorded: Recorded) -> None:
    scheme, _, encoded = recorded.authorization.partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"{ACCOUNT_SID}:{AUTH_TOKEN}"


def assert_no_secrets(caplog: pytest.LogCaptureFixture) -> None:
    """No log record, formatted or raw, carries the code, the token or the full phone."""
    texts = [caplog.text]
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        texts.append(str(record.msg))
    national = PHONE.removeprefix("+55")
    for text in texts:
        assert CODE not in text
        assert AUTH_TOKEN not in text
        assert PHONE.removeprefix("+") not in text
        assert national not in text


def capture_every_logger(caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG on the root and on every logger that exists, the sender's quiet one included."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


# ------------------------------------------------------------------------- twilio success


def test_verify_mode_sends_our_code_through_verify_whatsapp(standin: StandIn) -> None:
    sender = TwilioSender(twilio_settings(standin.base, "verify"))

    sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert len(standin.requests) == 1
    req = standin.requests[0]
    assert req.method == "POST"
    assert req.path == f"/verify/v2/Services/{VERIFY_SERVICE_SID}/Verifications"
    assert req.content_type.startswith("application/x-www-form-urlencoded")
    assert req.form == {"To": [PHONE], "Channel": ["whatsapp"], "CustomCode": [CODE]}
    assert_basic_auth(req)


def test_messages_mode_sends_the_approved_template_with_the_code(standin: StandIn) -> None:
    sender = TwilioSender(twilio_settings(standin.base, "messages"))

    sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert len(standin.requests) == 1
    req = standin.requests[0]
    assert req.path == f"/api/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert req.form["From"] == [f"whatsapp:{WHATSAPP_FROM}"]
    assert req.form["To"] == [f"whatsapp:{PHONE}"]
    assert req.form["ContentSid"] == [CONTENT_SID]
    assert json.loads(req.form["ContentVariables"][0]) == {"1": CODE}
    assert "Body" not in req.form  # the template is the message; no free text
    assert_basic_auth(req)


# -------------------------------------------------------------------------- twilio errors


@pytest.mark.parametrize("mode", ["verify", "messages"])
@pytest.mark.parametrize(
    ("code", "message"),
    [
        (20429, "Too Many Requests"),
        (60203, "Max send attempts reached"),
    ],
)
def test_rate_limit_asks_to_retry(standin: StandIn, mode: str, code: int, message: str) -> None:
    standin.fail_with(429, code, message)
    sender = TwilioSender(twilio_settings(standin.base, mode))

    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert exc.value.reason == "rate-limited"
    assert exc.value.message == RETRY_MESSAGE
    assert str(exc.value) == RETRY_MESSAGE
    assert len(standin.requests) == 1


@pytest.mark.parametrize("mode", ["verify", "messages"])
@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (500, 20500, "An internal server error has occurred"),
        (503, 20503, "Service Unavailable"),
    ],
)
def test_server_errors_ask_to_retry(
    standin: StandIn, mode: str, status: int, code: int, message: str
) -> None:
    standin.fail_with(status, code, message)
    sender = TwilioSender(twilio_settings(standin.base, mode))

    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert exc.value.reason == f"http-{status}"
    assert exc.value.message == RETRY_MESSAGE
    assert exc.value.__cause__ is None  # no Twilio detail chained onto what reaches the page


@pytest.mark.parametrize(
    ("mode", "code", "message"),
    [
        ("verify", 60200, "Invalid parameter `To`: +5511987654321"),
        ("messages", 21211, "Invalid 'To' Phone Number: +55119876XXXX"),
        ("messages", 63024, "Invalid message recipient"),
    ],
)
def test_invalid_number_says_the_number_cannot_receive_whatsapp(
    standin: StandIn, mode: str, code: int, message: str
) -> None:
    standin.fail_with(400, code, message)
    sender = TwilioSender(twilio_settings(standin.base, mode))

    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert exc.value.reason == "invalid-number"
    assert exc.value.message == INVALID_NUMBER_MESSAGE


def test_other_bad_requests_are_not_blamed_on_the_number(standin: StandIn) -> None:
    standin.fail_with(400, 21408, "Permission to send an SMS has not been enabled")
    sender = TwilioSender(twilio_settings(standin.base, "messages"))

    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert exc.value.reason == "http-400"
    assert exc.value.message == RETRY_MESSAGE


def test_wrong_credentials_ask_to_retry(standin: StandIn) -> None:
    settings = twilio_settings(standin.base, "verify", TWILIO_AUTH_TOKEN="not-the-token")
    sender = TwilioSender(settings)

    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert exc.value.reason == "http-401"
    assert exc.value.message == RETRY_MESSAGE


@pytest.mark.parametrize("mode", ["verify", "messages"])
def test_timeout_is_unreachable(standin: StandIn, mode: str) -> None:
    standin.delay = SLOW_SECONDS
    sender = TwilioSender(twilio_settings(standin.base, mode))

    started = datetime.now(UTC)
    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)
    elapsed = (datetime.now(UTC) - started).total_seconds()

    assert exc.value.reason == "unreachable"
    assert exc.value.message == RETRY_MESSAGE
    assert len(standin.requests) == 1  # it did reach the stand-in, which was too slow
    assert elapsed < SLOW_SECONDS


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port bound on 127.0.0.1 with nothing listening: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@pytest.mark.parametrize("mode", ["verify", "messages"])
def test_connection_refused_is_unreachable(closed_port: int, mode: str) -> None:
    sender = TwilioSender(twilio_settings(f"http://127.0.0.1:{closed_port}", mode))

    with pytest.raises(SendError) as exc:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)

    assert exc.value.reason == "unreachable"
    assert exc.value.message == RETRY_MESSAGE


# ---------------------------------------------------------------------------------- logs


@pytest.mark.parametrize(
    ("mode", "scenario"),
    [
        ("verify", "ok"),
        ("messages", "ok"),
        ("verify", "rate-limited"),
        ("messages", "http-500"),
        ("verify", "invalid-number"),
        ("messages", "invalid-number"),
        ("verify", "unreachable"),
        ("messages", "refused"),
    ],
)
def test_logs_never_carry_the_code_token_or_full_phone(
    standin: StandIn,
    closed_port: int,
    caplog: pytest.LogCaptureFixture,
    mode: str,
    scenario: str,
) -> None:
    base = standin.base
    if scenario == "rate-limited":
        standin.fail_with(429, 20429, "Too Many Requests")
    elif scenario == "http-500":
        standin.fail_with(500, 20500, "An internal server error has occurred")
    elif scenario == "invalid-number":
        code = 60200 if mode == "verify" else 21211
        standin.fail_with(400, code, f"Invalid parameter `To`: {PHONE}")
    elif scenario == "unreachable":
        standin.delay = SLOW_SECONDS
    elif scenario == "refused":
        base = f"http://127.0.0.1:{closed_port}"
    sender = TwilioSender(twilio_settings(base, mode))
    capture_every_logger(caplog)

    try:
        sender.send_login_code(to=PHONE, code=CODE, business=BUSINESS)
    except SendError as exc:
        assert scenario != "ok"
        assert CODE not in exc.message
        assert PHONE not in exc.message
    else:
        assert scenario == "ok"

    assert caplog.records, "the sender logs every attempt"
    assert any(mask_phone(PHONE) in r.getMessage() for r in caplog.records)
    assert_no_secrets(caplog)
