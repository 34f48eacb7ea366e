"""Browser tests: the production build of the app, served on a temporary SQLite database with
the demo data, driven by Playwright in Debian's headless Chromium."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("TREINICO_E2E_PORT", "3111"))
BASE = f"http://localhost:{PORT}"
CHROMIUM = os.environ.get("TREINICO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = ROOT / "test-results" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def pytest_report_header() -> str:
    """The axe-core release the accessibility tests measure with (the current one, installed
    by ``make browser``)."""
    package = ROOT / ".tools" / "axe-current" / "node_modules" / "axe-core" / "package.json"
    version = json.loads(package.read_text())["version"] if package.exists() else "ausente"
    return f"axe-core: {version}"


@dataclass
class RunningApp:
    base: str
    database_url: str
    env: dict[str, str]
    outbox: Path
    log: Path
    # Session cookies of each staff account's first login through the form, reused by later
    # tests (tests/e2e/test_dashboard.py: login). Kept here, on the one app object of the
    # run: a test module can be imported under two names, each with its own globals.
    staff_cookies: dict[str, list[dict]] = field(default_factory=dict)  # type: ignore[type-arg]


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"o app terminou antes de responder:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310  (localhost)
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"o app não respondeu em {timeout:.0f}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium não encontrado em {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    work = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{work / 'treinico.db'}"
    env = {
        **os.environ,
        "TREINICO_ENV": "development",
        "TREINICO_DATABASE_URL": database_url,
        "TREINICO_PORT": str(PORT),
        "TREINICO_SESSION_SECRET": secrets.token_urlsafe(32),
        "TREINICO_WHATSAPP_OUTBOX": str(work / "outbox.jsonl"),
        # As behind the documented nginx: the client's address is the X-Forwarded-For the proxy
        # appends (tests/e2e/test_trust.py sends one; the browser tests send none and count
        # as 127.0.0.1).
        "TREINICO_TRUSTED_PROXY": "1",
        # Every browser test comes from 127.0.0.1: lift the per-address send limit only.
        "TREINICO_LOGIN_SENDS_PER_IP_HOUR": "1000",
        "TREINICO_LOGIN_SENDS_PER_PHONE": "60",
        # The log is read after each test (no_server_traceback): write it as it comes.
        "PYTHONUNBUFFERED": "1",
        # Test-only (production refuses both): one phone logs in from many tests.
        "TREINICO_LOGIN_SEND_COOLDOWN_SECONDS": "1",
        "TREINICO_ARGON2_PROFILE": "test",
        # News reach open pages sooner (the live-update tests wait for them).
        "TREINICO_NAV_REFRESH_SECONDS": "2",
        "TREINICO_MESSAGES_REFRESH_SECONDS": "1",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ.get('PATH', '')}",
    }
    env.pop("TREINICO_REDIS_URL", None)
    treinico = str(ROOT / ".venv" / "bin" / "treinico")
    subprocess.run([treinico, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([treinico, "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = work / "app.log"
    reflex = shutil.which("reflex", path=str(ROOT / ".venv" / "bin")) or "reflex"
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603
            [reflex, "run", "--env", "prod", "--single-port", "--loglevel", "info"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(f"{BASE}/entrar", proc, log, timeout=600)
        _wait_for(f"{BASE}/ping", proc, log, timeout=60)
        yield RunningApp(
            base=BASE, database_url=database_url, env=env, outbox=work / "outbox.jsonl", log=log
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(autouse=True)
def no_server_traceback(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test passes only if the app logged no traceback while it ran: an error the page
    hid behind a toast is still an error."""
    if "app_server" not in request.fixturenames:
        yield
        return
    app: RunningApp = request.getfixturevalue("app_server")
    start = app.log.stat().st_size
    yield
    with app.log.open("rb") as log:
        log.seek(start)
        written = log.read().decode("utf-8", errors="replace")
    if "Traceback (most recent call last)" in written:
        pytest.fail(f"o servidor registrou um traceback durante o teste:\n{written[-6000:]}")


@pytest.fixture(scope="session")
def browser(app_server: RunningApp) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Pages:
    """Tabs for the tests, from one browser context per set of options (size, touch,
    downloads) kept for the whole run. Each test gets a new tab with no cookies: what it
    keeps from the tests before it is the HTTP cache of the app's immutable scripts (and
    their compiled code), as a person's browser would. The app keeps nothing in
    localStorage, and its tab token lives in sessionStorage, which is per tab."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: dict[str, Any] = {}

    def open(self, size: str, **options: Any) -> Any:
        if size == "phone":
            options = {"is_mobile": True, "has_touch": True, **options}
        key = json.dumps({"size": size, **options}, sort_keys=True)
        context = self.contexts.get(key)
        if context is None:
            context = self.browser.new_context(viewport=VIEWPORTS[size], locale="pt-BR", **options)
            context.set_default_timeout(20_000)
            self.contexts[key] = context
        context.clear_cookies()
        return context.new_page()

    def release(self, page: Any, request: pytest.FixtureRequest) -> None:
        keep_failure(request, page)
        context = page.context
        for tab in list(context.pages):
            tab.close()
        context.clear_cookies()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="session")
def pages(browser) -> Iterator[Pages]:  # type: ignore[no-untyped-def]
    pool = Pages(browser)
    yield pool
    pool.close()


@pytest.fixture()
def page(pages: Pages, viewport: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open(viewport)
    yield pg
    pages.release(pg, request)


@pytest.fixture()
def desktop_page(pages: Pages, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    pg = pages.open("desktop")
    yield pg
    pages.release(pg, request)


FAILURES = ROOT / "test-results" / "failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:  # type: ignore[type-arg]
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


def keep_failure(request: pytest.FixtureRequest, page) -> None:  # type: ignore[no-untyped-def]
    """A failed test leaves what its page showed: a screenshot, the address and the text, in
    test-results/failures/."""
    if not request.node.stash.get(FAILED, False):
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
    try:
        page.screenshot(path=str(FAILURES / f"{name}.png"), full_page=True)
        text = page.inner_text("body", timeout=2000)
    except Exception as exc:  # noqa: BLE001  (the page itself may be what broke)
        text = f"(sem texto: {exc})"
    (FAILURES / f"{name}.txt").write_text(f"{page.url}\n\n{text}", encoding="utf-8")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot for review (test-results/screenshots)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    kind = "phone" if width < 600 else "desktop"
    page.screenshot(path=str(SHOTS / f"{name}-{kind}.png"), full_page=True)


# Every animation on the page (CSS transitions and keyframes, the dialogs' and toasts'
# entrances) has finished, a Plotly chart that is on the page has drawn, and two frames have
# been painted since: what a fixed pause used to wait for, without waiting longer than needed.
_SETTLED = """() => new Promise(done => {
  const busy = () => document.getAnimations().some(a => a.playState === 'running'
      && (a.effect?.getComputedTiming().iterations ?? 1) !== Infinity)
    || [...document.querySelectorAll('.js-plotly-plot')].some(p => !p.querySelector('.main-svg'));
  const check = () => busy() ? setTimeout(check, 50)
    : requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
  check();
})"""


def settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page has stopped moving (see ``_SETTLED``)."""
    page.evaluate(_SETTLED)
