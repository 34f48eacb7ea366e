"""What a person is told when something the app depends on is down: the database
(PostgreSQL or SQLite) or the tab-state store (Redis). Shared by the HTTP error pages and the
events' error toast, so both faces say the same thing in the same words."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

DATABASE_DOWN = "Não conseguimos acessar os dados agora. Tente de novo em alguns instantes."
STATE_DOWN = "O servidor está com uma instabilidade momentânea. Tente de novo em alguns instantes."
UNEXPECTED = "Algo deu errado do nosso lado. Tente de novo; se continuar, avise o estúdio."


def _redis_down(exc: BaseException) -> bool:
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeout
    except ImportError:  # pragma: no cover - redis comes with Reflex
        return False
    return isinstance(exc, RedisConnectionError | RedisTimeout)


def outage(exc: BaseException) -> str | None:
    """The message for an outage behind `exc` (or its causes), None for any other error."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, PoolTimeout):
            return DATABASE_DOWN
        if isinstance(seen, DBAPIError) and (
            seen.connection_invalidated
            or type(seen).__name__ in ("OperationalError", "InterfaceError")
        ):
            return DATABASE_DOWN
        if _redis_down(seen):
            return STATE_DOWN
        seen = seen.__cause__ or seen.__context__
    return None
