"""blocking keys without a foreign key

Writing a full link's blocking index (15.8M rows at a million records) checked the foreign key of
every row: half the time on PostgreSQL. The rows are deleted with their records by the purge
instead (``retention_repo.purge_records``, the one path that deletes records).

SQLite cannot drop a constraint: the table is copied, as Alembic's batch mode would, but keeping it
WITHOUT ROWID (rows clustered by record and rule), which batch mode's reflection does not.

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

FOREIGN_KEY = 'fk_blocking_keys_record_key_records'
INDEX = 'ix_blocking_keys_key_hash'


def upgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(FOREIGN_KEY, 'blocking_keys', type_='foreignkey')
        return
    _copy_table(foreign_key=False)


def downgrade() -> None:
    op.execute('DELETE FROM blocking_keys WHERE record_key NOT IN (SELECT id FROM records)')
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key(FOREIGN_KEY, 'blocking_keys', 'records', ['record_key'], ['id'], ondelete='CASCADE')
        return
    _copy_table(foreign_key=True)


def _copy_table(foreign_key: bool) -> None:
    """``blocking_keys`` created again, with or without the foreign key, and its rows copied."""
    extra = [sa.ForeignKeyConstraint(['record_key'], ['records.id'], name=FOREIGN_KEY, ondelete='CASCADE')] if foreign_key else []
    op.create_table('_blocking_keys_copy',
    sa.Column('record_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('rule', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('key_hash', sa.BigInteger(), nullable=False),
    *extra,
    sa.PrimaryKeyConstraint('record_key', 'rule', name='pk_blocking_keys'),
    sqlite_with_rowid=False
    )
    op.execute('INSERT INTO _blocking_keys_copy (record_key, rule, key_hash) '
               'SELECT record_key, rule, key_hash FROM blocking_keys ORDER BY record_key, rule')
    op.drop_index(INDEX, table_name='blocking_keys')
    op.drop_table('blocking_keys')
    op.rename_table('_blocking_keys_copy', 'blocking_keys')
    op.create_index(INDEX, 'blocking_keys', ['key_hash'], unique=False)
