"""The numeric pt-BR formats written with strftime are exactly Babel's."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from treinico.services.formatting import fmt_date, fmt_datetime, fmt_time

ZONES = ("America/Sao_Paulo", "America/Manaus", "America/Noronha", "UTC")


def test_numeric_formats_match_babel_over_a_century_of_instants() -> None:
    rng = random.Random(7)
    start = datetime(1950, 1, 1, tzinfo=UTC)
    for _ in range(3000):
        instant = start + timedelta(seconds=rng.randrange(0, 150 * 365 * 86400))
        tz = rng.choice(ZONES)
        local = instant.astimezone(ZoneInfo(tz))
        assert fmt_datetime(instant, tz) == format_datetime(
            local, "dd/MM/yyyy HH:mm", locale="pt_BR"
        )
        assert fmt_time(instant, tz) == format_datetime(local, "HH:mm", locale="pt_BR")
        day = local.date()
        assert fmt_date(day) == format_date(day, format="dd/MM/yyyy", locale="pt_BR")
    assert fmt_date(date(2026, 3, 1)) == "01/03/2026"
    assert fmt_date(None) == "" and fmt_datetime(None, "UTC") == ""
