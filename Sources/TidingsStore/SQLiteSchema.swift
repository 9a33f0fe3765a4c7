import GRDB

/// The SQLite schema, as GRDB migrations. Migrations only ever append.
enum SQLiteSchema {
    /// `PRAGMA application_id` of a Tidings store ("TDNG"), so that a foreign SQLite file is
    /// recognised before anything is written to it.
    static let applicationID: Int32 = 0x5444_4E47

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: articles, journal, sample index, full-text search") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE articles (
                    id INTEGER PRIMARY KEY,
                    canonical_id INTEGER REFERENCES articles(id),
                    similarity REAL,
                    body_sha256 TEXT NOT NULL UNIQUE,
                    title TEXT, source TEXT, dateline TEXT, byline TEXT,
                    published TEXT, language TEXT, url TEXT,
                    format TEXT NOT NULL,
                    body TEXT NOT NULL,
                    raw BLOB NOT NULL,
                    raw_sha256 TEXT NOT NULL,
                    sample_count INTEGER NOT NULL,
                    file TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    CHECK ((canonical_id IS NULL) = (similarity IS NULL))
                );
                CREATE INDEX articles_by_canonical ON articles(canonical_id) WHERE canonical_id IS NOT NULL;

                -- Broder's MOD-m sample of each article's shingles: the candidate index.
                CREATE TABLE sketch (
                    sample INTEGER NOT NULL,
                    article_id INTEGER NOT NULL REFERENCES articles(id),
                    PRIMARY KEY (sample, article_id)
                ) WITHOUT ROWID;

                CREATE TABLE journal (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    recorded_at TEXT NOT NULL,
                    file TEXT NOT NULL,
                    size INTEGER,
                    content_sha256 TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('new', 'duplicate', 'near-duplicate', 'rejected')),
                    article_id INTEGER REFERENCES articles(id),
                    duplicate_of INTEGER REFERENCES articles(id),
                    similarity REAL,
                    reason TEXT,
                    CHECK (CASE outcome
                        WHEN 'new' THEN article_id IS NOT NULL AND duplicate_of IS NULL AND reason IS NULL
                        WHEN 'duplicate' THEN article_id IS NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'near-duplicate' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND similarity IS NOT NULL
                        ELSE article_id IS NULL AND duplicate_of IS NULL AND reason IS NOT NULL END)
                );
                CREATE INDEX journal_by_file ON journal(file);
                CREATE INDEX journal_by_article ON journal(article_id) WHERE article_id IS NOT NULL;
                CREATE INDEX journal_by_duplicate_of ON journal(duplicate_of) WHERE duplicate_of IS NOT NULL;

                CREATE VIRTUAL TABLE articles_fts USING fts5(
                    title, body, content='articles', content_rowid='id',
                    tokenize='unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
                    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END;

                -- The journal is append-only and articles are immutable.
                CREATE TRIGGER articles_no_update BEFORE UPDATE ON articles BEGIN SELECT RAISE(ABORT, 'articles are immutable'); END;
                CREATE TRIGGER articles_no_delete BEFORE DELETE ON articles BEGIN SELECT RAISE(ABORT, 'articles are immutable'); END;
                CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                """)
        }
        migrator.registerMigration("v2: the sample modulus of each article") { db in
            // Stores made before v2 sampled every article with modulus 8.
            try db.execute(sql: "ALTER TABLE articles ADD COLUMN sample_modulus INTEGER NOT NULL DEFAULT 8")
        }
        migrator.registerMigration("v3: claims, the files the daemon is reading") { db in
            // A file is claimed (and its attempt counted) before it is opened, and its claim
            // is released once the file is disposed of: see ClaimStore.
            try db.execute(sql: """
                CREATE TABLE claims (
                    token TEXT PRIMARY KEY,
                    file TEXT NOT NULL,
                    attempts INTEGER NOT NULL CHECK (attempts >= 1),
                    claimed_at TEXT NOT NULL,
                    -- The journal entry of the file, set by the commit that records it.
                    seq INTEGER REFERENCES journal(seq)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v4: how an article's body was found") { db in
            // content-scoring, json-ld-article-body, page-text, … for web pages; NULL for
            // the formats whose body is where the format says (and for articles before v4).
            try db.execute(sql: "ALTER TABLE articles ADD COLUMN extraction TEXT")
        }
        migrator.registerMigration("v5: files of several items, versions and withdrawals") { db in
            // Articles: the sender's identity of the item, and the version this one updates.
            try db.execute(sql: """
                ALTER TABLE articles ADD COLUMN guid TEXT;
                ALTER TABLE articles ADD COLUMN version INTEGER;
                ALTER TABLE articles ADD COLUMN previous_version_id INTEGER REFERENCES articles(id);
                CREATE INDEX articles_by_guid ON articles(guid) WHERE guid IS NOT NULL;
                """)
            // The journal gains outcomes, so it is rebuilt (SQLite cannot change a CHECK):
            // the same rows and sequence numbers, with an item's place in its file and the
            // item's guid. Foreign keys are checked when the migration ends.
            try db.execute(sql: """
                DROP TRIGGER journal_no_update;
                DROP TRIGGER journal_no_delete;
                CREATE TABLE journal_v5 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    recorded_at TEXT NOT NULL,
                    file TEXT NOT NULL,
                    size INTEGER,
                    content_sha256 TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('new', 'duplicate', 'near-duplicate', 'rejected', 'update', 'older-version', 'withdrawn')),
                    article_id INTEGER REFERENCES articles(id),
                    duplicate_of INTEGER REFERENCES articles(id),
                    similarity REAL,
                    reason TEXT,
                    -- For a file of several items: this item's place (1-based) and their number.
                    item INTEGER,
                    items INTEGER,
                    guid TEXT,
                    CHECK ((item IS NULL) = (items IS NULL) AND (item IS NULL OR item BETWEEN 1 AND items)),
                    CHECK (CASE outcome
                        WHEN 'new' THEN article_id IS NOT NULL AND duplicate_of IS NULL AND reason IS NULL
                        WHEN 'duplicate' THEN article_id IS NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'near-duplicate' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND similarity IS NOT NULL
                        WHEN 'update' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'older-version' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'withdrawn' THEN article_id IS NULL AND reason IS NOT NULL
                        ELSE article_id IS NULL AND duplicate_of IS NULL AND reason IS NOT NULL END)
                );
                INSERT INTO journal_v5 (seq, recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason)
                    SELECT seq, recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason FROM journal;
                DROP TABLE journal;
                ALTER TABLE journal_v5 RENAME TO journal;
                CREATE INDEX journal_by_file ON journal(file);
                CREATE INDEX journal_by_article ON journal(article_id) WHERE article_id IS NOT NULL;
                CREATE INDEX journal_by_duplicate_of ON journal(duplicate_of) WHERE duplicate_of IS NOT NULL;
                CREATE INDEX journal_by_guid ON journal(guid) WHERE guid IS NOT NULL;
                CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                """)
        }
        migrator.registerMigration("v6: search indexed after the commit, journal counts kept, raw bytes compressed") { db in
            // The full-text index is filled by ``SQLiteStore/indexForSearch(limit:)`` in large
            // transactions after the commit, not by a trigger inside it: `indexed_through` is
            // the highest article id in the index (ids only grow: articles are never deleted).
            // The journal's counts by outcome are kept as it grows, so that the status line
            // and `stats` need not read the whole journal. Raw bytes are stored compressed
            // from now on (see RawBytesCompression); earlier rows keep theirs as they were.
            try db.execute(sql: """
                ALTER TABLE articles ADD COLUMN raw_size INTEGER;
                ALTER TABLE articles ADD COLUMN raw_encoding TEXT;
                DROP TRIGGER articles_fts_insert;
                CREATE TABLE search_index (indexed_through INTEGER NOT NULL);
                INSERT INTO search_index SELECT coalesce(max(id), 0) FROM articles;
                CREATE TABLE journal_counts (outcome TEXT PRIMARY KEY, entries INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO journal_counts SELECT outcome, count(*) FROM journal GROUP BY outcome;
                CREATE TRIGGER journal_counts_insert AFTER INSERT ON journal BEGIN
                    INSERT INTO journal_counts VALUES (new.outcome, 1) ON CONFLICT (outcome) DO UPDATE SET entries = entries + 1;
                END;
                """)
        }
        migrator.registerMigration("v7: takedowns") { db in
            // A takedown (`tidings remove`) erases an article's content and leaves a
            // tombstone: a `removed` journal entry saying who, when and why, and a row in
            // `removals` that keeps the article's shingle hashes, so that a copy delivered
            // again is still recognised (and not stored) once the text itself is gone.
            // The journal gains the outcome and the actor (SQLite cannot change a CHECK, so
            // it is rebuilt with the same rows, as in v5); a removal is no file's outcome,
            // so its `file` is NULL.
            try db.execute(sql: """
                DROP TRIGGER journal_no_update;
                DROP TRIGGER journal_no_delete;
                DROP TRIGGER journal_counts_insert;
                CREATE TABLE journal_v7 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    recorded_at TEXT NOT NULL,
                    file TEXT,
                    size INTEGER,
                    content_sha256 TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('new', 'duplicate', 'near-duplicate', 'rejected', 'update', 'older-version', 'withdrawn', 'removed')),
                    article_id INTEGER REFERENCES articles(id),
                    duplicate_of INTEGER REFERENCES articles(id),
                    similarity REAL,
                    reason TEXT,
                    item INTEGER,
                    items INTEGER,
                    guid TEXT,
                    -- Who made a removal (the user who ran `tidings remove`, or --by).
                    actor TEXT,
                    CHECK ((file IS NULL) = (outcome = 'removed')),
                    CHECK ((actor IS NULL) = (outcome <> 'removed')),
                    CHECK ((item IS NULL) = (items IS NULL) AND (item IS NULL OR item BETWEEN 1 AND items)),
                    CHECK (CASE outcome
                        WHEN 'new' THEN article_id IS NOT NULL AND duplicate_of IS NULL AND reason IS NULL
                        WHEN 'duplicate' THEN article_id IS NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'near-duplicate' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND similarity IS NOT NULL
                        WHEN 'update' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'older-version' THEN article_id IS NOT NULL AND duplicate_of IS NOT NULL AND reason IS NULL
                        WHEN 'withdrawn' THEN article_id IS NULL AND reason IS NOT NULL
                        WHEN 'removed' THEN article_id IS NOT NULL AND duplicate_of IS NULL AND reason IS NOT NULL
                        ELSE article_id IS NULL AND duplicate_of IS NULL AND reason IS NOT NULL END)
                );
                INSERT INTO journal_v7 (seq, recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason, item, items, guid)
                    SELECT seq, recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason, item, items, guid FROM journal;
                DROP TABLE journal;
                ALTER TABLE journal_v7 RENAME TO journal;
                CREATE INDEX journal_by_file ON journal(file);
                CREATE INDEX journal_by_article ON journal(article_id) WHERE article_id IS NOT NULL;
                CREATE INDEX journal_by_duplicate_of ON journal(duplicate_of) WHERE duplicate_of IS NOT NULL;
                CREATE INDEX journal_by_guid ON journal(guid) WHERE guid IS NOT NULL;
                CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_counts_insert AFTER INSERT ON journal BEGIN
                    INSERT INTO journal_counts VALUES (new.outcome, 1) ON CONFLICT (outcome) DO UPDATE SET entries = entries + 1;
                END;

                CREATE TABLE removals (
                    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
                    seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
                    -- The article's shingle hashes, 8 bytes each (little-endian), sorted.
                    shingles BLOB NOT NULL
                );
                CREATE TRIGGER removals_no_update BEFORE UPDATE ON removals BEGIN SELECT RAISE(ABORT, 'removals are final'); END;
                CREATE TRIGGER removals_no_delete BEFORE DELETE ON removals BEGIN SELECT RAISE(ABORT, 'removals are final'); END;

                -- Articles stay immutable but for one change: the erasure of a removed
                -- article's content, which keeps its identity and fingerprints.
                DROP TRIGGER articles_no_update;
                CREATE TRIGGER articles_no_update BEFORE UPDATE ON articles
                WHEN NOT EXISTS (SELECT 1 FROM removals WHERE article_id = old.id)
                    OR new.id IS NOT old.id OR new.body_sha256 IS NOT old.body_sha256 OR new.raw_sha256 IS NOT old.raw_sha256
                    OR new.canonical_id IS NOT old.canonical_id OR new.similarity IS NOT old.similarity
                    OR new.body <> '' OR length(new.raw) <> 0 OR new.title IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'articles are immutable, but for the erasure of a removed article'); END;
                """)
        }
        migrator.registerMigration("v8: the inbox each file came from, and its tag") { db in
            // A daemon may watch several inboxes: each journal entry and each article says
            // which one its file came from (NULL: `tidings ingest`, or a store older than
            // this), and an article carries the tag its inbox puts on what it receives.
            try db.execute(sql: """
                ALTER TABLE journal ADD COLUMN inbox TEXT;
                ALTER TABLE articles ADD COLUMN inbox TEXT;
                ALTER TABLE articles ADD COLUMN tag TEXT;
                """)
        }
        migrator.registerMigration("v9: full-text merges paced by the store") { db in
            // FTS5 merges its index's segments inside whichever insert crosses its next 64
            // leaf pages written, 64 pages for every level at once: a search round of a few
            // articles took 12–20 ms instead of 2–3 every third of a second, and the files
            // behind it waited. Off, the store merges a bounded number of pages after each
            // round instead (SQLiteStore.indexForSearch). The setting is kept in the index.
            try db.execute(sql: "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 0)")
        }
        migrator.registerMigration("v10: the sample index without a foreign key") { db in
            // Each of an article's ~35 sample rows made SQLite look its article up again to
            // enforce `REFERENCES articles(id)`, ~0.85 µs a row (~30 µs an article) on the
            // writer's thread, which every commit waits on; the store inserts the rows
            // right after their article, and `verify` checks them. SQLite documents this
            // edit of the stored schema for removing a FOREIGN KEY constraint (ALTER TABLE,
            // "Making Other Kinds Of Table Schema Changes"): it changes no stored row, so it
            // takes no time whatever the store's size, where rebuilding the table would copy
            // tens of millions of rows.
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: """
                UPDATE sqlite_schema SET sql = replace(sql, 'article_id INTEGER NOT NULL REFERENCES articles(id),', 'article_id INTEGER NOT NULL,')
                WHERE type = 'table' AND name = 'sketch'
                """)
            let edited = db.changesCount
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
            // The new text is parsed at the next statement: a mistake in it fails here,
            // inside the migration's transaction, and nothing is changed.
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM sketch LIMIT 1)")
            guard edited == 1 else {
                throw StoreError(.corrupt, "the sample index (table sketch) is not defined as this version of Tidings expects")
            }
        }
        return migrator
    }
}
