using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Text;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with an FTS5 index. Each upsert batch is one
/// transaction, so a crash loses at most the batch in flight and never leaves half an article; re-running the
/// same input then changes nothing because rows are keyed by <see cref="ArticleKeys.KeyOf"/>.
/// Not thread-safe for concurrent writers in one process: open one store per writer (SQLite serialises them).
/// </summary>
public sealed partial class SqliteStore : IArticleStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _connection;

    // The annotation step writes on a connection of its own, so it can run beside story clustering, which reads and
    // writes on the store's (a SqliteConnection serves one thread at a time). SQLite has one writer: the two
    // connections' writes take turns through this gate rather than wait on busy_timeout, which a long story
    // transaction could outlast.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _annotationConnection;

    private SqliteStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _connectionString = connection.ConnectionString;
    }

    public string Path { get; }

    /// <summary>
    /// Opens (creating when missing) the store file and brings its schema up to date. <paramref name="pooled"/>
    /// hands the connection back to a pool on dispose instead of closing it: a server that opens a store per
    /// request then keeps SQLite's page cache and the file mapping warm between requests, instead of faulting in
    /// every page a search touches again. Only for processes that open the same store over and over.
    /// </summary>
    public static SqliteStore Open(string path, bool pooled = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var cs = new SqliteConnectionStringBuilder { DataSource = full, Pooling = pooled }.ToString();
        var connection = new SqliteConnection(cs);
        try
        {
            connection.Open();
            Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;");
            Migrate(connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            var why = dir is not null && !CanWriteIn(dir) ? "its folder is read-only (a read-only file system or no write permission), " : "";
            throw new HeraldException(full, $"cannot open the store: {why}{e.Message.TrimEnd('.')}", e);
        }

        return new SqliteStore(full, connection);
    }

    /// <summary>Whether a file can be created in <paramref name="dir"/> (SQLite's WAL needs one beside the store).</summary>
    private static bool CanWriteIn(string dir)
    {
        try
        {
            using var probe = File.Create(System.IO.Path.Combine(dir, $".herald-write-check-{Environment.ProcessId}"), 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The store in a data folder: DIR/herald.db.</summary>
    public static SqliteStore OpenFolder(string dataDirectory) => Open(System.IO.Path.Combine(dataDirectory, "herald.db"));

    public int SchemaVersion => Convert.ToInt32(Scalar(_connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);

    private static void Migrate(SqliteConnection connection)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        var latest = SqliteMigrations.All[^1].Version;
        if (current > latest)
        {
            throw new HeraldException(connection.DataSource, $"was written by a newer Herald (schema {current}; this one knows up to {latest})");
        }

        foreach (var (version, _, sql) in SqliteMigrations.All)
        {
            if (version <= current)
            {
                continue;
            }

            using var tx = connection.BeginTransaction();
            using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = sql + $"\nPRAGMA user_version = {version.ToString(CultureInfo.InvariantCulture)};";
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    public async Task<UpsertSummary> UpsertAsync(IReadOnlyList<Article> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return UpsertSummary.Empty;
        }

        int inserted = 0, updated = 0, unchanged = 0;
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        long lastSeq;
        using (var max = _connection.CreateCommand())
        {
            max.Transaction = tx;
            max.CommandText = "SELECT coalesce(max(seq), 0) FROM articles";
            lastSeq = (long)(await max.ExecuteScalarAsync(ct))!;
        }

        using var find = _connection.CreateCommand();
        find.Transaction = tx;
        find.CommandText = "SELECT content_hash, id FROM articles WHERE key = $key";
        var findKey = find.Parameters.Add("$key", SqliteType.Integer);

        using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO articles (id, key, url, canonical_url, title, section, authors, published, date_only, published_source,
                outlet, outlet_key, language, text, image, story, duplicate_of, republished, first_seen, content_hash)
            VALUES ($id, $key, $url, $canonical, $title, $section, $authors, $published, $dateOnly, $source,
                $outlet, $outletKey, $language, $text, $image, $story, $dup, $republished, $firstSeen, $hash)
            ON CONFLICT(key) DO NOTHING
            """;
        var p = AddArticleParameters(insert);

        using var update = _connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = """
            UPDATE articles SET url = $url, canonical_url = $canonical, title = $title, section = $section, authors = $authors,
                published = $published, date_only = $dateOnly, published_source = $source, outlet = $outlet, outlet_key = $outletKey,
                language = $language, text = $text, image = $image, story = COALESCE($story, story),
                duplicate_of = COALESCE($dup, duplicate_of), republished = COALESCE($republished, republished), content_hash = $hash
            WHERE key = $key
            """;
        var u = AddArticleParameters(update);

        using var dropAnnotations = _connection.CreateCommand();
        dropAnnotations.Transaction = tx;
        dropAnnotations.CommandText = """
            DELETE FROM annotations WHERE article_id = (SELECT id FROM articles WHERE key = $key);
            INSERT OR IGNORE INTO annotation_queue(article_id) SELECT id FROM articles WHERE key = $key;
            """;
        var dropKey = dropAnnotations.Parameters.Add("$key", SqliteType.Integer);

        DateTimeOffset? earliest = null;
        void Changed(Article a, DateTimeOffset seen)
        {
            var when = a.Published ?? a.FirstSeen ?? seen;
            if (earliest is null || when < earliest)
            {
                earliest = when;
            }
        }

        var now = DateTimeOffset.UtcNow;
        // One version per identity key: the last one in the batch, as if they were stored one after another. Rows
        // inserted by this batch are not in the FTS index until its end, so a second version updating such a row
        // would make the update trigger delete index entries that do not exist, which corrupts an external-content
        // FTS5 index ("database disk image is malformed"); two test pages with one canonical URL did exactly that.
        var prepared = new List<(Article Article, string Key, long KeyHash, string Hash)>(batch.Count);
        var lastOfKey = new Dictionary<long, int>(batch.Count);
        foreach (var raw in batch)
        {
            var a = raw.Id.Length == 0 ? raw with { Id = ArticleKeys.IdOf(raw) } : raw;
            var k = ArticleKeys.KeyOf(a);
            var kh = KeyHash(k);
            lastOfKey[kh] = prepared.Count;
            prepared.Add((a, k, kh, ContentHash(a)));
        }

        for (var i = 0; i < prepared.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (article, key, keyHash, hash) = prepared[i];
            if (lastOfKey[keyHash] != i)
            {
                // Superseded within the batch by a later version of the same article.
                if (prepared[lastOfKey[keyHash]].Hash == hash)
                {
                    unchanged++;
                }
                else
                {
                    updated++;
                }

                continue;
            }

            // New articles are the common case: try the insert first (one statement), and only on a key conflict
            // look at the stored fingerprint to tell "unchanged" from "changed".
            Bind(p, article, keyHash, hash, article.FirstSeen ?? now);
            int added;
            try
            {
                added = insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19 && e.Message.Contains("articles.id", StringComparison.Ordinal))
            {
                // Two different articles may arrive with the same id (say, two folders each with a 1.html): keep both.
                article = article with { Id = article.Id + "-" + StableHash.Hex16(key)[..8] };
                Bind(p, article, keyHash, hash, article.FirstSeen ?? now);
                added = insert.ExecuteNonQuery();
            }

            if (added == 1)
            {
                inserted++;
                Changed(article, now);
                continue;
            }

            findKey.Value = keyHash;
            string? existingHash = null;
            using (var reader = find.ExecuteReader())
            {
                if (reader.Read())
                {
                    existingHash = reader.GetString(0);
                }
            }

            if (existingHash == hash)
            {
                unchanged++;
            }
            else
            {
                // The content changed, so its annotations no longer describe it: they are made again.
                dropKey.Value = keyHash;
                dropAnnotations.ExecuteNonQuery();
                Bind(u, article, keyHash, hash, article.FirstSeen ?? now);
                update.ExecuteNonQuery();
                updated++;
                Changed(article, now);
            }
        }

        if (inserted > 0)
        {
            // Rows get seq = max(seq) + 1, so everything above the batch's starting maximum is new.
            using var index = _connection.CreateCommand();
            index.Transaction = tx;
            index.CommandText = "INSERT INTO articles_fts(rowid, title, text, outlet) SELECT seq, title, text, outlet FROM articles WHERE seq > $last";
            index.Parameters.AddWithValue("$last", lastSeq);
            await index.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new UpsertSummary(inserted, updated, unchanged, earliest);
    }

    /// <summary>The command's parameters by position in <see cref="ParameterNames"/>; null where the SQL has none.</summary>
    private sealed record ArticleParameters(SqliteParameter?[] ByName);

    private static readonly string[] ParameterNames =
    [
        "$id", "$key", "$url", "$canonical", "$title", "$section", "$authors", "$published", "$dateOnly", "$source",
        "$outlet", "$outletKey", "$language", "$text", "$image", "$story", "$dup", "$republished", "$firstSeen", "$hash",
    ];

    /// <summary>Adds the parameters the command's SQL names (the UPDATE keeps id and first_seen).</summary>
    private static ArticleParameters AddArticleParameters(SqliteCommand cmd) =>
        new(ParameterNames
            .Select(n => System.Text.RegularExpressions.Regex.IsMatch(cmd.CommandText, System.Text.RegularExpressions.Regex.Escape(n) + @"\b")
                ? cmd.Parameters.Add(n, SqliteType.Text)
                : null)
            .ToArray());

    /// <summary>
    /// The identity key as a 64-bit hash (XXH3 over the key's UTF-16): a small integer index instead of long text
    /// keys. Collisions need about 4 billion articles to become likely. Changing the hash changes stored keys, so
    /// it needs a migration that rehashes.
    /// </summary>
    internal static long KeyHash(string key) =>
        unchecked((long)System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(key.AsSpan())));

    // Binding by position: this runs for every stored article, so no name lookups or string switches here.
    private static void Bind(ArticleParameters ps, Article a, long key, string hash, DateTimeOffset firstSeen)
    {
        var p = ps.ByName;
        Set(p[0], a.Id);
        Set(p[1], key);
        Set(p[2], a.Url);
        Set(p[3], a.CanonicalUrl);
        Set(p[4], a.Title);
        Set(p[5], a.Section);
        Set(p[6], a.Authors.Count == 0 ? "[]" : JsonSerializer.Serialize(a.Authors));
        Set(p[7], a.Published?.ToUnixTimeMilliseconds());
        Set(p[8], a.DateOnly ? 1 : 0);
        Set(p[9], (int)a.PublishedSource);
        Set(p[10], a.Outlet);
        Set(p[11], a.Outlet is null ? null : OutletRegistry.KeyOf(a.Outlet));
        Set(p[12], a.Language);
        Set(p[13], a.Text);
        Set(p[14], a.Image);
        Set(p[15], a.Story);
        Set(p[16], a.DuplicateOf);
        Set(p[17], a.Republished?.ToUnixTimeMilliseconds());
        Set(p[18], firstSeen.ToUnixTimeMilliseconds());
        Set(p[19], hash);

        static void Set(SqliteParameter? param, object? value)
        {
            if (param is not null)
            {
                param.Value = value ?? DBNull.Value;
            }
        }
    }

    /// <summary>Fingerprint of everything a re-ingest could change; equal fingerprints mean "nothing to write".</summary>
    internal static string ContentHash(Article a)
    {
        // A fingerprint, not a security boundary: a fast 128-bit hash is plenty to tell "changed" from "unchanged".
        // The fields go in as UTF-16, separated by U+001F (authors by U+001E), numbers in their plain decimal form:
        // the bytes the first implementation joined into one string before hashing, fed piece by piece so an
        // article's text is not copied again (stored fingerprints stay valid; ContentHashTests holds them).
        var hash = new System.IO.Hashing.XxHash128();
        Field(hash, a.Url);
        Field(hash, a.CanonicalUrl);
        Field(hash, a.Title);
        Field(hash, a.Section);
        for (var i = 0; i < a.Authors.Count; i++)
        {
            if (i > 0)
            {
                Chars(hash, "\u001e");
            }

            Chars(hash, a.Authors[i]);
        }

        Chars(hash, "\u001f");
        Number(hash, a.Published?.ToUnixTimeMilliseconds());
        Chars(hash, "\u001f");
        Field(hash, a.DateOnly ? bool.TrueString : bool.FalseString);
        Number(hash, (int)a.PublishedSource);
        Chars(hash, "\u001f");
        Field(hash, a.Outlet);
        Field(hash, a.Language);
        Field(hash, a.Text);
        Field(hash, a.Image);
        Field(hash, a.Story);
        Field(hash, a.DuplicateOf);
        Number(hash, a.Republished?.ToUnixTimeMilliseconds());
        Span<byte> digest = stackalloc byte[16];
        hash.GetCurrentHash(digest);
        return Convert.ToHexStringLower(digest);

        static void Chars(System.IO.Hashing.XxHash128 h, ReadOnlySpan<char> s) => h.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s));

        static void Field(System.IO.Hashing.XxHash128 h, string? s)
        {
            Chars(h, s);
            Chars(h, "\u001f");
        }

        static void Number(System.IO.Hashing.XxHash128 h, long? n)
        {
            if (n is { } v)
            {
                Span<char> digits = stackalloc char[24];
                v.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                Chars(h, digits[..written]);
            }
        }
    }

    private const string ArticleColumns =
        "a.id, a.url, a.canonical_url, a.title, a.section, a.authors, a.published, a.date_only, a.published_source, a.outlet, " +
        "a.language, a.text, a.image, a.story, a.duplicate_of, a.republished, a.first_seen";

    private static Article ReadArticle(SqliteDataReader r, int o = 0)
    {
        static DateTimeOffset? Time(SqliteDataReader r, int i) =>
            r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

        return new Article
        {
            Id = r.GetString(o),
            Url = Str(r, o + 1),
            CanonicalUrl = Str(r, o + 2),
            Title = r.GetString(o + 3),
            Section = Str(r, o + 4),
            Authors = JsonSerializer.Deserialize<string[]>(r.GetString(o + 5)) ?? [],
            Published = Time(r, o + 6),
            DateOnly = r.GetInt64(o + 7) != 0,
            PublishedSource = (DateSource)r.GetInt64(o + 8),
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
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns} FROM articles a WHERE a.id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadArticle(r) : null;
    }

    /// <summary>
    /// FROM/WHERE for a query: FTS match joined on rowid, filters as plain conditions. <paramref name="perRow"/> says
    /// the conditions will be checked on rows found otherwise (the full-text walk's), rather than used to find them.
    /// </summary>
    private static (string From, string Where) Compile(TopicQuery? query, SqliteCommand cmd, bool perRow = false)
    {
        var from = "articles a";
        var where = new List<string>();
        if (query?.Match is { } match)
        {
            from = "articles_fts f JOIN articles a ON a.seq = f.rowid";
            where.Add("articles_fts MATCH $match");
            cmd.Parameters.AddWithValue("$match", FtsQueryCompiler.Compile(match));
        }

        var n = 0;
        foreach (var f in query?.Filters ?? [])
        {
            var name = "$f" + (n++).ToString(CultureInfo.InvariantCulture);
            switch (f.Field)
            {
                case FilterField.Outlet:
                    where.Add($"a.outlet_key = {name}");
                    cmd.Parameters.AddWithValue(name, OutletRegistry.KeyOf(f.Value));
                    break;
                case FilterField.After:
                    where.Add($"a.published >= {name}");
                    cmd.Parameters.AddWithValue(name, DayStart(f.Date));
                    break;
                case FilterField.Before:
                    where.Add($"a.published < {name}");
                    cmd.Parameters.AddWithValue(name, DayStart(f.Date.AddDays(1)));
                    break;
                case FilterField.Language:
                    where.Add($"a.language = {name}");
                    cmd.Parameters.AddWithValue(name, f.Value.ToLowerInvariant());
                    break;
                case FilterField.Story:
                    where.Add($"a.story = {name}");
                    cmd.Parameters.AddWithValue(name, f.Value);
                    break;
                case FilterField.Section:
                    where.Add($"a.section = {name} COLLATE NOCASE");
                    cmd.Parameters.AddWithValue(name, f.Value);
                    break;
                case FilterField.Country:
                    // Migration 12's table, never the annotations' JSON. To find rows, a list from the country index
                    // SQLite can start from; to check rows found otherwise, one primary-key probe each (an IN list
                    // would be built whole first, as long as the country's articles are many, for a walk that may
                    // stop after 2,001 rows).
                    where.Add(perRow
                        ? $"EXISTS (SELECT 1 FROM article_countries c WHERE c.seq = a.seq AND c.country = {name})"
                        : $"a.seq IN (SELECT seq FROM article_countries WHERE country = {name})");
                    cmd.Parameters.AddWithValue(name, f.Value);
                    break;
            }
        }

        return (from, where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where));
    }

    private static long DayStart(DateOnly d) => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    public async Task<SearchPage> SearchAsync(TopicQuery query, SearchOptions options, CancellationToken ct)
    {
        var hits = new List<SearchHit>();
        int total;
        using (var count = _connection.CreateCommand())
        {
            var (from, where) = Compile(query, count);
            count.CommandText = $"SELECT count(*) FROM {from} {where}";
            total = Convert.ToInt32(await ExecuteScalarChecked(count, query, ct), CultureInfo.InvariantCulture);
        }

        using var cmd = _connection.CreateCommand();
        var (f2, w2) = Compile(query, cmd);
        var hasMatch = query.Match is not null;
        var snippet = hasMatch && options.Snippets ? "snippet(articles_fts, -1, '\u0002', '\u0003', '…', 24)" : "NULL";
        var rank = hasMatch ? "bm25(articles_fts, 10.0, 1.0, 2.0)" : "0";
        var order = options.Sort == SearchSort.Relevance && hasMatch
            ? "ORDER BY rank, a.published DESC"
            : "ORDER BY a.published IS NULL, a.published DESC, a.seq";
        cmd.CommandText = $"SELECT {ArticleColumns}, {snippet} AS snip, {rank} AS rank FROM {f2} {w2} {order} LIMIT $limit OFFSET $offset";
        cmd.Parameters.AddWithValue("$limit", Math.Clamp(options.Limit, 0, 10_000));
        cmd.Parameters.AddWithValue("$offset", Math.Max(0, options.Offset));
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                hits.Add(new SearchHit(ReadArticle(r), r.IsDBNull(17) ? null : r.GetString(17), r.GetDouble(18)));
            }
        }
        catch (SqliteException e)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }

        return new SearchPage(hits, total);
    }

    private static async Task<object?> ExecuteScalarChecked(SqliteCommand cmd, TopicQuery? query, CancellationToken ct)
    {
        try
        {
            return await cmd.ExecuteScalarAsync(ct);
        }
        catch (SqliteException e) when (query is not null)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
    }

    public async IAsyncEnumerable<Article> ExportAsync(TopicQuery? query, [EnumeratorCancellation] CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"SELECT {ArticleColumns} FROM {from} {where} ORDER BY a.published IS NULL, a.published DESC, a.seq";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return ReadArticle(r);
        }
    }

    public async IAsyncEnumerable<Article> ReadChronologicalAsync(DateTimeOffset? from, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {ArticleColumns} FROM articles a
            WHERE coalesce(a.published, a.first_seen) >= $from AND coalesce(a.published, a.first_seen) < $until
            ORDER BY coalesce(a.published, a.first_seen), a.seq
            """;
        cmd.Parameters.AddWithValue("$from", from?.ToUnixTimeMilliseconds() ?? long.MinValue);
        cmd.Parameters.AddWithValue("$until", until?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return ReadArticle(r);
        }
    }

    public async Task<StoreSummary> SummarizeAsync(TopicQuery? query, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"""
            SELECT count(*), sum(length(a.text) > 0), count(DISTINCT a.outlet_key), min(a.published), max(a.published),
                   count(DISTINCT coalesce(a.story, a.id))
            FROM {from} {where}
            """;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new StoreSummary(
            r.GetInt32(0),
            r.IsDBNull(1) ? 0 : r.GetInt32(1),
            r.GetInt32(2),
            r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            r.GetInt32(5));
    }

    public async Task SaveTopicAsync(Topic topic, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO topics(name, query, created) VALUES ($n, $q, $c) ON CONFLICT(name) DO UPDATE SET query = excluded.query";
        cmd.Parameters.AddWithValue("$n", topic.Name);
        cmd.Parameters.AddWithValue("$q", topic.Query);
        cmd.Parameters.AddWithValue("$c", topic.Created.ToUnixTimeMilliseconds());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<Topic?> GetTopicAsync(string name, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT name, query, created FROM topics WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new Topic(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))) : null;
    }

    public async Task<IReadOnlyList<Topic>> ListTopicsAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT name, query, created FROM topics ORDER BY name";
        var list = new List<Topic>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Topic(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))));
        }

        return list;
    }

    public async Task<bool> DeleteTopicAsync(string name, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM topics WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task AssignStoriesAsync(IReadOnlyList<StoryAssignment> assignments, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        await WriteAssignmentsAsync(assignments, tx, ct);
        await tx.CommitAsync(ct);
    }

    private async Task WriteAssignmentsAsync(IReadOnlyList<StoryAssignment> assignments, SqliteTransaction tx, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE articles SET story = $s, duplicate_of = $d, republished = $r WHERE id = $id";
        var s = cmd.Parameters.Add("$s", SqliteType.Text);
        var d = cmd.Parameters.Add("$d", SqliteType.Text);
        var rp = cmd.Parameters.Add("$r", SqliteType.Integer);
        var id = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var a in assignments)
        {
            s.Value = a.Story;
            d.Value = (object?)a.DuplicateOf ?? DBNull.Value;
            rp.Value = a.Republished is { } r ? r.ToUnixTimeMilliseconds() : DBNull.Value;
            id.Value = a.ArticleId;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task SaveStoryHeadlinesAsync(IReadOnlyList<StoryHeadline> headlines, CancellationToken ct)
    {
        if (headlines.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        await SqliteBatch.RunAsync(_connection, tx,
            "INSERT INTO story_headlines(story, headline) VALUES ($a, $b) ON CONFLICT(story) DO UPDATE SET headline = excluded.headline",
            headlines.Select(h => (h.Story, h.Headline)), ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetStoryHeadlinesAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT headline FROM story_headlines WHERE story = $s";
        var s = cmd.Parameters.Add("$s", SqliteType.Text);
        foreach (var id in storyIds.Distinct(StringComparer.Ordinal))
        {
            s.Value = id;
            if (await cmd.ExecuteScalarAsync(ct) is string headline)
            {
                found[id] = headline;
            }
        }

        return found;
    }

    /// <summary>
    /// SQL for a story's headline given an expression for its id: the clusterer's representative where recorded,
    /// else (stories clustered before headlines were recorded) the first article with a body.
    /// </summary>
    private static string StoryHeadlineSql(string storyId) =>
        $"coalesce((SELECT h.headline FROM story_headlines h WHERE h.story = {storyId}), " +
        $"(SELECT b.title FROM articles b WHERE {StoryMemberSql("b", storyId)} ORDER BY length(b.text) > 0 DESC, b.seq LIMIT 1))";

    /// <summary>
    /// "Article <paramref name="alias"/> belongs to story <paramref name="storyId"/>" (an article without a story is
    /// its own), written so SQLite answers it from the story and id indexes; coalesce(story, id) = … reads every row.
    /// </summary>
    private static string StoryMemberSql(string alias, string storyId) =>
        $"({alias}.story = {storyId} OR ({alias}.id = {storyId} AND {alias}.story IS NULL))";

    public async Task<IReadOnlyList<StorySummary>> ListStoriesAsync(TopicQuery? query, int limit, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"""
            WITH top AS (
                SELECT coalesce(a.story, a.id) AS sid, count(*) AS n, group_concat(DISTINCT a.outlet) AS outlets,
                       min(a.published) AS first, max(a.published) AS last
                FROM {from} {where}
                GROUP BY sid
                ORDER BY n DESC, last DESC
                LIMIT $limit)
            SELECT sid, n, outlets, first, last, {StoryHeadlineSql("top.sid")}
            FROM top
            ORDER BY n DESC, last DESC
            """;
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<StorySummary>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadStorySummary(r));
        }

        return list;
    }

    /// <summary>A story row: id, article count, outlets (comma-joined), first, last, headline.</summary>
    private static StorySummary ReadStorySummary(SqliteDataReader r) =>
        new StorySummary(
            r.GetString(0),
            r.IsDBNull(5) ? "" : r.GetString(5),
            r.GetInt32(1),
            r.IsDBNull(2) ? [] : r.GetString(2).Split(',').Order(StringComparer.Ordinal).ToArray(),
            r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)));

    public async Task<IReadOnlyList<Article>> GetStoryArticlesAsync(string storyId, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns} FROM articles a WHERE {StoryMemberSql("a", "$s")} ORDER BY a.published IS NULL, a.published, a.seq";
        cmd.Parameters.AddWithValue("$s", storyId);
        var list = new List<Article>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadArticle(r));
        }

        return list;
    }

    private const string NeedsAnnotation =
        "(length(a.text) > 0 OR length(a.title) > 0) AND a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)";

    public async IAsyncEnumerable<Article> ListUnannotatedAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // First move the watermark over the rows that need nothing, reading only the rows above it (the new ones).
        long through;
        await _writeGate.WaitAsync(ct);
        try
        {
            var annotations = await AnnotationConnectionAsync(ct);
            using var advance = annotations.CreateCommand();
            advance.CommandText = $"""
                UPDATE store_meta SET value = coalesce(
                    (SELECT min(a.seq) - 1 FROM articles a WHERE a.seq > store_meta.value AND {NeedsAnnotation}),
                    (SELECT coalesce(max(seq), 0) FROM articles))
                WHERE key = 'annotated_through' RETURNING value
                """;
            through = (long)(await advance.ExecuteScalarAsync(ct))!;
        }
        finally
        {
            _writeGate.Release();
        }

        // Then read in chunks on a connection of its own, so memory stays bounded whatever the backlog and the caller
        // may write annotations on the store's connection while it reads (WAL: the reader sees a consistent snapshot
        // per chunk and never blocks the writer): older rows whose content changed, then the rows above the mark.
        await using var reader = new SqliteConnection(_connectionString);
        await reader.OpenAsync(ct);
        var lastId = "";
        var chunk = new List<(long Seq, Article Article)>(256);
        while (await ReadChunkAsync($"""
            SELECT a.seq, {ArticleColumns} FROM annotation_queue q JOIN articles a ON a.id = q.article_id
            WHERE q.article_id > $last AND a.seq <= {through} AND {NeedsAnnotation} ORDER BY q.article_id LIMIT 256
            """, lastId))
        {
            lastId = chunk[^1].Article.Id;
            foreach (var (_, a) in chunk)
            {
                yield return a;
            }
        }

        var lastSeq = through;
        while (await ReadChunkAsync($"SELECT a.seq, {ArticleColumns} FROM articles a WHERE a.seq > $last AND {NeedsAnnotation} ORDER BY a.seq LIMIT 256", lastSeq))
        {
            lastSeq = chunk[^1].Seq;
            foreach (var (_, a) in chunk)
            {
                yield return a;
            }
        }

        async Task<bool> ReadChunkAsync(string sql, object last)
        {
            chunk.Clear();
            using var cmd = reader.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$last", last);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                chunk.Add((r.GetInt64(0), ReadArticle(r, 1)));
            }

            return chunk.Count > 0;
        }
    }

    public async Task SaveAnnotationsAsync(IReadOnlyList<(string ArticleId, string Json)> annotations, CancellationToken ct)
    {
        if (annotations.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(ct);
        try
        {
            var connection = await AnnotationConnectionAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await SqliteBatch.RunAsync(connection, tx,
                "INSERT INTO annotations(article_id, json) VALUES ($a, $b) ON CONFLICT(article_id) DO UPDATE SET json = excluded.json", annotations, ct);
            await SqliteBatch.RunAsync(connection, tx, "DELETE FROM annotation_queue WHERE article_id = $a", annotations.Select(a => a.ArticleId), ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The annotation step's connection (see <see cref="_writeGate"/>), opened on first use; callers hold the
    /// gate, so it is opened once.</summary>
    private async Task<SqliteConnection> AnnotationConnectionAsync(CancellationToken ct)
    {
        if (_annotationConnection is null)
        {
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            Exec(connection, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA cache_size=-8000;");
            _annotationConnection = connection;
        }

        return _annotationConnection;
    }

    public async Task SaveAnnotationsAsync(string articleId, string annotationsJson, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO annotations(article_id, json) VALUES ($id, $j) ON CONFLICT(article_id) DO UPDATE SET json = excluded.json;
            DELETE FROM annotation_queue WHERE article_id = $id;
            """;
        cmd.Parameters.AddWithValue("$id", articleId);
        cmd.Parameters.AddWithValue("$j", annotationsJson);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<string?> GetAnnotationsAsync(string articleId, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT json FROM annotations WHERE article_id = $id";
        cmd.Parameters.AddWithValue("$id", articleId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public ValueTask DisposeAsync()
    {
        _annotationConnection?.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    internal string ConnectionString => _connectionString;
}
