"""A bare Reflex 0.10 app (one counter page): the yardstick the app's pages are measured
against (benchmarks/lighthouse.py)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

PORT = int(os.environ.get("BARE_PORT", "3151"))

config = rx.Config(
    app_name="bare",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=PORT,
    backend_port=PORT,
    api_url=f"http://localhost:{PORT}",
    disable_plugins=[SitemapPlugin],
    # Tab state where the app keeps it (rxconfig.py at the top): in memory on one worker,
    # in Redis with several. Reflex's default for one worker is its disk manager.
    state_manager_mode="redis" if os.environ.get("REFLEX_REDIS_URL") else "memory",
)
