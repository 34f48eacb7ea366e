"""Lighthouse 12 (mobile preset: simulated slow 4G, 4x CPU) on the public page and the portal
login, in one run beside a bare Reflex 0.10 counter page (benchmarks/bare_reflex).

    make lighthouse          # or: python -m benchmarks.lighthouse [--runs 3]

Builds and starts both apps in production mode (the app on a temporary SQLite database with
the demo data), runs Lighthouse with the machine's Chromium (CHROME_PATH) on each page in
turn, ``--runs`` times, and prints the median of each score and of first contentful paint.
Figures are written up in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / ".tools" / "node_modules" / ".bin"
LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("TREINICO_CHROMIUM", "/usr/bin/chromium")
APP_PORT, BARE_PORT = 3141, 3151
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
)


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (localhost)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


@contextmanager
def _serve(cwd: Path, env: dict[str, str], probe: str, log: Path) -> Iterator[None]:
    reflex = shutil.which("reflex", path=str(ROOT / ".venv" / "bin")) or "reflex"
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603
            [reflex, "run", "--env", "prod", "--single-port", "--loglevel", "warning"],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait(probe, proc, log)
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{TOOLS}:{os.environ.get('PATH', '')}", **extra}
    env.pop("TREINICO_REDIS_URL", None)
    return env


def _lighthouse(url: str, out: Path, method: str) -> dict[str, float]:
    subprocess.run(  # noqa: S603
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--throttling-method={method}",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        env=_env(CHROME_PATH=CHROMIUM),
        check=True,
        capture_output=True,
    )
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    fcp = report["audits"]["first-contentful-paint"]["numericValue"] / 1000
    lcp = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    failed = [
        a["id"]
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    return {**scores, "fcp": fcp, "lcp": lcp, "failed": failed}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--throttling",
        choices=("simulate", "devtools", "both"),
        default="both",
        help="simulate: Lighthouse's default (a trace at full speed, then a model of slow 4G); "
        "devtools: the same slow 4G and 4x CPU applied to the browser while the page loads",
    )
    args = parser.parse_args()
    methods = ("simulate", "devtools") if args.throttling == "both" else (args.throttling,)
    work = Path(tempfile.mkdtemp(prefix="treinico-lighthouse-"))
    app_env = _env(
        TREINICO_ENV="development",
        TREINICO_DATABASE_URL=f"sqlite:///{work / 'treinico.db'}",
        TREINICO_PORT=str(APP_PORT),
        TREINICO_SESSION_SECRET=secrets.token_urlsafe(32),
        TREINICO_WHATSAPP_OUTBOX=str(work / "outbox.jsonl"),
    )
    treinico = str(ROOT / ".venv" / "bin" / "treinico")
    for command in ("migrate", "seed-demo"):
        subprocess.run([treinico, command], cwd=ROOT, env=app_env, check=True, capture_output=True)  # noqa: S603
    pages = {
        "bare Reflex counter": f"http://localhost:{BARE_PORT}/",
        "/studio-demo": f"http://localhost:{APP_PORT}/studio-demo",
        "/studio-demo/entrar": f"http://localhost:{APP_PORT}/studio-demo/entrar",
    }
    results: dict[tuple[str, str], list[dict[str, float]]] = {
        (m, name): [] for m in methods for name in pages
    }
    with ExitStack() as stack:
        print("building and starting the bare Reflex page…", flush=True)
        stack.enter_context(
            _serve(
                ROOT / "benchmarks" / "bare_reflex",
                _env(BARE_PORT=str(BARE_PORT)),
                pages["bare Reflex counter"],
                work / "bare.log",
            )
        )
        print("building and starting the app…", flush=True)
        stack.enter_context(
            _serve(ROOT, app_env, f"http://localhost:{APP_PORT}/ping", work / "app.log")
        )
        for url in pages.values():  # warm each server once: first builds are not measured
            urllib.request.urlopen(url, timeout=30).read()  # noqa: S310
        for run in range(args.runs):
            for method in methods:
                for index, (name, url) in enumerate(pages.items()):
                    out = work / f"{method}-run{run}-page{index}.json"
                    result = _lighthouse(url, out, method)
                    results[(method, name)].append(result)
                    print(f"run {run + 1} {method} {name}: {result}", flush=True)
    print()
    print(f"Lighthouse 12, mobile preset, median of {args.runs} runs (reports in {work})")
    print(
        f"{'throttling':<11}{'page':<24}{'perf':>6}{'a11y':>6}{'bp':>6}{'seo':>6}{'FCP s':>8}{'LCP s':>8}"
    )
    for (method, name), rows in results.items():
        med = {k: statistics.median(float(r[k]) for r in rows) for k in (*CATEGORIES, "fcp", "lcp")}
        print(
            f"{method:<11}{name:<24}{med['performance']:>6.0f}{med['accessibility']:>6.0f}"
            f"{med['best-practices']:>6.0f}{med['seo']:>6.0f}{med['fcp']:>8.2f}{med['lcp']:>8.2f}"
        )
        failed = sorted({a for r in rows for a in r["failed"]})  # type: ignore[union-attr]
        if failed:
            print(f"{'':<35}failed audits: {', '.join(failed)}")


if __name__ == "__main__":
    main()
