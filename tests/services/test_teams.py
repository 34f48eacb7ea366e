"""Team settings and memberships: Commerce switch, roles, permissions, owners, tenancy."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_member, make_team, membership_id
from treinico.db import unit_of_work
from treinico.models import Membership, Team
from treinico.services.actor import load_actor
from treinico.services.clients import list_clients
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.permissions import ALL_PERMISSIONS, Perm, Role, preset
from treinico.services.teams import (
    get_team,
    list_members,
    set_commerce_enabled,
    set_member_permission,
    update_member,
)


def _stored(session: Session, mid: int) -> tuple[str, list[str]]:
    """(role, permissions) as stored, read from the database."""
    row = session.exec(
        select(Membership.role, Membership.permissions).where(Membership.id == mid)
    ).one()
    return row[0], list(row[1])


def _commerce_enabled(session: Session, team_id: int) -> bool:
    return session.exec(select(Team.commerce_enabled).where(Team.id == team_id)).one()


# --- Commerce module switch -----------------------------------------------------------------


def test_trainer_cannot_switch_commerce(session: Session) -> None:
    t = make_team(session)
    trainer = make_member(session, t.team.id, role=Role.TRAINER)
    with pytest.raises(Forbidden):
        set_commerce_enabled(session=session, actor=trainer, enabled=False)
    assert _commerce_enabled(session, t.team.id) is True


def test_owner_switches_commerce_and_value_persists(db: Engine) -> None:
    with unit_of_work(db) as s:
        t = make_team(s)
    with unit_of_work(db) as s:
        view = set_commerce_enabled(session=s, actor=t.owner, enabled=False)
    assert view.commerce_enabled is False
    with unit_of_work(db) as s:
        assert _commerce_enabled(s, t.team.id) is False
        assert get_team(session=s, actor=t.owner).commerce_enabled is False
    with unit_of_work(db) as s:
        set_commerce_enabled(session=s, actor=t.owner, enabled=True)
    with unit_of_work(db) as s:
        assert _commerce_enabled(s, t.team.id) is True


def test_commerce_switch_touches_only_the_actor_team(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    set_commerce_enabled(session=session, actor=b.owner, enabled=False)
    assert _commerce_enabled(session, a.team.id) is True


# --- update_member ------------------------------------------------------------------------


def test_update_member_without_permissions_applies_role_preset(session: Session) -> None:
    t = make_team(session)
    member = make_member(session, t.team.id, role=Role.TRAINER, permissions=[Perm.CLIENTS_READ])
    mid = membership_id(session, member)
    row = update_member(session=session, actor=t.owner, membership_id=mid, role=Role.RECEPTION)
    assert row.role == Role.RECEPTION
    assert list(row.permissions) == preset(Role.RECEPTION)
    assert _stored(session, mid) == (Role.RECEPTION, preset(Role.RECEPTION))


def test_explicit_permissions_are_stored_in_canonical_order(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id))
    shuffled = [Perm.TEAM_MANAGE, Perm.CLIENTS_READ, Perm.ENTITLEMENTS_READ, Perm.CLIENTS_READ]
    row = update_member(
        session=session,
        actor=t.owner,
        membership_id=mid,
        role=Role.TRAINER,
        permissions=[str(p) for p in shuffled],
    )
    canonical = ["clients.read", "commerce.entitlements.read", "team.manage"]
    assert list(row.permissions) == canonical
    assert _stored(session, mid) == (Role.TRAINER, canonical)


def test_owner_role_always_gets_every_permission(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id))
    update_member(
        session=session,
        actor=t.owner,
        membership_id=mid,
        role=Role.OWNER,
        permissions=[Perm.CLIENTS_READ],
    )
    assert _stored(session, mid) == (Role.OWNER, list(ALL_PERMISSIONS))


def test_unknown_permission_is_invalid_and_nothing_changes(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id))
    before = _stored(session, mid)
    with pytest.raises(Invalid) as exc:
        update_member(
            session=session,
            actor=t.owner,
            membership_id=mid,
            role=Role.ADMIN,
            permissions=["clients.read", "clients.delete"],
        )
    assert "permissions" in exc.value.fields
    assert _stored(session, mid) == before


def test_unknown_role_is_invalid(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id))
    before = _stored(session, mid)
    with pytest.raises(Invalid) as exc:
        update_member(session=session, actor=t.owner, membership_id=mid, role="superuser")
    assert "role" in exc.value.fields
    assert _stored(session, mid) == before


def test_member_without_team_manage_cannot_update_members(session: Session) -> None:
    t = make_team(session)
    trainer = make_member(session, t.team.id, role=Role.TRAINER)
    mid = membership_id(session, trainer)
    with pytest.raises(Forbidden):
        update_member(session=session, actor=trainer, membership_id=mid, role=Role.ADMIN)
    with pytest.raises(Forbidden):
        list_members(session=session, actor=trainer)
    assert _stored(session, mid) == (Role.TRAINER, preset(Role.TRAINER))


# --- owners ---------------------------------------------------------------------------------


def test_last_owner_cannot_be_demoted(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, t.owner)
    with pytest.raises(Conflict):
        update_member(session=session, actor=t.owner, membership_id=mid, role=Role.ADMIN)
    assert _stored(session, mid) == (Role.OWNER, list(ALL_PERMISSIONS))


def test_owner_can_be_demoted_when_another_owner_remains(session: Session) -> None:
    t = make_team(session)
    second = membership_id(session, make_member(session, t.team.id))
    update_member(session=session, actor=t.owner, membership_id=second, role=Role.OWNER)
    first = membership_id(session, t.owner)
    update_member(session=session, actor=t.owner, membership_id=first, role=Role.ADMIN)
    assert _stored(session, first) == (Role.ADMIN, preset(Role.ADMIN))
    assert _stored(session, second)[0] == Role.OWNER


def test_admin_cannot_change_an_owner(session: Session) -> None:
    t = make_team(session)
    admin = make_member(session, t.team.id, role=Role.ADMIN)
    owner_mid = membership_id(session, t.owner)
    with pytest.raises(Forbidden):
        update_member(session=session, actor=admin, membership_id=owner_mid, role=Role.TRAINER)
    assert _stored(session, owner_mid) == (Role.OWNER, list(ALL_PERMISSIONS))


def test_admin_cannot_make_an_owner(session: Session) -> None:
    t = make_team(session)
    admin = make_member(session, t.team.id, role=Role.ADMIN)
    trainer_mid = membership_id(session, make_member(session, t.team.id))
    with pytest.raises(Forbidden):
        update_member(session=session, actor=admin, membership_id=trainer_mid, role=Role.OWNER)
    assert _stored(session, trainer_mid) == (Role.TRAINER, preset(Role.TRAINER))


def test_admin_can_change_a_trainer(session: Session) -> None:
    t = make_team(session)
    admin = make_member(session, t.team.id, role=Role.ADMIN)
    trainer_mid = membership_id(session, make_member(session, t.team.id))
    update_member(session=session, actor=admin, membership_id=trainer_mid, role=Role.RECEPTION)
    assert _stored(session, trainer_mid) == (Role.RECEPTION, preset(Role.RECEPTION))


# --- set_member_permission ----------------------------------------------------------------


def test_grant_permission_adds_it_in_canonical_order_and_keeps_role(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id, role=Role.RECEPTION))
    row = set_member_permission(
        session=session,
        actor=t.owner,
        membership_id=mid,
        permission=Perm.ENTITLEMENTS_WRITE,
        granted=True,
    )
    expected = [
        "clients.read",
        "clients.write",
        "commerce.entitlements.read",
        "commerce.entitlements.write",
        "agenda.read",
        "agenda.write",
    ]
    assert (row.role, list(row.permissions)) == (Role.RECEPTION, expected)
    assert _stored(session, mid) == (Role.RECEPTION, expected)


def test_withdraw_permission_removes_only_it(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id, role=Role.TRAINER))
    set_member_permission(
        session=session,
        actor=t.owner,
        membership_id=mid,
        permission=Perm.CLIENTS_WRITE,
        granted=False,
    )
    expected = [p for p in preset(Role.TRAINER) if p != Perm.CLIENTS_WRITE]
    assert _stored(session, mid) == (Role.TRAINER, expected)


def test_set_permission_refuses_on_an_owner(session: Session) -> None:
    t = make_team(session)
    owner_mid = membership_id(session, t.owner)
    with pytest.raises(Conflict):
        set_member_permission(
            session=session,
            actor=t.owner,
            membership_id=owner_mid,
            permission=Perm.CLIENTS_READ,
            granted=False,
        )
    assert _stored(session, owner_mid) == (Role.OWNER, list(ALL_PERMISSIONS))


def test_set_unknown_permission_is_invalid(session: Session) -> None:
    t = make_team(session)
    mid = membership_id(session, make_member(session, t.team.id))
    with pytest.raises(Invalid):
        set_member_permission(
            session=session, actor=t.owner, membership_id=mid, permission="root", granted=True
        )
    assert _stored(session, mid) == (Role.TRAINER, preset(Role.TRAINER))


# --- tenancy --------------------------------------------------------------------------------


def test_other_team_membership_id_is_not_found_on_update(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    victim = membership_id(session, make_member(session, a.team.id, role=Role.RECEPTION))
    before = _stored(session, victim)
    with pytest.raises(NotFound):
        update_member(session=session, actor=b.owner, membership_id=victim, role=Role.ADMIN)
    assert _stored(session, victim) == before


def test_other_team_membership_id_is_not_found_on_set_permission(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    victim = membership_id(session, make_member(session, a.team.id, role=Role.RECEPTION))
    before = _stored(session, victim)
    with pytest.raises(NotFound):
        set_member_permission(
            session=session,
            actor=b.owner,
            membership_id=victim,
            permission=Perm.TEAM_MANAGE,
            granted=True,
        )
    assert _stored(session, victim) == before


def test_other_team_owner_cannot_be_demoted_across_teams(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    victim = membership_id(session, a.owner)
    with pytest.raises(NotFound):
        update_member(session=session, actor=b.owner, membership_id=victim, role=Role.RECEPTION)
    assert _stored(session, victim) == (Role.OWNER, list(ALL_PERMISSIONS))


def test_list_members_shows_only_own_team(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    make_member(session, a.team.id)
    rows = list_members(session=session, actor=b.owner)
    assert [r.email for r in rows] == [b.owner_email]


# --- permission changes apply on the next event ---------------------------------------------


def test_withdrawn_permission_applies_to_next_load_actor(db: Engine) -> None:
    with unit_of_work(db) as s:
        t = make_team(s)
        member = make_member(s, t.team.id, role=Role.TRAINER)
        mid = membership_id(s, member)
    with unit_of_work(db) as s:
        assert load_actor(s, user_id=member.user_id, team_id=t.team.id).can(Perm.CLIENTS_READ)
    with unit_of_work(db) as s:
        set_member_permission(
            session=s,
            actor=t.owner,
            membership_id=mid,
            permission=Perm.CLIENTS_READ,
            granted=False,
        )
    with unit_of_work(db) as s:
        fresh = load_actor(s, user_id=member.user_id, team_id=t.team.id)
        assert not fresh.can(Perm.CLIENTS_READ)
        with pytest.raises(Forbidden):
            list_clients(session=s, actor=fresh)


def test_granted_permission_applies_to_next_load_actor(db: Engine) -> None:
    with unit_of_work(db) as s:
        t = make_team(s)
        member = make_member(s, t.team.id, role=Role.TRAINER)
        mid = membership_id(s, member)
    with unit_of_work(db) as s:
        set_member_permission(
            session=s,
            actor=t.owner,
            membership_id=mid,
            permission=Perm.TEAM_MANAGE,
            granted=True,
        )
    with unit_of_work(db) as s:
        fresh = load_actor(s, user_id=member.user_id, team_id=t.team.id)
        set_commerce_enabled(session=s, actor=fresh, enabled=False)
    with unit_of_work(db) as s:
        assert _commerce_enabled(s, t.team.id) is False
