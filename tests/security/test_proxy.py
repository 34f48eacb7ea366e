"""The websocket's client address: Reflex reads X-Forwarded-For only when rx.Config trusts a
proxy hop, and rxconfig.py trusts one exactly when TREINICO_TRUSTED_PROXY is on (SECURITY.md:
the client_ip fact). The whole path through a running app: tests/e2e/test_trust.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reflex.app import EventNamespace
from reflex_base import constants
from reflex_base.config import get_config

ROOT = Path(__file__).resolve().parents[2]


def _client_ip(forwarded: bytes) -> str:
    environ = {
        "asgi.scope": {"client": ("127.0.0.1", 50000), "headers": [(b"x-forwarded-for", forwarded)]}
    }
    data = EventNamespace._build_static_router_data(None, "sid", environ)  # type: ignore[arg-type]
    return str(data[constants.RouteVar.CLIENT_IP])


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    config = get_config()
    monkeypatch.setattr(config, "trusted_proxy_hops", 0)
    assert _client_ip(b"203.0.113.7") == "127.0.0.1"  # a caller's own header: ignored
    monkeypatch.setattr(config, "trusted_proxy_hops", 1)
    # The proxy appends the address it saw: the last value counts, not one the caller wrote.
    assert _client_ip(b"6.6.6.6, 203.0.113.7") == "203.0.113.7"


@pytest.mark.parametrize(("setting", "hops"), [("", "0"), ("1", "1")])
def test_rxconfig_trusts_one_hop_when_the_proxy_is_trusted(setting: str, hops: str) -> None:
    env = {**os.environ, "TREINICO_TRUSTED_PROXY": setting, "GRANIAN_WORKERS": "1"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import rxconfig; print(rxconfig.config.trusted_proxy_hops)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip().splitlines()[-1] == hops
