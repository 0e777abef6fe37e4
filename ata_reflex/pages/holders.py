"""Pages: holders (being built)."""
