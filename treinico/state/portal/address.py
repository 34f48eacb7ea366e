"""The business in the address bar. The portal login itself is server-rendered
(treinico/http/portal_login.py); the portal's states read their business from the path with this."""

from __future__ import annotations

from typing import Any

from treinico import routes
from treinico.state.shared.navigation import go_to


def slug_from_path(path: str) -> str:
    return path.strip("/").split("/")[0][:60].lower()


def to_login(slug: str) -> Any:
    """Back to the login after the session ended. The login is a server page the app's own
    router does not know, so this is a full navigation, not an in-app redirect."""
    return go_to(routes.portal_login_expired(slug), replace=True)
