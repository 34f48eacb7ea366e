"""The plan card ("Personal 3x — R$ 480/mês", "Sessões usadas: 8 de 12", …) and the credit
ledger, drawn the same on the client page and in the portal. Both take the service's rows
(``PlanCard``, ``LedgerRow``) as the states hold them (``state.shared.plan_rows``)."""

from __future__ import annotations

from typing import Any

import reflex as rx


def plan_card_body(plan: Any, has_plan: Any, *actions: rx.Component) -> rx.Component:
    """The card's lines; ``plan`` is a ``PlanCard`` var, ``has_plan`` whether it holds one
    (without, "Nenhum plano ativo no momento.")."""
    return rx.cond(
        has_plan,
        rx.vstack(
            rx.text(plan["title"], size="4", weight="bold", data_testid="plan-title"),
            rx.hstack(
                rx.text(plan["used_label"], size="3", data_testid="plan-used"),
                rx.badge(plan["scheduled_label"], color_scheme="blue", variant="soft"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.progress(
                value=rx.cond(
                    plan["total"] > 0,
                    (plan["used"] * 100 / plan["total"]).to(int),
                    0,
                ),
                max=100,
                aria_label=plan["used_label"],
                width="100%",
            ),
            rx.text(plan["credits_label"], size="3", data_testid="plan-credits"),
            rx.text(plan["next_due_label"], size="3", data_testid="plan-due"),
            rx.text(plan["cycle_label"], size="2", color=rx.color("gray", 11)),
            *actions,
            spacing="2",
            width="100%",
            align="start",
        ),
        rx.text("Nenhum plano ativo no momento.", size="2", color=rx.color("gray", 11)),
    )


def _ledger_row(row: Any) -> rx.Component:
    return rx.hstack(
        rx.badge(
            row["delta"],
            color_scheme=rx.cond(row["delta"] == "+1", "grass", "gray"),
            variant="soft",
            size="2",
            min_width="2.5em",
            justify="center",
        ),
        rx.vstack(
            rx.text(row["label"], size="2", weight="medium"),
            rx.text(row["reason"], size="2", color=rx.color("gray", 11)),
            rx.text(
                row["at"],
                " · ",
                row["actor_name"],
                rx.cond(row["valid_until"] != "", " · " + row["valid_until"], ""),
                size="1",
                color=rx.color("gray", 11),
            ),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        align="start",
        spacing="3",
        width="100%",
        padding_y="6px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="ledger-row",
    )


def ledger_list(rows: Any) -> rx.Component:
    return rx.cond(
        rows.length() == 0,
        rx.text("Nenhuma movimentação de créditos ainda.", size="2", color=rx.color("gray", 11)),
        rx.vstack(rx.foreach(rows, _ledger_row), spacing="0", width="100%"),
    )
