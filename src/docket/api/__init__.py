"""docket.api (see docs/architecture.md)."""
