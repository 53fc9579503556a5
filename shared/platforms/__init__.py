"""Platform connectors: one module per platform behind one protocol (base.py)."""
