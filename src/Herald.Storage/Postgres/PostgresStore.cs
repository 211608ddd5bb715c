using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Text;
using Npgsql;
using NpgsqlTypes;

namespace Herald.Storage.Postgres;

/// <summary>
/// The scale-out store: the same aggregates as <see cref="SqliteStore"/> in PostgreSQL, for several processes on
/// several machines. 64-bit sequence numbers; articles partitioned by month; a <c>tsvector</c> per article with a GIN
/// index for search, in a table of its own kept by triggers (migration 6), so story writes never touch it. Each operation takes a pooled connection of its own, so one store may be used by concurrent
/// callers (and a backlog may be read while its results are written). Each upsert batch is one transaction.
/// </summary>
public sealed partial class PostgresStore : IArticleStore
{
    private readonly NpgsqlDataSource _data;
    /// <summary>Partitions known to exist; concurrent callers share the store, so the set is concurrent.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _partitions = new(StringComparer.Ordinal);

    private PostgresStore(NpgsqlDataSource data, string schema, string display)
    {
        _data = data;
        Schema = schema;
        Display = display;
    }

    /// <summary>The schema the store's tables live in (public unless the URL names another).</summary>
    public string Schema { get; }

    /// <summary>The store's address without its password, for messages.</summary>
    public string Display { get; }

    /// <summary>
    /// Opens the store at <paramref name="connectionString"/>, in <paramref name="schema"/> (created when missing),
    /// and brings its schema up to date. <paramref name="display"/> names the store in error messages.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, string schema, string display, CancellationToken ct = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        // Herald's statements are short look-ups and searches. JIT compilation cost a 13-match phrase search 100 ms
        // of its 300 at 1,000,000 articles, and the default random_page_cost of 4 (spinning disks) made the planner
        // read all of article_search rather than its GIN matches; 1.1 is the usual setting for SSDs and cached data.
        // Per session, so a shared server's other users keep theirs; `-c` options the URL already gives come later
        // and win.
        builder.Options = ("-c jit=off -c random_page_cost=1.1 " + builder.Options).Trim();
        var data = NpgsqlDataSource.Create(builder);
        try
        {
            await using var c = await data.OpenConnectionAsync(ct);
            await MigrateAsync(c, schema, display, ct);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await data.DisposeAsync();
            throw new HeraldException(display, $"cannot open the store ({OneLine(e)})", e);
        }
        catch
        {
            await data.DisposeAsync();
            throw;
        }

        return new PostgresStore(data, schema, display);
    }

    internal static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").TrimEnd('.');

    private static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The last migration applied.</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", c);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task MigrateAsync(NpgsqlConnection c, string schema, string display, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        // One migration at a time across every process (and every schema of the database: creating the unaccent
        // extension is database-wide), so two workers starting together do not both apply migration 1. The schema
        // itself is created under the same lock: two sessions running CREATE SCHEMA IF NOT EXISTS at once can both
        // find it missing, and the slower one fails on the catalogue's unique index.
        await Exec(c, tx, "SELECT pg_advisory_xact_lock(7243298011)", ct);
        await Exec(c, tx, $"CREATE SCHEMA IF NOT EXISTS {QuoteIdent(schema)}", ct);
        await Exec(c, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())", ct);
        int current;
        await using (var cmd = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", c, tx))
        {
            current = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        var latest = PostgresMigrations.All[^1].Version;
        if (current > latest)
        {
            throw new HeraldException(display, $"was written by a newer Herald (schema {current}; this one knows up to {latest})");
        }

        foreach (var (version, name, sql) in PostgresMigrations.All)
        {
            if (version <= current)
            {
                continue;
            }

            await Exec(c, tx, sql, ct);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations(version, name) VALUES (@v, @n)", c, tx);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("n", name);
            await record.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task Exec(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Times are stored to the millisecond, as SQLite stores them, so both stores give back equal articles.</summary>
    internal static DateTimeOffset Ms(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    private static object Db(DateTimeOffset? t) => t is { } v ? Ms(v) : DBNull.Value;

    private static object Db(string? s) => (object?)s ?? DBNull.Value;

    /// <summary>The monthly partition an article time falls in, created when missing.</summary>
    private async Task EnsurePartitionsAsync(IEnumerable<DateTimeOffset> times, CancellationToken ct)
    {
        var months = times.Select(t => new DateTime(t.UtcDateTime.Year, t.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc))
            .Distinct().Where(m => !_partitions.ContainsKey(PartitionName(m))).ToList();
        if (months.Count == 0)
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Serialised per schema: two writers creating the same month would otherwise race on the catalog.
        await using (var lk = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.articles partitions'))", c, tx))
        {
            await lk.ExecuteNonQueryAsync(ct);
        }

        foreach (var m in months)
        {
            var to = m.AddMonths(1);
            await Exec(c, tx, string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS {PartitionName(m)} PARTITION OF articles FOR VALUES FROM ('{m:yyyy-MM-dd}T00:00:00Z') TO ('{to:yyyy-MM-dd}T00:00:00Z')"), ct);
        }

        await tx.CommitAsync(ct);
        foreach (var m in months)
        {
            _partitions[PartitionName(m)] = true;
        }
    }

    private static string PartitionName(DateTime month) => string.Create(CultureInfo.InvariantCulture, $"articles_p{month.Year:D4}{month.Month:D2}");

    public async Task<UpsertSummary> UpsertAsync(IReadOnlyList<Article> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return UpsertSummary.Empty;
        }

        var now = Ms(DateTimeOffset.UtcNow);
        // One version per identity key, the last in the batch, as SqliteStore does.
        var prepared = new List<(Article Article, long Key, string Hash)>(batch.Count);
        var lastOfKey = new Dictionary<long, int>(batch.Count);
        foreach (var raw in batch)
        {
            var a = raw.Id.Length == 0 ? raw with { Id = ArticleKeys.IdOf(raw) } : raw;
            var k = SqliteStore.KeyHash(ArticleKeys.KeyOf(a));
            lastOfKey[k] = prepared.Count;
            prepared.Add((a, k, SqliteStore.ContentHash(a)));
        }

        await EnsurePartitionsAsync(prepared.Select(p => p.Article.Published ?? p.Article.FirstSeen ?? now), ct);

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var existing = new Dictionary<long, (long Seq, DateTimeOffset At, string Hash)>();
        await using (var find = new NpgsqlCommand(
            "SELECT k.key, k.seq, k.at, a.content_hash FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at WHERE k.key = ANY(@keys)", c, tx))
        {
            find.Parameters.AddWithValue("keys", lastOfKey.Keys.ToArray());
            await using var r = await find.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                existing[r.GetInt64(0)] = (r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3));
            }
        }

        // New articles are registered and stored set-wise: one statement registers every new key of the batch, one
        // binary COPY stores their rows and one statement queues them for annotation, instead of three round trips
        // per article (616 to 2,116 new articles/s on a local server, `bench -- ceilings`). A key another writer
        // registered since the lookup above is left to the per-article path below, which finds and updates it.
        var registered = await RegisterNewAsync(c, tx, prepared, lastOfKey, existing, now, ct);
        var rows = new List<(Article Article, long Seq, DateTimeOffset At, long Key, string Hash, DateTimeOffset FirstSeen)>(registered.Count);
        var changes = new List<(long Seq, DateTimeOffset OldAt, Article Article, string Hash)>();

        int inserted = 0, updated = 0, unchanged = 0;
        DateTimeOffset? earliest = null;
        void Changed(Article a, DateTimeOffset seen)
        {
            var when = a.Published ?? a.FirstSeen ?? seen;
            if (earliest is null || when < earliest)
            {
                earliest = when;
            }
        }

        for (var i = 0; i < prepared.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (article, key, hash) = prepared[i];
            if (lastOfKey[key] != i)
            {
                // Superseded within the batch by a later version of the same article.
                if (prepared[lastOfKey[key]].Hash == hash)
                {
                    unchanged++;
                }
                else
                {
                    updated++;
                }

                continue;
            }

            var firstSeen = Ms(article.FirstSeen ?? now);
            if (registered.TryGetValue(key, out var fresh))
            {
                article = article with { Id = fresh.Id };
                rows.Add((article, fresh.Seq, Ms(article.Published ?? firstSeen), key, hash, firstSeen));
                inserted++;
                Changed(article, now);
                continue;
            }

            if (!existing.TryGetValue(key, out var stored))
            {
                // Not registered by RegisterNewAsync: another writer stored this key since the batch looked (its
                // ON CONFLICT waited for that commit), so this version is compared with and updates the stored one.
                await using var again = new NpgsqlCommand(
                    "SELECT k.seq, k.at, a.content_hash FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at WHERE k.key = @key", c, tx);
                again.Parameters.AddWithValue("key", key);
                await using var ar = await again.ExecuteReaderAsync(ct);
                await ar.ReadAsync(ct);
                stored = (ar.GetInt64(0), ar.GetFieldValue<DateTimeOffset>(1), ar.GetString(2));
            }

            if (stored.Hash == hash)
            {
                unchanged++;
                continue;
            }

            changes.Add((stored.Seq, stored.At, article, hash));
            updated++;
            Changed(article, now);
        }

        await CopyNewAsync(c, tx, rows, ct);
        await UpdateChangedAsync(c, tx, changes, ct);
        await tx.CommitAsync(ct);
        return new UpsertSummary(inserted, updated, unchanged, earliest);
    }

    /// <summary>
    /// Rewrites changed articles in one statement (a row whose date moved to another month moves partition, and its
    /// identity row follows), then drops their annotations and queues them to be annotated again, since the content
    /// they described changed. Story, copy and republication fields keep their stored values unless the new version
    /// carries its own. Set-wise for the same reason as new articles: a statement per changed article held updates
    /// to 568 a second, one statement for the batch reaches about 1,500 (`bench -- ceilings`, re-indexed/s).
    /// </summary>
    private static async Task UpdateChangedAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, List<(long Seq, DateTimeOffset OldAt, Article Article, string Hash)> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var update = new NpgsqlCommand("""
            WITH v AS (
                SELECT * FROM unnest(@seq, @oldAt, @url, @canonical, @title, @section, @authors, @published, @dateOnly, @source,
                    @outlet, @outletKey, @language, @text, @image, @story, @dup, @republished, @hash)
                AS v(seq, old_at, url, canonical, title, section, authors, published, date_only, source,
                    outlet, outlet_key, language, text, image, story, dup, republished, hash)),
            moved AS (
                UPDATE articles a SET url = v.url, canonical_url = v.canonical, title = v.title, section = v.section, authors = v.authors,
                    published = v.published, date_only = v.date_only, published_source = v.source, outlet = v.outlet, outlet_key = v.outlet_key,
                    language = v.language, text = v.text, image = v.image, story = COALESCE(v.story, a.story),
                    duplicate_of = COALESCE(v.dup, a.duplicate_of), republished = COALESCE(v.republished, a.republished), content_hash = v.hash,
                    at = coalesce(v.published, a.first_seen)
                FROM v WHERE a.seq = v.seq AND a.at = v.old_at
                RETURNING a.seq, a.at, a.id),
            ids AS (UPDATE article_ids k SET at = moved.at FROM moved WHERE k.seq = moved.seq RETURNING moved.id, moved.seq),
            dropped AS (DELETE FROM annotations n USING ids WHERE n.article_id = ids.id)
            INSERT INTO annotation_queue(article_id, seq) SELECT id, seq FROM ids ON CONFLICT DO NOTHING
            """, c, tx);
        var list = changes.Select(x => x.Article).ToList();
        void Add<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
            update.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
        static DateTimeOffset? Time(DateTimeOffset? t) => t is { } v ? Ms(v) : null;
        Add("seq", NpgsqlDbType.Bigint, changes.Select(x => x.Seq));
        Add("oldAt", NpgsqlDbType.TimestampTz, changes.Select(x => x.OldAt));
        Add("url", NpgsqlDbType.Text, list.Select(a => a.Url));
        Add("canonical", NpgsqlDbType.Text, list.Select(a => a.CanonicalUrl));
        Add("title", NpgsqlDbType.Text, list.Select(a => a.Title));
        Add("section", NpgsqlDbType.Text, list.Select(a => a.Section));
        Add("authors", NpgsqlDbType.Text, list.Select(a => a.Authors.Count == 0 ? "[]" : JsonSerializer.Serialize(a.Authors)));
        Add("published", NpgsqlDbType.TimestampTz, list.Select(a => Time(a.Published)));
        Add("dateOnly", NpgsqlDbType.Boolean, list.Select(a => a.DateOnly));
        Add("source", NpgsqlDbType.Integer, list.Select(a => (int)a.PublishedSource));
        Add("outlet", NpgsqlDbType.Text, list.Select(a => a.Outlet));
        Add("outletKey", NpgsqlDbType.Text, list.Select(a => a.Outlet is null ? null : OutletRegistry.KeyOf(a.Outlet)));
        Add("language", NpgsqlDbType.Text, list.Select(a => a.Language));
        Add("text", NpgsqlDbType.Text, list.Select(a => a.Text));
        Add("image", NpgsqlDbType.Text, list.Select(a => a.Image));
        Add("story", NpgsqlDbType.Text, list.Select(a => a.Story));
        Add("dup", NpgsqlDbType.Text, list.Select(a => a.DuplicateOf));
        Add("republished", NpgsqlDbType.TimestampTz, list.Select(a => Time(a.Republished)));
        Add("hash", NpgsqlDbType.Text, changes.Select(x => x.Hash));
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Registers the batch's new keys in one statement and returns each one's sequence number and id. Ids are chosen
    /// as the per-article path chooses them: an id already taken, in the store or earlier in the batch, becomes the
    /// id plus eight hex digits of the article's key, so two different articles with the same id are both kept.
    /// </summary>
    private static async Task<Dictionary<long, (long Seq, string Id)>> RegisterNewAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, List<(Article Article, long Key, string Hash)> prepared, Dictionary<long, int> lastOfKey,
        Dictionary<long, (long Seq, DateTimeOffset At, string Hash)> existing, DateTimeOffset now, CancellationToken ct)
    {
        var fresh = new List<int>();
        for (var i = 0; i < prepared.Count; i++)
        {
            if (lastOfKey[prepared[i].Key] == i && !existing.ContainsKey(prepared[i].Key))
            {
                fresh.Add(i);
            }
        }

        var result = new Dictionary<long, (long Seq, string Id)>(fresh.Count);
        if (fresh.Count == 0)
        {
            return result;
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        await using (var find = new NpgsqlCommand("SELECT id FROM article_ids WHERE id = ANY(@ids)", c, tx))
        {
            find.Parameters.AddWithValue("ids", fresh.Select(i => prepared[i].Article.Id).ToArray());
            await using var r = await find.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                taken.Add(r.GetString(0));
            }
        }

        var keys = new long[fresh.Count];
        var ids = new string[fresh.Count];
        var ats = new DateTimeOffset[fresh.Count];
        for (var n = 0; n < fresh.Count; n++)
        {
            var a = prepared[fresh[n]].Article;
            keys[n] = prepared[fresh[n]].Key;
            ids[n] = taken.Add(a.Id) ? a.Id : a.Id + "-" + StableHash.Hex16(ArticleKeys.KeyOf(a))[..8];
            taken.Add(ids[n]);
            ats[n] = Ms(a.Published ?? a.FirstSeen ?? now);
        }

        // WITH ORDINALITY keeps the batch order, so sequence numbers follow it as the per-article path's do.
        await using var register = new NpgsqlCommand("""
            INSERT INTO article_ids(key, id, at)
            SELECT u.key, u.id, u.at FROM unnest(@keys, @ids, @ats) WITH ORDINALITY AS u(key, id, at, n) ORDER BY u.n
            ON CONFLICT (key) DO NOTHING
            RETURNING key, seq, id
            """, c, tx);
        register.Parameters.AddWithValue("keys", keys);
        register.Parameters.AddWithValue("ids", ids);
        register.Parameters.AddWithValue("ats", ats);
        await using var rr = await register.ExecuteReaderAsync(ct);
        while (await rr.ReadAsync(ct))
        {
            result[rr.GetInt64(0)] = (rr.GetInt64(1), rr.GetString(2));
        }

        return result;
    }

    /// <summary>Stores newly registered articles with one binary COPY and queues those with words for annotation.</summary>
    private static async Task CopyNewAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, List<(Article Article, long Seq, DateTimeOffset At, long Key, string Hash, DateTimeOffset FirstSeen)> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using (var copy = await c.BeginBinaryImportAsync("""
            COPY articles (seq, at, id, key, url, canonical_url, title, section, authors, published, date_only, published_source,
                outlet, outlet_key, language, text, image, story, duplicate_of, republished, first_seen, content_hash) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var (a, seq, at, key, hash, firstSeen) in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(a.Id, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(key, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(Db(a.Url), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.CanonicalUrl), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(a.Title, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Section), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(a.Authors.Count == 0 ? "[]" : JsonSerializer.Serialize(a.Authors), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Published), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(a.DateOnly, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync((int)a.PublishedSource, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(Db(a.Outlet), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Outlet is null ? null : OutletRegistry.KeyOf(a.Outlet)), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Language), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(a.Text, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Image), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Story), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.DuplicateOf), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Db(a.Republished), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(firstSeen, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(hash, NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        var queued = rows.Where(r => r.Article.Text.Length > 0 || r.Article.Title.Length > 0).ToList();
        if (queued.Count > 0)
        {
            await using var queue = new NpgsqlCommand(
                "INSERT INTO annotation_queue(article_id, seq) SELECT * FROM unnest(@ids, @seqs) ON CONFLICT DO NOTHING", c, tx);
            queue.Parameters.AddWithValue("ids", queued.Select(r => r.Article.Id).ToArray());
            queue.Parameters.AddWithValue("seqs", queued.Select(r => r.Seq).ToArray());
            await queue.ExecuteNonQueryAsync(ct);
        }
    }

    internal const string ArticleColumns =
        "a.id, a.url, a.canonical_url, a.title, a.section, a.authors, a.published, a.date_only, a.published_source, a.outlet, " +
        "a.language, a.text, a.image, a.story, a.duplicate_of, a.republished, a.first_seen";

    internal static Article ReadArticle(NpgsqlDataReader r, int o = 0)
    {
        static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

        return new Article
        {
            Id = r.GetString(o),
            Url = Str(r, o + 1),
            CanonicalUrl = Str(r, o + 2),
            Title = r.GetString(o + 3),
            Section = Str(r, o + 4),
            Authors = JsonSerializer.Deserialize<string[]>(r.GetString(o + 5)) ?? [],
            Published = Time(r, o + 6),
            DateOnly = r.GetBoolean(o + 7),
            PublishedSource = (DateSource)r.GetInt32(o + 8),
            Outlet = Str(r, o + 9),
            Language = Str(r, o + 10),
            Text = r.GetString(o + 11),
            Image = Str(r, o + 12),
            Story = Str(r, o + 13),
            DuplicateOf = Str(r, o + 14),
            Republished = Time(r, o + 15),
            FirstSeen = Time(r, o + 16),
        };
    }

    public async Task<Article?> GetAsync(string id, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // Through the identity registry: (seq, at) leads to one partition.
        await using var cmd = new NpgsqlCommand($"SELECT {ArticleColumns} FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at WHERE k.id = @id", c);
        cmd.Parameters.AddWithValue("id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadArticle(r) : null;
    }

    public async IAsyncEnumerable<Article> ReadChronologicalAsync(DateTimeOffset? from, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        var where = new List<string>();
        await using var cmd = new NpgsqlCommand { Connection = c };
        if (from is { } f)
        {
            where.Add("a.at >= @from");
            cmd.Parameters.AddWithValue("from", Ms(f));
        }

        if (until is { } u)
        {
            where.Add("a.at < @until");
            cmd.Parameters.AddWithValue("until", Ms(u));
        }

        cmd.CommandText = $"SELECT {ArticleColumns} FROM articles a {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY a.at, a.seq";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return ReadArticle(r);
        }
    }

    public ValueTask DisposeAsync() => _data.DisposeAsync();

    /// <summary>A pooled connection to the store's schema (for the tests and tools that inspect it).</summary>
    internal ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct) => _data.OpenConnectionAsync(ct);
}
