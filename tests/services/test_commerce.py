"""The Commerce area: products (create, edit, archive, key kept), a product's clients by
status, the CSV, and "Vencendo em breve" with its one-click renewal."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from tests.factories import make_client, make_member, make_team
from treinico.services.access import entitlements as ent
from treinico.services.access import history as access_history
from treinico.services.commerce import product_clients as commerce
from treinico.services.commerce import products, renewals
from treinico.services.errors import Conflict, Forbidden, Invalid
from treinico.services.permissions import Perm, Role

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 12:00 in São Paulo
TODAY = date(2026, 3, 10)

FORM = {
    "name": "Personal 3x",
    "kind": "subscription",
    "price": "480,00",
    "billing": "mensal",
    "grace_days": "5",
    "sessions_per_cycle": "12",
    "description": "Três sessões por semana",
}


def _grant(
    session: Session, actor, client_id: int, product_id: int, start: int, end: int | None
) -> int:  # type: ignore[no-untyped-def]
    return ent.grant_entitlement(
        session=session,
        actor=actor,
        client_id=client_id,
        product_id=product_id,
        starts_on=TODAY + timedelta(days=start),
        ends_on=TODAY + timedelta(days=end) if end is not None else None,
        now=NOW + timedelta(days=min(start, 0)),
    ).id


def test_products_are_created_edited_and_archived_with_their_key_kept(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    assert (p.key, p.price, p.billing_label, p.kind_label, p.sessions_per_cycle) == (
        "personal-3x",
        "R$ 480,00",
        "Mensal",
        "Plano",
        12,
    )
    edited = products.save_product(
        session=session,
        actor=t.owner,
        product_id=p.id,
        form={**FORM, "name": "Personal 3x semanal", "price": "1.290,5", "billing": "trimestral"},
    )
    assert (edited.key, edited.name, edited.price, edited.billing_label) == (
        "personal-3x",
        "Personal 3x semanal",
        "R$ 1.290,50",
        "Trimestral",
    )
    archived = products.set_archived(session=session, actor=t.owner, product_id=p.id, archived=True)
    assert archived.active is False
    assert products.list_products(session=session, actor=t.owner) == []
    assert len(products.list_products(session=session, actor=t.owner, include_archived=True)) == 1
    back = products.set_archived(session=session, actor=t.owner, product_id=p.id, archived=False)
    assert back.active is True


def test_the_product_form_says_what_is_wrong_at_each_field(session: Session) -> None:
    t = make_team(session)
    with pytest.raises(Invalid) as err:
        products.save_product(
            session=session,
            actor=t.owner,
            form={
                **FORM,
                "name": " ",
                "price": "48o",
                "grace_days": "-1",
                "sessions_per_cycle": "x",
            },
        )
    assert set(err.value.fields) == {"name", "price", "grace_days", "sessions_per_cycle"}
    assert err.value.fields["price"] == "Preço inválido. Use o formato 480,00."
    products.save_product(session=session, actor=t.owner, form=FORM)
    with pytest.raises(Conflict):
        products.save_product(session=session, actor=t.owner, form=FORM)  # same name, same key


def test_products_write_is_its_own_permission(session: Session) -> None:
    t = make_team(session)
    trainer = make_member(session, t.team.id, Role.TRAINER)  # grants access, not products
    assert Perm.PRODUCTS_WRITE not in trainer.permissions
    with pytest.raises(Forbidden):
        products.save_product(session=session, actor=trainer, form=FORM)
    admin = make_member(session, t.team.id, Role.ADMIN)
    products.save_product(session=session, actor=admin, form=FORM)


def test_a_products_clients_by_status_and_without_access(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    names = ["Ana", "Bruno", "Camila", "Diego", "Eduarda"]
    c = {n: make_client(session, t.team.id, n) for n in names}
    _grant(session, t.owner, c["Ana"], p.id, -15, 15)  # Ativo
    _grant(session, t.owner, c["Bruno"], p.id, -32, -2)  # Período de carência (5 dias)
    _grant(session, t.owner, c["Camila"], p.id, 7, 97)  # Agendado
    _grant(session, t.owner, c["Diego"], p.id, -100, -10)  # Expirado

    def names_in(status: str, query: str = "") -> list[str]:
        page = commerce.product_clients(
            session=session, actor=t.owner, product_id=p.id, now=NOW, status=status, query=query
        )
        return [r.client_name for r in page.rows]

    assert names_in("current") == ["Ana", "Bruno", "Camila"]
    assert names_in("active") == ["Ana"]
    assert names_in("grace") == ["Bruno"]
    assert names_in("scheduled") == ["Camila"]
    assert names_in("ended") == ["Diego"]
    assert names_in("none") == ["Diego", "Eduarda"]
    assert names_in("current", "BRU") == ["Bruno"]
    ids = commerce.matching_client_ids(
        session=session, actor=t.owner, product_id=p.id, now=NOW, status="current", query=""
    )
    assert ids == sorted([c["Ana"], c["Bruno"], c["Camila"]])

    text, filename = commerce.export_csv(
        session=session, actor=t.owner, product_id=p.id, now=NOW, status="current"
    )
    assert filename == "personal-3x-clientes-2026-03-10.csv"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["Cliente", "Telefone", "E-mail", "Produto", "Status"]
    assert [r[0] for r in rows[1:]] == ["Ana", "Bruno", "Camila"]
    assert rows[2][4] == "Período de carência"


def test_csv_cells_never_start_a_formula(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    evil = make_client(session, t.team.id, '=HYPERLINK("x")')
    _grant(session, t.owner, evil, p.id, 0, 10)
    text, _ = commerce.export_csv(
        session=session, actor=t.owner, product_id=p.id, now=NOW, status="current"
    )
    assert "'=HYPERLINK" in text


def test_expiring_soon_lists_by_window_and_renews_once_per_click(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    edu = make_client(session, t.team.id, "Eduarda")
    ana = make_client(session, t.team.id, "Ana")
    far = make_client(session, t.team.id, "Longe")
    e_edu = _grant(session, t.owner, edu, p.id, 0, 0)  # Expira hoje
    _grant(session, t.owner, ana, p.id, -15, 15)
    _grant(session, t.owner, far, p.id, -1, 60)
    week = renewals.expiring_soon(session=session, actor=t.owner, now=NOW, days=7)
    assert [(r.client_name, r.time_left) for r in week] == [("Eduarda", "Expira hoje")]
    month = renewals.expiring_soon(session=session, actor=t.owner, now=NOW, days=30)
    assert [r.client_name for r in month] == ["Eduarda", "Ana"]
    assert renewals.expiring_count(session=session, actor=t.owner, now=NOW) == 2
    [row] = week
    assert row.renew_to == "10/04/2026"

    until = renewals.renew(
        session=session,
        actor=t.owner,
        entitlement_id=e_edu,
        expected_ends_on=row.ends_on_iso,
        now=NOW,
    )
    assert until == "10/04/2026"
    # The same click again (a stale page, a retried request) changes nothing.
    again = renewals.renew(
        session=session,
        actor=t.owner,
        entitlement_id=e_edu,
        expected_ends_on=row.ends_on_iso,
        now=NOW,
    )
    assert again == "10/04/2026"
    history = access_history.list_history(session=session, actor=t.owner, client_id=edu)
    assert [h.action for h in history.rows].count("Acesso estendido") == 1
    assert renewals.expiring_count(session=session, actor=t.owner, now=NOW, days=7) == 0
    with pytest.raises(Invalid):
        renewals.expiring_soon(session=session, actor=t.owner, now=NOW, days=9)


def test_renew_many_reports_each_row(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    a = _grant(session, t.owner, make_client(session, t.team.id, "A"), p.id, 0, 3)
    b = _grant(session, t.owner, make_client(session, t.team.id, "B"), p.id, 0, 5)
    ent.revoke_entitlement(session=session, actor=t.owner, entitlement_id=b, now=NOW)
    out = renewals.renew_many(
        session=session,
        actor=t.owner,
        items=[(a, (TODAY + timedelta(days=3)).isoformat()), (b, "2026-03-15")],
        now=NOW,
    )
    assert [(r.client_name, r.ok) for r in out] == [("A", True), ("B", False)]
    assert out[0].message == "Renovado até 13/04/2026"


def test_the_badge_is_zero_for_who_cannot_read_accesses(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    _grant(session, t.owner, make_client(session, t.team.id, "A"), p.id, 0, 3)
    agenda_only = make_member(session, t.team.id, Role.TRAINER, [Perm.AGENDA_READ])
    assert renewals.expiring_count(session=session, actor=agenda_only, now=NOW) == 0
    assert renewals.expiring_count(session=session, actor=t.owner, now=NOW) == 1


def test_a_window_includes_its_last_day(session: Session) -> None:
    t = make_team(session)
    p = products.save_product(session=session, actor=t.owner, form=FORM)
    _grant(session, t.owner, make_client(session, t.team.id, "Sete"), p.id, 0, 7)
    _grant(session, t.owner, make_client(session, t.team.id, "Oito"), p.id, 0, 8)
    week = renewals.expiring_soon(session=session, actor=t.owner, now=NOW, days=7)
    assert [(r.client_name, r.time_left) for r in week] == [("Sete", "Expira em 7 dias")]
