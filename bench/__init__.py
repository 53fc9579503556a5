"""Benchmarks that print the figures the issues ask for. Run as modules: python -m bench.NAME."""
