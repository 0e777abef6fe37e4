"""Use cases of the app as plain functions; this package never imports Reflex."""
