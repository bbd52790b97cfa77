"""SQLAlchemy Core tables and repositories. Repositories never commit: the services own the unit of work."""
