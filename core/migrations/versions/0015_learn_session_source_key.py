"""learn_sessions.source_key: one session per import, whatever the job's redeliveries

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('learn_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_learn_sessions_merchant_id_source_key', ['merchant_id', 'source_key'])


def downgrade() -> None:
    with op.batch_alter_table('learn_sessions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_learn_sessions_merchant_id_source_key', type_='unique')
        batch_op.drop_column('source_key')
