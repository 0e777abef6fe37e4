"""Build the Reflex app and register its pages."""

import reflex as rx

from ata_reflex import models  # noqa: F401  (registers the tables for migrations)

app = rx.App(html_lang="zh-CN")


def index() -> rx.Component:
    return rx.text("ATA")


app.add_page(index, route="/")
