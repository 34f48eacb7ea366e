"""Staff login and team picking."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.cookies import token_from_cookie_header
from treinico.db import unit_of_work
from treinico.services.auth.staff import (
    TeamChoice,
    authenticate,
    choose_team,
    list_teams_for_user,
    resolve_session,
)
from treinico.services.errors import DomainError, Unauthenticated
from treinico.state.session import form_text, to_id, utcnow
from treinico.state.shared.navigation import go_to


class LoginState(rx.State):
    email_error: str = ""
    password_error: str = ""
    form_error: str = ""
    submitting: bool = False

    @rx.var
    def session_expired(self) -> bool:
        return self.router.url.query_parameters.get("expirado") == "1"

    @rx.event
    def submit(self, form_data: dict[str, Any]) -> Any:
        self.email_error = self.password_error = self.form_error = ""
        email = form_text(form_data, "email", 254)
        password = form_text(form_data, "password", 1024)
        self.submitting = True
        yield
        try:
            with unit_of_work() as session:
                result = authenticate(
                    session=session,
                    email=email,
                    password=password,
                    ip=self.router.session.client_ip or "?",
                    now=utcnow(),
                )
        except DomainError as exc:
            self._show(exc)
            self.submitting = False
            return
        if result.error is not None or result.ticket is None:
            self._show(result.error)
            self.submitting = False
            return
        # Full navigation (not client-side routing): the HTTP route sets the HttpOnly cookie,
        # and the new page's websocket handshake carries it.
        yield go_to(routes.AUTH_COMPLETE, ticket=result.ticket)

    def _show(self, exc: DomainError | None) -> None:
        if exc is None:
            self.form_error = "Não foi possível entrar. Tente de novo."
        elif "email" in exc.fields:
            self.email_error = exc.fields["email"]
        elif "password" in exc.fields:
            self.password_error = exc.fields["password"]
        else:
            self.form_error = exc.message


class TeamPickerState(rx.State):
    teams: list[TeamChoice] = []
    loading: bool = True

    def _token(self) -> str | None:
        return token_from_cookie_header(self.router.headers.cookie)

    @rx.event
    def load(self) -> Any:
        self.loading = True
        try:
            with unit_of_work() as session:
                view = resolve_session(session=session, token=self._token(), now=utcnow())
                teams = list_teams_for_user(session=session, user_id=view.user_id)
        except Unauthenticated:
            return rx.redirect(f"{routes.LOGIN}?expirado=1", replace=True)
        self.teams = teams
        self.loading = False
        return None

    @rx.event
    def choose(self, team_id: Any) -> Any:
        try:
            with unit_of_work() as session:
                choose_team(
                    session=session,
                    token=self._token() or "",
                    team_id=to_id(team_id),
                    now=utcnow(),
                )
        except Unauthenticated:
            return rx.redirect(f"{routes.LOGIN}?expirado=1", replace=True)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return rx.redirect(routes.CLIENTS)
