"""Team settings: the Commerce and Saúde module switches and members' roles and permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.permissions import ALL_PERMISSIONS, PERMISSION_LABELS, ROLE_LABELS
from treinico.services.teams import (
    get_team,
    list_members,
    set_commerce_enabled,
    set_health_enabled,
    set_member_permission,
    update_member,
)
from treinico.state.session import SessionState, to_id

ROLE_OPTIONS = [{"value": str(k), "label": v} for k, v in ROLE_LABELS.items()]
PERMISSION_OPTIONS = [{"value": p, "label": PERMISSION_LABELS[p]} for p in ALL_PERMISSIONS]


@dataclass(frozen=True)
class MemberCard:
    """A team member with their role and permissions (``id`` is the membership's)."""

    id: int
    name: str
    email: str
    role: str
    role_label: str
    permissions: tuple[str, ...]


class SettingsState(SessionState):
    commerce_enabled: bool = False
    health_enabled: bool = False
    members: list[MemberCard] = []
    loading: bool = True
    forbidden: bool = False

    @rx.event
    def load(self) -> Any:
        self.loading = True
        yield
        outcome = self._call(
            lambda s, a: (get_team(session=s, actor=a), list_members(session=s, actor=a))
        )
        self.loading = False
        if outcome.error is not None:
            self.forbidden = True
            return
        team, members = outcome.value
        self.forbidden = False
        self.commerce_enabled = team.commerce_enabled
        self.health_enabled = team.health_enabled
        self.members = [
            MemberCard(
                id=m.membership_id,
                name=m.name,
                email=m.email,
                role=m.role,
                role_label=ROLE_LABELS.get(m.role, m.role),
                permissions=tuple(m.permissions),
            )
            for m in members
        ]

    @rx.event
    def toggle_commerce(self, value: Any) -> Any:
        enabled = bool(value)
        outcome = self._call(lambda s, a: set_commerce_enabled(session=s, actor=a, enabled=enabled))
        if not outcome.ok:
            return outcome.failure()
        self.commerce_enabled = outcome.value.commerce_enabled
        self.show_commerce = self.commerce_enabled
        return rx.toast.success(
            "Módulo Commerce ativado." if enabled else "Módulo Commerce desativado."
        )

    @rx.event
    def toggle_health(self, value: Any) -> Any:
        enabled = bool(value)
        outcome = self._call(lambda s, a: set_health_enabled(session=s, actor=a, enabled=enabled))
        if not outcome.ok:
            return outcome.failure()
        self.health_enabled = outcome.value.health_enabled
        return rx.toast.success(
            "Módulo Saúde ativado." if self.health_enabled else "Módulo Saúde desativado."
        )

    @rx.event
    def set_role(self, membership_id: Any, role: Any) -> Any:
        """A new role applies that role's preset of permissions."""
        role_value = role if isinstance(role, str) else ""
        outcome = self._call(
            lambda s, a: update_member(
                session=s, actor=a, membership_id=to_id(membership_id), role=role_value
            )
        )
        return self._after_member_change(outcome)

    @rx.event
    def set_permission(self, membership_id: Any, permission: Any, granted: Any) -> Any:
        perm = permission if isinstance(permission, str) else ""
        outcome = self._call(
            lambda s, a: set_member_permission(
                session=s,
                actor=a,
                membership_id=to_id(membership_id),
                permission=perm,
                granted=bool(granted),
            )
        )
        return self._after_member_change(outcome)

    def _after_member_change(self, outcome: Any) -> Any:
        if not outcome.ok:
            return [outcome.failure(), SettingsState.load]
        return [rx.toast.success("Permissões atualizadas."), SettingsState.load]
