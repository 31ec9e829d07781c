"""sessions and devices: logging out ends every session of the account; a kiosk's
tablets are enrolled with a signed token; each kiosk's print limits

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 03:00:00.000000

A copied session cookie used to outlive the log-out. Each account now carries a
number that is part of every session's key; logging out (or an administrator's
"log out everywhere") bumps it. Anyone could print, send heartbeats and count usage
for a kiosk: its tablets now hold a token staff give them (its generation revokes
them), and a kiosk prints one slip every 10 s, 60 an hour, unless staff say otherwise.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('print_gap_seconds', sa.Integer(), nullable=False, server_default='10')
        )
        batch_op.add_column(
            sa.Column('prints_per_hour', sa.Integer(), nullable=False, server_default='60')
        )
        batch_op.add_column(
            sa.Column('device_generation', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade():
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_column('device_generation')
        batch_op.drop_column('prints_per_hour')
        batch_op.drop_column('print_gap_seconds')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
