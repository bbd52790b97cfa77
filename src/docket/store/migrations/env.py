"""Alembic environment: the engine is handed in by ``docket.store.database.upgrade``."""

from alembic import context

from docket.store.schema import metadata

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
