"""The expiry sweep as a job: from the CLI (`treinico expire-entitlements`) or periodically
inside the running app. Every worker checks every CHECK_SECONDS, but only the one that takes
the period's lease sweeps: once per INTERVAL_SECONDS across workers and machines (the sweep is
idempotent anyway)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from treinico.db import unit_of_work
from treinico.jobs.workers import worker_name
from treinico.services import leases
from treinico.services.access.sweep import SweepResult, sweep_expirations
from treinico.services.agenda import credits

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 300
CHECK_SECONDS = 30
LEASE = "expiry-sweep"


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


def run_if_mine(now: datetime | None = None, period: int = INTERVAL_SECONDS) -> bool:
    """Sweep if this worker takes the current period's lease; True when it did."""
    moment = now or datetime.now(UTC)
    with unit_of_work() as session:
        mine = leases.take(
            session=session, name=LEASE, holder=worker_name(), now=moment, seconds=period
        )
    if mine:
        run_once(now)
    return mine


async def run_forever(check: float = CHECK_SECONDS) -> None:
    """Every ``check`` seconds, sweep if no other worker has this period's turn."""
    while True:
        try:
            await asyncio.to_thread(run_if_mine)
        except Exception:  # noqa: BLE001  (a failed sweep is retried next period)
            log.exception("expiry sweep failed")
        await asyncio.sleep(check)
