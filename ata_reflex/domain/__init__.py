"""Business rules as plain functions and dataclasses; this package never imports Reflex."""
