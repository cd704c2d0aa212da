"""page speed: covering indexes for the supervision rhythm (overview.rhythm_rows) and the debrief counts

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

DEBRIEF = sa.text('needs_debrief')


def upgrade():
    # A person's first published shift reads all their assignments and each one's shift: both
    # from an index alone (PostgreSQL), not from the tables.
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_assignments_staff_id')
        batch_op.create_index('ix_shift_assignments_staff_id', ['staff_id'], unique=False,
                              postgresql_include=['shift_id', 'starts_at'])
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index('ix_shifts_id_status_starts', ['id'], unique=False,
                              postgresql_include=['status', 'starts_at'])
        # The debriefs of the last weeks: the shifts' ids by time.
        batch_op.drop_index('ix_shifts_starts')
        batch_op.create_index('ix_shifts_starts', ['starts_at'], unique=False, postgresql_include=['id'])
    # The debrief counts count notes: their ids in the index.
    with op.batch_alter_table('shift_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_notes_debrief')
        batch_op.create_index('ix_shift_notes_debrief', ['shift_id', 'kind'], unique=False,
                              postgresql_include=['id'], postgresql_where=DEBRIEF, sqlite_where=DEBRIEF)


def downgrade():
    with op.batch_alter_table('shift_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_notes_debrief')
        batch_op.create_index('ix_shift_notes_debrief', ['shift_id', 'kind'], unique=False,
                              postgresql_where=DEBRIEF, sqlite_where=DEBRIEF)
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('ix_shifts_starts')
        batch_op.create_index('ix_shifts_starts', ['starts_at'], unique=False)
        batch_op.drop_index('ix_shifts_id_status_starts')
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_assignments_staff_id')
        batch_op.create_index('ix_shift_assignments_staff_id', ['staff_id'], unique=False)
