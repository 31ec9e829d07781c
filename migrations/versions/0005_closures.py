"""closures: a place's temporary closures and notices

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 09:00:00.000000

Each place keeps its temporary closures and notices as a JSON list (empty for every
place already here). The partner role needs no schema change: roles are text.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('closures', sa.JSON(), nullable=False, server_default='[]')
        )


def downgrade():
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.drop_column('closures')
