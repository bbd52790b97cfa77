"""Ingest engine: source declarations, file readers, per-field validation and normalization."""
