"""Pages: admin (being built)."""
