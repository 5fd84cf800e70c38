"""Quarantined files (a failed file's path and content hash: the next polls skip the same bytes)
and two counts of a run: files left for the next poll (still being written) and quarantined
files skipped.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'quarantined_file',
        sa.Column('path', sa.Text(), nullable=False),
        sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('run_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('path', 'content_hash'),
    )
    with op.batch_alter_table('ingest_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(
            sa.Column('quarantined', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('ingest_run', schema=None) as batch_op:
        batch_op.drop_column('quarantined')
        batch_op.drop_column('waiting')
    op.drop_table('quarantined_file')
