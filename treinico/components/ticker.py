"""A timer with no markup: it fires its event when it appears on the page and then every
`interval` ms while it stays (the navigation's counts show at once, as with `rx.moment`).

The polling ticks (new messages, the navigation's counts) used `rx.moment(interval=…)`,
which brings moment.js (about 60 KB) into every page that polls, fetched when the page is
opened; this is the few lines of it that the ticks use. The latest handler is kept in a ref,
so a re-render never restarts the timer."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.event import no_args_event_spec
from reflex_base.utils.imports import ImportDict, ImportVar

TICKER_JS = """
const TreinicoTicker = ({ interval, onTick }) => {
  const tick = useRef(onTick);
  useEffect(() => {
    tick.current = onTick;
  }, [onTick]);
  useEffect(() => {
    const fire = () => tick.current && tick.current();
    fire();
    const id = setInterval(fire, interval);
    return () => clearInterval(id);
  }, [interval]);
  return null;
};
"""


class Ticker(rx.Component):
    tag = "TreinicoTicker"

    interval: rx.Var[int]
    on_tick: rx.EventHandler[no_args_event_spec]  # type: ignore[type-arg,valid-type]

    def add_imports(self) -> ImportDict:
        return {"react": [ImportVar(tag="useEffect"), ImportVar(tag="useRef")]}

    def add_custom_code(self) -> list[str]:
        return [TICKER_JS]


def ticker(*, interval: int, on_tick: Any) -> rx.Component:
    return Ticker.create(interval=interval, on_tick=on_tick)
