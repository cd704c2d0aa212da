"""recruitment settings: a version on the checklist's and the onboarding template's items

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Two people editing one item at once: the second save is refused instead of overwriting the
# first (check_version), as every other edit form does.
TABLES = ('recruitment_checklist_template', 'recruitment_onboarding_template')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
