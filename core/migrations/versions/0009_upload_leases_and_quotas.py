"""upload leases and merchant quotas

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 04:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_owner', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('merchant_quotas',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('storage_gb', sa.Float(), nullable=True),
    sa.Column('live_rooms', sa.Integer(), nullable=True),
    sa.Column('jobs', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('merchant_id')
    )


def downgrade() -> None:
    op.drop_table('merchant_quotas')
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('lease_owner')
