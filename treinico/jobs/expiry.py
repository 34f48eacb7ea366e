"""The expiry sweep as a job: from the CLI (`treinico expire-entitlements`) or periodically
inside the running app. Idempotent, so any number of workers may run it."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from treinico.db import unit_of_work
from treinico.services import credits
from treinico.services.entitlements import SweepResult, sweep_expirations

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 300


def run_once(now: datetime | None = None) -> SweepResult:
    with unit_of_work() as session:
        result = sweep_expirations(session=session, now=now or datetime.now(UTC))
    with unit_of_work() as session:
        expired_credits = credits.sweep(session=session, now=now or datetime.now(UTC))
    if result.entered_grace or result.expired or expired_credits:
        log.info(
            "expiry sweep: %d entered grace, %d expired, %d make-up credits expired",
            result.entered_grace,
            result.expired,
            expired_credits,
        )
    return result


async def run_forever(interval: float = INTERVAL_SECONDS) -> None:
    """Sweep now and then every ``interval`` seconds, until the app stops."""
    while True:
        try:
            await asyncio.to_thread(run_once)
        except Exception:  # noqa: BLE001  (a failed sweep is retried next time)
            log.exception("expiry sweep failed")
        await asyncio.sleep(interval)
