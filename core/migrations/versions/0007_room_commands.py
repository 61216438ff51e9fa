"""room commands

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('room_commands',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('room_id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['live_rooms.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('room_commands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_commands_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_commands_room_id'), ['room_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('room_commands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_commands_room_id'))
        batch_op.drop_index(batch_op.f('ix_room_commands_merchant_id'))
    op.drop_table('room_commands')
