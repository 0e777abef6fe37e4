"""Thin Reflex states: read input, call a service, update vars."""
