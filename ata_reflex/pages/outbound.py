"""Pages: outbound (being built)."""
