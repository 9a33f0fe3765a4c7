import Foundation

/// The PostgreSQL schema, as numbered migrations that only ever append, with the same
/// tables and meanings as the SQLite store's (see SQLiteSchema) and three differences:
/// full-text search is PostgreSQL's own (a `tsvector` column kept by the database, in the
/// article's language where it is known, with a GIN index), several daemons share the store
/// (each journal entry and claim names the daemon's instance), and integrity is the
/// server's business (constraints and triggers here; checksums and backups there).
enum PostgreSQLSchema {
    /// What `tidings_store.application` holds in a Tidings store: a database with tables
    /// of its own but not this row is someone else's, and is refused before anything is
    /// written to it.
    static let application = "tidings"

    /// The advisory lock that serialises migrations between daemons starting together.
    static let migrationLock: Int64 = 0x5444_4E47_0000_0001

    /// Each migration's statements, in order; the store's version is how many have run.
    static let migrations: [String] = [v1]

    static var currentVersion: Int { migrations.count }

    /// A migration's statements, one by one: PostgreSQL's extended protocol (the only one
    /// postgres-nio speaks) runs one statement a query. A statement ends with a line ending
    /// in `;` outside a `$$` function body.
    static func statements(of script: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inBody && trimmed.hasSuffix(";") && !trimmed.hasPrefix("--") {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    /// The text-search configuration for an article's language (a BCP 47 tag): PostgreSQL's
    /// stemmer for the languages it has one for, `simple` (words as written) for the rest.
    static let languageConfigurations: [(tag: String, configuration: String)] = [
        ("ar", "arabic"), ("hy", "armenian"), ("eu", "basque"), ("ca", "catalan"), ("da", "danish"), ("nl", "dutch"),
        ("en", "english"), ("fi", "finnish"), ("fr", "french"), ("de", "german"), ("el", "greek"), ("hi", "hindi"),
        ("hu", "hungarian"), ("id", "indonesian"), ("ga", "irish"), ("it", "italian"), ("lt", "lithuanian"),
        ("ne", "nepali"), ("no", "norwegian"), ("nb", "norwegian"), ("nn", "norwegian"), ("pt", "portuguese"),
        ("ro", "romanian"), ("ru", "russian"), ("sr", "serbian"), ("es", "spanish"), ("sv", "swedish"),
        ("ta", "tamil"), ("tr", "turkish"), ("yi", "yiddish"),
    ]

    private static var languageCases: String {
        languageConfigurations.map { "WHEN '\($0.tag)' THEN '\($0.configuration)'" }.joined(separator: " ")
    }

    private static let outcomeCheck = """
        CHECK (outcome IN ('new', 'duplicate', 'near-duplicate', 'rejected', 'update', 'older-version', 'withdrawn', 'removed')),
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
        """

    private static var v1: String {
        """
        CREATE TABLE tidings_store (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            application text NOT NULL,
            schema_version integer NOT NULL,
            created_at text NOT NULL
        );

        CREATE FUNCTION tidings_text_search_configuration(language text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT (CASE lower(split_part(replace(coalesce(language, ''), '_', '-'), '-', 1)) \(languageCases) ELSE 'simple' END)::regconfig
        $$;

        CREATE TABLE articles (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            canonical_id bigint REFERENCES articles(id),
            similarity double precision,
            body_sha256 text NOT NULL UNIQUE,
            title text, source text, dateline text, byline text, published text, language text, url text,
            format text NOT NULL,
            extraction text,
            body text NOT NULL,
            raw bytea NOT NULL,
            raw_size bigint,
            raw_encoding text,
            raw_sha256 text NOT NULL,
            sample_count bigint NOT NULL,
            sample_modulus bigint NOT NULL,
            file text NOT NULL,
            received_at text NOT NULL,
            guid text,
            version bigint,
            previous_version_id bigint REFERENCES articles(id),
            inbox text,
            tag text,
            -- The daemon that stored it (store.instance); NULL for `tidings ingest`.
            instance text,
            search tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector(tidings_text_search_configuration(language), coalesce(title, '')), 'A')
                || setweight(to_tsvector(tidings_text_search_configuration(language), body), 'B')) STORED,
            CHECK ((canonical_id IS NULL) = (similarity IS NULL))
        );
        CREATE INDEX articles_by_canonical ON articles(canonical_id) WHERE canonical_id IS NOT NULL;
        CREATE INDEX articles_by_guid ON articles(guid) WHERE guid IS NOT NULL;
        CREATE INDEX articles_search ON articles USING gin (search);

        -- Broder's MOD-m sample of each article's shingles: the candidate index.
        CREATE TABLE sketch (
            sample bigint NOT NULL,
            article_id bigint NOT NULL REFERENCES articles(id),
            PRIMARY KEY (sample, article_id)
        );

        CREATE TABLE journal (
            seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            recorded_at text NOT NULL,
            file text,
            size bigint,
            content_sha256 text,
            outcome text NOT NULL,
            article_id bigint REFERENCES articles(id),
            duplicate_of bigint REFERENCES articles(id),
            similarity double precision,
            reason text,
            item bigint,
            items bigint,
            guid text,
            actor text,
            inbox text,
            -- The daemon that recorded it (store.instance); NULL for `tidings ingest`.
            instance text,
            \(outcomeCheck)
        );
        CREATE INDEX journal_by_file ON journal(file);
        CREATE INDEX journal_by_article ON journal(article_id) WHERE article_id IS NOT NULL;
        CREATE INDEX journal_by_duplicate_of ON journal(duplicate_of) WHERE duplicate_of IS NOT NULL;
        CREATE INDEX journal_by_guid ON journal(guid) WHERE guid IS NOT NULL;

        CREATE TABLE journal_counts (outcome text PRIMARY KEY, entries bigint NOT NULL);
        CREATE FUNCTION tidings_count_journal_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO journal_counts VALUES (NEW.outcome, 1)
            ON CONFLICT (outcome) DO UPDATE SET entries = journal_counts.entries + 1;
            RETURN NULL;
        END $$;
        CREATE TRIGGER journal_counts_insert AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION tidings_count_journal_entry();

        CREATE FUNCTION tidings_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0];
        END $$;
        CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
            FOR EACH ROW EXECUTE FUNCTION tidings_refuse('the journal is append-only');
        CREATE TRIGGER articles_no_delete BEFORE DELETE ON articles
            FOR EACH ROW EXECUTE FUNCTION tidings_refuse('articles are immutable');

        CREATE TABLE removals (
            article_id bigint PRIMARY KEY REFERENCES articles(id),
            seq bigint NOT NULL UNIQUE REFERENCES journal(seq),
            -- The article's shingle hashes, 8 bytes each (little-endian), sorted.
            shingles bytea NOT NULL
        );
        CREATE TRIGGER removals_no_update BEFORE UPDATE OR DELETE ON removals
            FOR EACH ROW EXECUTE FUNCTION tidings_refuse('removals are final');

        -- Articles stay immutable but for the erasure of a removed article's content.
        CREATE FUNCTION tidings_check_article_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM removals WHERE article_id = OLD.id)
                OR NEW.id IS DISTINCT FROM OLD.id OR NEW.body_sha256 IS DISTINCT FROM OLD.body_sha256
                OR NEW.raw_sha256 IS DISTINCT FROM OLD.raw_sha256 OR NEW.canonical_id IS DISTINCT FROM OLD.canonical_id
                OR NEW.similarity IS DISTINCT FROM OLD.similarity
                OR NEW.body <> '' OR length(NEW.raw) <> 0 OR NEW.title IS NOT NULL THEN
                RAISE EXCEPTION 'articles are immutable, but for the erasure of a removed article';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER articles_no_update BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION tidings_check_article_update();

        -- The files each daemon is reading (see ClaimStore): a daemon sees only its own.
        CREATE TABLE claims (
            instance text NOT NULL,
            token text NOT NULL,
            file text NOT NULL,
            attempts bigint NOT NULL CHECK (attempts >= 1),
            claimed_at text NOT NULL,
            seq bigint REFERENCES journal(seq),
            PRIMARY KEY (instance, token)
        );
        """
    }
}
