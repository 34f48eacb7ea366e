"""/painel/configuracoes: Commerce and Saúde module switches, members' roles and permissions."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, loading_block, page_header
from treinico.state.dashboard.settings import PERMISSION_OPTIONS, ROLE_OPTIONS, SettingsState
from treinico.views.dashboard.homework_settings import homework_settings_section
from treinico.views.dashboard.public_settings import public_page_section


def _permission(member: Any, option: dict) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=member["permissions"].contains(option["value"]),
            on_change=lambda v: SettingsState.set_permission(member["id"], option["value"], v),
            disabled=member["role"] == "owner",
            # Radix's checkbox is a button: the wrapping label does not name it for everyone.
            aria_label=f"{option['label']} — {member['name']}",
        ),
        rx.text(option["label"], size="2"),
        style={"display": "flex", "gap": "8px", "alignItems": "center", "minHeight": "32px"},
    )


def _member(member: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(member["name"], weight="medium", size="3"),
                    rx.text(member["email"], size="2", color=rx.color("gray", 11)),
                    spacing="0",
                    min_width="0",
                ),
                rx.select.root(
                    rx.select.trigger(aria_label="Papel"),
                    rx.select.content(
                        *[rx.select.item(o["label"], value=o["value"]) for o in ROLE_OPTIONS]
                    ),
                    value=member["role"],
                    on_change=lambda v: SettingsState.set_role(member["id"], v),
                ),
                justify="between",
                align="center",
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            rx.grid(
                *[_permission(member, o) for o in PERMISSION_OPTIONS],
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="2",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="member-card",
    )


def _module_switch(label: str, help_text: str, checked: Any, on_change: Any) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(label, weight="medium", size="3"),
                rx.text(help_text, size="2", color=rx.color("gray", 11)),
                spacing="1",
            ),
            rx.switch(checked=checked, on_change=on_change, size="3", aria_label=label),
            justify="between",
            align="center",
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _content() -> rx.Component:
    return rx.vstack(
        page_header("Configurações da equipe"),
        _module_switch(
            "Módulo Commerce",
            "Produtos e acessos dos clientes (Gerenciar Acesso a Produtos).",
            SettingsState.commerce_enabled,
            SettingsState.toggle_commerce,
        ),
        _module_switch(
            "Módulo Saúde",
            "Prontuário dos clientes, com consentimento LGPD e registro de cada acesso "
            "(desligar esconde os registros; nada é apagado).",
            SettingsState.health_enabled,
            SettingsState.toggle_health,
        ),
        public_page_section(),
        rx.heading("Membros e permissões", size="4", margin_top="1em"),
        rx.vstack(rx.foreach(SettingsState.members, _member), spacing="3", width="100%"),
        homework_settings_section(),
        spacing="3",
        width="100%",
    )


def settings_content() -> rx.Component:
    return rx.cond(
        SettingsState.loading & (SettingsState.members.length() == 0) & ~SettingsState.forbidden,
        loading_block("Carregando…"),
        rx.cond(
            SettingsState.forbidden,
            empty_state(
                "lock", "Configurações da equipe", "Só quem gerencia a equipe vê esta página."
            ),
            _content(),
        ),
    )


def settings_page() -> rx.Component:
    return dashboard_shell(settings_content(), routes.SETTINGS)
