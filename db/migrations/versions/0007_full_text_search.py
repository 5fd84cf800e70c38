"""Full-text search over the articles' title and text, kept in step by the database itself.

SQLite: an FTS5 table ``article_fts`` over ``article`` (external content: it holds the index, not
a second copy of the text), kept in step by triggers on insert, delete and any update of the
title or text, in the layout Datasette and sqlite-utils use, so that Datasette finds it for the
``article`` table's own search. And a view ``story``, one row per article with what an editor
scans (day, title, place, primary topic, topics, source, status) for ``newsroom browse``.

PostgreSQL: a generated ``tsvector`` column ``search`` (the ``simple`` configuration: words
lowercased, not stemmed, as FTS5's tokenizer does; the text's first 200,000 characters, well
within a tsvector's 1 MB) with a GIN index.

A later migration that rebuilds ``article`` on SQLite (``batch_alter_table``) drops the triggers
and the view, and renumbers rowids: it must create them again and rebuild ``article_fts``.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 19:10:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    'CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content="article", content_rowid="rowid")',
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    """CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        INSERT INTO article_fts (article_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    """CREATE TRIGGER article_fts_update AFTER UPDATE OF title, text ON article BEGIN
        INSERT INTO article_fts (article_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO article_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE VIEW story AS SELECT
        article.rowid AS rowid,
        article.id AS id,
        article.published_date AS day,
        article.title AS title,
        coalesce(article.dateline_city, article.dateline_location) AS place,
        article.dateline_country_code AS country,
        (SELECT topic.label FROM article_topic JOIN topic ON topic.code = article_topic.topic_code
            WHERE article_topic.article_id = article.id AND topic.level = 1
            ORDER BY article_topic.score DESC, topic.code LIMIT 1) AS primary_topic,
        (SELECT json_group_array(label) FROM (
            SELECT topic.label AS label FROM article_topic
                JOIN topic ON topic.code = article_topic.topic_code
                WHERE article_topic.article_id = article.id
                ORDER BY article_topic.score DESC, topic.code)) AS topics,
        source.name AS source,
        article.status AS status,
        article.version AS version,
        article.cluster AS cluster,
        article.word_count AS words,
        article.url AS url
    FROM article JOIN source ON source.id = article.source_id""",
]

SQLITE_DOWN = [
    'DROP VIEW story',
    'DROP TRIGGER article_fts_update',
    'DROP TRIGGER article_fts_delete',
    'DROP TRIGGER article_fts_insert',
    'DROP TABLE article_fts',
]

POSTGRESQL_UP = [
    "ALTER TABLE article ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || left(text, 200000))) STORED",
    'CREATE INDEX ix_article_search ON article USING gin (search)',
]

POSTGRESQL_DOWN = ['DROP INDEX ix_article_search', 'ALTER TABLE article DROP COLUMN search']


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in SQLITE_UP if sqlite else POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in SQLITE_DOWN if sqlite else POSTGRESQL_DOWN:
        op.execute(statement)
