"""Reflex configuration. Deploy-specific values come from environment variables."""

import os
import sys

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from treinico.serving import respawn_crashed_workers
from treinico.settings import get_settings

_settings = get_settings()

# Reflex starts `min(2 x cores + 1, 8)` backend workers when Redis is set: on two cores that
# measured worse than two workers. Ours: TREINICO_WORKERS (one per core by default) with
# Redis, one without (the disk state cannot be shared). An explicit GRANIAN_WORKERS wins.
os.environ.setdefault("GRANIAN_WORKERS", str(_settings.workers if _settings.redis_url else 1))
# A worker that dies is started again instead of taking the whole server down with it.
respawn_crashed_workers()

config = rx.Config(
    app_name="treinico",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=_settings.allowed_origins,
    redis_url=_settings.redis_url or None,
    # One worker keeps the tabs' state in memory: Reflex's disk manager (its default) stats
    # every file in .states/ on each pass of its write loop, a third of the worker's CPU with
    # a few hundred tabs open (docs/performance.md). A restart then reloads open pages from
    # the database, which holds everything that matters. With Redis, Redis.
    state_manager_mode="redis" if _settings.redis_url else "memory",
    # Governs every state manager in Reflex 0.10, not only Redis: the memory manager drops
    # states idle this long, Redis expires the keys (and the disk manager deletes the files).
    redis_token_expiration=_settings.tab_state_seconds,
    # `reflex run --backend-only` refuses any frontend port, even the one it would not use.
    frontend_port=None if "--backend-only" in sys.argv else _settings.port,
    backend_port=_settings.port,
    # Behind the proxy docs/deployment.md describes, the websocket's peer is the proxy: with
    # TREINICO_TRUSTED_PROXY, Reflex takes the client's address from the X-Forwarded-For the
    # proxy appends (its last value), as the HTTP routes do. Without it that header is ignored.
    trusted_proxy_hops=1 if _settings.trusted_proxy else 0,
    api_url=_settings.public_url,
    deploy_url=_settings.public_url,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                accent_color="teal", gray_color="slate", radius="large", appearance="light"
            )
        )
    ],
    disable_plugins=[SitemapPlugin],
    app_module_import="treinico.app",
)
