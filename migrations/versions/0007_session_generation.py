"""session generation: logging out ends every session of the account

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 03:00:00.000000

A copied session cookie used to outlive the log-out. Each account now carries a
number that is part of every session's key; logging out (or an administrator's
"log out everywhere") bumps it.
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


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
