"""the guide keeps itself current: update links, campaigns, e-mails, error
reports, structures proposing themselves

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 05:00:00.000000

Staff cannot phone every place twice a year. Each place now gets a private link to
update its own record: `update_generation` revokes the links sent so far and
`updates_reviewed` says whether what a place sends waits for staff. Campaigns send
the links (invitation), e-mails are kept until sent (mail), and what a place sent
waits or is recorded (place_update). Visitors report errors from a phone page
(error_report) and structures propose themselves for the guide (place_proposal).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('update_generation', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('updates_reviewed', sa.Boolean(), nullable=False, server_default='1')
        )
    op.create_table(
        'campaign',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=True),
        sa.Column('structure_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('confirmed', sa.Boolean(), nullable=False),
        sa.Column('reminders', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False, server_default='0'),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_invitation_structure_id', 'invitation', ['structure_id'])
    op.create_table(
        'mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'place_update',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('structure_id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )

    op.create_table(
        'error_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('structure_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('handled_at', sa.DateTime(), nullable=True),
        sa.Column('handled_by', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_error_report_open', 'error_report', ['handled_at', 'structure_id'])
    op.create_table(
        'place_proposal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by', sa.String(length=254), nullable=False),
        sa.Column('structure_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('place_proposal')
    op.drop_index('ix_error_report_open', table_name='error_report')
    op.drop_table('error_report')
    op.drop_table('place_update')
    op.drop_table('mail')
    op.drop_index('ix_invitation_structure_id', table_name='invitation')
    op.drop_table('invitation')
    op.drop_table('campaign')
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.drop_column('updates_reviewed')
        batch_op.drop_column('update_generation')
