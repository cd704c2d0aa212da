"""page speed: an assignment carries its shift's start, kept equal by the foreign key; a team's
shifts by time from the index alone

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 01:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # The rule check's "the people's shifts in the weeks around a period" joined all of their
    # years of assignments with every team's shifts of those weeks; with the shift's start on
    # the assignment, it reads the weeks it needs, by person, from one index. The foreign key
    # on (id, starts_at), ON UPDATE CASCADE, keeps the copy equal when a shift is moved.
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index('uq_shifts_id_starts', ['id', 'starts_at'], unique=True)
        # The roster grid's period (PostgreSQL; SQLite has no INCLUDE).
        batch_op.drop_index('ix_shifts_team_starts')
        batch_op.create_index('ix_shifts_team_starts', ['team_id', 'starts_at'], unique=False,
                              postgresql_include=['id', 'kind', 'ends_at', 'status', 'version', 'title'])
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shift_starts_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE shift_assignments SET shift_starts_at = "
               "(SELECT shifts.starts_at FROM shifts WHERE shifts.id = shift_assignments.shift_id)")
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.alter_column('shift_starts_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_constraint('fk_shift_assignments_shift_id_shifts', type_='foreignkey')
        batch_op.create_foreign_key('fk_shift_assignments_shift_id_shifts', 'shifts',
                                    ['shift_id', 'shift_starts_at'], ['id', 'starts_at'],
                                    ondelete='CASCADE', onupdate='CASCADE')
        batch_op.drop_index('ix_shift_assignments_staff_id')
        batch_op.create_index('ix_shift_assignments_staff_starts', ['staff_id', 'shift_starts_at'], unique=False,
                              postgresql_include=['shift_id', 'starts_at', 'ends_at'])


def downgrade():
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_assignments_staff_starts')
        batch_op.create_index('ix_shift_assignments_staff_id', ['staff_id'], unique=False,
                              postgresql_include=['shift_id', 'starts_at', 'ends_at'])
        batch_op.drop_constraint('fk_shift_assignments_shift_id_shifts', type_='foreignkey')
        batch_op.create_foreign_key('fk_shift_assignments_shift_id_shifts', 'shifts', ['shift_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.drop_column('shift_starts_at')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('ix_shifts_team_starts')
        batch_op.create_index('ix_shifts_team_starts', ['team_id', 'starts_at'], unique=False)
        batch_op.drop_index('uq_shifts_id_starts')
