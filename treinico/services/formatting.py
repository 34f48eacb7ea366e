"""pt-BR formatting of dates, times and money with Babel (never by hand)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

LOCALE = "pt_BR"


def fmt_date(value: date | None) -> str:
    return format_date(value, format="dd/MM/yyyy", locale=LOCALE) if value else ""


def fmt_datetime(value: datetime | None, tz: str) -> str:
    if value is None:
        return ""
    return format_datetime(value.astimezone(ZoneInfo(tz)), "dd/MM/yyyy HH:mm", locale=LOCALE)


def fmt_money(cents: int, currency: str = "BRL") -> str:
    # Babel uses a no-break space between symbol and amount; a plain space reads the same.
    return format_currency(cents / 100, currency, locale=LOCALE).replace("\xa0", " ")


def parse_date(raw: str | None) -> date | None:
    """Accept ISO (from <input type=date>) or dd/mm/aaaa. Empty -> None; bad -> ValueError."""
    text = (raw or "").strip()
    if not text:
        return None
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)
