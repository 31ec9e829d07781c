"""rules for real data: sources of a place, pins, the taxonomy's reference, new rules

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 21:00:00.000000

A need's rule no longer names places: each place it named becomes a pin (every
kiosk), a choice staff see and can undo. Rules gain fallback services, specific
support and the publics that rank first.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'need_pin',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('structure_id', sa.Integer(), nullable=False),
        sa.Column('kiosk_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['kiosk_id'], ['kiosk.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['need_id'], ['need.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('need_id', 'structure_id', 'kiosk_id'),
    )
    op.create_index('ix_need_pin_need', 'need_pin', ['need_id'], unique=False)
    op.create_table(
        'need_reference',
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('installed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('slug'),
    )
    op.create_table(
        'place_source',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('structure_id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('source_id'),
    )
    op.create_index(
        op.f('ix_place_source_structure_id'), 'place_source', ['structure_id'],
        unique=False,
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule_supports', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rule_fallback_services', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rule_publics', sa.Text(), nullable=False, server_default=''))

    # Each place a rule named becomes a pin at every kiosk.
    connection = op.get_bind()
    places = dict(connection.execute(sa.text('SELECT standard_id, id FROM structure')).all())
    rows = connection.execute(
        sa.text("SELECT id, rule_structures FROM need WHERE rule_structures != ''")
    ).all()
    pins = [
        {'need_id': need_id, 'structure_id': places[standard_id]}
        for need_id, named in rows
        for standard_id in dict.fromkeys(named.split('|'))
        if standard_id in places
    ]
    if pins:
        connection.execute(
            sa.text(
                'INSERT INTO need_pin (need_id, structure_id, kiosk_id) '
                'VALUES (:need_id, :structure_id, NULL)'
            ),
            pins,
        )
    connection.execute(sa.text("DELETE FROM need_structure WHERE reason = 'structure'"))
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_column('rule_structures')


def downgrade():
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule_structures', sa.Text(), nullable=False, server_default=''))
        batch_op.drop_column('rule_publics')
        batch_op.drop_column('rule_fallback_services')
        batch_op.drop_column('rule_supports')
    op.drop_index(op.f('ix_place_source_structure_id'), table_name='place_source')
    op.drop_table('place_source')
    op.drop_table('need_reference')
    op.drop_index('ix_need_pin_need', table_name='need_pin')
    op.drop_table('need_pin')
