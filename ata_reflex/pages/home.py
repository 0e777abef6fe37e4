"""Pages: home (being built)."""
