"""workshops: what places run, their sessions, how far a kiosk looks for them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 05:10:00.000000

Mediation places run workshops (music of one's youth, video calls with the family,
first steps on a smartphone); the kiosk shows the next ones near it. A workshop is
kept with its iCalendar UID (a feed imported again updates it) and one row a date.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('workshop_radius_m', sa.Integer(), nullable=False, server_default='5000')
        )
    op.create_table(
        'workshop',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=255), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('theme', sa.String(length=30), nullable=False),
        sa.Column('structure_id', sa.Integer(), nullable=False),
        sa.Column('seats', sa.Integer(), nullable=True),
        sa.Column('price', sa.String(length=100), nullable=False),
        sa.Column('registration', sa.String(length=20), nullable=False),
        sa.Column('registration_url', sa.String(length=500), nullable=False),
        sa.Column('languages', sa.Text(), nullable=False),
        sa.Column('audience', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=500), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uid'),
    )
    op.create_table(
        'workshop_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_workshop_session_starts_at', 'workshop_session', ['starts_at'])
    op.create_index('ix_workshop_session_workshop_id', 'workshop_session', ['workshop_id'])


def downgrade():
    op.drop_index('ix_workshop_session_workshop_id', table_name='workshop_session')
    op.drop_index('ix_workshop_session_starts_at', table_name='workshop_session')
    op.drop_table('workshop_session')
    op.drop_table('workshop')
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_column('workshop_radius_m')
