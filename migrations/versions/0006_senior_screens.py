"""senior screens: what a place asks to bring concerns some needs; the kiosk's desk,
printer and transport in words

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 23:00:00.000000

A place's own "what to bring" used to show for every need (the ANTS pre-application
number under "I don't know"): it now shows for the needs staff mark. Places that had
one keep it for the needs they answer by their rule today, so nothing disappears.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('to_bring_needs', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desk_location', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('printer_location', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('transport', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for name in ('desk_location', 'printer_location', 'transport'):
        connection.execute(sa.text(f"UPDATE kiosk SET {name} = '{{}}'"))
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        for name in ('desk_location', 'printer_location', 'transport'):
            batch_op.alter_column(name, existing_type=sa.JSON(), nullable=False)
    rows = connection.execute(
        sa.text(
            "SELECT s.id, n.slug FROM structure s "
            "JOIN need_structure l ON l.structure_id = s.id "
            "JOIN need n ON n.id = l.need_id "
            "WHERE s.to_bring IS NOT NULL AND CAST(s.to_bring AS TEXT) NOT IN ('{}', 'null', '')"
        )
    ).all()
    needs: dict[int, list[str]] = {}
    for place_id, slug in rows:
        needs.setdefault(place_id, []).append(slug)
    for place_id, slugs in needs.items():
        connection.execute(
            sa.text('UPDATE structure SET to_bring_needs = :needs WHERE id = :id'),
            {'needs': '|'.join(sorted(slugs)), 'id': place_id},
        )


def downgrade():
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_column('transport')
        batch_op.drop_column('printer_location')
        batch_op.drop_column('desk_location')
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.drop_column('to_bring_needs')
