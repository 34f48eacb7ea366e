"""The counter page of Reflex's own examples, nothing added; and two more pages, each a
link to the other with a text its on_load sets: a page change in a bare app, the yardstick
for the portal's own (the counter page does not link to them)."""

import reflex as rx


class Counter(rx.State):
    count: int = 0

    @rx.event
    def increment(self) -> None:
        self.count += 1


class Visit(rx.State):
    shown: str = ""

    @rx.event
    def arrive(self) -> None:
        self.shown = "Chegou em " + self.router.url.path


def index() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading(Counter.count, size="9"),
            rx.button("+1", on_click=Counter.increment, size="4"),
            align="center",
        ),
        height="100vh",
    )


def _page(name: str, other: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading(f"Página {name}"),
            rx.text(Visit.shown, id="shown"),
            rx.link(f"Ir para {other}", href=f"/{other.lower()}"),
            align="center",
        ),
        height="100vh",
    )


app = rx.App()
app.add_page(index, route="/", title="Contador")
app.add_page(lambda: _page("A", "B"), route="/a", title="A", on_load=Visit.arrive)
app.add_page(lambda: _page("B", "A"), route="/b", title="B", on_load=Visit.arrive)
