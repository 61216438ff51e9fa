"""room leases, fencing tokens and handovers; live hosts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('live_hosts',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('relay_url', sa.String(length=500), nullable=False),
    sa.Column('preview_url', sa.String(length=500), nullable=False),
    sa.Column('slots', sa.Integer(), nullable=False),
    sa.Column('cores', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('cpu_percent', sa.Float(), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    with op.batch_alter_table('live_rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('fence', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('next_host', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('next_fence', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('handover', sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_rooms_host'), ['host'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_rooms_next_host'), ['next_host'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('live_rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_rooms_next_host'))
        batch_op.drop_index(batch_op.f('ix_live_rooms_host'))
        for column in ('handover', 'next_fence', 'next_host', 'lease_until', 'fence', 'host'):
            batch_op.drop_column(column)
    op.drop_table('live_hosts')
