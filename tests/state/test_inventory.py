"""Every event handler a browser can call is listed here with what it requires.

A new handler fails this test until it is reviewed and added, with the permission its
service checks. "public" handlers run without a session; "session" ones need a logged-in
staff session; the others need the named permission, checked inside the service.
"""

from __future__ import annotations

import os

os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)

import reflex as rx  # noqa: E402

import treinico.app  # noqa: E402,F401  (registers every page and state)

# setvar reaches only the explicit set_* handlers (auto setters are off), so it grants
# nothing beyond what those handlers allow.
ALLOWED: dict[str, str] = {
    "treinico.state.auth.LoginState.submit": "public (throttled login)",
    "treinico.state.auth.LoginState.setvar": "public (no setters)",
    "treinico.state.auth.TeamPickerState.load": "session",
    "treinico.state.auth.TeamPickerState.choose": "session + membership of the team",
    "treinico.state.auth.TeamPickerState.setvar": "public (no setters)",
    "treinico.state.session.SessionState.load_shell": "session",
    "treinico.state.session.SessionState.logout": "session",
    "treinico.state.session.SessionState.setvar": "public (no setters)",
    "treinico.state.dashboard.page.DashboardPageState.clients": "session; the list: clients.read",
    "treinico.state.dashboard.page.DashboardPageState.client": (
        "session; each section its own: clients.read, agenda.read (re-checked), health.read "
        "with Saúde on (nothing read on load)"
    ),
    "treinico.state.dashboard.page.DashboardPageState.tasks": "session; the list: clients.read",
    "treinico.state.dashboard.page.DashboardPageState.agenda": "session; the week: agenda.read",
    "treinico.state.dashboard.page.DashboardPageState.setvar": "public (no setters)",
    "treinico.state.dashboard.clients.ClientsState.search": "clients.read",
    "treinico.state.dashboard.clients.ClientsState.toggle_archived": "clients.read",
    "treinico.state.dashboard.clients.ClientsState.next_page": "clients.read",
    "treinico.state.dashboard.clients.ClientsState.previous_page": "clients.read",
    "treinico.state.dashboard.clients.ClientsState.refresh": "clients.read",
    "treinico.state.dashboard.clients.ClientsState.setvar": "public (no setters)",
    "treinico.state.dashboard.clients.ClientDetailState.refresh": "clients.read",
    "treinico.state.dashboard.clients.ClientDetailState.setvar": "public (no setters)",
    "treinico.state.dashboard.clients.ClientFormState.open_create": "display only",
    "treinico.state.dashboard.clients.ClientFormState.open_edit": "clients.read",
    "treinico.state.dashboard.clients.ClientFormState.save": "clients.write",
    "treinico.state.dashboard.clients.ClientFormState.set_open": "display only",
    "treinico.state.dashboard.clients.ClientFormState.ask_archive": "display only",
    "treinico.state.dashboard.clients.ClientFormState.set_confirm_open": "display only",
    "treinico.state.dashboard.clients.ClientFormState.confirm_archive": "clients.write",
    "treinico.state.dashboard.clients.ClientFormState.setvar": "set_open / set_confirm_open",
    "treinico.state.dashboard.settings.SettingsState.load": "team.manage",
    "treinico.state.dashboard.settings.SettingsState.toggle_commerce": "team.manage",
    "treinico.state.dashboard.settings.SettingsState.toggle_health": "team.manage",
    "treinico.state.dashboard.settings.SettingsState.set_role": "team.manage",
    "treinico.state.dashboard.settings.SettingsState.set_permission": "team.manage",
    "treinico.state.dashboard.settings.SettingsState.setvar": "set_role / set_permission",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.open_new": (
        "clients.read (templates list)"
    ),
    "treinico.state.dashboard.client_homework.ClientHomeworkState.open_edit": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_form_open": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.pick_template": (
        "display only (lookup in its own list)"
    ),
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_form_title": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_form_instructions": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_form_due": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.save": (
        "clients.write (template id re-checked by the service)"
    ),
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_status": "clients.write",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.show_history": "clients.read",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_history_open": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.ask_archive": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.set_confirm_open": "display only",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.confirm_archive": "clients.write",
    "treinico.state.dashboard.client_homework.ClientHomeworkState.setvar": (
        "set_form_* / set_history_open / set_archive_open"
    ),
    "treinico.state.dashboard.client_progress.ClientProgressState.open_new": "display only",
    "treinico.state.dashboard.client_progress.ClientProgressState.open_edit": "display only",
    "treinico.state.dashboard.client_progress.ClientProgressState.set_form_open": "display only",
    "treinico.state.dashboard.client_progress.ClientProgressState.save": "clients.write",
    "treinico.state.dashboard.client_progress.ClientProgressState.ask_remove": "display only",
    "treinico.state.dashboard.client_progress.ClientProgressState.set_confirm_open": "display only",
    "treinico.state.dashboard.client_progress.ClientProgressState.confirm_remove": "clients.write",
    "treinico.state.dashboard.client_progress.ClientProgressState.download_csv": "clients.read",
    "treinico.state.dashboard.client_progress.ClientProgressState.setvar": (
        "set_form_open / set_remove_open"
    ),
    "treinico.state.dashboard.team_homework.TeamHomeworkState.setvar": "public (no setters)",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.load": (
        "clients.read (page shown to team.manage)"
    ),
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.open_template": "display only",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.set_template_open": "display only",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.save_template": "clients.write",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.open_metric": "display only",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.set_metric_open": "display only",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.save_metric": "team.manage",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.ask_archive": "display only",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.set_confirm_open": "display only",
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.confirm_archive": (
        "clients.write (templates) / team.manage (metrics)"
    ),
    "treinico.state.dashboard.homework_settings.HomeworkSettingsState.setvar": (
        "set_template_open / set_metric_open / set_archive_open"
    ),
    "treinico.state.dashboard.public_page.PublicPageState.load": "team.manage",
    "treinico.state.dashboard.public_page.PublicPageState.set_hours_from_agenda": "display only",
    "treinico.state.dashboard.public_page.PublicPageState.save": "team.manage",
    "treinico.state.dashboard.public_page.PublicPageState.upload_logo": (
        "team.manage (content checked by the service)"
    ),
    "treinico.state.dashboard.public_page.PublicPageState.reject_logo": "display only",
    "treinico.state.dashboard.public_page.PublicPageState.set_remove_open": "display only",
    "treinico.state.dashboard.public_page.PublicPageState.confirm_remove_logo": "team.manage",
    "treinico.state.dashboard.public_page.PublicPageState.setvar": (
        "set_remove_open / set_hours_from_agenda"
    ),
    "treinico.state.dashboard.access.AccessState.open_for": "commerce.entitlements.read",
    "treinico.state.dashboard.access.AccessState.set_open": "display only",
    "treinico.state.dashboard.access.AccessState.back": "display only",
    "treinico.state.dashboard.access.AccessState.show_grant": "display only",
    "treinico.state.dashboard.access.AccessState.grant": "commerce.entitlements.write",
    "treinico.state.dashboard.access.AccessState.show_extend": "display only",
    "treinico.state.dashboard.access.AccessState.extend": "commerce.entitlements.write",
    "treinico.state.dashboard.access.AccessState.ask_revoke": "display only",
    "treinico.state.dashboard.access.AccessState.set_revoke_open": "display only",
    "treinico.state.dashboard.access.AccessState.revoke": "commerce.entitlements.write",
    "treinico.state.dashboard.access.AccessState.show_history": "commerce.entitlements.read",
    "treinico.state.dashboard.access.AccessState.history_next": "commerce.entitlements.read",
    "treinico.state.dashboard.access.AccessState.history_previous": "commerce.entitlements.read",
    "treinico.state.dashboard.access.AccessState.setvar": "set_open / set_revoke_open",
    # Comércio: the services check commerce.entitlements.read / .write and
    # commerce.products.write again; ids from the browser are looked up in the rows the
    # server listed (or scoped to the team by the service).
    "treinico.state.dashboard.products.ProductsState.load": "commerce.entitlements.read",
    "treinico.state.dashboard.products.ProductsState.set_tab": "display only",
    "treinico.state.dashboard.products.ProductsState.toggle_archived": "commerce.entitlements.read",
    "treinico.state.dashboard.products.ProductsState.open_create": "display only",
    "treinico.state.dashboard.products.ProductsState.open_edit": (
        "commerce.entitlements.read (id scoped to the team by the service)"
    ),
    "treinico.state.dashboard.products.ProductsState.set_form_open": "display only",
    "treinico.state.dashboard.products.ProductsState.save": (
        "commerce.products.write (product held on the server)"
    ),
    "treinico.state.dashboard.products.ProductsState.ask_archive": (
        "display only (id from the listed rows)"
    ),
    "treinico.state.dashboard.products.ProductsState.set_confirm_open": "display only",
    "treinico.state.dashboard.products.ProductsState.confirm_archive": (
        "commerce.products.write (product held on the server)"
    ),
    "treinico.state.dashboard.products.ProductsState.reactivate": (
        "commerce.products.write (id from the listed rows)"
    ),
    "treinico.state.dashboard.products.ProductsState.setvar": "set_tab / set_form_open / ...",
    "treinico.state.dashboard.product_clients.ProductClientsState.load": (
        "commerce.entitlements.read (product id from the URL, scoped by the service)"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.set_status": (
        "commerce.entitlements.read (filter checked against FILTERS)"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.search": (
        "commerce.entitlements.read"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.next_page": (
        "commerce.entitlements.read"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.previous_page": (
        "commerce.entitlements.read"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.toggle": (
        "display only (id from the listed rows; bulk re-scopes to the team)"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.toggle_page": "display only",
    "treinico.state.dashboard.product_clients.ProductClientsState.select_all_filtered": (
        "display only"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.clear_selection": (
        "display only"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.download_csv": (
        "commerce.entitlements.read"
    ),
    "treinico.state.dashboard.product_clients.ProductClientsState.setvar": ("public (no setters)"),
    "treinico.state.dashboard.bulk.BulkState.open_bulk": "display only (operation checked)",
    "treinico.state.dashboard.bulk.BulkState.set_bulk_open": "display only",
    "treinico.state.dashboard.bulk.BulkState.set_mode": "display only",
    "treinico.state.dashboard.bulk.BulkState.back_to_form": "display only",
    "treinico.state.dashboard.bulk.BulkState.make_preview": (
        "commerce.entitlements.write (selection scoped to the team by the service)"
    ),
    "treinico.state.dashboard.bulk.BulkState.confirm": (
        "commerce.entitlements.write (reference held on the server, applied once)"
    ),
    "treinico.state.dashboard.bulk.BulkState.finish": "commerce.entitlements.read (reload)",
    "treinico.state.dashboard.bulk.BulkState.setvar": "set_bulk_open / set_mode",
    "treinico.state.dashboard.expiring.ExpiringState.load": "commerce.entitlements.read",
    "treinico.state.dashboard.expiring.ExpiringState.set_days": (
        "commerce.entitlements.read (7 / 15 / 30 only)"
    ),
    "treinico.state.dashboard.expiring.ExpiringState.toggle": (
        "display only (id from the listed rows)"
    ),
    "treinico.state.dashboard.expiring.ExpiringState.toggle_all": "display only",
    "treinico.state.dashboard.expiring.ExpiringState.renew": (
        "commerce.entitlements.write (id and expiry from the listed rows, service re-checks)"
    ),
    "treinico.state.dashboard.expiring.ExpiringState.renew_selected": (
        "commerce.entitlements.write (rows held on the server)"
    ),
    "treinico.state.dashboard.expiring.ExpiringState.dismiss_results": "display only",
    "treinico.state.dashboard.expiring.ExpiringState.setvar": "public (no setters)",
    "treinico.state.dashboard.nav.NavState.refresh_nav": "session (counts: clients.read, else 0)",
    "treinico.state.dashboard.nav.NavState.setvar": "public (no setters)",
    "treinico.state.dashboard.messages.MessagesState.load": (
        "clients.read (client id from the address re-checked by the service)"
    ),
    "treinico.state.dashboard.messages.MessagesState.search": "clients.read",
    "treinico.state.dashboard.messages.MessagesState.refresh_tick": (
        "clients.read (client held on the server)"
    ),
    "treinico.state.dashboard.messages.MessagesState.send": (
        "clients.write (client held on the server, service re-checks)"
    ),
    "treinico.state.dashboard.messages.MessagesState.setvar": "public (no setters)",
    "treinico.state.dashboard.agenda.AgendaState.previous_week": "agenda.read",
    "treinico.state.dashboard.agenda.AgendaState.next_week": "agenda.read",
    "treinico.state.dashboard.agenda.AgendaState.this_week": "agenda.read",
    "treinico.state.dashboard.agenda.AgendaState.go_to": "agenda.read",
    "treinico.state.dashboard.agenda.AgendaState.set_trainer": "agenda.read (filter only)",
    "treinico.state.dashboard.agenda.AgendaState.pick_day": "display only",
    "treinico.state.dashboard.agenda.AgendaState.open_booking": "agenda.read (re-checked)",
    "treinico.state.dashboard.agenda.AgendaState.set_detail_open": "display only",
    "treinico.state.dashboard.agenda.AgendaState.show_step": "display only",
    "treinico.state.dashboard.agenda.AgendaState.mark": "agenda.write",
    "treinico.state.dashboard.agenda.AgendaState.cancel": "agenda.write",
    "treinico.state.dashboard.agenda.AgendaState.move": "agenda.write",
    "treinico.state.dashboard.agenda.AgendaState.setvar": "set_detail_open",
    "treinico.state.dashboard.agenda_new.NewBookingState.open_new": "display only",
    "treinico.state.dashboard.agenda_new.NewBookingState.set_open": "display only",
    "treinico.state.dashboard.agenda_new.NewBookingState.search_client": "clients.read",
    "treinico.state.dashboard.agenda_new.NewBookingState.pick_client": "display (server matches)",
    "treinico.state.dashboard.agenda_new.NewBookingState.clear_client": "display only",
    "treinico.state.dashboard.agenda_new.NewBookingState.set_repeat": "display only",
    "treinico.state.dashboard.agenda_new.NewBookingState.submit": "agenda.write",
    "treinico.state.dashboard.agenda_new.NewBookingState.confirm_submit": "agenda.write",
    "treinico.state.dashboard.agenda_new.NewBookingState.setvar": "set_open",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.load": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.save_rules": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.save_reminders": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.open_type": "display only",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.set_type_open": "display only",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.save_type": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.ask_archive_type": "display only",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.pick_member": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.add_hours": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.remove_hours": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.add_block": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.ask_remove_block": "display only",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.set_confirm_open": "display only",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.confirm": "team.manage",
    "treinico.state.dashboard.agenda_settings.AgendaSettingsState.setvar": "set_*_open",
    "treinico.state.dashboard.client_agenda.ClientAgendaState.setvar": "public (no setters)",
    # Prontuário: nothing is read without the Saúde module and health.read (checked before
    # any service call); record ids are lookups in the list the service returned.
    "treinico.state.dashboard.client_health.ClientHealthState.show_tab": (
        "Saúde on + health.read (else nothing is read)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.reload": (
        "Saúde on + health.read (else nothing is read)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.open_record": (
        "health.read (id from the listed records, service re-checks)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.set_dialog_open": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.show_versions": (
        "health.read (record held on the server)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.back_to_detail": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.open_new": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.open_edit": (
        "display only (record held on the server)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.cancel_form": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_form_kind": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_form_date": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_form_title": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_form_body": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_form_visible": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.reject_files": (
        "display only (names of files the picker refused)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.save": (
        "health.write + the client's health consent (service checks both and the files)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.toggle_visible": (
        "health.write (record held on the server)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.ask_annul": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_annul_open": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.set_annul_reason": "display only",
    "treinico.state.dashboard.client_health.ClientHealthState.confirm_annul": (
        "health.write (record held on the server)"
    ),
    "treinico.state.dashboard.client_health.ClientHealthState.setvar": "set_* display setters only",
    "treinico.state.dashboard.client_consents.ClientConsentsState.ask_record": (
        "display only (purpose from the listed states)"
    ),
    "treinico.state.dashboard.client_consents.ClientConsentsState.set_confirm_open": "display only",
    "treinico.state.dashboard.client_consents.ClientConsentsState.confirm_record": (
        "clients.write (client and purpose held on the server)"
    ),
    "treinico.state.dashboard.client_consents.ClientConsentsState.setvar": "set_confirm_open",
    "treinico.state.dashboard.privacy.PrivacyLogState.load": "privacy.manage",
    "treinico.state.dashboard.privacy.PrivacyLogState.set_staff": (
        "privacy.manage (key resolved on the server)"
    ),
    "treinico.state.dashboard.privacy.PrivacyLogState.show_more": "display only",
    "treinico.state.dashboard.privacy.PrivacyLogState.search_client": (
        "clients.read (matches kept on the server)"
    ),
    "treinico.state.dashboard.privacy.PrivacyLogState.pick_client": (
        "privacy.manage (key resolved on the server)"
    ),
    "treinico.state.dashboard.privacy.PrivacyLogState.clear_client": "privacy.manage",
    "treinico.state.dashboard.privacy.PrivacyLogState.apply_period": "privacy.manage",
    "treinico.state.dashboard.privacy.PrivacyLogState.clear_filters": "privacy.manage",
    "treinico.state.dashboard.privacy.PrivacyLogState.setvar": "set_staff",
    "treinico.state.dashboard.privacy.PrivacyRequestsState.load": "privacy.manage",
    "treinico.state.dashboard.privacy.PrivacyRequestsState.ask_resolve": (
        "display only (id from the listed requests)"
    ),
    "treinico.state.dashboard.privacy.PrivacyRequestsState.set_resolve_open": "display only",
    "treinico.state.dashboard.privacy.PrivacyRequestsState.resolve": (
        "privacy.manage (request held on the server)"
    ),
    "treinico.state.dashboard.privacy.PrivacyRequestsState.ask_anonymise": (
        "display only (client held on the server)"
    ),
    "treinico.state.dashboard.privacy.PrivacyRequestsState.ask_anonymise_here": (
        "display only (the client page's client)"
    ),
    "treinico.state.dashboard.privacy.PrivacyRequestsState.set_anon_open": "display only",
    "treinico.state.dashboard.privacy.PrivacyRequestsState.set_anon_typed": "display only",
    "treinico.state.dashboard.privacy.PrivacyRequestsState.confirm_anonymise": (
        "privacy.manage (client held on the server)"
    ),
    "treinico.state.dashboard.privacy.PrivacyRequestsState.setvar": (
        "set_resolve_open / set_anon_open / set_anon_typed"
    ),
    "treinico.state.dashboard.privacy_texts.PrivacyTextsState.load": "privacy.manage",
    "treinico.state.dashboard.privacy_texts.PrivacyTextsState.open_publish": "display only",
    "treinico.state.dashboard.privacy_texts.PrivacyTextsState.set_form_open": "display only",
    "treinico.state.dashboard.privacy_texts.PrivacyTextsState.publish": (
        "privacy.manage (purpose held on the server)"
    ),
    "treinico.state.dashboard.privacy_texts.PrivacyTextsState.setvar": "set_form_open",
    "treinico.state.portal.page.PortalPageState.home": "portal session + client of the business",
    "treinico.state.portal.page.PortalPageState.agenda": "portal session + client of the business",
    "treinico.state.portal.page.PortalPageState.plan": "portal session + client of the business",
    "treinico.state.portal.page.PortalPageState.tasks": "portal session + client of the business",
    "treinico.state.portal.page.PortalPageState.progress": (
        "portal session + client of the business"
    ),
    "treinico.state.portal.page.PortalPageState.messages": (
        "portal session + client of the business"
    ),
    "treinico.state.portal.page.PortalPageState.privacy": "portal session + client of the business",
    "treinico.state.portal.page.PortalPageState.health": (
        "portal session + client of the business + consent (service filters)"
    ),
    "treinico.state.portal.page.PortalPageState.setvar": "public (no setters)",
    "treinico.state.portal.home.PortalHomeState.logout": "portal session",
    "treinico.state.portal.home.PortalHomeState.setvar": "public (no setters)",
    "treinico.state.portal.home.PortalPickerState.load": "portal session",
    "treinico.state.portal.home.PortalPickerState.setvar": "public (no setters)",
    "treinico.state.portal.agenda.PortalAgendaState.load": "portal session + client of business",
    "treinico.state.portal.agenda.PortalAgendaState.ask_cancel": "display only (id from rows)",
    "treinico.state.portal.agenda.PortalAgendaState.set_cancel_open": "display only",
    "treinico.state.portal.agenda.PortalAgendaState.cancel": (
        "portal session + own booking in the team + notice (service re-checks)"
    ),
    "treinico.state.portal.agenda.PortalAgendaState.setvar": "set_cancel_open",
    "treinico.state.portal.slots.PortalSlotsState.open_reschedule": (
        "portal session + own booking in the team + notice (service re-checks)"
    ),
    "treinico.state.portal.slots.PortalSlotsState.open_makeup": (
        "portal session + option offered to the client's credits (service re-checks)"
    ),
    "treinico.state.portal.slots.PortalSlotsState.set_open": "display only",
    "treinico.state.portal.slots.PortalSlotsState.pick": "display only (start from server slots)",
    "treinico.state.portal.slots.PortalSlotsState.set_confirm_open": "display only",
    "treinico.state.portal.slots.PortalSlotsState.confirm": (
        "portal session + own booking / held credit + slot still free (service re-checks)"
    ),
    "treinico.state.portal.slots.PortalSlotsState.setvar": "set_open / set_confirm_open",
    "treinico.state.portal.calendar.PortalCalendarState.renew": "portal session (own feed only)",
    "treinico.state.portal.calendar.PortalCalendarState.forget": "display only",
    "treinico.state.portal.calendar.PortalCalendarState.setvar": "public (no setters)",
    "treinico.state.portal.plan.PortalPlanState.setvar": "public (no setters)",
    "treinico.state.portal.homework.PortalHomeworkState.move": (
        "portal session + own task in the team (service re-checks the task id)"
    ),
    "treinico.state.portal.homework.PortalHomeworkState.undo": (
        "portal session + own task (id held on the server, service re-checks)"
    ),
    "treinico.state.portal.homework.PortalHomeworkState.setvar": "public (no setters)",
    "treinico.state.portal.progress.PortalProgressState.setvar": "public (no setters)",
    "treinico.state.portal.privacy.PortalTermsState.load": (
        "portal session + client of the business (before the terms)"
    ),
    "treinico.state.portal.privacy.PortalTermsState.accept": (
        "portal session + client of the business (records the client's own consent)"
    ),
    "treinico.state.portal.privacy.PortalTermsState.set_decline_open": "display only",
    "treinico.state.portal.privacy.PortalTermsState.decline": (
        "display only (the HTTP logout ends the session from the cookie)"
    ),
    "treinico.state.portal.privacy.PortalTermsState.setvar": "set_decline_open",
    "treinico.state.portal.privacy.PortalPrivacyState.show_all_log": "display only",
    "treinico.state.portal.privacy.PortalPrivacyState.ask_change": (
        "display only (purpose looked up in the server's cards)"
    ),
    "treinico.state.portal.privacy.PortalPrivacyState.set_confirm_open": "display only",
    "treinico.state.portal.privacy.PortalPrivacyState.confirm_change": (
        "portal session + client (purpose held on the server, service re-checks)"
    ),
    "treinico.state.portal.privacy.PortalPrivacyState.submit_request": (
        "portal session + client (own request; kind and text checked by the service)"
    ),
    "treinico.state.portal.privacy.PortalPrivacyState.setvar": "set_confirm_open",
    "treinico.state.portal.messages.PortalMessagesState.refresh_tick": (
        "portal session + client (own conversation only)"
    ),
    "treinico.state.portal.messages.PortalMessagesState.send": (
        "portal session + client (own conversation; body checked by the service)"
    ),
    "treinico.state.portal.messages.PortalMessagesState.set_notify": "portal session + client",
    "treinico.state.portal.messages.PortalMessagesState.set_remind": "portal session + client",
    "treinico.state.portal.messages.PortalMessagesState.setvar": "public (no setters)",
    "treinico.state.portal.health.PortalHealthState.load": (
        "portal session + client + health consent (service filters visible records)"
    ),
    "treinico.state.portal.health.PortalHealthState.open_record": (
        "portal session + own visible record + consent (service re-checks the id)"
    ),
    "treinico.state.portal.health.PortalHealthState.set_record_open": "display only",
    "treinico.state.portal.health.PortalHealthState.setvar": "set_record_open",
}

# Public vars are sent to the browser: none may carry identity, authority or secrets.
FORBIDDEN_PUBLIC_VARS = {
    "user_id",
    "team_id",
    "role",
    "roles",
    "permissions",
    "token",
    "session_token",
    "password",
    "password_hash",
    "ticket",
    "session_id",
    "actor",
}


def _our_states() -> list[type[rx.State]]:
    found: list[type[rx.State]] = []

    def walk(cls: type[rx.State]) -> None:
        for sub in cls.get_substates():
            if sub.__module__.startswith("treinico."):
                found.append(sub)
            walk(sub)

    walk(rx.State)
    return found


def _handlers() -> set[str]:
    names = set()
    for state in _our_states():
        for name in state.event_handlers:
            names.add(f"{state.__module__}.{state.__name__}.{name}")
    return names


def test_every_handler_is_reviewed() -> None:
    unreviewed = sorted(_handlers() - set(ALLOWED))
    assert unreviewed == [], f"handlers not in the reviewed allow-list: {unreviewed}"


def test_allow_list_has_no_stale_entries() -> None:
    assert sorted(set(ALLOWED) - _handlers()) == []


def test_no_identity_or_authority_in_public_vars() -> None:
    leaks = [
        f"{state.__name__}.{var}"
        for state in _our_states()
        for var in state.base_vars
        if var in FORBIDDEN_PUBLIC_VARS
    ]
    assert leaks == []


def test_backend_only_vars_stay_backend_only() -> None:
    from treinico.state.dashboard.clients import ClientFormState

    # The client being edited is kept on the server only; the browser never gets it.
    assert "_client_id" not in ClientFormState.base_vars
    assert "_client_id" not in ClientFormState.vars
    assert "values" in ClientFormState.base_vars  # the check does see ordinary vars
    from treinico.state.dashboard.access import AccessState

    for name in ("_client_id", "_entitlement_id"):
        assert name not in AccessState.base_vars and name not in AccessState.vars
    from treinico.state.dashboard.agenda import AgendaState
    from treinico.state.dashboard.agenda_new import NewBookingState

    for state, names in (
        (AgendaState, ("_booking_id", "_trainer_id", "_week_of", "_people")),
        (NewBookingState, ("_client_id", "_match_ids", "_last_form", "_people")),
    ):
        for name in names:
            assert name not in state.base_vars and name not in state.vars
    from treinico.state.dashboard.client_homework import ClientHomeworkState
    from treinico.state.dashboard.client_progress import ClientProgressState
    from treinico.state.dashboard.homework_settings import HomeworkSettingsState

    for state, names in (
        (ClientHomeworkState, ("_client_id", "_task_id")),
        (ClientProgressState, ("_client_id", "_assessment_id", "_metrics", "_values")),
        (HomeworkSettingsState, ("_template_id", "_metric_id")),
    ):
        for name in names:
            assert name not in state.base_vars and name not in state.vars
    from treinico.state.dashboard.client_consents import ClientConsentsState
    from treinico.state.dashboard.client_health import ClientHealthState
    from treinico.state.dashboard.privacy import (
        PrivacyLogState,
        PrivacyRequestsState,
    )

    for state, names in (
        (ClientHealthState, ("_client_id", "_record_id", "_version", "_tz")),
        (ClientConsentsState, ("_client_id", "_purpose")),
        (PrivacyLogState, ("_staff_ids", "_match_ids", "_client_filter", "_start", "_end")),
        (PrivacyRequestsState, ("_clients", "_request_id", "_anon_client_id")),
    ):
        for name in names:
            assert name not in state.base_vars and name not in state.vars
    from treinico.state.dashboard.bulk import BulkState
    from treinico.state.dashboard.product_clients import ProductClientsState
    from treinico.state.dashboard.products import ProductsState

    for state, names in (
        (ProductsState, ("_product_id", "_kept_billing_value")),
        (ProductClientsState, ("_product_id",)),
        (BulkState, ("_reference",)),
    ):
        for name in names:
            assert name not in state.base_vars and name not in state.vars


# Portal handlers that take a lookup from the browser (reviewed): a booking id, a slot start
# or a make-up option key. Each is re-checked by the service against the client and team of
# the portal session (tests/services/test_portal_agenda_isolation.py); none is a client or
# team id.
PORTAL_LOOKUP_ARGS: dict[str, list[str]] = {
    "PortalAgendaState.ask_cancel": ["booking_id"],
    "PortalAgendaState.set_cancel_open": ["value"],
    "PortalSlotsState.open_reschedule": ["booking_id"],
    "PortalSlotsState.open_makeup": ["option_key"],
    "PortalSlotsState.pick": ["start_iso"],
    "PortalSlotsState.set_open": ["value"],
    "PortalSlotsState.set_confirm_open": ["value"],
    "PortalHomeworkState.move": ["task_id", "status"],
    "PortalTermsState.accept": ["form_data"],
    "PortalTermsState.set_decline_open": ["value"],
    "PortalPrivacyState.ask_change": ["purpose"],
    "PortalPrivacyState.set_confirm_open": ["value"],
    "PortalPrivacyState.submit_request": ["form_data"],
    "PortalHealthState.open_record": ["record_id"],
    "PortalMessagesState.send": ["form_data"],
    "PortalMessagesState.set_notify": ["value"],
    "PortalMessagesState.set_remind": ["value"],
    "PortalHealthState.set_record_open": ["value"],
}


def test_portal_handlers_take_no_ids_from_the_browser() -> None:
    """The portal derives the client from the cookie and the address; no handler accepts an
    id that a script on the websocket could swap for another client's, except the reviewed
    lookups above, which the services re-check."""
    import inspect

    portal_states = [s for s in _our_states() if s.__module__.startswith("treinico.state.portal.")]
    assert {s.__name__ for s in portal_states} >= {
        "PortalHomeState",
        "PortalPageState",
        "PortalPickerState",
        "PortalAgendaState",
        "PortalSlotsState",
        "PortalCalendarState",
        "PortalPlanState",
        "PortalHomeworkState",
        "PortalProgressState",
        "PortalTermsState",
        "PortalPrivacyState",
        "PortalHealthState",
        "PortalMessagesState",
    }
    seen = set()
    for state in portal_states:
        if state.__module__ == "treinico.state.portal.address":
            continue  # the login form takes what a person types (phone, code)
        for name, handler in state.event_handlers.items():
            if name == "setvar":
                continue
            key = f"{state.__name__}.{name}"
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            assert params == PORTAL_LOOKUP_ARGS.get(key, []), f"{key} takes {params}"
            assert not any("client" in p or "team" in p for p in params), key
            seen.add(key)
    assert set(PORTAL_LOOKUP_ARGS) <= seen, "stale entries in PORTAL_LOOKUP_ARGS"


def test_portal_token_is_not_kept_by_default() -> None:
    from treinico.state.portal.agenda import PortalAgendaState
    from treinico.state.portal.calendar import PortalCalendarState
    from treinico.state.portal.slots import PortalSlotsState

    assert PortalCalendarState.get_fields()["feed_url"].default == ""
    assert "_cancel_id" not in PortalAgendaState.base_vars
    for name in ("_booking_id", "_start"):
        assert name not in PortalSlotsState.base_vars and name not in PortalSlotsState.vars
    from treinico.state.portal.homework import PortalHomeworkState

    for name in ("_undo_task_id", "_undo_status"):
        assert name not in PortalHomeworkState.base_vars and name not in PortalHomeworkState.vars
    from treinico.state.portal.privacy import PortalPrivacyState

    for name in ("_pending_purpose", "_pending_give"):
        assert name not in PortalPrivacyState.base_vars and name not in PortalPrivacyState.vars
