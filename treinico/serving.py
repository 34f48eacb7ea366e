"""How the production server runs its workers. Read by rxconfig.py, in the process that
starts the server, before the server is made."""

from __future__ import annotations

from typing import Any


def respawn_crashed_workers() -> None:
    """A backend worker that dies (killed, out of memory) is started again.

    Reflex 0.10 makes its Granian server without `respawn_failed_workers`, and then one dead
    worker stops the whole server: every session on every worker drops. With it, only the
    dead worker's sockets drop; their tabs reconnect to a new worker and carry on from the
    state in Redis. Granian still stops on a crash loop (a worker dying again within 5 s).
    """
    from granian.server.common import AbstractServer

    if getattr(AbstractServer, "_treinico_respawns", False):
        return
    made = AbstractServer.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("respawn_failed_workers", True)
        made(self, *args, **kwargs)

    AbstractServer.__init__ = init  # type: ignore[method-assign]
    AbstractServer._treinico_respawns = True  # type: ignore[attr-defined]
