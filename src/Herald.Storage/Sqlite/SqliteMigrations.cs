namespace Herald.Storage.Sqlite;

/// <summary>
/// The schema, as numbered migrations applied in order inside one transaction each; PRAGMA user_version
/// records the last one applied. Migrations may only be appended: a released number never changes meaning.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "articles, full-text index, topics", """
            CREATE TABLE articles (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                key INTEGER NOT NULL UNIQUE,
                url TEXT,
                canonical_url TEXT,
                title TEXT NOT NULL,
                section TEXT,
                authors TEXT NOT NULL DEFAULT '[]',
                published INTEGER,
                date_only INTEGER NOT NULL DEFAULT 0,
                published_source INTEGER NOT NULL DEFAULT 0,
                outlet TEXT,
                outlet_key TEXT,
                language TEXT,
                text TEXT NOT NULL DEFAULT '',
                image TEXT,
                story TEXT,
                duplicate_of TEXT,
                republished INTEGER,
                first_seen INTEGER NOT NULL,
                content_hash TEXT NOT NULL
            );
            CREATE INDEX ix_articles_published ON articles(published DESC, seq);
            CREATE INDEX ix_articles_story ON articles(story);
            CREATE INDEX ix_articles_outlet ON articles(outlet_key);
            CREATE VIRTUAL TABLE articles_fts USING fts5(
                title, text, outlet,
                content='articles', content_rowid='seq',
                tokenize='porter unicode61 remove_diacritics 2');
            -- New rows are indexed set-wise at the end of each upsert batch (SqliteStore.UpsertAsync), about four
            -- times faster than a per-row trigger; deletes and updates keep triggers.
            CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
                INSERT INTO articles_fts(articles_fts, rowid, title, text, outlet) VALUES ('delete', old.seq, old.title, old.text, old.outlet);
            END;
            CREATE TRIGGER articles_au AFTER UPDATE OF title, text, outlet ON articles BEGIN
                INSERT INTO articles_fts(articles_fts, rowid, title, text, outlet) VALUES ('delete', old.seq, old.title, old.text, old.outlet);
                INSERT INTO articles_fts(rowid, title, text, outlet) VALUES (new.seq, new.title, new.text, new.outlet);
            END;
            CREATE TABLE topics (
                name TEXT PRIMARY KEY COLLATE NOCASE,
                query TEXT NOT NULL,
                created INTEGER NOT NULL
            );
            CREATE TABLE annotations (
                article_id TEXT PRIMARY KEY,
                json TEXT NOT NULL
            );
            """),
        (2, "outlets learned from data", """
            CREATE TABLE outlets (
                key TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                domains TEXT NOT NULL DEFAULT '[]'
            );
            """),
        (3, "language index for filtered search", """
            -- lang:xx narrows a search through this index when the language is a small share of the store
            -- (SqliteStore.FilterSetAsync); without it every match of the words had to be read to check its language.
            CREATE INDEX ix_articles_language ON articles(language);
            """),
        (4, "representative story headlines", """
            -- Written by StoryRebuilder from the clusterer's summaries; read wherever a story is listed.
            CREATE TABLE story_headlines (
                story TEXT PRIMARY KEY,
                headline TEXT NOT NULL
            );
            """),
        (5, "story aliases", """
            -- A story merged into an older one, or renamed by a reconciliation, keeps resolving: alias -> living story.
            CREATE TABLE story_aliases (
                alias TEXT PRIMARY KEY,
                story TEXT NOT NULL,
                at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX ix_story_aliases_story ON story_aliases(story);
            """),
        (6, "ingest ledger", """
            -- Input files whose articles are all stored, by a hash of their bytes and of the engine build
            -- (FileIngestor): re-ingesting unchanged input skips reading and extracting it.
            CREATE TABLE ingested_files (
                hash TEXT PRIMARY KEY,
                path TEXT NOT NULL,
                at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        (7, "content version", """
            -- Grows with every change to what pages show (articles, annotations, stories), and only then: the web's
            -- page cache keys on it, so a fetch cycle that only reschedules its sources keeps the cache valid.
            CREATE TABLE content_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL);
            INSERT INTO content_version VALUES (1, 0);
            CREATE TRIGGER cv_articles_ai AFTER INSERT ON articles BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_articles_au AFTER UPDATE ON articles BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_articles_ad AFTER DELETE ON articles BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_annotations_ai AFTER INSERT ON annotations BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_annotations_au AFTER UPDATE ON annotations BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_annotations_ad AFTER DELETE ON annotations BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_headlines_ai AFTER INSERT ON story_headlines BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_headlines_au AFTER UPDATE ON story_headlines BEGIN UPDATE content_version SET v = v + 1; END;
            CREATE TRIGGER cv_aliases_ai AFTER INSERT ON story_aliases BEGIN UPDATE content_version SET v = v + 1; END;
            """),
        (8, "annotation backlog without scans", """
            -- Every article up to annotated_through needs no annotation (annotated, no body, or a copy), so the backlog
            -- reads only the rows above it, plus the queue of older rows whose content changed (their annotations
            -- were dropped): a fetch cycle no longer reads the whole table to find nothing to annotate.
            CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO store_meta VALUES ('annotated_through', 0);
            CREATE TABLE annotation_queue (article_id TEXT PRIMARY KEY) WITHOUT ROWID;
            """),
        (9, "reader-app accounts and per-user item state", """
            -- Accounts of the reader-app APIs (SqliteStore.Reader.cs): PBKDF2 password hashes, sign-in tokens kept
            -- only as their SHA-256, and read/starred flags per user keyed by the article's seq (the item id).
            CREATE TABLE reader_users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password_hash TEXT NOT NULL,
                created INTEGER NOT NULL
            );
            CREATE TABLE reader_tokens (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL,
                created INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX ix_reader_tokens_user ON reader_tokens(user_id);
            CREATE TABLE reader_state (
                user_id INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                read INTEGER NOT NULL DEFAULT 0,
                starred INTEGER NOT NULL DEFAULT 0,
                changed INTEGER NOT NULL,
                PRIMARY KEY (user_id, seq)
            ) WITHOUT ROWID;
            -- Streams collapse copies into their original and show the copies' outlets: both look copies up by original.
            CREATE INDEX ix_articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
            """),
        (10, "headline-only items are annotated too", """
            -- Headline-only items (seed-page posts, feed items without a body) are annotated from their headline now;
            -- the backlog's watermark had passed over them, so it starts again from the first row (one scan, once).
            UPDATE store_meta SET value = 0 WHERE key = 'annotated_through';
            """),
        (11, "rules: keep, drop, tag or star what a query matches", """
            CREATE TABLE rules (
                id INTEGER PRIMARY KEY,
                action TEXT NOT NULL,
                query TEXT NOT NULL,
                tag TEXT,
                feeds TEXT NOT NULL,
                created INTEGER NOT NULL
            );
            -- What each rule did to which article: 'drop' (hidden from reader apps), 'tag', 'star'. A rule's effects
            -- go with it when it is removed.
            CREATE TABLE rule_effects (
                rule_id INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                effect TEXT NOT NULL,
                PRIMARY KEY (rule_id, seq)
            ) WITHOUT ROWID;
            CREATE INDEX ix_rule_effects_seq ON rule_effects(seq, effect);
            -- Rules apply to every article once as it arrives: this is the seq up to which they have.
            INSERT INTO store_meta VALUES ('rules_through', 0);
            """),
        (12, "countries an article is about, for country: filters and splits", $$"""
            -- Each article's countries: those of the places its annotations resolved (places[].countryCode), or, for a
            -- copy, its original's, as everywhere a copy says what its original says (copies are never annotated).
            -- country:XX is then an index read instead of parsing every match's annotations. Kept by triggers, so
            -- every write path (annotations saved or dropped, an article marked a copy or unmarked) keeps it true;
            -- PostgreSQL migration 7 builds the same table. Articles are never deleted, so no trigger is needed there.
            CREATE TABLE article_countries (
                seq INTEGER NOT NULL,
                country TEXT NOT NULL,
                PRIMARY KEY (seq, country)
            ) WITHOUT ROWID;
            CREATE INDEX ix_article_countries_country ON article_countries(country, seq);
            CREATE TRIGGER countries_annotations_ai AFTER INSERT ON annotations BEGIN
                INSERT OR IGNORE INTO article_countries(seq, country)
                SELECT a.seq, {{Country}} FROM articles a, {{Places("new.json")}}
                WHERE (a.id = new.article_id AND a.duplicate_of IS NULL OR a.duplicate_of = new.article_id) AND {{Country}} GLOB '[A-Z][A-Z]';
            END;
            CREATE TRIGGER countries_annotations_au AFTER UPDATE OF json ON annotations BEGIN
                DELETE FROM article_countries WHERE seq IN
                    (SELECT seq FROM articles WHERE id = old.article_id AND duplicate_of IS NULL OR duplicate_of = old.article_id);
                INSERT OR IGNORE INTO article_countries(seq, country)
                SELECT a.seq, {{Country}} FROM articles a, {{Places("new.json")}}
                WHERE (a.id = new.article_id AND a.duplicate_of IS NULL OR a.duplicate_of = new.article_id) AND {{Country}} GLOB '[A-Z][A-Z]';
            END;
            CREATE TRIGGER countries_annotations_ad AFTER DELETE ON annotations BEGIN
                DELETE FROM article_countries WHERE seq IN
                    (SELECT seq FROM articles WHERE id = old.article_id AND duplicate_of IS NULL OR duplicate_of = old.article_id);
            END;
            -- Marked a copy (or no longer one): the article now says what its original (or it) says. UPDATE OF fires
            -- whenever the column is assigned, hence the WHEN.
            CREATE TRIGGER countries_articles_au AFTER UPDATE OF duplicate_of ON articles WHEN old.duplicate_of IS NOT new.duplicate_of BEGIN
                DELETE FROM article_countries WHERE seq = new.seq;
                INSERT OR IGNORE INTO article_countries(seq, country)
                SELECT new.seq, {{Country}} FROM annotations n, {{Places("n.json")}}
                WHERE n.article_id = coalesce(new.duplicate_of, new.id) AND {{Country}} GLOB '[A-Z][A-Z]';
            END;
            CREATE TRIGGER countries_articles_ai AFTER INSERT ON articles WHEN new.duplicate_of IS NOT NULL BEGIN
                INSERT OR IGNORE INTO article_countries(seq, country)
                SELECT new.seq, {{Country}} FROM annotations n, {{Places("n.json")}}
                WHERE n.article_id = new.duplicate_of AND {{Country}} GLOB '[A-Z][A-Z]';
            END;
            -- The articles annotated before this migration, once.
            INSERT OR IGNORE INTO article_countries(seq, country)
            SELECT a.seq, {{Country}} FROM articles a JOIN annotations n ON n.article_id = coalesce(a.duplicate_of, a.id), {{Places("n.json")}}
            WHERE {{Country}} GLOB '[A-Z][A-Z]';
            """),
    ];

    /// <summary>
    /// The places of an annotations JSON document (<c>AnnotationJson</c>'s <c>places</c>) as rows <c>p</c>, for
    /// <see cref="Country"/>; text that is not JSON gives none rather than failing the write that stores it.
    /// </summary>
    private static string Places(string json) => $"json_each(CASE WHEN json_valid({json}) THEN {json} ELSE '{{}}' END, '$.places') p";

    /// <summary>A place row's country code, upper-cased (callers keep two letters only); null when the place is not an object.</summary>
    private const string Country = "upper(CASE WHEN p.type = 'object' THEN json_extract(p.value, '$.countryCode') END)";
}
