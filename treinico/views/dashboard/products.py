"""Comércio > Produtos: the product cards, the product form dialog and the archive
confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import (
    cancel_and_submit,
    confirm_dialog,
    empty_state,
    field,
    loading_block,
)
from treinico.state.dashboard.products import BILLING_OPTIONS, KIND_OPTIONS, ProductsState
from treinico.state.session import SessionState

S = ProductsState


def _menu(row: Any) -> rx.Component:
    return rx.cond(
        SessionState.can_write_products,
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(
                    rx.icon("ellipsis", size=18),
                    variant="ghost",
                    color_scheme="gray",
                    size="3",
                    aria_label="Ações do produto — " + row["name"],
                    data_testid="product-options",
                )
            ),
            rx.menu.content(
                rx.menu.item(
                    rx.icon("pencil", size=14), "Editar", on_select=S.open_edit(row["id"])
                ),
                rx.menu.separator(),
                rx.cond(
                    row["active"],
                    rx.menu.item(
                        rx.icon("archive", size=14),
                        "Arquivar",
                        color_scheme="orange",
                        on_select=S.ask_archive(row["id"]),
                    ),
                    rx.menu.item(
                        rx.icon("archive-restore", size=14),
                        "Reativar",
                        on_select=S.reactivate(row["id"]),
                    ),
                ),
                align="end",
            ),
        ),
    )


def _fact(icon: str, text: Any) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=14, color=rx.color("gray", 10)),
        rx.text(text, size="2", color=rx.color("gray", 11)),
        spacing="2",
        align="center",
    )


def product_card(row: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.link(
                        rx.text(row["name"], size="4", weight="bold"),
                        href=row["href"],
                        underline="hover",
                        color="inherit",
                    ),
                    rx.hstack(
                        rx.badge(row["kind_label"], color_scheme="gray", variant="surface"),
                        rx.cond(
                            row["active"],
                            rx.badge("Ativo", color_scheme="grass"),
                            rx.badge("Arquivado", color_scheme="orange"),
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                    spacing="1",
                    min_width="0",
                    flex="1",
                ),
                _menu(row),
                align="start",
                width="100%",
            ),
            rx.hstack(
                rx.text(row["price"], size="5", weight="bold"),
                rx.text("· ", row["billing_label"], size="2", color=rx.color("gray", 11)),
                align="baseline",
                spacing="2",
                wrap="wrap",
            ),
            rx.vstack(
                _fact("clock", row["grace"]),
                rx.cond(row["sessions"] != "", _fact("dumbbell", row["sessions"])),
                spacing="1",
            ),
            rx.cond(
                row["description"] != "",
                rx.text(row["description"], size="2", color=rx.color("gray", 11), trim="both"),
            ),
            rx.link(
                rx.hstack(
                    rx.text("Ver clientes", size="2"),
                    rx.icon("arrow-right", size=14),
                    spacing="1",
                    align="center",
                ),
                href=row["href"],
                size="2",
                aria_label="Ver clientes de " + row["name"],
                margin_top="auto",
            ),
            spacing="2",
            height="100%",
            width="100%",
        ),
        width="100%",
        data_testid="product-card",
    )


def new_product_button() -> rx.Component:
    return rx.cond(
        SessionState.can_write_products,
        rx.button(rx.icon("plus", size=16), "Novo produto", on_click=S.open_create, size="3"),
    )


def products_section() -> rx.Component:
    toolbar = rx.flex(
        rx.el.label(
            rx.switch(checked=S.show_archived, on_change=S.toggle_archived),
            rx.text("Mostrar arquivados", size="2"),
            style={"display": "flex", "gap": "8px", "alignItems": "center", "minHeight": "40px"},
        ),
        rx.spacer(),
        new_product_button(),
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
    )
    body = rx.cond(
        S.loading & (S.rows.length() == 0),
        loading_block("Carregando produtos…"),
        rx.cond(
            S.forbidden != "",
            empty_state("lock", "Produtos", S.forbidden),
            rx.cond(
                S.rows.length() == 0,
                empty_state(
                    "package",
                    "Nenhum produto",
                    "Cadastre planos, pacotes e serviços para liberar acessos aos clientes.",
                    new_product_button(),
                ),
                rx.grid(
                    rx.foreach(S.rows, product_card),
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    spacing="3",
                    width="100%",
                ),
            ),
        ),
    )
    return rx.vstack(
        toolbar, body, product_form_dialog(), archive_dialog(), spacing="3", width="100%"
    )


# ---------------------------------------------------------------- form


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def _invalid(name: str) -> dict[str, Any]:
    return {
        "aria_invalid": rx.cond(S.errors.contains(name), "true", "false"),
        "color_scheme": rx.cond(S.errors.contains(name), "red", "gray"),
    }


def _input(name: str, **props: Any) -> rx.Component:
    return rx.input(
        name=name,
        id=f"product-{name}",
        default_value=S.values[name],
        size="3",
        width="100%",
        **_invalid(name),
        **props,
    )


def _select(name: str, options: list[dict[str, str]], extra: Any = None) -> rx.Component:
    items = [rx.select.item(o["label"], value=o["value"]) for o in options]
    if extra is not None:
        items.append(extra)
    return rx.select.root(
        rx.select.trigger(id=f"product-{name}", width="100%"),
        rx.select.content(*items),
        name=name,
        default_value=S.values[name],
        size="3",
    )


def product_form_dialog() -> rx.Component:
    kept = rx.cond(
        S.kept_billing != "",
        rx.select.item(S.kept_billing + " (atual)", value="manter"),
    )
    form = rx.form(
        rx.vstack(
            rx.cond(
                S.editing,
                rx.text(
                    "Chave: ",
                    rx.code(S.edit_key),
                    " (não muda)",
                    size="2",
                    color=rx.color("gray", 11),
                ),
            ),
            field(
                "Nome",
                _input("name", placeholder="Ex.: Personal 3x por semana", max_length=120),
                _error("name"),
                html_for="product-name",
            ),
            rx.grid(
                field(
                    "Tipo", _select("kind", KIND_OPTIONS), _error("kind"), html_for="product-kind"
                ),
                field(
                    "Preço (R$)",
                    _input("price", placeholder="480,00", input_mode="decimal", max_length=16),
                    _error("price"),
                    html_for="product-price",
                ),
                field(
                    "Cobrança",
                    _select("billing", BILLING_OPTIONS, kept),
                    _error("billing"),
                    html_for="product-billing",
                ),
                field(
                    "Dias de carência",
                    _input("grace_days", type="number", min=0, max=90, input_mode="numeric"),
                    _error("grace_days"),
                    hint="Dias de acesso após a expiração.",
                    html_for="product-grace_days",
                ),
                field(
                    "Sessões por ciclo",
                    _input(
                        "sessions_per_cycle",
                        type="number",
                        min=1,
                        max=100,
                        input_mode="numeric",
                        placeholder="Sem limite",
                    ),
                    _error("sessions_per_cycle"),
                    hint="Deixe vazio se não há limite.",
                    html_for="product-sessions_per_cycle",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            field(
                "Descrição",
                rx.text_area(
                    name="description",
                    id="product-description",
                    default_value=S.values["description"],
                    rows="3",
                    width="100%",
                    max_length=500,
                ),
                _error("description"),
                html_for="product-description",
            ),
            cancel_and_submit("Salvar", saving=S.saving),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save,
        key=S.form_key,
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing, "Editar produto", "Novo produto")),
            rx.dialog.description(
                "Preço, cobrança e carência valem para os próximos acessos concedidos.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            form,
            max_width="560px",
            width="calc(100vw - 24px)",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )


def archive_dialog() -> rx.Component:
    return confirm_dialog(
        open=S.confirm_open,
        on_open_change=S.set_confirm_open,
        title="Arquivar " + S.confirm_subject + "?",
        body="Novos acessos deixam de ser concedidos; os atuais seguem até o fim.",
        confirm_label="Arquivar",
        on_confirm=S.confirm_archive,
        color="orange",
    )
