"""docket.web (see docs/architecture.md)."""
