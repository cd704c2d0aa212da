"""page speed: indexes for the pages that read across teams or a person's history (benchmarks/page_speed.py)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 23:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Shifts by time across all teams: the supervisor's debriefs (Min side and the list).
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index('ix_shifts_starts', ['starts_at'], unique=False)
    # The reports that ask for a debrief: a few percent of them.
    with op.batch_alter_table('shift_notes', schema=None) as batch_op:
        batch_op.create_index('ix_shift_notes_debrief', ['shift_id'], unique=False,
                              postgresql_where=sa.text('needs_debrief'), sqlite_where=sa.text('needs_debrief'))
    # The audit search filtered by kind or by username, the newest first (4 million rows at scale 10).
    op.create_index('ix_audit_events_kind', 'audit_events', ['kind', 'at'], unique=False)
    op.create_index('ix_audit_events_actor_label', 'audit_events', ['actor_label', 'at'], unique=False)


def downgrade():
    op.drop_index('ix_audit_events_actor_label', table_name='audit_events')
    op.drop_index('ix_audit_events_kind', table_name='audit_events')
    with op.batch_alter_table('shift_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_notes_debrief')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('ix_shifts_starts')
