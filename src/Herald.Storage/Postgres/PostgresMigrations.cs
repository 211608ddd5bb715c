namespace Herald.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, as numbered migrations applied in order, each in one transaction that also records it in
/// <c>schema_migrations</c>. Migrations may only be appended: a released number never changes meaning. The numbering
/// is PostgreSQL's own (SQLite's <c>SqliteMigrations</c> counts separately), since the two schemas differ in shape.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "articles partitioned by month, identity registry, full-text search, topics, stories, annotations", """
            -- Text search: the English Snowball stemmer without a stop-word list (as SQLite's FTS5 porter tokenizer:
            -- a phrase such as "in Iraq" must keep its "in"), with accents folded when the unaccent extension can be
            -- had (it is a trusted extension since PostgreSQL 13, so a database owner may create it).
            CREATE TEXT SEARCH DICTIONARY herald_stem (TEMPLATE = snowball, Language = english);
            CREATE TEXT SEARCH CONFIGURATION herald (COPY = pg_catalog.english);
            DO $$
            DECLARE dict text;
            BEGIN
                BEGIN
                    CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
                EXCEPTION WHEN others THEN
                    NULL;
                END;
                SELECT quote_ident(n.nspname) || '.unaccent' INTO dict
                FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE d.dictname = 'unaccent' LIMIT 1;
                EXECUTE 'ALTER TEXT SEARCH CONFIGURATION herald ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH '
                    || coalesce(dict || ', ', '') || 'herald_stem';
            END $$;

            -- Identity registry. PostgreSQL enforces a unique index on a partitioned table only when it contains the
            -- partition key, so "one row per identity key" and "one row per article id" cannot be unique indexes on
            -- articles (a key is unique across all months, not within one). This small unpartitioned table holds them
            -- and hands out the 64-bit sequence number; articles rows are found through it by (seq, at), which prunes
            -- to one partition. at is the article's partition time, kept equal to articles.at by the store.
            CREATE TABLE article_ids (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key bigint NOT NULL UNIQUE,
                id text NOT NULL UNIQUE,
                at timestamptz NOT NULL
            );

            -- Articles, partitioned by month of at = coalesce(published, first_seen), the time every chronological read
            -- and the story windows use. Monthly partitions are created on demand by the store before it writes into
            -- them. The primary key (seq, at) contains the partition key as PostgreSQL requires; seq alone is unique
            -- through article_ids.
            CREATE TABLE articles (
                seq bigint NOT NULL,
                at timestamptz NOT NULL,
                id text NOT NULL,
                key bigint NOT NULL,
                url text,
                canonical_url text,
                title text NOT NULL,
                section text,
                authors text NOT NULL DEFAULT '[]',
                published timestamptz,
                date_only boolean NOT NULL DEFAULT false,
                published_source integer NOT NULL DEFAULT 0,
                outlet text,
                outlet_key text,
                language text,
                text text NOT NULL DEFAULT '',
                image text,
                story text,
                duplicate_of text,
                republished timestamptz,
                first_seen timestamptz NOT NULL,
                content_hash text NOT NULL,
                -- Weights as SQLite's bm25(10, 1, 2): title A, outlet B, body D (ranked with weights 1.0 / 0.2 / 0.1).
                -- The body is indexed up to 200,000 characters: a tsvector may not exceed 1 MB, and one oversized
                -- page must not make its whole upsert batch fail; FTS5 has no such limit, so only words past that
                -- point of such a page differ between the stores.
                tsv tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('herald', title), 'A') ||
                    setweight(to_tsvector('herald', coalesce(outlet, '')), 'B') ||
                    setweight(to_tsvector('herald', left(text, 200000)), 'D')) STORED,
                PRIMARY KEY (seq, at)
            ) PARTITION BY RANGE (at);
            CREATE INDEX ix_articles_tsv ON articles USING gin (tsv);
            CREATE INDEX ix_articles_published ON articles (published DESC NULLS LAST, seq);
            CREATE INDEX ix_articles_at ON articles (at, seq);
            CREATE INDEX ix_articles_id ON articles (id);
            CREATE INDEX ix_articles_story ON articles (story);
            CREATE INDEX ix_articles_outlet ON articles (outlet_key);
            CREATE INDEX ix_articles_language ON articles (language);
            CREATE INDEX ix_articles_unclustered ON articles (at) WHERE story IS NULL;

            CREATE TABLE topics (
                name text NOT NULL,
                query text NOT NULL,
                created timestamptz NOT NULL
            );
            -- Topic names compare without case, as SQLite's COLLATE NOCASE.
            CREATE UNIQUE INDEX ix_topics_name ON topics (lower(name));

            CREATE TABLE annotations (
                article_id text PRIMARY KEY,
                json text NOT NULL
            );
            -- The annotation backlog: articles whose content is new or changed, written in the same transaction as
            -- the article. SQLite keeps a watermark over its sequence instead, which is sound there because one writer
            -- commits sequence numbers in order; concurrent PostgreSQL writers commit them out of order, and a
            -- watermark could pass a row still uncommitted and never annotate it.
            CREATE TABLE annotation_queue (article_id text PRIMARY KEY, seq bigint NOT NULL);
            CREATE INDEX ix_annotation_queue_seq ON annotation_queue (seq);

            CREATE TABLE story_headlines (
                story text PRIMARY KEY,
                headline text NOT NULL
            );
            CREATE TABLE story_aliases (
                alias text PRIMARY KEY,
                story text NOT NULL,
                at timestamptz NOT NULL
            );
            CREATE INDEX ix_story_aliases_story ON story_aliases (story);

            CREATE TABLE outlets (
                key text PRIMARY KEY,
                name text NOT NULL,
                domains text NOT NULL DEFAULT '[]'
            );
            -- Webhooks and their deliveries; UNIQUE (webhook_id, story) announces a story at most once per webhook.
            CREATE TABLE webhooks (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                topic text NOT NULL,
                url text NOT NULL,
                secret text NOT NULL,
                created timestamptz NOT NULL
            );
            CREATE TABLE webhook_deliveries (
                seq bigint GENERATED ALWAYS AS IDENTITY,
                id text PRIMARY KEY,
                webhook_id bigint NOT NULL,
                story text NOT NULL,
                payload text NOT NULL,
                state integer NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt timestamptz NOT NULL,
                last_error text,
                created timestamptz NOT NULL,
                UNIQUE (webhook_id, story)
            );
            CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (state, next_attempt);
            CREATE TABLE ingested_files (
                hash text PRIMARY KEY,
                path text NOT NULL,
                at timestamptz NOT NULL
            );
            """),
        (2, "sources, item identity keys, full-text work list", """
            -- Followed feeds and their fetch state (SourceStore's tables, in the same database as the articles, so
            -- every fetching process shares one schedule).
            CREATE TABLE sources (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                url text NOT NULL UNIQUE,
                title text,
                added timestamptz NOT NULL,
                etag text,
                last_modified text,
                content_hash text,
                last_fetched timestamptz,
                last_unconditional timestamptz,
                next_poll timestamptz NOT NULL,
                interval_s bigint NOT NULL,
                failures integer NOT NULL DEFAULT 0,
                last_failure integer NOT NULL DEFAULT 0,
                last_problem text,
                items_seen integer NOT NULL DEFAULT 0,
                last_new_item timestamptz
            );
            CREATE TABLE item_keys (
                key text PRIMARY KEY,
                article_id text NOT NULL
            );
            CREATE TABLE fulltext_pending (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                article_id text NOT NULL UNIQUE
            );
            """),
        (3, "headline-only items are annotated too", """
            -- Headline-only items are annotated from their headline now: queue the ones stored before that.
            INSERT INTO annotation_queue(article_id, seq)
            SELECT k.id, k.seq FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at
            WHERE length(a.text) = 0 AND length(a.title) > 0 AND a.duplicate_of IS NULL
              AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = k.id)
            ON CONFLICT DO NOTHING;
            """),
        (4, "an index on duplicate_of, for counting an original's copies (GDELT exports)", """
            -- The GDELT exports count each original's copies (NumSources, NumArticles); without this index that count
            -- scans every partition once per exported article.
            CREATE INDEX ix_articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
            """),
        (5, "rules: keep, drop, tag or star what a query matches", """
            CREATE TABLE rules (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                action text NOT NULL,
                query text NOT NULL,
                tag text,
                feeds text NOT NULL,
                created timestamptz NOT NULL
            );
            -- What each rule did to which article: 'drop' (hidden from reader apps), 'tag', 'star'. A rule's effects
            -- go with it when it is removed; one row per rule and article, so an effect is carried out once.
            CREATE TABLE rule_effects (
                rule_id bigint NOT NULL,
                seq bigint NOT NULL,
                effect text NOT NULL,
                PRIMARY KEY (rule_id, seq)
            );
            CREATE INDEX ix_rule_effects_seq ON rule_effects (seq, effect);

            -- Articles stored since rules last ran over them. SQLite keeps a watermark over its sequence; here
            -- concurrent writers commit sequence numbers out of order (as for annotation_queue), so new rows are
            -- queued by a trigger in the transaction that stores them, which no writer can forget. While there are
            -- no rules nothing is queued, and a rule applies to articles stored from its creation on.
            CREATE TABLE rule_queue (seq bigint PRIMARY KEY);
            CREATE FUNCTION herald_queue_for_rules() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM rules) THEN
                    INSERT INTO rule_queue (seq) SELECT seq FROM arrived ON CONFLICT DO NOTHING;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER article_ids_queue_for_rules AFTER INSERT ON article_ids
                REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION herald_queue_for_rules();
            """),
        (6, "the full-text index leaves the articles table", """
            -- A stored generated tsvector is computed again on every UPDATE of its row, and a row that is not updated in
            -- place gets new GIN entries for every word: assigning a story to 2,000 articles took 132 ms with the
            -- column and 11 ms without it. The index now lives in its own table, written by triggers only when the
            -- title, outlet or body changes (or the row moves to another month), so story, copy and republication
            -- writes no longer touch it. Same weights and the same 200,000-character bound as before.
            -- published, outlet_key and language ride along, so a search ranks, orders and filters its matches by
            -- date, outlet and language without visiting their article rows.
            CREATE TABLE article_search (
                seq bigint PRIMARY KEY,
                at timestamptz NOT NULL,
                published timestamptz,
                outlet_key text,
                language text,
                tsv tsvector NOT NULL
            );
            INSERT INTO article_search (seq, at, published, outlet_key, language, tsv)
            SELECT seq, at, published, outlet_key, language, tsv FROM articles;
            DROP INDEX ix_articles_tsv;
            ALTER TABLE articles DROP COLUMN tsv;
            CREATE INDEX ix_article_search_tsv ON article_search USING gin (tsv);

            CREATE FUNCTION herald_article_tsv(title text, outlet text, body text) RETURNS tsvector LANGUAGE sql STABLE AS $$
                SELECT setweight(to_tsvector('herald', title), 'A') ||
                       setweight(to_tsvector('herald', coalesce(outlet, '')), 'B') ||
                       setweight(to_tsvector('herald', left(body, 200000)), 'D')
            $$;
            -- Row triggers: a row moved to another month's partition by an UPDATE arrives as a DELETE and an INSERT
            -- (or as an UPDATE of at), and every one of those keeps the index row in step.
            CREATE FUNCTION herald_index_article() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM article_search WHERE seq = OLD.seq AND at = OLD.at;
                ELSE
                    INSERT INTO article_search (seq, at, published, outlet_key, language, tsv)
                    VALUES (NEW.seq, NEW.at, NEW.published, NEW.outlet_key, NEW.language, herald_article_tsv(NEW.title, NEW.outlet, NEW.text))
                    ON CONFLICT (seq) DO UPDATE SET at = excluded.at, published = excluded.published, outlet_key = excluded.outlet_key,
                        language = excluded.language, tsv = excluded.tsv;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER articles_index_insert AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION herald_index_article();
            CREATE TRIGGER articles_index_update AFTER UPDATE OF title, outlet, outlet_key, language, text, at, published ON articles FOR EACH ROW EXECUTE FUNCTION herald_index_article();
            CREATE TRIGGER articles_index_delete AFTER DELETE ON articles FOR EACH ROW EXECUTE FUNCTION herald_index_article();
            """),
        (7, "countries an article is about, for country: filters", """
            -- Each article's countries: those of the places its annotations resolved (places[].countryCode), or, for a
            -- copy, its original's (copies are never annotated; a copy says what its original says). country:XX is
            -- then an index read. Kept by triggers, so every write path keeps it true; SQLite's migration 12 builds the
            -- same table. Keyed by seq, which an article keeps when a corrected date moves it to another partition.
            CREATE TABLE article_countries (
                seq bigint NOT NULL,
                country text NOT NULL,
                PRIMARY KEY (seq, country)
            );
            CREATE INDEX ix_article_countries_country ON article_countries (country, seq);

            -- The distinct countries of the places in an annotations document, upper-cased, two letters only; text
            -- that is not JSON gives none rather than failing the write that stores it.
            CREATE FUNCTION herald_place_countries(doc text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE AS $$
            DECLARE j jsonb;
            BEGIN
                BEGIN
                    j := doc::jsonb;
                EXCEPTION WHEN others THEN
                    RETURN;
                END;
                IF jsonb_typeof(j -> 'places') IS DISTINCT FROM 'array' THEN
                    RETURN;
                END IF;
                RETURN QUERY SELECT DISTINCT upper(p ->> 'countryCode') FROM jsonb_array_elements(j -> 'places') p
                    WHERE jsonb_typeof(p) = 'object' AND upper(p ->> 'countryCode') ~ '^[A-Z]{2}$';
            END $$;

            -- One article's rows, from the annotations of source (its own id, or its original's when it is a copy).
            CREATE FUNCTION herald_set_countries(article bigint, source text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM article_countries WHERE seq = article;
                INSERT INTO article_countries (seq, country)
                SELECT article, c FROM annotations n CROSS JOIN LATERAL herald_place_countries(n.json) c
                WHERE n.article_id = source ON CONFLICT DO NOTHING;
            END $$;

            -- Annotations saved, changed or dropped: the article (when not a copy) and its copies follow.
            CREATE FUNCTION herald_countries_of_annotations() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                aid text;
                r record;
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    aid := OLD.article_id;
                ELSE
                    aid := NEW.article_id;
                END IF;
                FOR r IN
                    SELECT a.seq, coalesce(a.duplicate_of, a.id) AS source
                    FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at WHERE k.id = aid
                    UNION ALL
                    SELECT a.seq, a.duplicate_of FROM articles a WHERE a.duplicate_of = aid
                LOOP
                    PERFORM herald_set_countries(r.seq, r.source);
                END LOOP;
                RETURN NULL;
            END $$;
            CREATE TRIGGER annotations_countries AFTER INSERT OR UPDATE OR DELETE ON annotations
                FOR EACH ROW EXECUTE FUNCTION herald_countries_of_annotations();

            -- Marked a copy, or no longer one: the article now says what its original (or it) says. A row moved to
            -- another partition arrives as an insert, which needs nothing unless it is a copy (its seq's rows stay).
            CREATE FUNCTION herald_countries_of_article() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM herald_set_countries(NEW.seq, coalesce(NEW.duplicate_of, NEW.id));
                RETURN NULL;
            END $$;
            CREATE TRIGGER articles_countries_copy AFTER UPDATE ON articles
                FOR EACH ROW WHEN (OLD.duplicate_of IS DISTINCT FROM NEW.duplicate_of) EXECUTE FUNCTION herald_countries_of_article();
            CREATE TRIGGER articles_countries_new_copy AFTER INSERT ON articles
                FOR EACH ROW WHEN (NEW.duplicate_of IS NOT NULL) EXECUTE FUNCTION herald_countries_of_article();

            -- The articles annotated before this migration, once.
            INSERT INTO article_countries (seq, country)
            SELECT a.seq, c FROM articles a JOIN annotations n ON n.article_id = coalesce(a.duplicate_of, a.id)
            CROSS JOIN LATERAL herald_place_countries(n.json) c
            ON CONFLICT DO NOTHING;
            """),
        (8, "reader-app accounts and per-user item state", """
            -- Accounts of the reader-app APIs (PostgresStore.Reader.cs), as SQLite's migration 9 keeps them: PBKDF2
            -- password hashes, sign-in tokens kept only as their SHA-256, and read/starred flags per user keyed by the
            -- article's seq (the item id). Names are unique without case, as SQLite's COLLATE NOCASE (lower() also
            -- folds letters beyond ASCII, which NOCASE leaves alone).
            CREATE TABLE reader_users (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL,
                password_hash text NOT NULL,
                created timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX ix_reader_users_name ON reader_users (lower(name));
            CREATE TABLE reader_tokens (
                token_hash text PRIMARY KEY,
                user_id bigint NOT NULL,
                created timestamptz NOT NULL
            );
            CREATE INDEX ix_reader_tokens_user ON reader_tokens (user_id);
            CREATE TABLE reader_state (
                user_id bigint NOT NULL,
                seq bigint NOT NULL,
                read boolean NOT NULL DEFAULT false,
                starred boolean NOT NULL DEFAULT false,
                changed timestamptz NOT NULL,
                PRIMARY KEY (user_id, seq)
            );
            -- A feed's items are the item keys "hash:s{source}|..." (ItemIdentity). The primary key's index follows
            -- the database's collation, where a prefix is no range; this one compares bytes, so a feed's stream is
            -- one range read (~>=~ and ~<~) instead of a scan of every key.
            CREATE INDEX ix_item_keys_pattern ON item_keys (key text_pattern_ops);
            """),
        (9, "writers in flight are visible, so a settled point never passes a sequence number still to commit", """
            -- Concurrent writers commit sequence numbers out of order: a batch holding seq 100 may commit after one
            -- holding 105, and a reader that took "through 105" as settled would never see 100 (the GDELT updates do).
            -- An uncommitted row is invisible, but a lock is not: before a statement registers articles (before its
            -- identity default hands out a number), this trigger takes a shared advisory lock, held to the end of the
            -- transaction, whose two keys are the schema's and the low 32 bits of the highest number handed out so
            -- far. Every number the transaction takes is above it, so PostgresStore.Gdelt bounds its settled point
            -- by the lowest such floor among the locks in pg_locks. The lock is released after the commit is
            -- visible, and shared locks never wait on each other, so writers still run side by side.
            CREATE FUNCTION herald_note_seq_floor() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE floor bigint;
            BEGIN
                EXECUTE 'SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM '
                    || pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'seq') INTO floor;
                PERFORM pg_advisory_xact_lock_shared(hashtext(TG_TABLE_SCHEMA || '.article seqs'), (floor & 4294967295)::bit(32)::int);
                RETURN NULL;
            END $$;
            CREATE TRIGGER article_ids_note_seq_floor BEFORE INSERT ON article_ids
                FOR EACH STATEMENT EXECUTE FUNCTION herald_note_seq_floor();
            """),
    ];
}
