"""Access management rules ("Gerenciar Acesso a Produtos"), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_client, make_member, make_product, make_team
from treinico.db import unit_of_work
from treinico.models import Entitlement, EntitlementEvent, Team
from treinico.services.access import entitlements as ent
from treinico.services.access import history
from treinico.services.access import sweep as sweeps
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.permissions import Perm

SP = ZoneInfo("America/Sao_Paulo")
# 10/03/2026 12:00 in São Paulo (UTC-3)
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def at_local(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=SP).astimezone(UTC)


@pytest.fixture()
def world(session: Session):  # type: ignore[no-untyped-def]
    owner = make_team(session)
    client_id = make_client(session, owner.team.id, name="Ana")
    monthly = make_product(session, owner.team.id, name="Plano Mensal", grace_days=5)
    quarterly = make_product(session, owner.team.id, name="Plano Trimestral", grace_days=0)
    session.commit()
    return owner, client_id, monthly, quarterly


def grant(db: Engine, actor, client_id, product_id, starts=None, ends=None, now=NOW):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        return ent.grant_entitlement(
            session=s,
            actor=actor,
            client_id=client_id,
            product_id=product_id,
            starts_on=starts,
            ends_on=ends,
            now=now,
        )


def listing(db: Engine, actor, client_id, now=NOW):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        return ent.list_entitlements(session=s, actor=actor, client_id=client_id, now=now)


def events(db: Engine) -> list[EntitlementEvent]:
    with unit_of_work(db) as s:
        return list(s.exec(select(EntitlementEvent).order_by(EntitlementEvent.id)).all())


# ------------------------------------------------------------------ grant


def test_grant_with_expiry_shows_active_and_days_left(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id, ends=TODAY + timedelta(days=15))
    assert (row.status_label, row.time_left) == ("Ativo", "Expira em 15 dias")
    assert row.ends_on == "25/03/2026" and row.starts_on == "10/03/2026"
    [listed] = listing(db, owner.owner, client_id)
    assert listed.product_name == "Plano Mensal" and listed.can_extend


def test_grant_without_expiry_is_lifetime(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id)
    assert (row.status_label, row.time_left, row.ends_on) == ("Ativo", "Vitalício", "Vitalício")
    assert row.can_extend is False


def test_grant_records_history_with_who(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    grant(db, owner.owner, client_id, monthly.id, ends=TODAY + timedelta(days=30))
    [event] = events(db)
    assert event.event_type == "granted"
    assert event.actor_user_id == owner.owner.user_id and event.actor_name == owner.owner.name
    assert event.new_ends_at == at_local(TODAY + timedelta(days=31), 0)


def test_future_start_is_scheduled(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(
        db, owner.owner, client_id, monthly.id, starts=date(2026, 4, 1), ends=date(2026, 4, 30)
    )
    assert (row.status_label, row.time_left) == ("Agendado", "Começa em 01/04/2026")
    assert row.can_extend is False


def test_expiry_before_start_is_refused_at_the_field(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    with pytest.raises(Invalid) as exc:
        grant(
            db, owner.owner, client_id, monthly.id, starts=date(2026, 4, 10), ends=date(2026, 4, 1)
        )
    assert exc.value.fields["ends_on"] == "A expiração não pode ser antes do início."
    assert events(db) == []


def test_expiry_in_the_past_is_refused(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    with pytest.raises(Invalid) as exc:
        grant(
            db, owner.owner, client_id, monthly.id, starts=date(2026, 3, 1), ends=date(2026, 3, 9)
        )
    assert "ends_on" in exc.value.fields


def test_same_product_cannot_be_granted_twice(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    grant(db, owner.owner, client_id, monthly.id, ends=TODAY + timedelta(days=10))
    with pytest.raises(Conflict, match="já tem acesso a Plano Mensal"):
        grant(db, owner.owner, client_id, monthly.id)
    assert len(events(db)) == 1


def test_eligible_products_exclude_current_and_inactive(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, quarterly = world
    from treinico.models import Product

    with unit_of_work(db) as s:
        inactive = make_product(s, owner.team.id, name="Antigo")
        p = s.get(Product, inactive.id)
        assert p is not None
        p.active = False
        s.add(p)
    grant(db, owner.owner, client_id, monthly.id)
    with unit_of_work(db) as s:
        options = ent.eligible_products(session=s, actor=owner.owner, client_id=client_id, now=NOW)
    assert [o.name for o in options] == ["Plano Trimestral"]
    with pytest.raises(Invalid, match="desativado"):
        grant(db, owner.owner, client_id, inactive.id)


def test_expired_access_frees_the_product_for_a_new_grant(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, _, quarterly = world
    grant(db, owner.owner, client_id, quarterly.id, ends=TODAY)
    later = NOW + timedelta(days=2)
    assert listing(db, owner.owner, client_id, now=later) == []
    row = grant(
        db, owner.owner, client_id, quarterly.id, ends=TODAY + timedelta(days=60), now=later
    )
    assert row.status == "active"
    kinds = [e.event_type for e in events(db)]
    assert kinds == ["granted", "expired", "granted"]


# ------------------------------------------------------------------ status boundaries


def test_status_at_the_exact_boundaries(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, quarterly = world
    expiry = date(2026, 3, 20)
    grant(db, owner.owner, client_id, monthly.id, ends=expiry)  # 5 days of grace
    grant(db, owner.owner, client_id, quarterly.id, ends=expiry)  # no grace

    def status(now: datetime) -> dict[str, tuple[str, str]]:
        return {
            r.product_name: (r.status, r.time_left)
            for r in listing(db, owner.owner, client_id, now=now)
        }

    last_second = at_local(expiry, 23, 59, 59)
    assert status(last_second) == {
        "Plano Mensal": ("active", "Expira hoje"),
        "Plano Trimestral": ("active", "Expira hoje"),
    }
    next_day = at_local(expiry + timedelta(days=1), 0)
    # 5 days of grace: 21/03 through 25/03 (inclusive)
    assert status(next_day) == {"Plano Mensal": ("grace", "Carência termina em 4 dias")}
    last_grace_second = at_local(expiry + timedelta(days=5), 23, 59, 59)
    assert status(last_grace_second) == {"Plano Mensal": ("grace", "Carência termina hoje")}
    assert status(at_local(expiry + timedelta(days=6), 0)) == {}


def test_day_before_expiry_says_tomorrow(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    grant(db, owner.owner, client_id, monthly.id, ends=TODAY + timedelta(days=1))
    [row] = listing(db, owner.owner, client_id)
    assert row.time_left == "Expira amanhã"


# ------------------------------------------------------------------ extend


def test_extend_moves_expiry_and_records_old_and_new(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id, ends=TODAY + timedelta(days=3))
    with unit_of_work(db) as s:
        extended = ent.extend_entitlement(
            session=s,
            actor=owner.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 4, 13),
            now=NOW,
        )
    assert extended.ends_on == "13/04/2026" and extended.time_left == "Expira em 34 dias"
    last = events(db)[-1]
    assert last.event_type == "extended"
    assert last.old_ends_at == at_local(date(2026, 3, 14), 0)
    assert last.new_ends_at == at_local(date(2026, 4, 14), 0)


def test_extend_during_grace_returns_to_active_without_gap(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(
        db,
        owner.owner,
        client_id,
        monthly.id,
        starts=date(2026, 2, 1),
        ends=date(2026, 3, 8),
        now=at_local(date(2026, 2, 1), 9),
    )
    [listed] = listing(db, owner.owner, client_id)
    assert listed.status == "grace" and listed.can_extend
    with unit_of_work(db) as s:
        extended = ent.extend_entitlement(
            session=s,
            actor=owner.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 4, 8),
            now=NOW,
        )
    assert extended.status == "active"
    with unit_of_work(db) as s:
        e = s.get(Entitlement, row.id)
        assert e is not None
        assert e.starts_at == at_local(date(2026, 2, 1), 0)  # same access, no gap


def test_replayed_extension_changes_nothing(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id, ends=TODAY + timedelta(days=3))
    for _ in range(2):
        with unit_of_work(db) as s:
            ent.extend_entitlement(
                session=s,
                actor=owner.owner,
                entitlement_id=row.id,
                new_ends_on=date(2026, 4, 30),
                now=NOW,
            )
    assert [e.event_type for e in events(db)] == ["granted", "extended"]


def test_extend_must_go_past_current_expiry(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id, ends=date(2026, 3, 20))
    with pytest.raises(Invalid) as exc, unit_of_work(db) as s:
        ent.extend_entitlement(
            session=s,
            actor=owner.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 3, 15),
            now=NOW,
        )
    assert "20/03/2026" in exc.value.fields["ends_on"]


@pytest.mark.parametrize("case", ["lifetime", "revoked", "expired", "scheduled"])
def test_extend_refusals(db: Engine, world, case: str) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, quarterly = world
    now = NOW
    if case == "lifetime":
        row = grant(db, owner.owner, client_id, monthly.id)
        expected: type[Exception] = Invalid
    elif case == "revoked":
        row = grant(db, owner.owner, client_id, monthly.id, ends=date(2026, 3, 20))
        with unit_of_work(db) as s:
            ent.revoke_entitlement(session=s, actor=owner.owner, entitlement_id=row.id, now=NOW)
        expected = Conflict
    elif case == "expired":
        row = grant(db, owner.owner, client_id, quarterly.id, ends=TODAY)
        now = NOW + timedelta(days=3)
        expected = Conflict
    else:
        row = grant(
            db, owner.owner, client_id, monthly.id, starts=date(2026, 4, 1), ends=date(2026, 4, 30)
        )
        expected = Invalid
    before = len(events(db))
    with pytest.raises(expected), unit_of_work(db) as s:
        ent.extend_entitlement(
            session=s,
            actor=owner.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 6, 30),
            now=now,
        )
    assert len(events(db)) == before


# ------------------------------------------------------------------ revoke


def test_revoke_is_immediate_with_automatic_reason(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id, ends=date(2026, 3, 30))
    with unit_of_work(db) as s:
        ent.revoke_entitlement(
            session=s, actor=owner.owner, entitlement_id=row.id, note="pediu cancelamento", now=NOW
        )
    assert listing(db, owner.owner, client_id) == []
    last = events(db)[-1]
    assert last.event_type == "revoked"
    assert (
        last.reason
        == f"Revogado por {owner.owner.name} em 10/03/2026 12:00. Motivo: pediu cancelamento"
    )


def test_second_revoke_says_who_revoked(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id)
    with unit_of_work(db) as s:
        ent.revoke_entitlement(session=s, actor=owner.owner, entitlement_id=row.id, now=NOW)
    with pytest.raises(Conflict) as exc, unit_of_work(db) as s:
        ent.revoke_entitlement(
            session=s, actor=owner.owner, entitlement_id=row.id, now=NOW + timedelta(minutes=5)
        )
    assert (
        exc.value.message
        == f"Este acesso já foi revogado por {owner.owner.name} em 10/03/2026 12:00."
    )
    assert [e.event_type for e in events(db)] == ["granted", "revoked"]


def test_revoked_product_can_be_granted_again(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id)
    with unit_of_work(db) as s:
        ent.revoke_entitlement(session=s, actor=owner.owner, entitlement_id=row.id, now=NOW)
    again = grant(db, owner.owner, client_id, monthly.id)
    assert again.id != row.id and again.status == "active"


# ------------------------------------------------------------------ permissions and tenancy


def test_read_only_member_sees_but_cannot_change(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    with unit_of_work(db) as s:
        reader = make_member(
            s, owner.team.id, permissions=[Perm.CLIENTS_READ, Perm.ENTITLEMENTS_READ]
        )
    row = grant(db, owner.owner, client_id, monthly.id)
    assert len(listing(db, reader, client_id)) == 1
    with pytest.raises(Forbidden):
        grant(db, reader, client_id, monthly.id)
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        ent.revoke_entitlement(session=s, actor=reader, entitlement_id=row.id, now=NOW)
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        ent.extend_entitlement(
            session=s, actor=reader, entitlement_id=row.id, new_ends_on=date(2026, 9, 1), now=NOW
        )
    assert len(events(db)) == 1


def test_member_without_read_cannot_see(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, _, _ = world
    with unit_of_work(db) as s:
        nobody = make_member(s, owner.team.id, permissions=[Perm.CLIENTS_READ])
    with pytest.raises(Forbidden):
        listing(db, nobody, client_id)


def test_commerce_off_refuses_everything_even_to_the_owner(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id)
    with unit_of_work(db) as s:
        team = s.get(Team, owner.team.id)
        assert team is not None
        team.commerce_enabled = False
        s.add(team)
    with pytest.raises(Forbidden, match="Commerce"):
        listing(db, owner.owner, client_id)
    with pytest.raises(Forbidden, match="Commerce"):
        grant(db, owner.owner, client_id, monthly.id)
    with pytest.raises(Forbidden, match="Commerce"), unit_of_work(db) as s:
        ent.revoke_entitlement(session=s, actor=owner.owner, entitlement_id=row.id, now=NOW)
    with pytest.raises(Forbidden, match="Commerce"), unit_of_work(db) as s:
        history.list_history(session=s, actor=owner.owner, client_id=client_id)


def test_other_team_ids_are_not_found_and_nothing_is_written(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    with unit_of_work(db) as s:
        intruder = make_team(s)
        intruder_product = make_product(s, intruder.team.id, name="Deles")
    row = grant(db, owner.owner, client_id, monthly.id, ends=date(2026, 3, 30))
    attempts = [
        lambda s: ent.list_entitlements(
            session=s, actor=intruder.owner, client_id=client_id, now=NOW
        ),
        lambda s: history.list_history(session=s, actor=intruder.owner, client_id=client_id),
        lambda s: ent.eligible_products(
            session=s, actor=intruder.owner, client_id=client_id, now=NOW
        ),
        lambda s: ent.grant_entitlement(
            session=s,
            actor=intruder.owner,
            client_id=client_id,
            product_id=intruder_product.id,
            starts_on=None,
            ends_on=None,
            now=NOW,
        ),
        lambda s: ent.grant_entitlement(
            session=s,
            actor=owner.owner,
            client_id=client_id,
            product_id=intruder_product.id,
            starts_on=None,
            ends_on=None,
            now=NOW,
        ),
        lambda s: ent.extend_entitlement(
            session=s,
            actor=intruder.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 9, 1),
            now=NOW,
        ),
        lambda s: ent.revoke_entitlement(
            session=s, actor=intruder.owner, entitlement_id=row.id, now=NOW
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound), unit_of_work(db) as s:
            attempt(s)
    assert [e.event_type for e in events(db)] == ["granted"]
    [listed] = listing(db, owner.owner, client_id)
    assert listed.ends_on == "30/03/2026"


# ------------------------------------------------------------------ history


def test_history_is_newest_first_and_paginated(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(db, owner.owner, client_id, monthly.id, ends=date(2026, 3, 20))
    for i in range(24):
        with unit_of_work(db) as s:
            ent.extend_entitlement(
                session=s,
                actor=owner.owner,
                entitlement_id=row.id,
                new_ends_on=date(2026, 3, 21) + timedelta(days=i),
                now=NOW + timedelta(minutes=i),
            )
    with unit_of_work(db) as s:
        first = history.list_history(session=s, actor=owner.owner, client_id=client_id, page=1)
        second = history.list_history(session=s, actor=owner.owner, client_id=client_id, page=2)
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (25, 2, 20, 5)
    assert first.rows[0].action == "Acesso estendido" and first.rows[0].new_ends_on == "13/04/2026"
    assert first.rows[0].old_ends_on == "12/04/2026"
    assert second.rows[-1].action == "Acesso concedido"
    assert (
        first.rows[0].actor_name == owner.owner.name
        and first.rows[0].product_name == "Plano Mensal"
    )


def test_history_rejects_update_and_delete_in_the_database(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    grant(db, owner.owner, client_id, monthly.id)
    for statement in (
        "UPDATE entitlement_event SET reason = 'adulterado'",
        "DELETE FROM entitlement_event",
    ):
        with pytest.raises(sa.exc.DBAPIError), db.begin() as conn:
            conn.exec_driver_sql(statement)
    [event] = events(db)
    assert event.reason == ""


# ------------------------------------------------------------------ sweep


def test_sweep_records_grace_and_expiry_once(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, quarterly = world
    grant(db, owner.owner, client_id, monthly.id, ends=TODAY)  # grace 5 days
    grant(db, owner.owner, client_id, quarterly.id, ends=TODAY)  # no grace

    def sweep(now: datetime) -> sweeps.SweepResult:
        with unit_of_work(db) as s:
            return sweeps.sweep_expirations(session=s, now=now)

    day_after = at_local(TODAY + timedelta(days=1), 1)
    assert sweep(day_after) == sweeps.SweepResult(entered_grace=1, expired=1)
    assert sweep(day_after) == sweeps.SweepResult(entered_grace=0, expired=0)
    after_grace = at_local(TODAY + timedelta(days=6), 1)
    assert sweep(after_grace) == sweeps.SweepResult(entered_grace=0, expired=1)
    assert sweep(after_grace + timedelta(days=1)) == sweeps.SweepResult(entered_grace=0, expired=0)
    kinds = sorted(e.event_type for e in events(db) if e.actor_user_id is None)
    assert kinds == ["entered_grace", "expired", "expired"]
    assert {e.actor_name for e in events(db) if e.actor_user_id is None} == {"sistema"}


def test_sweep_after_extension_in_grace_can_record_a_new_grace(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    owner, client_id, monthly, _ = world
    row = grant(
        db,
        owner.owner,
        client_id,
        monthly.id,
        starts=date(2026, 3, 1),
        ends=date(2026, 3, 8),
        now=at_local(date(2026, 3, 1), 9),
    )
    with unit_of_work(db) as s:
        assert sweeps.sweep_expirations(session=s, now=NOW).entered_grace == 1
        ent.extend_entitlement(
            session=s,
            actor=owner.owner,
            entitlement_id=row.id,
            new_ends_on=date(2026, 3, 12),
            now=NOW,
        )
    with unit_of_work(db) as s:
        assert (
            sweeps.sweep_expirations(session=s, now=at_local(date(2026, 3, 13), 9)).entered_grace
            == 1
        )
    grace_events = [e for e in events(db) if e.event_type == "entered_grace"]
    assert len(grace_events) == 2 and grace_events[0].period_end != grace_events[1].period_end
