"""Use cases: each takes what it needs (ports, settings) and does one thing."""
