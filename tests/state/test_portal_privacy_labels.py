"""What the Privacidade cards and confirmations say: the state line with its date and
channel, "Não concedido" after a "no", and a stated consequence for every give and revoke."""

from __future__ import annotations

import os

os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)

from treinico.services.privacy.consent import PURPOSES, ConsentState, TextView  # noqa: E402
from treinico.services.privacy.portal import PurposeCard  # noqa: E402
from treinico.state.portal.privacy import (  # noqa: E402
    CONSEQUENCES,
    PurposeRow,
    card_row,
    status_line,
)


def _state(**kw: object) -> ConsentState:
    base: dict[str, object] = {
        "purpose": "saude",
        "label": "Dados de saúde",
        "given": True,
        "decided": True,
        "on_current_text": True,
        "text_version": 1,
        "current_version": 1,
        "at_label": "01/12/2026 14:03",
        "channel_label": "pela área do cliente",
    }
    base.update(kw)
    return ConsentState(**base)  # type: ignore[arg-type]


def _card(state: ConsentState) -> PurposeRow:
    text = TextView(state.purpose, state.label, 2, "Título", "Corpo", "01/11/2026 10:00")
    return card_row(PurposeCard(state=state, hint="Dica", text=text))


def test_status_line_names_date_and_channel() -> None:
    assert status_line(_state()) == "Concedido em 01/12/2026 14:03 pela área do cliente"
    staff = _state(given=False, channel_label="presencial, registrado por Dra. Marina Prado")
    assert status_line(staff) == (
        "Revogado em 01/12/2026 14:03 (presencial, registrado por Dra. Marina Prado)"
    )
    assert status_line(_state(given=False, decided=False, at_label="", channel_label="")) == (
        "Você ainda não respondeu."
    )


def test_card_offers_the_opposite_of_the_current_state() -> None:
    given = _card(_state())
    assert (given.status, given.action, given.given) == ("Concedido", "Revogar", True)
    refused = _card(_state(given=False))
    assert (refused.status, refused.action, refused.given) == (
        "Não concedido",
        "Conceder",
        False,
    )
    pending = _card(_state(given=False, decided=False))
    assert pending.status == "Pendente"
    old = _card(_state(on_current_text=False, current_version=2))
    assert old.version_note == "Você aceitou a versão 1 do texto; a versão atual é a 2."
    assert given.version_note == ""


def test_every_give_and_revoke_states_its_consequence() -> None:
    for purpose in PURPOSES:
        for give in (True, False):
            assert CONSEQUENCES[(purpose, give)]
    assert "sai da área do cliente" in CONSEQUENCES[("termos", False)]
    assert "a equipe mantém os já feitos" in CONSEQUENCES[("saude", False)].lower()
