"""consent and voice profiles

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:35:48.381671
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('avatars', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('voices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profile_path', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('consent', sa.JSON(), nullable=False, server_default='{}'))



def downgrade() -> None:
    with op.batch_alter_table('voices', schema=None) as batch_op:
        batch_op.drop_column('consent')
        batch_op.drop_column('error')
        batch_op.drop_column('profile_path')

    with op.batch_alter_table('avatars', schema=None) as batch_op:
        batch_op.drop_column('consent')

