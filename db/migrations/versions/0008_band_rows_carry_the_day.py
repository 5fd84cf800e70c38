"""Cluster band rows carry their story's publication day, so that the cluster look-up passes
over stories published too far apart to be copies without reading them.

SQLite: a column added to ``cluster_band``, a WITHOUT ROWID table (its rows are its primary key's
B-tree, so the day is read with the key). PostgreSQL: the column, and the primary key's index
built again to include it (``INCLUDE``), so that the look-up stays an index-only scan.

The rows stored before get their article's day: one pass over the band table (36 rows a story),
and on PostgreSQL the primary key's index built again: see the README for what that costs on a
large archive.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The day as days since 1970-01-01 (julianday counts from noon, 4714 BC).
SQLITE_DAY = "CAST(julianday(article.published_date) - 2440587.5 AS INTEGER)"
# PostgreSQL: the table written again with the days, rather than every row updated, which would
# leave a dead version of each behind and an index twice the size.
POSTGRESQL_UP = [
    "CREATE TABLE cluster_band_with_days AS SELECT cluster_band.band_key, "
    "cluster_band.article_id, article.published_date - DATE '1970-01-01' AS published_day "
    "FROM cluster_band JOIN article ON article.id = cluster_band.article_id",
    "DROP TABLE cluster_band",
    "ALTER TABLE cluster_band_with_days RENAME TO cluster_band",
    "ALTER TABLE cluster_band ALTER COLUMN band_key SET NOT NULL, "
    "ALTER COLUMN article_id SET NOT NULL",
    "ALTER TABLE cluster_band ADD CONSTRAINT cluster_band_pkey "
    "PRIMARY KEY (band_key, article_id) INCLUDE (published_day)",
    "ALTER TABLE cluster_band ADD CONSTRAINT cluster_band_article_id_fkey "
    "FOREIGN KEY (article_id) REFERENCES article (id) ON DELETE CASCADE",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRESQL_UP:
            op.execute(statement)
        return
    op.add_column('cluster_band', sa.Column('published_day', sa.Integer(), nullable=True))
    op.execute(
        f"UPDATE cluster_band SET published_day = (SELECT {SQLITE_DAY} FROM article "
        "WHERE article.id = cluster_band.article_id)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE cluster_band DROP CONSTRAINT cluster_band_pkey')
        op.execute(
            'ALTER TABLE cluster_band ADD CONSTRAINT cluster_band_pkey '
            'PRIMARY KEY (band_key, article_id)'
        )
    with op.batch_alter_table('cluster_band', schema=None) as batch_op:
        batch_op.drop_column('published_day')
