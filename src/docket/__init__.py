"""Docket: accountable immigration case records."""

__version__ = "0.1.0"
