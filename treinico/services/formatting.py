"""pt-BR formatting of dates, times and money with Babel (never by hand).

The all-numeric patterns (dd/MM/yyyy, HH:mm) have nothing locale-dependent in them, so they
are written with strftime, which gives the same text about ten times faster (a conversation
formats a hundred timestamps per view); tests/services/test_formatting.py holds them equal to
Babel's. Anything with names (weekdays, months) or money goes through Babel."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency

LOCALE = "pt_BR"


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_datetime(value: datetime | None, tz: str) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M")


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


def fmt_money_short(cents: int, currency: str = "BRL") -> str:
    """Whole amounts without cents ("R$ 480"), others with them ("R$ 480,50")."""
    if cents % 100 == 0:
        text = format_currency(
            cents // 100, currency, format="¤ #,##0", currency_digits=False, locale=LOCALE
        )
        return text.replace("\xa0", " ")
    return fmt_money(cents, currency)


def fmt_day_month(value: date) -> str:
    return format_date(value, format="dd/MM", locale=LOCALE)


def fmt_weekday_day(value: date) -> str:
    """'ter., 03/03'."""
    return format_date(value, format="EEE, dd/MM", locale=LOCALE)


def fmt_weekday_long(value: date) -> str:
    """'terça-feira, 3 de março'."""
    return format_date(value, format="EEEE, d 'de' MMMM", locale=LOCALE)


def fmt_time(value: datetime, tz: str) -> str:
    return value.astimezone(ZoneInfo(tz)).strftime("%H:%M")
