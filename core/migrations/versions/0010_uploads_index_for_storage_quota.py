"""uploads indexed by merchant, status and size for the storage quota

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:00:00
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index('ix_uploads_merchant_status_size', ['merchant_id', 'status', 'size'], unique=False)
        batch_op.drop_index('ix_uploads_merchant_id')


def downgrade() -> None:
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index('ix_uploads_merchant_id', ['merchant_id'], unique=False)
        batch_op.drop_index('ix_uploads_merchant_status_size')
