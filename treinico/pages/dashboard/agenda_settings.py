"""/painel/agenda/configuracoes: "Regras", "Tipos de sessão", "Horários de atendimento"
and "Bloqueios"."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import confirm_dialog, empty_state, field, loading_block, page_header
from treinico.services.agenda.settings import WEEKDAYS
from treinico.state.dashboard.agenda_settings import AgendaSettingsState
from treinico.views.dashboard.agenda_settings import (
    session_type_dialog,
    session_types_section,
    settings_input,
    settings_section,
)

S = AgendaSettingsState


def _rules() -> rx.Component:
    return settings_section(
        "Regras",
        rx.form(
            rx.vstack(
                settings_input(
                    "Antecedência mínima para cancelar ou reagendar (horas)",
                    "notice_hours",
                    "rules-notice",
                    S.rules_errors.get("notice_hours", ""),
                    type="number",
                    default_value=S.notice_hours,
                    input_mode="numeric",
                ),
                settings_input(
                    "Limite de créditos de reposição por ciclo",
                    "makeup_cap",
                    "rules-cap",
                    S.rules_errors.get("makeup_cap", ""),
                    type="number",
                    default_value=S.makeup_cap,
                    input_mode="numeric",
                ),
                rx.button("Salvar regras", type="submit", size="3", loading=S.saving),
                spacing="3",
                width="100%",
                max_width="480px",
            ),
            on_submit=S.save_rules,
            key=S.notice_hours + "-" + S.makeup_cap,
            width="100%",
        ),
        testid="settings-rules",
    )


HOURS = [f"{h:02d}:00" for h in range(24)]


def _reminders() -> rx.Component:
    return settings_section(
        "Lembretes no WhatsApp",
        rx.text(
            "Só para clientes que ligaram os lembretes na área do cliente.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.form(
            rx.vstack(
                field(
                    "Horário do lembrete da véspera",
                    rx.select(
                        HOURS,
                        name="reminder_hour",
                        id="reminders-hour",
                        default_value=S.reminder_hour,
                        size="3",
                        width="100%",
                    ),
                    S.reminders_errors.get("reminder_hour", ""),
                    hint="O lembrete da sessão de amanhã sai a partir deste horário.",
                    html_for="reminders-hour",
                ),
                settings_input(
                    "Avisar quantos dias antes do vencimento do acesso",
                    "access_reminder_days",
                    "reminders-days",
                    S.reminders_errors.get("access_reminder_days", ""),
                    type="number",
                    default_value=S.access_reminder_days,
                    input_mode="numeric",
                ),
                rx.button("Salvar lembretes", type="submit", size="3", loading=S.saving),
                spacing="3",
                width="100%",
                max_width="480px",
            ),
            on_submit=S.save_reminders,
            key=S.reminder_hour + "-" + S.access_reminder_days,
            width="100%",
        ),
        testid="settings-reminders",
    )


def _hours_row(h: Any) -> rx.Component:
    label = h["weekday_label"] + " " + h["start"] + "–" + h["end"]
    return rx.hstack(
        rx.text(label, size="3"),
        rx.icon_button(
            rx.icon("trash-2", size=16),
            on_click=S.remove_hours(h["id"]),
            variant="ghost",
            color_scheme="red",
            aria_label="Remover horário " + label,
        ),
        justify="between",
        align="center",
        width="100%",
        data_testid="hours-row",
    )


def _hours() -> rx.Component:
    return settings_section(
        "Horários de atendimento",
        field(
            "Profissional",
            rx.select.root(
                rx.select.trigger(id="hours-member", width="100%", max_width="320px"),
                rx.select.content(
                    rx.foreach(S.members, lambda m: rx.select.item(m["name"], value=m["id"]))
                ),
                value=S.member,
                on_change=S.pick_member,
                size="3",
            ),
            html_for="hours-member",
        ),
        rx.cond(
            S.hours.length() == 0,
            rx.text(
                "Sem horários: clientes não podem agendar com este profissional.",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.vstack(
                rx.foreach(S.hours, _hours_row), spacing="1", width="100%", max_width="360px"
            ),
        ),
        rx.form(
            rx.vstack(
                rx.el.fieldset(
                    rx.el.legend("Dias", style={"fontSize": "14px", "fontWeight": 500}),
                    rx.flex(
                        *[rx.checkbox(n, name=f"wd{i}", size="3") for i, n in enumerate(WEEKDAYS)],
                        spacing="3",
                        wrap="wrap",
                        padding_top="6px",
                    ),
                    rx.cond(
                        S.hours_errors.get("weekdays", "") != "",
                        rx.text(
                            S.hours_errors.get("weekdays", ""),
                            size="2",
                            color=rx.color("red", 11),
                            role="alert",
                        ),
                    ),
                    style={"border": "none", "padding": 0, "margin": 0},
                ),
                rx.grid(
                    settings_input(
                        "Início",
                        "start",
                        "hours-start",
                        S.hours_errors.get("start", ""),
                        type="time",
                        default_value="06:00",
                    ),
                    settings_input(
                        "Fim",
                        "end",
                        "hours-end",
                        S.hours_errors.get("end", ""),
                        type="time",
                        default_value="12:00",
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                    max_width="360px",
                ),
                rx.button("Adicionar horário", type="submit", size="3", loading=S.saving),
                spacing="3",
                width="100%",
            ),
            on_submit=S.add_hours,
            key=S.hours_key,
            width="100%",
        ),
        testid="settings-hours",
    )


def _block_row(b: Any) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(b["reason"], weight="medium"),
            rx.text(b["starts"], " a ", b["ends"], size="2", color=rx.color("gray", 11)),
            spacing="0",
        ),
        rx.button(
            "Remover",
            on_click=S.ask_remove_block(b["id"]),
            variant="soft",
            color_scheme="red",
            size="2",
            aria_label="Remover bloqueio " + b["reason"],
        ),
        justify="between",
        align="center",
        spacing="2",
        wrap="wrap",
        width="100%",
        padding_y="6px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _blocks() -> rx.Component:
    return settings_section(
        "Bloqueios de " + S.member_name,
        rx.text(
            "Folgas, férias e outros dias sem atendimento.", size="2", color=rx.color("gray", 11)
        ),
        rx.cond(
            S.blocks.length() == 0,
            rx.text("Nenhum bloqueio futuro.", size="2", color=rx.color("gray", 11)),
            rx.vstack(rx.foreach(S.blocks, _block_row), spacing="0", width="100%"),
        ),
        rx.form(
            rx.vstack(
                rx.grid(
                    settings_input(
                        "Primeiro dia",
                        "first_day",
                        "block-first",
                        S.block_errors.get("first_day", ""),
                        type="date",
                    ),
                    settings_input(
                        "Último dia",
                        "last_day",
                        "block-last",
                        S.block_errors.get("last_day", ""),
                        type="date",
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                    max_width="420px",
                ),
                settings_input(
                    "Motivo",
                    "reason",
                    "block-reason",
                    "",
                    placeholder="Folga, férias…",
                    max_width="420px",
                ),
                rx.button("Adicionar bloqueio", type="submit", size="3", loading=S.saving),
                spacing="3",
                width="100%",
            ),
            on_submit=S.add_block,
            key=S.block_key,
            width="100%",
        ),
        testid="settings-blocks",
    )


def agenda_settings_content() -> rx.Component:
    back = rx.link(
        rx.hstack(rx.icon("arrow-left", size=16), "Agenda", spacing="1", align="center"),
        href=routes.AGENDA,
        size="2",
    )
    return rx.vstack(
        back,
        page_header("Configurações da agenda"),
        rx.cond(
            S.loading,
            loading_block("Carregando configurações…"),
            rx.cond(
                S.forbidden,
                rx.card(
                    empty_state(
                        "lock", "Sem permissão", "Só quem gerencia a equipe pode mudar a agenda."
                    ),
                    width="100%",
                ),
                rx.vstack(
                    _rules(),
                    _reminders(),
                    session_types_section(),
                    _hours(),
                    _blocks(),
                    spacing="4",
                    width="100%",
                ),
            ),
        ),
        session_type_dialog(),
        confirm_dialog(
            open=S.confirm_open,
            on_open_change=S.set_confirm_open,
            title=S.confirm_title,
            body=S.confirm_body,
            confirm_label="Confirmar",
            on_confirm=S.confirm,
        ),
        spacing="2",
        width="100%",
    )


def agenda_settings_page() -> rx.Component:
    return dashboard_shell(agenda_settings_content(), routes.AGENDA)
