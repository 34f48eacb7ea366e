"""Login codes leave off the request path.

"Enviar código" must answer the same, in the same time, whether or not the phone belongs to a
client: a WhatsApp call takes hundreds of milliseconds, so waiting for it only for known phones
would tell a stranger who is a client (or a patient). The request therefore only records the
challenge (the same database work for every phone) and hands the send to this worker's
background senders; the person sees "código enviado" at once either way.

A send is retried on a failure that may pass (timeouts, 5xx, 429) after 1 and 3 seconds; when
it fails for good the challenge is marked failed (its code can never be used), the failure is
logged with the phone masked, and the person asks again after the cool-down. A worker that
stops mid-send loses that send the same way. The sending limits are the challenge's, checked
before anything is queued.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from treinico.db import unit_of_work
from treinico.integrations.whatsapp import MessageSender, SendError, get_sender
from treinico.models.base import utcnow
from treinico.services.auth.portal import CodeRequest, mark_send_failed, request_code
from treinico.services.errors import DomainError
from treinico.services.phones import mask_phone

log = logging.getLogger(__name__)
RETRY_DELAYS = (1.0, 3.0)
FINAL = ("invalid-number", "no-sender-number")
SENDERS = 4  # concurrent sends per worker


@dataclass(frozen=True)
class CodeJob:
    challenge_id: int
    phone_e164: str
    code: str | None  # None for a phone that is nobody's: nothing is sent
    business: str


class CodeDispatcher:
    """A small pool of sender threads in this worker."""

    def __init__(
        self, sender: MessageSender | None = None, delays: tuple[float, ...] = RETRY_DELAYS
    ) -> None:
        self._sender = sender
        self._delays = delays
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self.in_flight = 0  # sends queued or under way in this worker

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(SENDERS, thread_name_prefix="login-code")
            return self._pool

    def submit(self, job: CodeJob) -> Future[bool]:
        with self._lock:
            self.in_flight += 1
        return self._executor().submit(self._deliver_counted, job)

    def _deliver_counted(self, job: CodeJob) -> bool:
        try:
            return self._deliver(job)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _deliver(self, job: CodeJob) -> bool:
        if job.code is None:
            return False
        sender = self._sender or get_sender()
        for attempt in range(len(self._delays) + 1):
            try:
                sender.send_login_code(to=job.phone_e164, code=job.code, business=job.business)
                return True
            except SendError as exc:
                final = exc.reason in FINAL or attempt == len(self._delays)
                log.warning(
                    "login code to %s not sent (attempt %d%s): %s",
                    mask_phone(job.phone_e164),
                    attempt + 1,
                    ", giving up" if final else "",
                    exc.reason,
                )
                if final:
                    break
                time.sleep(self._delays[attempt])
        try:
            with unit_of_work() as session:
                mark_send_failed(session=session, challenge_id=job.challenge_id)
        except Exception:  # noqa: BLE001  (the code expires in 10 minutes anyway)
            log.exception("could not mark the login code as failed")
        return False


_dispatcher = CodeDispatcher()


def dispatcher() -> CodeDispatcher:
    return _dispatcher


def request_and_queue(
    phone: str, ip: str, business: str, *, senders: CodeDispatcher | None = None
) -> CodeRequest | DomainError:
    """Record the challenge (limits checked, committed) and queue its send; returns without
    waiting for WhatsApp, for known and unknown phones alike."""
    try:
        with unit_of_work() as session:
            request = request_code(session=session, phone=phone, ip=ip, now=utcnow())
    except DomainError as exc:
        return exc
    # Queued for unknown phones too (a job that sends nothing): the request does the same
    # work up to its answer either way.
    (senders or _dispatcher).submit(
        CodeJob(
            challenge_id=request.challenge_id,
            phone_e164=request.phone_e164,
            code=request.code,
            business=business,
        )
    )
    return request
