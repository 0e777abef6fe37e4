"""One module per route; layout only."""
