"""audit search: free text on trigram indexes (PostgreSQL), an object id on its own

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# The search's "contains" on the summary and the action: without these, a rare word read the
# whole log (seconds at 4 million rows). pg_trgm is a trusted extension: the database's owner
# may create it (DEPLOY.md). SQLite, for one person trying the app, scans.
TRIGRAM_INDEXES = {'ix_audit_events_summary_trgm': 'summary', 'ix_audit_events_action_trgm': 'action'}


def upgrade():
    # The search matches an object id without its type: the id first serves both.
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_object')
        batch_op.create_index('ix_audit_events_object', ['object_id', 'object_type'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        for name, column in TRIGRAM_INDEXES.items():
            op.execute(f'CREATE INDEX {name} ON audit_events USING gin (lower({column}) gin_trgm_ops)')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for name in TRIGRAM_INDEXES:
            op.execute(f'DROP INDEX IF EXISTS {name}')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_object')
        batch_op.create_index('ix_audit_events_object', ['object_type', 'object_id'], unique=False)
