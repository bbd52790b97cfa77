"""link decision record indexes

Matching one record incrementally asks whether a reviewer decided on any pair involving the
record or the records of its candidate persons; without these indexes that was a read of every
decision for every match.

Revision ID: 0008
Revises: 0007
"""

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('link_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_decisions_record_a'), ['record_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_decisions_record_b'), ['record_b'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('link_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_decisions_record_b'))
        batch_op.drop_index(batch_op.f('ix_link_decisions_record_a'))
