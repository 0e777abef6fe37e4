"""Build the Reflex app; each page module registers its routes with ``@rx.page``."""

import logging

import reflex as rx

from ata_reflex import models  # noqa: F401  (registers the tables for migrations)
from ata_reflex.api import build_api
from ata_reflex.catalogue import text
from ata_reflex.components.connection import connection_notice
from ata_reflex.pages import about, admin, admin_reference, auth, holders, home, lifecycle, messages, outbound  # noqa: F401
from ata_reflex.pages import admin_inbound, inbound  # noqa: F401

logger = logging.getLogger("ata_reflex")


def _backend_exception_handler(exception: Exception) -> rx.event.EventSpec:
    """Log an unexpected error in English and show the user one Chinese toast."""
    logger.exception("unhandled error in event handler: %s", type(exception).__name__, exc_info=exception)
    return rx.toast.error(text("common.unexpected_error"), position="top-center")


app = rx.App(
    html_lang="zh-CN",
    backend_exception_handler=_backend_exception_handler,
    stylesheets=["/theme.css"],
    api_transformer=build_api(),
    head_components=[
        rx.el.meta(name="theme-color", content="#0b5cad"),
        rx.el.script(src="/draft_guard.js", defer=True),
        # Installable app: manifest, icons and the service worker. rx.el.script lands in the
        # prerendered head; rx.script would run after window.load and never register it.
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="apple-touch-icon", href="/icons/icon-192.png"),
        rx.el.meta(name="mobile-web-app-capable", content="yes"),
        rx.el.script(src="/ime_guard.js", defer=True),
        rx.el.script("if ('serviceWorker' in navigator) { navigator.serviceWorker.register('/sw.js'); }"),
    ],
)
# Reflex's own overlay shows an English "Cannot connect to server" toast; ours says it in Chinese
# and tells the user that what they type is kept.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None
