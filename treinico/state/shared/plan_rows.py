"""The plan card as the pages hold it, on both faces: the service's ``PlanCard`` itself, and
``NO_PLAN`` (all empty) while there is none; a state keeps ``has_plan`` beside it for the
page's "Nenhum plano ativo no momento."."""

from __future__ import annotations

from treinico.services.agenda.plans import PlanCard

NO_PLAN = PlanCard(
    title="",
    product_name="",
    price_label="",
    used=0,
    total=0,
    scheduled=0,
    used_label="",
    scheduled_label="",
    credits=0,
    credits_label="",
    next_due="",
    next_due_label="",
    cycle_label="",
    status="",
    status_label="",
)


def plan_or_none(card: PlanCard | None) -> tuple[PlanCard, bool]:
    """(the card to show, whether there is one)."""
    return (card, True) if card is not None else (NO_PLAN, False)
