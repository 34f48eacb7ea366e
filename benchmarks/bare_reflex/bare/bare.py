"""The counter page of Reflex's own examples, nothing added."""

import reflex as rx


class Counter(rx.State):
    count: int = 0

    @rx.event
    def increment(self) -> None:
        self.count += 1


def index() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading(Counter.count, size="9"),
            rx.button("+1", on_click=Counter.increment, size="4"),
            align="center",
        ),
        height="100vh",
    )


app = rx.App()
app.add_page(index, route="/", title="Contador")
