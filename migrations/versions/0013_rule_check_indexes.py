"""page speed: the rule check reads the people's shifts around a period from two indexes alone

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # services.load_roster joins the people's assignments (all their years, by person) with the
    # shifts of the weeks around the period (any team, by time): with every column it reads in
    # the two indexes, PostgreSQL reads neither table (PostgreSQL; SQLite has no INCLUDE).
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_assignments_staff_id')
        batch_op.create_index('ix_shift_assignments_staff_id', ['staff_id'], unique=False,
                              postgresql_include=['shift_id', 'starts_at', 'ends_at'])
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('ix_shifts_starts')
        batch_op.create_index('ix_shifts_starts', ['starts_at'], unique=False,
                              postgresql_include=['id', 'kind', 'ends_at', 'team_id'])


def downgrade():
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('ix_shifts_starts')
        batch_op.create_index('ix_shifts_starts', ['starts_at'], unique=False, postgresql_include=['id'])
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_assignments_staff_id')
        batch_op.create_index('ix_shift_assignments_staff_id', ['staff_id'], unique=False,
                              postgresql_include=['shift_id', 'starts_at'])
