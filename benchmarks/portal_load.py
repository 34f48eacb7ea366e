"""The client portal's first load and login round trip, measured in headless Chromium on a
phone viewport against a running app (start it with `make run` first).

    python -m benchmarks.portal_load [--base http://localhost:3000] [--runs 5]

Per run, with a fresh browser profile (cold cache): bytes transferred for /studio-demo/entrar,
time until the phone field is usable (page hydrated, business name shown), time from
"Enviar código" to the code field, and from "Entrar" to the portal home.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from treinico.settings import get_settings

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Demo clients of Studio Demo only (one business each: no picker in the way).
PHONES = [
    ("(41) 98876-1234", "+5541988761234", "Gabriela"),
    ("(11) 95432-1098", "+5511954321098", "Henrique"),
    ("(51) 99654-3321", "+5551996543321", "Isabela"),
    ("(11) 94321-0987", "+5511943210987", "João"),
    ("(61) 98345-6789", "+5561983456789", "Larissa"),
]


def _code(outbox: Path, e164: str, before: int, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if outbox.exists():
            sent = [json.loads(x) for x in outbox.read_text().splitlines()]
            mine = [m for m in sent if m["to"] == e164]
            if len(mine) > before:
                return str(mine[-1]["code"])
        time.sleep(0.05)
    raise RuntimeError(f"no code for {e164} in {outbox}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://localhost:3000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    outbox = Path(get_settings().whatsapp_outbox)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for i in range(min(args.runs, len(PHONES))):
            typed, e164, name = PHONES[i]
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            transferred = {"bytes": 0, "requests": 0}

            def finished(event: dict, t: dict = transferred) -> None:  # type: ignore[type-arg]
                t["bytes"] += int(event.get("encodedDataLength", 0))
                t["requests"] += 1

            cdp.on("Network.loadingFinished", finished)
            start = time.perf_counter()
            page.goto(f"{args.base}/studio-demo/entrar")
            page.get_by_text("Studio Demo").first.wait_for()
            field = page.get_by_label("Seu WhatsApp")
            field.wait_for()
            usable = time.perf_counter() - start
            first_bytes, first_requests = transferred["bytes"], transferred["requests"]
            before = 0
            if outbox.exists():
                before = sum(
                    1 for x in outbox.read_text().splitlines() if json.loads(x)["to"] == e164
                )
            field.fill(typed)
            t0 = time.perf_counter()
            page.get_by_role("button", name="Enviar código").click()
            page.get_by_label("Código de 6 dígitos").wait_for()
            send_s = time.perf_counter() - t0
            page.get_by_label("Código de 6 dígitos").fill(_code(outbox, e164, before))
            t1 = time.perf_counter()
            page.get_by_role("button", name="Entrar").click()
            page.get_by_text(f"Olá, {name}!").wait_for()
            verify_s = time.perf_counter() - t1
            rows.append((first_bytes, first_requests, usable, send_s, verify_s))
            context.close()
        browser.close()
    print(f"portal first load and login, median of {len(rows)} cold runs (390x844)")
    print(
        f"bytes transferred, first load : {statistics.median(r[0] for r in rows) / 1024:.0f} KiB"
        f" in {statistics.median(r[1] for r in rows):.0f} requests"
    )
    print(f"phone field usable after      : {statistics.median(r[2] for r in rows) * 1000:.0f} ms")
    print(f"'Enviar código' -> code field : {statistics.median(r[3] for r in rows) * 1000:.0f} ms")
    print(f"'Entrar' -> portal home       : {statistics.median(r[4] for r in rows) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
