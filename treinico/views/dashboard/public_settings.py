"""Configurações › "Página pública": the form behind `/{slug}` (description, address, WhatsApp,
opening hours, the services it lists) and the logo, with a link to see the page."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog, field, name_file_input
from treinico.services.site.opening_hours import WEEKDAYS
from treinico.state.dashboard.public_page import KIND_OPTIONS, LOGO_UPLOAD_ID, PublicPageState

S = PublicPageState
LOGO_ACCEPT = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}
LABEL = {"fontSize": "14px", "fontWeight": 500}


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def _logo() -> rx.Component:
    preview = rx.cond(
        S.has_logo,
        rx.image(
            src=S.logo_src,
            alt="Logo atual",
            width="72px",
            height="72px",
            object_fit="contain",
            border_radius="16px",
            background="white",
            border=f"1px solid {rx.color('gray', 6)}",
        ),
        rx.image(
            src="/logo.svg",
            alt="Sem logo: a página mostra o símbolo do Treinico",
            width="72px",
            height="72px",
        ),
    )
    zone = rx.upload.root(
        rx.vstack(
            rx.button(
                rx.cond(S.logo_saving, rx.spinner(size="2"), rx.icon("image-up", size=16)),
                rx.cond(S.has_logo, "Trocar logo", "Enviar logo"),
                type="button",
                variant="soft",
                size="2",
                disabled=S.logo_saving,
            ),
            rx.text("ou arraste aqui", size="1", color=rx.color("gray", 11)),
            spacing="1",
            align="center",
        ),
        id=LOGO_UPLOAD_ID,
        accept=LOGO_ACCEPT,
        max_size=2 * 1024 * 1024,
        multiple=False,
        on_drop=S.upload_logo,
        on_drop_rejected=S.reject_logo,
        class_name="tr-dropzone",
        data_testid="public-logo",
        on_mount=name_file_input("public-logo", "Logo: imagem PNG, JPEG ou WebP, até 2 MB"),
    )
    return rx.vstack(
        rx.text("Logo", style=LABEL),
        rx.flex(
            preview,
            rx.box(zone, flex="1", min_width="200px"),
            rx.cond(
                S.has_logo,
                rx.button(
                    rx.icon("trash-2", size=16),
                    "Remover",
                    type="button",
                    variant="soft",
                    color_scheme="red",
                    size="2",
                    on_click=S.set_remove_open(True),
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            _error("logo") != "",
            rx.text(_error("logo"), size="2", color=rx.color("red", 11), role="alert"),
            rx.text(
                "PNG, JPEG ou WebP, até 2 MB. Guardamos em até 512 x 512 px.",
                size="1",
                color=rx.color("gray", 11),
            ),
        ),
        spacing="2",
        width="100%",
    )


def _kind() -> rx.Component:
    return field(
        "Tipo de negócio",
        rx.select.root(
            rx.select.trigger(width="100%", id="public-kind"),
            rx.select.content(
                rx.foreach(KIND_OPTIONS, lambda o: rx.select.item(o["name"], value=o["id"]))
            ),
            name="kind",
            default_value=S.kind,
            size="3",
        ),
        _error("kind"),
        hint="Diz aos buscadores se é uma academia, uma clínica ou um personal.",
        html_for="public-kind",
    )


def _text_fields() -> rx.Component:
    return rx.vstack(
        field(
            "Descrição",
            rx.text_area(
                name="description",
                id="public-description",
                default_value=S.description,
                placeholder=S.description_default,
                rows="3",
                width="100%",
                max_length=300,
            ),
            _error("description"),
            hint="Até 300 caracteres. Vazia, a página usa o texto de exemplo.",
            html_for="public-description",
        ),
        rx.grid(
            field(
                "Endereço",
                rx.input(
                    name="address",
                    id="public-address",
                    default_value=S.address,
                    placeholder="Rua, número — bairro, cidade — UF",
                    size="3",
                    width="100%",
                    max_length=200,
                ),
                _error("address"),
                hint="Aparece com o link “Ver no mapa”.",
                html_for="public-address",
            ),
            field(
                "WhatsApp do negócio",
                rx.input(
                    name="whatsapp",
                    id="public-whatsapp",
                    default_value=S.whatsapp,
                    placeholder="(11) 91234-5678",
                    type="tel",
                    input_mode="tel",
                    size="3",
                    width="100%",
                ),
                _error("whatsapp"),
                hint="O botão “Falar no WhatsApp” abre a conversa com uma saudação pronta.",
                html_for="public-whatsapp",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _day_input(index: int) -> rx.Component:
    control_id = f"public-hours-{index}"
    return rx.grid(
        rx.el.label(WEEKDAYS[index], html_for=control_id, style={**LABEL, "paddingTop": "8px"}),
        rx.vstack(
            rx.input(
                name=f"hours_{index}",
                id=control_id,
                default_value=S.days[index],
                placeholder="Fechado",
                size="2",
                width="100%",
            ),
            rx.cond(
                _error(f"hours_{index}") != "",
                rx.text(
                    _error(f"hours_{index}"), size="2", color=rx.color("red", 11), role="alert"
                ),
            ),
            spacing="1",
            width="100%",
        ),
        columns="88px 1fr",
        spacing="2",
        width="100%",
    )


def _hours() -> rx.Component:
    agenda = rx.vstack(
        rx.foreach(
            S.agenda_days,
            lambda d: rx.hstack(
                rx.text(d["day"], size="2", weight="medium", width="88px"),
                rx.text(d["text"], size="2", color=rx.color("gray", 11)),
                spacing="2",
            ),
        ),
        spacing="1",
        width="100%",
        data_testid="public-agenda-hours",
    )
    typed = rx.vstack(
        *[_day_input(i) for i in range(len(WEEKDAYS))],
        rx.text(
            "Ex.: 06:00–12:00, 14:00–21:00. Deixe vazio nos dias fechados.",
            size="1",
            color=rx.color("gray", 11),
        ),
        spacing="2",
        width="100%",
    )
    return rx.el.fieldset(
        rx.el.legend("Horários de atendimento", style=LABEL),
        rx.vstack(
            rx.el.label(
                rx.hstack(
                    rx.switch(
                        checked=S.hours_from_agenda,
                        on_change=S.set_hours_from_agenda,
                        size="2",
                    ),
                    rx.text("Usar os horários dos profissionais na agenda", size="2"),
                    spacing="2",
                    align="center",
                ),
            ),
            rx.cond(S.hours_from_agenda, agenda, typed),
            spacing="3",
            width="100%",
            padding_top="6px",
        ),
        style={"border": "none", "padding": 0, "margin": 0, "minWidth": 0},
    )


def _offer(row: Any, prefix: str) -> rx.Component:
    return rx.checkbox(
        rx.text(row["name"], " · ", rx.text.span(row["detail"], color=rx.color("gray", 11))),
        name=prefix + row["id"].to_string(),
        default_checked=row["public"],
        size="3",
    )


def _offers() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("O que aparece em “Serviços”", style=LABEL),
        rx.vstack(
            rx.foreach(S.sessions, lambda r: _offer(r, "s")),
            rx.foreach(S.products, lambda r: _offer(r, "p")),
            rx.cond(
                (S.sessions.length() == 0) & (S.products.length() == 0),
                rx.text(
                    "Cadastre tipos de sessão na agenda ou produtos em Commerce para listá-los.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
            ),
            spacing="2",
            padding_top="6px",
        ),
        style={"border": "none", "padding": 0, "margin": 0, "minWidth": 0},
    )


def public_page_section() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("Página pública", size="4"),
            rx.link(
                rx.hstack(rx.icon("external-link", size=16), rx.text("Ver página"), spacing="1"),
                href=S.public_url,
                is_external=True,
                size="2",
                min_height="32px",
                display="inline-flex",
                align_items="center",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="2",
            width="100%",
            margin_top="1em",
        ),
        rx.text(
            "O endereço ",
            rx.code(S.public_url),
            " que você divulga no Instagram e no WhatsApp: abre rápido e mostra o botão "
            "“Área do cliente”.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.card(
            rx.vstack(
                _logo(),
                rx.form(
                    rx.vstack(
                        _kind(),
                        _text_fields(),
                        _hours(),
                        _offers(),
                        rx.flex(
                            rx.button(
                                rx.cond(S.saving, rx.spinner(size="2"), rx.icon("save", size=16)),
                                "Salvar página pública",
                                type="submit",
                                size="3",
                                disabled=S.saving,
                            ),
                            justify="end",
                            width="100%",
                        ),
                        spacing="5",
                        width="100%",
                    ),
                    on_submit=S.save,
                    key=S.form_key,
                    width="100%",
                ),
                spacing="5",
                width="100%",
            ),
            width="100%",
            data_testid="public-page-settings",
        ),
        confirm_dialog(
            open=S.remove_open,
            on_open_change=S.set_remove_open,
            title="Remover o logo?",
            body="A página pública e a prévia dos links voltam a mostrar o símbolo do Treinico.",
            confirm_label="Remover logo",
            on_confirm=S.confirm_remove_logo,
        ),
        spacing="3",
        width="100%",
    )
