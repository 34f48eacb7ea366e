"""Checks run when the app starts: refuse unsafe production configurations."""

from __future__ import annotations

from treinico.settings import SettingsError, get_settings


def check_startup() -> None:
    """Raise SettingsError if the app must not start with this configuration."""
    settings = get_settings()
    settings.check_for_production()
    if settings.is_production:
        from treinico.db import unit_of_work
        from treinico.demo.seed import has_demo_data

        with unit_of_work() as session:
            if has_demo_data(session):
                raise SettingsError(
                    "Dados de demonstração encontrados no banco: remova-os antes de "
                    "iniciar em produção."
                )
