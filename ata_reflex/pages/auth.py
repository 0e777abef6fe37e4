"""Pages: auth (being built)."""
