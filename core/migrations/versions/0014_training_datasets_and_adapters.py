"""retraining: versioned training datasets and LoRA adapters

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 11:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('learn_datasets',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('manifest_asset_id', sa.String(length=32), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('heldout_skus', sa.JSON(), nullable=False),
    sa.Column('provenance', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['manifest_asset_id'], ['assets.id'], ),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('merchant_id', 'digest'),
    sa.UniqueConstraint('merchant_id', 'version')
    )
    with op.batch_alter_table('learn_datasets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_datasets_merchant_id'), ['merchant_id'], unique=False)

    op.create_table('learn_adapters',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.String(length=32), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('base_model', sa.String(length=500), nullable=False),
    sa.Column('train', sa.JSON(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('gate', sa.JSON(), nullable=True),
    sa.Column('gate_passed', sa.Boolean(), nullable=True),
    sa.Column('gated_against', sa.String(length=32), nullable=True),
    sa.Column('promoted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['learn_datasets.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('job_id'),
    sa.UniqueConstraint('merchant_id', 'version')
    )
    with op.batch_alter_table('learn_adapters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_adapters_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learn_adapters_merchant_id'), ['merchant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('learn_adapters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_adapters_merchant_id'))
        batch_op.drop_index(batch_op.f('ix_learn_adapters_dataset_id'))
    op.drop_table('learn_adapters')
    with op.batch_alter_table('learn_datasets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_datasets_merchant_id'))
    op.drop_table('learn_datasets')
