"""/painel/equipes: pick the team to work in."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import loading_block
from treinico.state.auth import TeamPickerState


def _team_button(team: Any) -> rx.Component:
    return rx.button(
        rx.hstack(
            rx.icon("building-2", size=18),
            rx.text(team["name"], size="3", weight="medium"),
            rx.spacer(),
            rx.icon("chevron-right", size=18),
            width="100%",
            align="center",
        ),
        on_click=TeamPickerState.choose(team["id"]),
        variant="surface",
        size="4",
        width="100%",
    )


def teams_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading("Escolha a equipe", size="6"),
                rx.text(
                    "Sua conta participa de mais de uma equipe.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                rx.cond(
                    TeamPickerState.loading,
                    loading_block("Carregando…"),
                    rx.vstack(
                        rx.foreach(TeamPickerState.teams, _team_button), width="100%", spacing="3"
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="440px",
        ),
        min_height="100vh",
        padding="1em",
        background=rx.color("accent", 2),
    )
