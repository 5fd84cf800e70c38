"""Browse's facets at archive scale: each story's place and primary topic (code and label) stored
on its article row and indexed, so that counting stories by topic or place reads one index
instead of every story's tags.

The rows stored before get them here, by the rule the ``story`` view followed until now (the
place: the dateline's city, else its location; the primary topic: of the story's top-level
topics, the one with the highest score, the first code of equal ones); from now on every write
of an article's tags and dateline stores them (``db.crud``).

The indexes browse's facets count from hold the source too, which the ``story`` view joins: a
facet on the topic, place, country, status or day is then a scan of one index, its source read
with it. The dateline country's index becomes one of the country, the day and the source, as
those of the topic and place are made; the status's and the day's get the source. The newest
stories of one value (a facet clicked) are read from the index in date order, not sorted with
every story's tags read first.

SQLite: the ``story`` view made again to read the stored columns.

The columns are added with ``ALTER TABLE ... ADD COLUMN``, not by rebuilding ``article``: a rebuild
would drop the full-text triggers of 0007.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Browse's facets count from these, each the column, the day and the source (which the story
# view joins); a value's newest stories are read from them in order.
INDEXES = {
    'ix_article_primary_topic_date': ['primary_topic', 'published_date', 'source_id'],
    'ix_article_place_date': ['place', 'published_date', 'source_id'],
    'ix_article_dateline_country_date': ['dateline_country_code', 'published_date', 'source_id'],
    'ix_article_language': ['language'],  # the article table's facet
}
REPLACED = {  # index: (columns before, columns now); a name gone is None
    'ix_article_dateline_country_code': (['dateline_country_code'], None),
    'ix_article_status': (['status'], ['status', 'source_id']),
    'ix_article_published_date': (['published_date'], ['published_date', 'source_id']),
}


def primary_topic(column: str) -> str:
    return (
        f'(SELECT topic.{column} FROM article_topic JOIN topic ON topic.code = '
        'article_topic.topic_code WHERE article_topic.article_id = article.id AND topic.level = 1 '
        'ORDER BY article_topic.score DESC, topic.code LIMIT 1)'
    )


BACKFILL = (
    'UPDATE article SET place = coalesce(dateline_city, dateline_location), '
    f"primary_topic_code = {primary_topic('code')}, primary_topic = {primary_topic('label')} "
    # only the rows that get a value: on PostgreSQL an UPDATE writes the row again
    'WHERE dateline_city IS NOT NULL OR dateline_location IS NOT NULL OR EXISTS '
    '(SELECT 1 FROM article_topic WHERE article_topic.article_id = article.id)'
)

TOPICS = """(SELECT json_group_array(label) FROM (
            SELECT topic.label AS label FROM article_topic
                JOIN topic ON topic.code = article_topic.topic_code
                WHERE article_topic.article_id = article.id
                ORDER BY article_topic.score DESC, topic.code)) AS topics"""

STORY = """CREATE VIEW story AS SELECT
        article.rowid AS rowid,
        article.id AS id,
        article.published_date AS day,
        article.title AS title,
        {place} AS place,
        article.dateline_country_code AS country,
        {primary_topic} AS primary_topic,
        {topics},
        source.name AS source,
        article.status AS status,
        article.version AS version,
        article.cluster AS cluster,
        article.word_count AS words,
        article.url AS url
    FROM article JOIN source ON source.id = article.source_id"""

STORY_STORED = STORY.format(
    place='article.place',
    primary_topic='article.primary_topic',
    topics=TOPICS,
)
STORY_0007 = STORY.format(
    place='coalesce(article.dateline_city, article.dateline_location)',
    primary_topic=primary_topic('label'),
    topics=TOPICS,
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('DROP VIEW story')
    op.add_column(
        'article',
        sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )
    op.add_column(
        'article',
        sa.Column('primary_topic_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    )
    op.add_column(
        'article',
        sa.Column('primary_topic', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )
    op.execute(BACKFILL)
    for name, (_, now) in REPLACED.items():
        op.drop_index(name, table_name='article')
        if now:
            op.create_index(name, 'article', now, unique=False)
    for name, columns in INDEXES.items():
        op.create_index(name, 'article', columns, unique=False)
    if sqlite:
        op.execute(STORY_STORED)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('DROP VIEW story')
    for name in INDEXES:
        op.drop_index(name, table_name='article')
    for name, (before, now) in REPLACED.items():
        if now:
            op.drop_index(name, table_name='article')
        op.create_index(name, 'article', before, unique=False)
    for column in ('primary_topic', 'primary_topic_code', 'place'):
        op.execute(f'ALTER TABLE article DROP COLUMN {column}')
    if sqlite:
        op.execute(STORY_0007)
