"""The gate: every use case is authenticate -> authorize(purpose) -> act -> audit, in one transaction."""
