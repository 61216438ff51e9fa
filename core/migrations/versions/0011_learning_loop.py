"""learning loop: sessions, metric minutes, section variants, airings, experiments; segments air times

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:37:50.658582
"""
import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('learn_variants',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('sku_id', sa.String(length=32), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('norm_hash', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('script_id', sa.String(length=32), nullable=True),
    sa.Column('phrasing', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['script_id'], ['scripts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sku_id'], ['skus.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('merchant_id', 'sku_id', 'section', 'norm_hash')
    )
    with op.batch_alter_table('learn_variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_variants_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_variants_sku_id'), ['sku_id'], unique=False)

    op.create_table('learn_experiments',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('room_id', sa.String(length=32), nullable=False),
    sa.Column('sku_id', sa.String(length=32), nullable=False),
    sa.Column('arms', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('pinned_script_id', sa.String(length=32), nullable=True),
    sa.Column('winner_script_id', sa.String(length=32), nullable=True),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['live_rooms.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sku_id'], ['skus.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('learn_experiments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_experiments_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_experiments_room_id'), ['room_id'], unique=False)

    op.create_table('learn_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('room_id', sa.String(length=32), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['live_rooms.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('learn_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_sessions_merchant_id'), ['merchant_id'], unique=False)

    op.create_table('learn_airings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('sku_id', sa.String(length=32), nullable=True),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('variant_id', sa.String(length=32), nullable=True),
    sa.Column('script_id', sa.String(length=32), nullable=True),
    sa.Column('segment_id', sa.String(length=32), nullable=True),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('exposure', sa.Float(), nullable=False),
    sa.Column('clicks', sa.Float(), nullable=False),
    sa.Column('orders', sa.Float(), nullable=False),
    sa.Column('gmv', sa.Float(), nullable=False),
    sa.Column('credited', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['script_id'], ['scripts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['learn_sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sku_id'], ['skus.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['learn_variants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('learn_airings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_airings_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_airings_script_id'), ['script_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_airings_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_airings_sku_id'), ['sku_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_airings_variant_id'), ['variant_id'], unique=False)

    op.create_table('learn_metric_minutes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('viewers', sa.Float(), nullable=False),
    sa.Column('new_followers', sa.Float(), nullable=False),
    sa.Column('clicks', sa.Float(), nullable=False),
    sa.Column('orders', sa.Float(), nullable=False),
    sa.Column('gmv', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['learn_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'at')
    )
    with op.batch_alter_table('learn_metric_minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_metric_minutes_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_metric_minutes_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
        batch_op.drop_column('aired_at')

    with op.batch_alter_table('learn_metric_minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_metric_minutes_session_id'))
        batch_op.drop_index(batch_op.f('ix_learn_metric_minutes_merchant_id'))

    op.drop_table('learn_metric_minutes')
    with op.batch_alter_table('learn_airings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_airings_variant_id'))
        batch_op.drop_index(batch_op.f('ix_learn_airings_sku_id'))
        batch_op.drop_index(batch_op.f('ix_learn_airings_session_id'))
        batch_op.drop_index(batch_op.f('ix_learn_airings_script_id'))
        batch_op.drop_index(batch_op.f('ix_learn_airings_merchant_id'))

    op.drop_table('learn_airings')
    with op.batch_alter_table('learn_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_sessions_merchant_id'))

    op.drop_table('learn_sessions')
    with op.batch_alter_table('learn_experiments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_experiments_room_id'))
        batch_op.drop_index(batch_op.f('ix_learn_experiments_merchant_id'))

    op.drop_table('learn_experiments')
    with op.batch_alter_table('learn_variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_variants_sku_id'))
        batch_op.drop_index(batch_op.f('ix_learn_variants_merchant_id'))

    op.drop_table('learn_variants')
