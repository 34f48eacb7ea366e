"""The client's privacy (LGPD): the terms screen of the first entry, and "Privacidade" — each
purpose with its state, give or revoke after a confirmation, "Quem acessou meus dados de
saúde", "Baixar meus dados" (a plain HTTP download) and "Pedir correção ou exclusão".

The client and team come from the session and the address (``portal_call``); the only thing
the browser names is a purpose ("termos", "saude", "marketing"), looked up in the cards the
server drew and checked again by the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.services.auth.portal import Business
from treinico.services.privacy import portal as portal_privacy
from treinico.services.privacy.consent import ConsentState
from treinico.state.portal.address import slug_from_path
from treinico.state.portal.common import portal_call, text_arg
from treinico.state.session import form_text
from treinico.state.shared.navigation import go_to

HEALTH_YES, HEALTH_NO = "sim", "nao"
LOG_ROWS = 10  # "Quem acessou": the newest ten, then "Ver todos"

# What giving or revoking each purpose does, said in the confirmation (DOMAIN.md §7).
CONSEQUENCES: dict[tuple[str, bool], str] = {
    ("termos", False): (
        "Você sai da área do cliente na hora e precisará aceitar de novo para voltar."
    ),
    ("termos", True): "Você volta a poder usar a área do cliente.",
    ("saude", False): (
        "Seus registros de saúde deixam de aparecer aqui e a equipe não faz novos registros. "
        "A equipe mantém os já feitos, como a lei exige."
    ),
    ("saude", True): (
        "A equipe pode registrar seus dados de saúde e você passa a ver aqui os registros que "
        "ela liberar. Você pode revogar quando quiser."
    ),
    ("marketing", False): (
        "Você deixa de receber novidades e promoções pelo WhatsApp. Mensagens sobre seus "
        "agendamentos e seu plano continuam."
    ),
    ("marketing", True): (
        "Você pode receber novidades e promoções pelo WhatsApp. Pode cancelar quando quiser."
    ),
}
DONE: dict[tuple[str, bool], str] = {
    ("saude", False): "Consentimento revogado. Seus registros de saúde não aparecem mais.",
    ("saude", True): "Consentimento concedido.",
    ("marketing", False): "Pronto: você não recebe mais mensagens promocionais.",
    ("marketing", True): "Pronto: você pode receber mensagens promocionais.",
    ("termos", True): "Termos aceitos.",
}


def logout_script(slug: str) -> Any:
    """Leave the portal through the HTTP logout, which ends the session and clears the
    HttpOnly cookie (a websocket event cannot)."""
    return go_to(routes.AUTH_PORTAL_LOGOUT, negocio=slug)


def status_line(state: ConsentState) -> str:
    """ "Concedido em 01/12/2026 14:03 pela área do cliente"."""
    if not state.decided:
        return "Você ainda não respondeu."
    verb = "Concedido" if state.given else "Revogado"
    channel = state.channel_label
    if channel and not channel.startswith("pela "):
        channel = f"({channel})"
    return " ".join(p for p in (f"{verb} em {state.at_label}", channel) if p)


@dataclass(frozen=True)
class PurposeRow:
    """One purpose's card on Privacidade: its state in words and the action it offers."""

    purpose: str = ""  # "termos" | "saude" | "marketing": what the page sends back
    label: str = ""
    given: bool = False
    status: str = ""  # "Concedido" | "Não concedido" | "Pendente"
    status_line: str = ""
    version_note: str = ""  # "" unless the client accepted an older text
    hint: str = ""
    text_title: str = ""
    text_body: str = ""
    text_meta: str = ""
    action: str = ""  # "Revogar" | "Conceder"
    testid: str = ""


@dataclass(frozen=True)
class AccessLogRow:
    """A reading of the client's health data ("Quem acessou meus dados de saúde")."""

    at: str = ""
    who: str = ""
    what: str = ""
    target: str = ""


@dataclass(frozen=True)
class ChangeRequestRow:
    """One of the client's correction or deletion requests, with its status."""

    kind: str = ""
    message: str = ""
    created: str = ""
    due: str = ""
    status: str = ""  # "Atendido" shows green
    resolution: str = ""


def card_row(card: portal_privacy.PurposeCard) -> PurposeRow:
    s = card.state
    old_text = s.given and not s.on_current_text
    return PurposeRow(
        purpose=s.purpose,
        label=s.label,
        given=s.given,
        status="Concedido" if s.given else ("Não concedido" if s.decided else "Pendente"),
        status_line=status_line(s),
        version_note=(
            f"Você aceitou a versão {s.text_version} do texto; a versão atual é a "
            f"{s.current_version}."
            if old_text
            else ""
        ),
        hint=card.hint,
        text_title=card.text.title,
        text_body=card.text.body,
        text_meta=f"Versão {card.text.version}, publicada em {card.text.published_label}",
        action="Revogar" if s.given else "Conceder",
        testid=f"purpose-{s.purpose}",
    )


class PortalTermsState(rx.State):
    """``/{slug}/area-do-cliente/termos``: accept the current terms (and, where the team keeps
    health records, answer the health question) before anything else of the portal."""

    loading: bool = True
    slug: str = ""
    business_name: str = ""
    terms_title: str = ""
    terms_body: str = ""
    terms_meta: str = ""
    ask_health: bool = False
    health_title: str = ""
    health_body: str = ""
    health_error: str = ""
    saving: bool = False
    decline_open: bool = False

    @rx.event
    def load(self) -> Any:
        slug = slug_from_path(self.router.url.path)
        if slug != self.slug:
            self.loading = True
            self.terms_body = self.health_body = ""
        self.slug = slug
        self.health_error, self.saving, self.decline_open = "", False, False
        outcome = portal_call(
            self,
            lambda s, b, now: (b.name, portal_privacy.gate(session=s, business=b)),
            before_terms=True,
        )
        if not outcome.ok:
            return outcome.failure()
        name, gate = outcome.value
        if not gate.needs_terms:
            return rx.redirect(routes.portal_home(slug), replace=True)
        self.business_name = name
        self.terms_title = gate.terms.title
        self.terms_body = gate.terms.body
        self.terms_meta = f"Versão {gate.terms.version}, publicada em {gate.terms.published_label}"
        self.ask_health = gate.ask_health and gate.health is not None
        self.health_title = gate.health.title if gate.health is not None else ""
        self.health_body = gate.health.body if gate.health is not None else ""
        self.loading = False
        return None

    @rx.event
    def accept(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self.loading:
            return
        health: bool | None = None
        if self.ask_health:
            answer = form_text(form_data, "health", 8)
            if answer not in (HEALTH_YES, HEALTH_NO):
                self.health_error = "Escolha uma das opções sobre os seus dados de saúde."
                return
            health = answer == HEALTH_YES
        self.health_error = ""
        self.saving = True
        yield
        ip = self.router.session.client_ip or ""
        outcome = portal_call(
            self,
            lambda s, b, now: portal_privacy.accept_terms(
                session=s, business=b, health=health, now=now, ip=ip
            ),
            before_terms=True,
        )
        self.saving = False
        if not outcome.ok:
            yield outcome.failure()
            return
        self.loading = True
        yield rx.redirect(routes.portal_home(self.slug), replace=True)

    @rx.event
    def set_decline_open(self, value: Any) -> None:
        self.decline_open = value is True

    @rx.event
    def decline(self) -> Any:
        """ "Recusar e sair": nothing is recorded; the session ends (the next entry asks
        again)."""
        self.decline_open = False
        self.loading = True
        return logout_script(slug_from_path(self.router.url.path))


class PortalPrivacyState(rx.State):
    """``/{slug}/area-do-cliente/privacidade``."""

    loading: bool = True
    slug: str = ""
    health_enabled: bool = False
    purposes: list[PurposeRow] = []
    log: list[AccessLogRow] = []
    log_all: bool = False
    requests: list[ChangeRequestRow] = []
    confirm_open: bool = False
    confirm_title: str = ""
    confirm_body: str = ""
    confirm_label: str = ""
    confirm_danger: bool = False
    saving: bool = False
    request_errors: dict[str, str] = {}
    request_saving: bool = False
    request_form_key: int = 0  # a new key remounts (empties) the form after a sent request
    _pending_purpose: str = ""
    _pending_give: bool = False

    @rx.var
    def log_rows(self) -> list[AccessLogRow]:
        return self.log if self.log_all else self.log[:LOG_ROWS]

    @rx.var
    def log_hidden(self) -> int:
        return 0 if self.log_all else max(0, len(self.log) - LOG_ROWS)

    @rx.var
    def export_url(self) -> str:
        return routes.my_data_export(self.slug) if self.slug else ""

    def _read(self, session: Session, business: Business, now: datetime) -> None:
        view = portal_privacy.privacy(session=session, business=business)
        self.health_enabled = view.health_enabled
        self.purposes = [card_row(c) for c in view.purposes]
        self.log = [
            AccessLogRow(at=r.at_label, who=r.who, what=r.action_label, target=r.target)
            for r in view.log
        ]
        self.requests = [
            ChangeRequestRow(
                kind=r.kind_label,
                message=r.message,
                created=r.created_label,
                due=r.due_label,
                status=r.status_label,
                resolution=r.resolution,
            )
            for r in view.requests
        ]
        self.loading = False

    def _fetch(self) -> Any:
        """Read again after a change, in a unit of work of its own."""
        outcome = portal_call(self, self._read)
        return None if outcome.ok else outcome.failure()

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """The page's load (``PortalPageState``): no dialog or form left open from before."""
        self.slug = business.slug
        self.confirm_open = self.saving = self.request_saving = self.log_all = False
        self.request_errors = {}
        self._pending_purpose = ""
        self._read(session, business, now)

    @rx.event
    def show_all_log(self) -> None:
        self.log_all = True

    @rx.event
    def ask_change(self, purpose: Any) -> Any:
        wanted = text_arg(purpose, 16)
        card = next((c for c in self.purposes if c.purpose == wanted), None)
        if card is None or self.saving:
            return rx.toast.error("Finalidade não encontrada.")
        give = not card.given
        self._pending_purpose, self._pending_give = wanted, give
        self.confirm_title = f"Conceder: {card.label}?" if give else f"Revogar: {card.label}?"
        self.confirm_body = CONSEQUENCES.get((wanted, give), "")
        self.confirm_label = "Sim, conceder" if give else "Sim, revogar"
        self.confirm_danger = not give
        self.confirm_open = True
        return None

    @rx.event
    def set_confirm_open(self, value: Any) -> None:
        if not self.saving:
            self.confirm_open = value is True

    @rx.event
    def confirm_change(self) -> Any:
        if self.saving or not self._pending_purpose:
            return
        purpose, give = self._pending_purpose, self._pending_give
        self.saving = True
        self.confirm_open = False
        yield
        ip = self.router.session.client_ip or ""
        outcome = portal_call(
            self,
            lambda s, b, now: portal_privacy.set_consent(
                session=s, business=b, purpose=purpose, give=give, now=now, ip=ip
            ),
        )
        self.saving = False
        self._pending_purpose = ""
        if not outcome.ok:
            yield outcome.failure()
            self._fetch()
            return
        if outcome.value:  # the terms were revoked: the session has already ended
            self.loading = True
            yield logout_script(self.slug)
            return
        yield rx.toast.success(DONE.get((purpose, give), "Pronto."))
        self._fetch()

    @rx.event
    def submit_request(self, form_data: dict[str, Any]) -> Any:
        if self.request_saving:
            return
        kind = form_text(form_data, "kind", 16)
        message = form_text(form_data, "message", 2100)
        errors = {}
        if kind == "":
            errors["kind"] = "Escolha correção ou exclusão."
        if message.strip() == "":
            errors["message"] = "Descreva o pedido."
        if errors:
            self.request_errors = errors
            return
        self.request_errors = {}
        self.request_saving = True
        yield
        outcome = portal_call(
            self,
            lambda s, b, now: portal_privacy.request_change(
                session=s, business=b, kind=kind, message=message, now=now
            ),
        )
        self.request_saving = False
        if not outcome.ok:
            fields = outcome.error.fields if outcome.error is not None else {}
            if fields and set(fields) <= {"kind", "message"}:
                self.request_errors = dict(fields)  # the form keeps what was typed
                return
            yield outcome.failure()
            return
        row: portal_privacy.RequestRow = outcome.value
        self.request_form_key += 1
        yield rx.toast.success(f"Pedido enviado. Prazo para a resposta: {row.due_label}.")
        self._fetch()
