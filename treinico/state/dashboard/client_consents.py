"""The client page's "Consentimentos (LGPD)" card: each purpose's state and the ledger, and
a consent given or withdrawn in person, recorded by staff on the client's behalf."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.privacy.consent import (
    ClientConsents,
    ConsentState,
    LedgerRow,
    client_consents,
    record_in_person,
)
from treinico.services.privacy.consent_texts import PURPOSE_HINTS
from treinico.state.dashboard.client_health import ClientHealthState
from treinico.state.session import SessionState, attempt, to_id, utcnow

# What a revocation does at once, said in the confirmation.
REVOKE_EFFECTS = {
    "termos": "Sem o aceite dos termos, o cliente não usa a área do cliente até aceitar de novo.",
    "saude": "Os registros de saúde deixam de aparecer na área do cliente e novos registros "
    "ficam bloqueados; os existentes são mantidos, como a lei exige.",
    "marketing": "O cliente deixa de receber mensagens promocionais.",
}


@dataclass(frozen=True)
class ConsentPurposeRow:
    """One purpose's state, in words, with the badge colour."""

    purpose: str = ""
    label: str = ""
    hint: str = ""
    given: bool = False
    status: str = ""  # "Concedido" | "Revogado" | "Não respondido"
    color: str = ""  # the badge's colour scheme
    when: str = ""  # "10/03/2026 14:00, pelo portal" ("" when never answered)
    version: str = ""  # "Texto versão 2 (o texto atual é a versão 3)"


def _state_row(s: ConsentState) -> ConsentPurposeRow:
    if s.given:
        status, color = "Concedido", "grass"
    elif s.decided:
        status, color = "Revogado", "red"
    else:
        status, color = "Não respondido", "gray"
    version = ""
    if s.decided:
        version = f"Texto versão {s.text_version}"
        if s.given and not s.on_current_text:
            version += f" (o texto atual é a versão {s.current_version})"
    return ConsentPurposeRow(
        purpose=s.purpose,
        label=s.label,
        hint=PURPOSE_HINTS.get(s.purpose, ""),
        given=s.given,
        status=status,
        color=color,
        when=(f"{s.at_label}, {s.channel_label}" if s.decided else ""),
        version=version,
    )


class ClientConsentsState(SessionState):
    loading: bool = True
    states: list[ConsentPurposeRow] = []
    history: list[LedgerRow] = []
    confirm_open: bool = False
    confirm_give: bool = True
    confirm_label: str = ""
    confirm_body: str = ""
    saving: bool = False

    _client_id: int | None = None
    _purpose: str = ""

    def _apply(self, value: ClientConsents) -> None:
        self.states = [_state_row(s) for s in value.states]
        self.history = list(value.history)

    def _reset(self) -> None:
        self.loading = True
        self.states, self.history = [], []
        self.confirm_open = False
        self._client_id = None

    def _fill(self, session: Any, actor: Any) -> None:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

        def read() -> Any:
            client_id = to_id(raw)
            return client_id, client_consents(session=session, actor=actor, client_id=client_id)

        outcome = attempt(read)
        self.loading = False
        if outcome.error is not None:
            return
        self._client_id, value = outcome.value
        self._apply(value)

    @rx.event
    def ask_record(self, purpose: Any, give: Any) -> None:
        found = next((s for s in self.states if s.purpose == purpose), None)
        if found is None or self._client_id is None:
            return
        self._purpose = found.purpose
        self.confirm_give = bool(give)
        self.confirm_label = found.label
        if give:
            self.confirm_body = (
                f"Confirme que o cliente deu pessoalmente o consentimento para “{found.label}”, "
                "no texto atual. O registro fica no histórico com o seu nome, a data e a hora."
            )
        else:
            self.confirm_body = (
                f"Confirme que o cliente pediu pessoalmente para revogar “{found.label}”. "
                f"A revogação vale na hora. {REVOKE_EFFECTS.get(found.purpose, '')} O "
                "registro fica no histórico com o seu nome."
            )
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, value: bool) -> None:
        if not self.saving:
            self.confirm_open = bool(value)

    @rx.event
    def confirm_record(self) -> Iterator[Any]:
        client_id, purpose, give = self._client_id, self._purpose, self.confirm_give
        if self.saving or client_id is None or not purpose:
            return
        self.saving = True
        self.confirm_open = False
        yield
        outcome = self._call(
            lambda s, a: record_in_person(
                session=s, actor=a, client_id=client_id, purpose=purpose, give=give, now=utcnow()
            )
        )
        self.saving = False
        if not outcome.ok:
            yield outcome.failure()
            return
        self._apply(outcome.value)
        if purpose == "saude":
            yield ClientHealthState.reload  # the banner and "Novo registro" follow the consent
        verb = "Consentimento registrado" if give else "Revogação registrada"
        yield rx.toast.success(f"{verb}: {self.confirm_label}.")
