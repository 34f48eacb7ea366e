"""Concurrent writes end with exactly one effect (two real sessions at once)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_client, make_member, make_product, make_team
from tests.services.test_entitlements import NOW, grant
from treinico.db import unit_of_work
from treinico.models import Entitlement, EntitlementEvent
from treinico.services.access import entitlements as ent
from treinico.services.access import sweep
from treinico.services.errors import DomainError


def race(db: Engine, *actions: Callable[[Session], object]) -> list[str]:
    """Run each action in its own unit of work, released together by a barrier."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(action: Callable[[Session], object]) -> None:
        barrier.wait()
        try:
            with unit_of_work(db) as s:
                action(s)
            result = "ok"
        except DomainError as exc:
            result = exc.message
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _setup(db: Engine):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as s:
        owner = make_team(s)
        colleague = make_member(s, owner.team.id, role="admin")
        client_id = make_client(s, owner.team.id, name="Bia")
        product = make_product(s, owner.team.id, name="Plano Mensal")
    return owner, colleague, client_id, product


def _events(db: Engine, kind: str) -> int:
    with unit_of_work(db) as s:
        return len(
            s.exec(select(EntitlementEvent).where(EntitlementEvent.event_type == kind)).all()
        )


def test_two_grants_of_one_product_make_one(db: Engine) -> None:
    owner, colleague, client_id, product = _setup(db)

    def grant_as(actor):  # type: ignore[no-untyped-def]
        return lambda s: ent.grant_entitlement(
            session=s,
            actor=actor,
            client_id=client_id,
            product_id=product.id,
            starts_on=None,
            ends_on=date(2026, 4, 10),
            now=NOW,
        )

    outcomes = race(db, grant_as(owner.owner), grant_as(colleague))
    assert sorted(outcomes) == ["Bia já tem acesso a Plano Mensal.", "ok"]
    with unit_of_work(db) as s:
        assert len(s.exec(select(Entitlement)).all()) == 1
    assert _events(db, "granted") == 1


def test_two_revokes_make_one_and_the_loser_is_told_who(db: Engine) -> None:
    owner, colleague, client_id, product = _setup(db)
    row = grant(db, owner.owner, client_id, product.id)

    def revoke_as(actor):  # type: ignore[no-untyped-def]
        return lambda s: ent.revoke_entitlement(
            session=s, actor=actor, entitlement_id=row.id, now=NOW
        )

    outcomes = race(db, revoke_as(owner.owner), revoke_as(colleague))
    assert outcomes.count("ok") == 1
    [loser] = [o for o in outcomes if o != "ok"]
    winner = (
        owner.owner.name
        if loser.endswith(f"{owner.owner.name} em 10/03/2026 12:00.")
        else colleague.name
    )
    assert loser == f"Este acesso já foi revogado por {winner} em 10/03/2026 12:00."
    assert _events(db, "revoked") == 1


def test_extend_racing_a_revoke_never_revives_it(db: Engine) -> None:
    owner, colleague, client_id, product = _setup(db)
    row = grant(db, owner.owner, client_id, product.id, ends=date(2026, 3, 20))
    outcomes = race(
        db,
        lambda s: ent.revoke_entitlement(
            session=s, actor=owner.owner, entitlement_id=row.id, now=NOW
        ),
        lambda s: ent.extend_entitlement(
            session=s, actor=colleague, entitlement_id=row.id, new_ends_on=date(2026, 5, 1), now=NOW
        ),
    )
    assert "ok" in outcomes
    with unit_of_work(db) as s:
        e = s.get(Entitlement, row.id)
        assert e is not None and e.revoked_at is not None
    if outcomes.count("ok") == 1:  # revoke first: the extension is refused clearly
        [refusal] = [o for o in outcomes if o != "ok"]
        assert "revogado" in refusal
    assert _events(db, "revoked") == 1


def test_two_identical_extensions_record_one(db: Engine) -> None:
    owner, colleague, client_id, product = _setup(db)
    row = grant(db, owner.owner, client_id, product.id, ends=date(2026, 3, 20))

    def extend_as(actor):  # type: ignore[no-untyped-def]
        return lambda s: ent.extend_entitlement(
            session=s, actor=actor, entitlement_id=row.id, new_ends_on=date(2026, 4, 20), now=NOW
        )

    outcomes = race(db, extend_as(owner.owner), extend_as(colleague))
    assert outcomes == ["ok", "ok"]
    assert _events(db, "extended") == 1


def test_concurrent_sweeps_record_each_transition_once(db: Engine) -> None:
    owner, colleague, client_id, product = _setup(db)
    grant(db, owner.owner, client_id, product.id, ends=date(2026, 3, 10))
    later = NOW.replace(month=4)
    outcomes = race(
        db, *[lambda s: sweep.sweep_expirations(session=s, now=later) for _ in range(3)]
    )
    assert outcomes == ["ok", "ok", "ok"]
    assert _events(db, "entered_grace") == 1
    assert _events(db, "expired") == 1
