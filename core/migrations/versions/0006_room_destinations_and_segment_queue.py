"""room destinations and segment queue

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:18:03.521749
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('room_destinations',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('room_id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('server_url', sa.String(length=500), nullable=False),
    sa.Column('key_encrypted', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['live_rooms.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('room_destinations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_destinations_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_destinations_room_id'), ['room_id'], unique=False)

    with op.batch_alter_table('live_rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('pid', sa.Integer(), nullable=True))

    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='content'))
        batch_op.add_column(sa.Column('label', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_column('error')
        batch_op.drop_column('label')
        batch_op.drop_column('kind')

    with op.batch_alter_table('live_rooms', schema=None) as batch_op:
        batch_op.drop_column('pid')
        batch_op.drop_column('status')

    with op.batch_alter_table('room_destinations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_destinations_room_id'))
        batch_op.drop_index(batch_op.f('ix_room_destinations_merchant_id'))

    op.drop_table('room_destinations')
