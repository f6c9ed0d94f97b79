"""The SQLite archive's tables, version by version: the statements that make each one.

:mod:`paperledge._formats.sqlite` runs them to bring an archive forward (its
``PRAGMA user_version`` says which it has).  A version's statements are never
changed once released: an archive of version ``n`` becomes ``n + 1`` by the
statements of ``n + 1`` alone, so an old archive and a new one end equal.
"""

from __future__ import annotations

from .._model.paper import PAPER_COLUMNS as NAMES

__all__ = [
    "EPISODE_COLUMNS",
    "FTS_COLUMNS",
    "PAPER_COLUMNS",
    "SCHEMA_V1",
    "SCHEMA_V2",
    "SCHEMA_V3",
    "SHOW_COLUMNS",
    "V3_EPISODE_COLUMNS",
]

SHOW_COLUMNS = (
    "title",
    "description",
    "host",
    "url",
    "feed_url",
    "image_url",
    "next_page_url",
    "previous_page_url",
    "language",
    "categories",
    "explicit",
    "new_feed_url",
    "diagnostics",
)
EPISODE_COLUMNS = (
    "published",
    "title",
    "description",
    "url",
    "guid",
    "published_at",
    "audio_url",
    "audio_type",
    "audio_length",
    "duration",
    "image_url",
    "subtitle",
    "episode_type",
    "number",
    "season",
    "explicit",
    "persons",
    "other_enclosures",
    "chapters",
    "transcripts",
)
_DERIVED = ("category", "paper_title", "arxiv_code", "duration_seconds")

#: The linked paper's columns of ``episodes`` (version 2), each with the
#: :class:`~paperledge.Paper` field it holds; all NULL when none is linked.
PAPER_COLUMNS = tuple(
    (NAMES[field], field, kind)
    for field, kind in (
        ("arxiv_id", "TEXT"),
        ("version", "INTEGER"),
        ("title", "TEXT"),
        ("authors", "TEXT"),
        ("primary_category", "TEXT"),
        ("published", "TEXT"),
        ("abstract_url", "TEXT"),
        ("pdf_url", "TEXT"),
        ("matched_by", "TEXT"),
        ("score", "REAL"),
    )
)

#: The full-text index's columns (version 2), in the order bm25 weighs them.
FTS_COLUMNS = ("title", "paper_title", "description", "authors", "arxiv_title")
_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"

SCHEMA_V1 = (
    f"CREATE TABLE show (id INTEGER PRIMARY KEY CHECK (id = 1), "
    f"{', '.join(SHOW_COLUMNS)}, extra TEXT NOT NULL DEFAULT '{{}}')",
    f"CREATE TABLE episodes (id INTEGER PRIMARY KEY, position INTEGER NOT NULL, "
    f"{', '.join(EPISODE_COLUMNS)}, {', '.join(_DERIVED)}, "
    f"extra TEXT NOT NULL DEFAULT '{{}}')",
    "CREATE INDEX episodes_published ON episodes (published)",
    "CREATE INDEX episodes_category ON episodes (category)",
    "CREATE INDEX episodes_arxiv_code ON episodes (arxiv_code)",
    "CREATE INDEX episodes_guid ON episodes (guid)",
    "CREATE INDEX episodes_position ON episodes (position)",
    "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "is_group INTEGER NOT NULL, UNIQUE (name, is_group))",
    "CREATE TABLE episode_authors (episode_id INTEGER NOT NULL REFERENCES episodes (id), "
    "position INTEGER NOT NULL, author_id INTEGER NOT NULL REFERENCES authors (id), "
    "PRIMARY KEY (episode_id, position))",
    "CREATE INDEX episode_authors_author ON episode_authors (author_id)",
    "CREATE TABLE match_keys (rule TEXT NOT NULL, day INTEGER NOT NULL, key TEXT NOT NULL, "
    "episode_id INTEGER NOT NULL REFERENCES episodes (id))",
    "CREATE INDEX match_keys_key ON match_keys (rule, day, key)",
    "CREATE INDEX match_keys_episode ON match_keys (episode_id)",
    "CREATE VIRTUAL TABLE episodes_fts USING fts5("
    f"title, paper_title, description, authors, {_TOKENIZER})",
)

# Version 2: the linked paper in columns of its own (an index on its arXiv
# id), its title in the full-text index, and the category and the order of
# the newest first indexed as search uses them.  FTS5 cannot add a column, so
# the index is made anew from the old one's stored text; the paper's title
# is filled in by the migration, which reads the papers version 1 kept in
# ``extra``.
SCHEMA_V2 = (
    *(f"ALTER TABLE episodes ADD COLUMN {name} {kind}" for name, _field, kind in PAPER_COLUMNS),
    "CREATE INDEX episodes_arxiv_id ON episodes (arxiv_id)",
    # search's category filter compares names whatever their case.
    "CREATE INDEX episodes_category_nocase ON episodes (category COLLATE NOCASE)",
    # search without a query lists the newest first, ties in archive order.
    "CREATE INDEX episodes_newest ON episodes (published DESC, id)",
    # search's author filter goes from a name to its episodes by the index alone.
    "DROP INDEX episode_authors_author",
    "CREATE INDEX episode_authors_author ON episode_authors (author_id, episode_id)",
    f"CREATE VIRTUAL TABLE episodes_fts_v2 USING fts5({', '.join(FTS_COLUMNS)}, {_TOKENIZER})",
    "INSERT INTO episodes_fts_v2 (rowid, title, paper_title, description, authors, arxiv_title) "
    "SELECT rowid, title, paper_title, description, authors, '' FROM episodes_fts",
    "DROP TABLE episodes_fts",
    "ALTER TABLE episodes_fts_v2 RENAME TO episodes_fts",
)

#: The episode columns version 3 added: who made the episode, as a general
#: feed names them (:attr:`~paperledge.Episode.creators`), a JSON array.
V3_EPISODE_COLUMNS = ("creators",)

# Version 3: the creators in a column of their own, taken out of ``extra``
# where a model that had them wrote them there.
SCHEMA_V3 = (
    *(f"ALTER TABLE episodes ADD COLUMN {name} TEXT" for name in V3_EPISODE_COLUMNS),
    "UPDATE episodes SET creators = json_extract(extra, '$.creators'), "
    "extra = json_remove(extra, '$.creators') "
    "WHERE json_type(extra, '$.creators') = 'array'",
)
