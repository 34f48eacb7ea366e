"""The WhatsApp outbox job: queue the reminders that are due, then send what is waiting.
From the CLI (`treinico send-whatsapp`) or every few seconds inside the running app. Any
number of workers may run it: queueing is idempotent and each message is claimed once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from treinico.db import unit_of_work as _unit_of_work
from treinico.integrations.whatsapp import MessageSender, SendError, get_sender
from treinico.jobs.workers import worker_name
from treinico.services import leases
from treinico.services.phones import mask_phone
from treinico.services.whatsapp import notifications, outbox

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 10.0
REMINDERS_SECONDS = 300  # reminders are queued once every five minutes, by one worker
REMINDERS_LEASE = "whatsapp-reminders"


@dataclass(frozen=True)
class RunResult:
    queued: int
    sent: int
    deferred: int
    failed: int


def run_once(
    *,
    now: datetime | None = None,
    sender: MessageSender | None = None,
    reminders: bool = True,
    engine: Engine | None = None,
) -> RunResult:
    moment = now or datetime.now(UTC)

    def unit_of_work() -> Any:
        return _unit_of_work(engine)

    queued = 0
    if reminders:
        with unit_of_work() as session:
            queued = notifications.queue_reminders(session=session, now=moment)
    with unit_of_work() as session:
        items = outbox.claim_due(session=session, now=moment)
    if not items:
        return RunResult(queued, 0, 0, 0)
    out = sender or get_sender()
    sent = deferred = failed = 0
    for item in items:
        with unit_of_work() as session:
            if not outbox.still_wanted(session=session, item=item, now=moment):
                continue
            if not outbox.within_limits(session=session, item=item, now=moment):
                outbox.defer(session=session, item=item, now=moment)
                deferred += 1
                continue
        try:
            out.send_text(to=item.phone_e164, body=item.body)
        except SendError as exc:
            log.warning(
                "whatsapp %s to %s not sent: %s", item.kind, mask_phone(item.phone_e164), exc.reason
            )
            with unit_of_work() as session:
                outbox.defer(
                    session=session, item=item, now=moment, error=exc.reason or "send-error"
                )
            failed += 1
            continue
        with unit_of_work() as session:
            if outbox.mark_sent(session=session, item=item, now=now or datetime.now(UTC)):
                sent += 1
    return RunResult(queued, sent, deferred, failed)


def reminders_turn(now: datetime | None = None, period: int = REMINDERS_SECONDS) -> bool:
    """Whether this worker queues the reminders in the current period (one worker does)."""
    with _unit_of_work(None) as session:
        return leases.take(
            session=session,
            name=REMINDERS_LEASE,
            holder=worker_name(),
            now=now or datetime.now(UTC),
            seconds=period,
        )


def _tick() -> RunResult:
    return run_once(reminders=reminders_turn())


async def run_forever(interval: float = INTERVAL_SECONDS) -> None:
    """Send waiting messages every ``interval`` seconds (every worker: each message is claimed
    by one) and queue reminders once per period across workers, until the app stops."""
    while True:
        try:
            await asyncio.to_thread(_tick)
        except Exception:  # noqa: BLE001  (a failed run is retried next time)
            log.exception("whatsapp outbox run failed")
        await asyncio.sleep(interval)
