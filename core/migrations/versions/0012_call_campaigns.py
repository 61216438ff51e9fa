"""call campaigns: trunks, voice licences, per-merchant call settings, campaigns, recipients, attempts, DNC

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call_settings',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('quiet_start', sa.String(length=5), nullable=True),
    sa.Column('quiet_end', sa.String(length=5), nullable=True),
    sa.Column('frequency_max', sa.Integer(), nullable=True),
    sa.Column('frequency_days', sa.Integer(), nullable=True),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('webhook_secret_encrypted', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('merchant_id')
    )
    op.create_table('call_trunks',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('url_encrypted', sa.Text(), nullable=False),
    sa.Column('url_redacted', sa.String(length=500), nullable=False),
    sa.Column('caller_id', sa.String(length=64), nullable=False),
    sa.Column('max_channels', sa.Integer(), nullable=False),
    sa.Column('calls_per_second', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_trunks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_trunks_merchant_id'), ['merchant_id'], unique=False)

    op.create_table('call_campaigns',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('voice_id', sa.String(length=32), nullable=True),
    sa.Column('trunk_id', sa.String(length=32), nullable=True),
    sa.Column('recipients_asset_id', sa.String(length=32), nullable=True),
    sa.Column('sku', sa.String(length=100), nullable=True),
    sa.Column('occasion', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('region', sa.String(length=2), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('daily_cap', sa.Integer(), nullable=True),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('alert', sa.Text(), nullable=True),
    sa.Column('setup_job_id', sa.String(length=32), nullable=True),
    sa.Column('dial_job_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipients_asset_id'], ['assets.id'], ),
    sa.ForeignKeyConstraint(['trunk_id'], ['call_trunks.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['voice_id'], ['voices.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_campaigns_merchant_id'), ['merchant_id'], unique=False)

    op.create_table('voice_licences',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('voice_id', sa.String(length=32), nullable=False),
    sa.Column('grantor', sa.String(length=200), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('territories', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voice_id'], ['voices.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('voice_licences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_licences_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_licences_voice_id'), ['voice_id'], unique=False)

    op.create_table('call_dnc',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('campaign_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['call_campaigns.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('merchant_id', 'phone')
    )
    op.create_table('call_recipients',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('campaign_id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('audio_asset_id', sa.String(length=32), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('next_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('busy_count', sa.Integer(), nullable=False),
    sa.Column('no_answer_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['audio_asset_id'], ['assets.id'], ),
    sa.ForeignKeyConstraint(['campaign_id'], ['call_campaigns.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_recipients', schema=None) as batch_op:
        batch_op.create_index('ix_call_recipients_campaign_state_next', ['campaign_id', 'state', 'next_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_recipients_merchant_id'), ['merchant_id'], unique=False)

    op.create_table('call_attempts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('campaign_id', sa.String(length=32), nullable=False),
    sa.Column('recipient_id', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('digits', sa.String(length=64), nullable=False),
    sa.Column('seconds_played', sa.Float(), nullable=False),
    sa.Column('played_to_end', sa.Boolean(), nullable=False),
    sa.Column('interest', sa.Boolean(), nullable=False),
    sa.Column('sip_code', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('worker', sa.String(length=200), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['call_campaigns.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['call_recipients.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_attempts_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_call_attempts_merchant_phone_at', ['merchant_id', 'phone', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_attempts_recipient_id'), ['recipient_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('call_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_attempts_recipient_id'))
        batch_op.drop_index('ix_call_attempts_merchant_phone_at')
        batch_op.drop_index(batch_op.f('ix_call_attempts_campaign_id'))

    op.drop_table('call_attempts')
    with op.batch_alter_table('call_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_recipients_merchant_id'))
        batch_op.drop_index('ix_call_recipients_campaign_state_next')

    op.drop_table('call_recipients')
    op.drop_table('call_dnc')
    with op.batch_alter_table('voice_licences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_licences_voice_id'))
        batch_op.drop_index(batch_op.f('ix_voice_licences_merchant_id'))

    op.drop_table('voice_licences')
    with op.batch_alter_table('call_campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_campaigns_merchant_id'))

    op.drop_table('call_campaigns')
    with op.batch_alter_table('call_trunks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_trunks_merchant_id'))

    op.drop_table('call_trunks')
    op.drop_table('call_settings')
