"""docket.reports (see docs/architecture.md)."""
