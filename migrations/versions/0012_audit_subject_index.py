"""audit: "who has seen my data" reads a person's events newest first from one index

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # (subject, at) instead of subject alone: the page's newest-first order comes from the
    # index, however the person's events are spread over the years.
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_subject_user_id')
        batch_op.create_index('ix_audit_events_subject', ['subject_user_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_subject')
        batch_op.create_index('ix_audit_events_subject_user_id', ['subject_user_id'], unique=False)
