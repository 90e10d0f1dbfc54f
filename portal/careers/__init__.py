"""The careers explorer: every health and care role, how to get in, what it pays, side by side."""
