"""sku history script versions performance

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:19:16.910457
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sku_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('sku_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sku_id'], ['skus.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sku_id', 'version')
    )
    with op.batch_alter_table('sku_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sku_versions_sku_id'), ['sku_id'], unique=False)

    op.create_table('script_performance',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('script_id', sa.String(length=32), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['script_id'], ['scripts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('script_performance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_script_performance_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_script_performance_script_id'), ['script_id'], unique=False)

    with op.batch_alter_table('scripts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lineage_id', sa.String(length=32), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('backend', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('diff', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('author', sa.String(length=100), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_scripts_lineage_id'), ['lineage_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('scripts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scripts_lineage_id'))
        batch_op.drop_column('author')
        batch_op.drop_column('diff')
        batch_op.drop_column('text')
        batch_op.drop_column('backend')
        batch_op.drop_column('lineage_id')

    with op.batch_alter_table('script_performance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_script_performance_script_id'))
        batch_op.drop_index(batch_op.f('ix_script_performance_merchant_id'))

    op.drop_table('script_performance')
    with op.batch_alter_table('sku_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sku_versions_sku_id'))

    op.drop_table('sku_versions')
