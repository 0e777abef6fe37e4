"""Reflex configuration; the database URL is shared with the services through DATABASE_URL."""

import reflex as rx

from ata_reflex.settings import get_settings

config = rx.Config(
    app_name="ata_reflex",
    db_url=get_settings().database_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.SitemapPlugin(),
        rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", gray_color="slate", radius="medium")),
    ],
)
