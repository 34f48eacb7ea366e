""" "Ver extrato": the plan card, the sessions of the current cycle (which counted) and the
make-up credit ledger, for the client of the session."""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda.credit_ledger import LedgerRow
from treinico.services.agenda.plans import PlanCard
from treinico.services.agenda.portal import StatementRow
from treinico.services.auth.portal import Business
from treinico.state.shared.plan_rows import NO_PLAN, plan_or_none


class PortalPlanState(rx.State):
    loading: bool = True
    slug: str = ""
    plan: PlanCard = NO_PLAN
    has_plan: bool = False
    sessions: list[StatementRow] = []
    ledger: list[LedgerRow] = []

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        view = portal_agenda.statement(
            session=session, team_id=business.team_id, client_id=business.client_id, now=now
        )
        self.slug = business.slug
        self.plan, self.has_plan = plan_or_none(view.plan)
        self.sessions = list(view.sessions)
        self.ledger = list(view.ledger)
        self.loading = False
