"""Validation of input, one module per sub-domain (like the views)."""
