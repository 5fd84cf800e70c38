"""Listings by topic and place at archive scale: the article's publication date on its topic and
place rows, indexed with the topic or country, so that the newest stories of a topic or place are
read from one index in order.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 14:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {  # table: (old index, its column, new index)
    'article_topic': ('ix_article_topic_topic_code', 'topic_code', 'ix_article_topic_topic_date'),
    'article_place': ('ix_article_place_country_code', 'country_code', 'ix_article_place_country_date'),
}


def upgrade() -> None:
    for table, (old_index, column, new_index) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('published_date', sa.Date(), nullable=True))
        op.execute(
            f'UPDATE {table} SET published_date = '
            f'(SELECT article.published_date FROM article WHERE article.id = {table}.article_id)'
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(old_index)
            batch_op.create_index(new_index, [column, 'published_date'], unique=False)


def downgrade() -> None:
    for table, (old_index, column, new_index) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(new_index)
            batch_op.create_index(old_index, [column], unique=False)
            batch_op.drop_column('published_date')
