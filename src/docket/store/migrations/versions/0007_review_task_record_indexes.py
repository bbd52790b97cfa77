"""review task record indexes

Every person-file load (so every case-file read) looks for open link tasks that involve the
person's records; without these indexes that was a scan of every review task.

Revision ID: 0007
Revises: 0006
"""

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('review_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_tasks_record_a'), ['record_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_tasks_record_b'), ['record_b'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_tasks_record_b'))
        batch_op.drop_index(batch_op.f('ix_review_tasks_record_a'))
