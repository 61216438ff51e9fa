"""user sessions; user email unique per merchant

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 04:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# SQLite reflects 0002's unnamed UNIQUE(email) without a name; batch mode names it by this convention.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _email_unique_name() -> str:
    return 'users_email_key' if op.get_bind().dialect.name == 'postgresql' else 'uq_users_email'


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digest')
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None, naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint(_email_unique_name(), type_='unique')
        batch_op.create_unique_constraint('uq_users_merchant_email', ['merchant_id', 'email'])
        batch_op.create_index(batch_op.f('ix_users_email'), ['email'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None, naming_convention=_NAMES) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_email'))
        batch_op.drop_constraint('uq_users_merchant_email', type_='unique')
        batch_op.create_unique_constraint(_email_unique_name(), ['email'])

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
