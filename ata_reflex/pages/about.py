"""Pages: about (being built)."""
