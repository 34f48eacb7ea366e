"""Brazilian mobile numbers: parsing to E.164, display and masking. No database."""

from __future__ import annotations

import pytest

from treinico.services.errors import Invalid
from treinico.services.phones import MAX_INPUT, display_phone, mask_phone, parse_mobile

INVALID_NUMBER = "Telefone inválido. Use DDD + número, ex.: (11) 91234-5678."


@pytest.mark.parametrize(
    "raw",
    [
        "(11) 91234-5678",
        "11912345678",
        "11 91234 5678",
        "+55 11 91234-5678",
        "+55 (11) 9 1234-5678",
        "5511912345678",
        "011 91234-5678",
        "  (11) 91234-5678  ",
    ],
)
def test_usual_brazilian_forms_parse_to_e164(raw: str) -> None:
    assert parse_mobile(raw) == "+5511912345678"


def test_ddd_is_kept_in_e164() -> None:
    assert parse_mobile("(21) 98123-4567") == "+5521981234567"


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_phone_asks_for_whatsapp_with_ddd(raw: str | None) -> None:
    with pytest.raises(Invalid) as exc:
        parse_mobile(raw)
    assert exc.value.fields == {"phone": "Informe o WhatsApp com DDD."}


@pytest.mark.parametrize("raw", ["abc", "123", "11 1234-5678", "(00) 91234-5678"])
def test_malformed_phone_is_invalid_with_example(raw: str) -> None:
    with pytest.raises(Invalid) as exc:
        parse_mobile(raw)
    assert exc.value.fields == {"phone": INVALID_NUMBER}


def test_landline_is_refused_as_not_a_mobile() -> None:
    with pytest.raises(Invalid) as exc:
        parse_mobile("(11) 3123-4567")
    assert exc.value.fields == {"phone": "Informe um número de celular (WhatsApp)."}


def test_input_longer_than_cap_is_refused_before_parsing() -> None:
    with pytest.raises(Invalid) as exc:
        parse_mobile("9" * (MAX_INPUT + 1))
    assert exc.value.fields == {"phone": "Telefone longo demais."}


def test_error_is_reported_under_the_given_field_name() -> None:
    with pytest.raises(Invalid) as exc:
        parse_mobile("abc", field="whatsapp")
    assert set(exc.value.fields) == {"whatsapp"}


def test_display_brazilian_number_in_national_form() -> None:
    assert display_phone("+5511912345678") == "(11) 91234-5678"
    assert display_phone("+5521981234567") == "(21) 98123-4567"


def test_display_foreign_number_in_international_form() -> None:
    assert display_phone("+16502530000") == "+1 650-253-0000"


def test_display_returns_unparseable_text_unchanged() -> None:
    assert display_phone("not a phone") == "not a phone"


def test_display_round_trips_through_parse() -> None:
    e164 = "+5531992345678"
    assert parse_mobile(display_phone(e164)) == e164


def test_mask_hides_all_but_last_four_digits() -> None:
    masked = mask_phone("+5511912345678")
    assert masked == "**********5678"
    assert len(masked) == len("+5511912345678")
    assert "91234" not in masked


def test_mask_of_short_value_hides_nothing_more_than_it_has() -> None:
    assert mask_phone("1234") == "1234"
    assert mask_phone("") == ""


def test_foreign_mobile_is_refused() -> None:
    with pytest.raises(Invalid) as exc:
        parse_mobile("+1 650 253 0000")
    assert exc.value.fields == {"phone": "Informe um celular do Brasil (+55) com DDD."}
