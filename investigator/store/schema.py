"""The review file's schema, built only through these migrations.

``PRAGMA user_version`` always equals the number of applied migrations, so a
file from a newer version is recognised before anything touches it.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# 'INVG': marks an SQLite file as an Investigator review.
APPLICATION_ID = 0x494E5647

migrations = Migrations("investigator")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(_INITIAL)
    _set_version(db, 1)


def _set_version(db: Database, version: int) -> None:
    """Written inside the migration's transaction, so the two never disagree."""
    db.conn.execute(f"PRAGMA user_version = {int(version)}")


_INITIAL = """
CREATE TABLE review (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    terms_of_reference TEXT NOT NULL DEFAULT '',
    reviewers TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    framework_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE frameworks (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE themes (
    id TEXT PRIMARY KEY,
    framework_id TEXT NOT NULL REFERENCES frameworks(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    guidance TEXT NOT NULL DEFAULT '',
    lexicon TEXT NOT NULL DEFAULT '[]',
    quadrant_questions TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL DEFAULT 0,
    UNIQUE (framework_id, code)
);
CREATE TABLE subjects (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE,
    community TEXT NOT NULL DEFAULT '',
    communication_needs TEXT NOT NULL DEFAULT '',
    care_pathway TEXT NOT NULL DEFAULT '',
    forensic_history TEXT NOT NULL DEFAULT '',
    substance_use TEXT NOT NULL DEFAULT '',
    attributes TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    time TEXT,
    agency TEXT NOT NULL DEFAULT '',
    author_role TEXT NOT NULL DEFAULT '',
    event_type TEXT NOT NULL DEFAULT 'other',
    summary TEXT NOT NULL,
    should_have_happened TEXT NOT NULL DEFAULT '',
    analysis TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    missed_opportunity INTEGER NOT NULL DEFAULT 0,
    care_problem INTEGER NOT NULL DEFAULT 0,
    notable_practice INTEGER NOT NULL DEFAULT 0
);
-- Covering (id included): the chronology's order is read for every filter.
CREATE INDEX events_by_date ON events (date_start, time, seq, id);
CREATE INDEX events_by_agency ON events (agency COLLATE NOCASE);
CREATE INDEX events_by_type ON events (event_type);
CREATE TABLE event_subjects (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, subject_id)
) WITHOUT ROWID;
CREATE INDEX event_subjects_by_subject ON event_subjects (subject_id, event_id);
CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    theme_id TEXT NOT NULL REFERENCES themes(id),
    rationale TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'manual',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (event_id, theme_id)
);
CREATE INDEX tags_by_theme ON tags (theme_id, event_id);
CREATE TABLE suggestion_decisions (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    theme_id TEXT NOT NULL REFERENCES themes(id),
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    UNIQUE (event_id, theme_id)
);
CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    theme_id TEXT REFERENCES themes(id),
    title TEXT NOT NULL,
    narrative TEXT NOT NULL DEFAULT '',
    evidence_event_ids TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE learning_points (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    theme_ids TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE quadrant_items (
    id TEXT PRIMARY KEY,
    quadrant TEXT NOT NULL,
    question TEXT NOT NULL,
    theme_ids TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE bulletins (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    introduction TEXT NOT NULL DEFAULT '',
    sections TEXT NOT NULL DEFAULT '[]',
    learning_point_ids TEXT NOT NULL DEFAULT '[]',
    quadrant_item_ids TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE TABLE identifiers (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    replacement TEXT NOT NULL,
    subject_id TEXT REFERENCES subjects(id)
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    action_id TEXT NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_by_action ON audit (action_id);
CREATE VIRTUAL TABLE events_fts USING fts5 (
    summary, should_have_happened, analysis, agency, source,
    content='events', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
-- While a bulk insert is under way (one transaction), rows are indexed in one
-- statement at its end instead of one by one: several times faster.
CREATE TABLE fts_control (id INTEGER PRIMARY KEY CHECK (id = 1), deferred INTEGER NOT NULL);
INSERT INTO fts_control (id, deferred) VALUES (1, 0);
CREATE TRIGGER events_fts_insert AFTER INSERT ON events
WHEN (SELECT deferred FROM fts_control WHERE id = 1) = 0 BEGIN
    INSERT INTO events_fts (rowid, summary, should_have_happened, analysis, agency, source)
    VALUES (new.seq, new.summary, new.should_have_happened, new.analysis, new.agency, new.source);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, summary, should_have_happened, analysis, agency, source)
    VALUES ('delete', old.seq, old.summary, old.should_have_happened, old.analysis, old.agency, old.source);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF summary, should_have_happened, analysis, agency, source ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, summary, should_have_happened, analysis, agency, source)
    VALUES ('delete', old.seq, old.summary, old.should_have_happened, old.analysis, old.agency, old.source);
    INSERT INTO events_fts (rowid, summary, should_have_happened, analysis, agency, source)
    VALUES (new.seq, new.summary, new.should_have_happened, new.analysis, new.agency, new.source);
END
"""

# The number of migrations above; tests check the two agree.
SCHEMA_VERSION = 1
