"""Bulk access changes: the preview's plan and summary, one history event per client with the
batch, a reference applied once, and concurrent changes reported instead of overwritten."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_client, make_member, make_team
from tests.services.test_entitlement_races import race
from treinico.db import unit_of_work
from treinico.models import Entitlement, EntitlementEvent
from treinico.services.access import entitlements as ent
from treinico.services.access import history as access_history
from treinico.services.access.status import last_day
from treinico.services.commerce import bulk
from treinico.services.commerce.products import create_product
from treinico.services.errors import Conflict, Forbidden, Invalid
from treinico.services.permissions import Perm, Role

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def _world(session: Session, n: int = 4):  # type: ignore[no-untyped-def]
    t = make_team(session)
    product = create_product(
        session=session,
        team_id=t.team.id,
        name="Plano Mensal",
        price_cents=48000,
        billing_months=1,
        grace_days=5,
    )
    clients = [make_client(session, t.team.id, f"Cliente {i:02d}") for i in range(n)]
    return t, product, clients


def _grant(session: Session, actor, client_id: int, product_id: int, ends: date | None) -> int:  # type: ignore[no-untyped-def]
    return ent.grant_entitlement(
        session=session,
        actor=actor,
        client_id=client_id,
        product_id=product_id,
        starts_on=TODAY - timedelta(days=10),
        ends_on=ends,
        now=NOW - timedelta(days=10),
    ).id


def _ends(session: Session, entitlement_id: int) -> date:
    e = session.get(Entitlement, entitlement_id)
    assert e is not None and e.ends_at is not None
    session.refresh(e)
    return last_day(e.ends_at, ZoneInfo("America/Sao_Paulo"))


def test_grant_preview_skips_who_has_access_then_grants_the_rest(session: Session) -> None:
    t, product, clients = _world(session, 4)
    _grant(session, t.owner, clients[0], product.id, TODAY + timedelta(days=5))
    _grant(session, t.owner, clients[1], product.id, TODAY + timedelta(days=5))
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="grant",
        selection=bulk.Selection(client_ids=tuple(clients)),
        now=NOW,
    )
    assert plan.summary == "2 clientes serão alterados; 2 ignorados: já têm acesso"
    assert (plan.to_change, plan.skipped, plan.status) == (2, 2, "preview")
    # Nothing changed yet.
    assert len(session.exec(select(Entitlement)).all()) == 2

    done = bulk.apply(session=session, actor=t.owner, reference=plan.reference, now=NOW)
    assert (done.changed, done.conflicts, done.status) == (2, 0, "done")
    assert done.summary == "2 clientes alterados; 2 ignorados"
    granted = session.exec(
        select(EntitlementEvent).where(EntitlementEvent.event_type == "granted")
    ).all()
    batch_events = [e for e in granted if e.batch_id is not None]
    assert len(batch_events) == 2 and {e.actor_name for e in batch_events} == {t.owner.name}
    # One more billing period from today: 10/03 -> 09/04.
    rows = {r.client_name: r.message for r in done.rows}
    assert rows["Cliente 02"] == "Até 09/04/2026"
    assert rows["Cliente 00"] == "Já tem acesso"


def test_extend_by_one_period_keeps_the_month_day_and_skips_lifetime(session: Session) -> None:
    t, product, clients = _world(session, 3)
    a = _grant(session, t.owner, clients[0], product.id, date(2026, 3, 31))
    b = _grant(session, t.owner, clients[1], product.id, date(2026, 3, 15))
    _grant(session, t.owner, clients[2], product.id, None)  # Vitalício
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="extend",
        selection=bulk.Selection(all_filtered=True, status="current"),
        now=NOW,
    )
    assert plan.summary == "2 clientes serão alterados; 1 ignorado: vitalícios"
    done = bulk.apply(session=session, actor=t.owner, reference=plan.reference, now=NOW)
    assert done.changed == 2
    assert _ends(session, a) == date(2026, 4, 30)  # 31/03 + one month
    assert _ends(session, b) == date(2026, 4, 15)
    events = session.exec(
        select(EntitlementEvent).where(EntitlementEvent.event_type == "extended")
    ).all()
    assert len(events) == 2 and all(e.batch_id is not None for e in events)
    history = access_history.list_history(session=session, actor=t.owner, client_id=clients[0])
    assert history.rows[0].action == "Acesso estendido"


def test_extend_to_a_date_and_revoke_with_a_reason(session: Session) -> None:
    t, product, clients = _world(session, 2)
    a = _grant(session, t.owner, clients[0], product.id, date(2026, 3, 20))
    b = _grant(session, t.owner, clients[1], product.id, date(2026, 6, 1))
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="extend",
        selection=bulk.Selection(client_ids=(clients[0], clients[1])),
        mode="date",
        until="2026-05-31",
        now=NOW,
    )
    assert plan.summary == "1 cliente será alterado; 1 ignorado: já vão além da data"
    bulk.apply(session=session, actor=t.owner, reference=plan.reference, now=NOW)
    assert _ends(session, a) == date(2026, 5, 31)

    with pytest.raises(Invalid) as err:
        bulk.preview(
            session=session,
            actor=t.owner,
            product_id=product.id,
            operation="extend",
            selection=bulk.Selection(client_ids=(clients[0],)),
            mode="date",
            until="2026-01-01",
            now=NOW,
        )
    assert "until" in err.value.fields

    revoke = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="revoke",
        selection=bulk.Selection(client_ids=(clients[1],)),
        reason="Fim da parceria",
        now=NOW,
    )
    done = bulk.apply(session=session, actor=t.owner, reference=revoke.reference, now=NOW)
    assert done.changed == 1
    e = session.get(Entitlement, b)
    assert e is not None and e.revoked_at is not None
    assert e.revoke_reason is not None and e.revoke_reason.endswith("Motivo: Fim da parceria")


def test_applying_the_same_reference_twice_runs_once(session: Session) -> None:
    t, product, clients = _world(session, 2)
    a = _grant(session, t.owner, clients[0], product.id, date(2026, 3, 31))
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="extend",
        selection=bulk.Selection(client_ids=(clients[0],)),
        now=NOW,
    )
    first = bulk.apply(session=session, actor=t.owner, reference=plan.reference, now=NOW)
    again = bulk.apply(session=session, actor=t.owner, reference=plan.reference, now=NOW)
    assert first.changed == again.changed == 1
    assert _ends(session, a) == date(2026, 4, 30)  # not 31/05


def test_a_read_only_member_cannot_preview_and_references_stay_in_their_team(
    session: Session,
) -> None:
    t, product, clients = _world(session, 1)
    reader = make_member(
        session, t.team.id, Role.TRAINER, [Perm.CLIENTS_READ, Perm.ENTITLEMENTS_READ]
    )
    with pytest.raises(Forbidden):
        bulk.preview(
            session=session,
            actor=reader,
            product_id=product.id,
            operation="grant",
            selection=bulk.Selection(client_ids=tuple(clients)),
            now=NOW,
        )
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="grant",
        selection=bulk.Selection(client_ids=tuple(clients)),
        now=NOW,
    )
    other = make_team(session)
    with pytest.raises(Exception) as err:
        bulk.apply(session=session, actor=other.owner, reference=plan.reference, now=NOW)
    assert "Lote não encontrado" in str(err.value)
    # A client id of another team in the selection is ignored.
    stranger = make_client(session, other.team.id, "Outra")
    with pytest.raises(Invalid):
        bulk.preview(
            session=session,
            actor=t.owner,
            product_id=product.id,
            operation="grant",
            selection=bulk.Selection(client_ids=(stranger,)),
            now=NOW,
        )


def test_an_old_preview_must_be_made_again(session: Session) -> None:
    t, product, clients = _world(session, 1)
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="grant",
        selection=bulk.Selection(client_ids=tuple(clients)),
        now=NOW,
    )
    with pytest.raises(Conflict, match="A prévia expirou"):
        bulk.apply(
            session=session, actor=t.owner, reference=plan.reference, now=NOW + timedelta(hours=1)
        )


def test_a_change_in_the_modal_after_the_preview_is_reported_not_overwritten(
    session: Session,
) -> None:
    t, product, clients = _world(session, 3)
    ids = [_grant(session, t.owner, c, product.id, date(2026, 3, 31)) for c in clients]
    plan = bulk.preview(
        session=session,
        actor=t.owner,
        product_id=product.id,
        operation="extend",
        selection=bulk.Selection(client_ids=tuple(clients)),
        now=NOW,
    )
    # Meanwhile, in the access modal: one revoked, one extended by hand.
    ent.revoke_entitlement(session=session, actor=t.owner, entitlement_id=ids[0], now=NOW)
    ent.extend_entitlement(
        session=session, actor=t.owner, entitlement_id=ids[1], new_ends_on=date(2026, 7, 1), now=NOW
    )
    done = bulk.apply(session=session, actor=t.owner, reference=plan.reference, now=NOW)
    assert (done.changed, done.conflicts) == (1, 2)
    messages = [r.message for r in done.rows if r.outcome == "conflict"]
    assert any(m.startswith("Revogado por") for m in messages)
    assert any("A expiração mudou para 01/07/2026" in m for m in messages)
    assert _ends(session, ids[1]) == date(2026, 7, 1)  # the hand-made change stands
    assert _ends(session, ids[2]) == date(2026, 4, 30)


# ---------------------------------------------------------------- races (two real sessions)


def _race_world(db: Engine, n: int = 30):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        t, product, clients = _world(s, n)
        ids = [_grant(s, t.owner, c, product.id, date(2026, 3, 31)) for c in clients]
    return t, product, clients, ids


def test_bulk_extend_against_a_revoke_in_the_modal(db: Engine) -> None:
    t, product, clients, ids = _race_world(db)
    with unit_of_work(db) as s:
        plan = bulk.preview(
            session=s,
            actor=t.owner,
            product_id=product.id,
            operation="extend",
            selection=bulk.Selection(client_ids=tuple(clients)),
            now=NOW,
        )
    target = ids[17]
    outcomes = race(
        db,
        lambda s: bulk.apply(session=s, actor=t.owner, reference=plan.reference, now=NOW),
        lambda s: ent.revoke_entitlement(
            session=s, actor=t.owner, entitlement_id=target, note="No balcão", now=NOW
        ),
    )
    assert outcomes == ["ok", "ok"]
    with unit_of_work(db) as s:
        revoked = s.get(Entitlement, target)
        assert revoked is not None and revoked.revoked_at is not None
        result = bulk.result(session=s, actor=t.owner, reference=plan.reference)
        extended = s.exec(
            select(EntitlementEvent).where(
                EntitlementEvent.event_type == "extended", EntitlementEvent.entitlement_id == target
            )
        ).all()
    # Whichever came first, the revoked access was not extended afterwards without a trace:
    # either extended then revoked (both events), or reported as changed after the preview.
    if extended:
        assert result.changed == 30
    else:
        assert (result.changed, result.conflicts) == (29, 1)
        [row] = [r for r in result.rows if r.outcome == "conflict"]
        assert row.message.startswith("Revogado por")
    assert revoked.ends_at is not None


def test_two_submits_of_the_same_reference_run_once(db: Engine) -> None:
    t, product, clients, ids = _race_world(db)
    with unit_of_work(db) as s:
        plan = bulk.preview(
            session=s,
            actor=t.owner,
            product_id=product.id,
            operation="extend",
            selection=bulk.Selection(client_ids=tuple(clients)),
            now=NOW,
        )

    def submit(s: Session) -> object:
        return bulk.apply(session=s, actor=t.owner, reference=plan.reference, now=NOW)

    outcomes = race(db, submit, submit)
    assert "ok" in outcomes
    assert all(
        o in ("ok", "Este lote já está sendo aplicado. Aguarde um instante.") for o in outcomes
    )
    with unit_of_work(db) as s:
        events = s.exec(
            select(EntitlementEvent).where(EntitlementEvent.event_type == "extended")
        ).all()
        assert len(events) == 30
        assert _ends(s, ids[0]) == date(2026, 4, 30)
