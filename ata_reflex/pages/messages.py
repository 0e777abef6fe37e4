"""Pages: messages (being built)."""
