""" "Ver extrato": the plan card, the sessions of the current cycle (which counted) and the
make-up credit ledger, for the client of the session."""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from treinico.services.agenda import portal as portal_agenda
from treinico.services.auth.portal import Business
from treinico.state.shared.rows import plan_dict, rows


class PortalPlanState(rx.State):
    loading: bool = True
    slug: str = ""
    plan: dict[str, str] = {}
    sessions: list[dict[str, str]] = []
    ledger: list[dict[str, str]] = []

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        view = portal_agenda.statement(
            session=session, team_id=business.team_id, client_id=business.client_id, now=now
        )
        self.slug = business.slug
        self.plan = plan_dict(view.plan)
        self.sessions = rows(view.sessions)
        self.ledger = rows(view.ledger)
        self.loading = False
