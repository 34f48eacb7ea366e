"""One event per dashboard page: the header and sidebar and every section of the page are
read in one unit of work, after one resolution of the staff session.

The client page ran seven handlers (the shell, then the client, agenda, tasks, progress,
health and consents), each resolving the session again in its own unit of work and sending
a "loading" delta and then its data. Now its sections are emptied in one delta (so nothing
of the previous client shows under the new address) and filled in one more. The list pages
have nothing to empty: their data arrives in one delta. The sections keep their state
classes (the views bind to them); what they read is their ``_fill(session, actor)``, which
returns a toast when the section could not be read, or None."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol, cast

import reflex as rx

from treinico import routes
from treinico.db import unit_of_work
from treinico.services.errors import DomainError, Unauthenticated
from treinico.state.dashboard.agenda import AgendaState
from treinico.state.dashboard.client_agenda import ClientAgendaState
from treinico.state.dashboard.client_consents import ClientConsentsState
from treinico.state.dashboard.client_health import ClientHealthState
from treinico.state.dashboard.client_homework import ClientHomeworkState
from treinico.state.dashboard.client_progress import ClientProgressState
from treinico.state.dashboard.clients import ClientDetailState, ClientsState
from treinico.state.dashboard.team_homework import TeamHomeworkState
from treinico.state.session import NoTeamChosen, SessionState


class Section(Protocol):
    def _reset(self) -> None: ...

    def _fill(self, session: Any, actor: Any) -> Any: ...


CLIENT_PAGE: tuple[type[rx.State], ...] = (
    ClientDetailState,
    ClientAgendaState,
    ClientHomeworkState,
    ClientProgressState,
    ClientHealthState,
    ClientConsentsState,
)


class DashboardPageState(rx.State):
    """The dashboard pages' ``on_load``: no vars of its own."""

    async def _open(self, *sections: type[rx.State], reset: bool = False) -> AsyncIterator[Any]:
        shell = await self.get_state(SessionState)
        parts = [cast(Section, await self.get_state(cls)) for cls in sections]
        if reset:
            for state in parts:
                state._reset()
            yield
        toasts: list[Any] = []
        try:
            with unit_of_work() as session:
                actor = shell._actor(session)
                shell._fill_shell(session, actor)
                for state in parts:
                    toast = state._fill(session, actor)
                    if toast is not None:
                        toasts.append(toast)
        except Unauthenticated:
            shell.loading = True
            yield rx.redirect(f"{routes.LOGIN}?expirado=1", replace=True)
            return
        except NoTeamChosen:
            yield rx.redirect(routes.TEAMS, replace=True)
            return
        except DomainError as exc:
            yield rx.toast.error(exc.message)
            return
        for toast in toasts:
            yield toast

    @rx.event
    async def clients(self) -> AsyncIterator[Any]:
        async for update in self._open(ClientsState):
            yield update

    @rx.event
    async def client(self) -> AsyncIterator[Any]:
        async for update in self._open(*CLIENT_PAGE, reset=True):
            yield update

    @rx.event
    async def agenda(self) -> AsyncIterator[Any]:
        async for update in self._open(AgendaState):
            yield update

    @rx.event
    async def tasks(self) -> AsyncIterator[Any]:
        async for update in self._open(TeamHomeworkState):
            yield update
