"""page speed: the debrief index covers the note's kind, so the debrief queries read only it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('shift_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_notes_debrief')
        batch_op.create_index('ix_shift_notes_debrief', ['shift_id', 'kind'], unique=False,
                              postgresql_where=sa.text('needs_debrief'), sqlite_where=sa.text('needs_debrief'))


def downgrade():
    with op.batch_alter_table('shift_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_notes_debrief')
        batch_op.create_index('ix_shift_notes_debrief', ['shift_id'], unique=False,
                              postgresql_where=sa.text('needs_debrief'), sqlite_where=sa.text('needs_debrief'))
