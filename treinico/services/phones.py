"""Brazilian mobile phone parsing: free-form input in, E.164 out."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from treinico.services.errors import Invalid

MAX_INPUT = 32  # cap before parsing: nobody types a 33-character phone number


def parse_mobile(raw: str | None, *, field: str = "phone") -> str:
    """Parse a phone typed in any usual Brazilian form into E.164 (+55DD9XXXXXXXX).

    Raises:
        Invalid: empty, too long, not a number, or not a mobile number.
    """
    text = (raw or "").strip()
    if not text:
        raise Invalid("Informe o WhatsApp com DDD.", field=field)
    if len(text) > MAX_INPUT:
        raise Invalid("Telefone longo demais.", field=field)
    try:
        number = phonenumbers.parse(text, "BR")
    except phonenumbers.NumberParseException:
        raise Invalid(
            "Telefone inválido. Use DDD + número, ex.: (11) 91234-5678.", field=field
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid("Telefone inválido. Use DDD + número, ex.: (11) 91234-5678.", field=field)
    if number.country_code != 55:
        raise Invalid("Informe um celular do Brasil (+55) com DDD.", field=field)
    kind = phonenumbers.number_type(number)
    if kind not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise Invalid("Informe um número de celular (WhatsApp).", field=field)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+5511912345678' -> '(11) 91234-5678' for Brazilian numbers, international otherwise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 55:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """For logs: all but the last 4 digits hidden."""
    return "*" * max(len(e164) - 4, 0) + e164[-4:]
