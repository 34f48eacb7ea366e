""" "Ver extrato": the plan card, the sessions of the current cycle (which counted) and the
make-up credit ledger, for the client of the session."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.services import portal_agenda
from treinico.state.plan_views import plan_dict, rows
from treinico.state.portal.common import failed, portal_call
from treinico.state.portal.login import slug_from_path


class PortalPlanState(rx.State):
    ready: bool = False
    slug: str = ""
    plan: dict[str, str] = {}
    sessions: list[dict[str, str]] = []
    ledger: list[dict[str, str]] = []

    @rx.event
    def load(self) -> Any:
        self.ready = False
        self.slug = slug_from_path(self.router.url.path)
        outcome = portal_call(
            self,
            lambda s, b, now: portal_agenda.statement(
                session=s, team_id=b.team_id, client_id=b.client_id, now=now
            ),
        )
        if not outcome.ok:
            return failed(outcome)
        view: portal_agenda.Statement = outcome.value
        self.plan = plan_dict(view.plan)
        self.sessions = rows(view.sessions)
        self.ledger = rows(view.ledger)
        self.ready = True
        return None
