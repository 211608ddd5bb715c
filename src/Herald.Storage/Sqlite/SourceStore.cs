using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Sources, their fetch state and item identity keys, in the same SQLite file as the articles. Its tables
/// have their own numbered migrations (recorded in <c>ingest_migrations</c>), applied in order like the
/// article store's, so the two schemas evolve independently. Not thread-safe: callers serialise writes.
/// </summary>
public sealed class SourceStore : ISourceStore, IAsyncDisposable
{
    private static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE sources (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL UNIQUE,
                title TEXT,
                added INTEGER NOT NULL,
                etag TEXT,
                last_modified TEXT,
                content_hash TEXT,
                last_fetched INTEGER,
                last_unconditional INTEGER,
                next_poll INTEGER NOT NULL,
                interval_s INTEGER NOT NULL,
                failures INTEGER NOT NULL DEFAULT 0,
                last_failure INTEGER NOT NULL DEFAULT 0,
                last_problem TEXT,
                items_seen INTEGER NOT NULL DEFAULT 0,
                last_new_item INTEGER
            );
            CREATE TABLE item_keys (
                key TEXT PRIMARY KEY,
                article_id TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
        (2, """
            CREATE TABLE fulltext_pending (
                seq INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL UNIQUE
            );
            """),
    ];

    private readonly SqliteConnection _connection;

    private SourceStore(SqliteConnection connection) => _connection = connection;

    public static SourceStore OpenFolder(string dataDirectory) => Open(Path.Combine(dataDirectory, "herald.db"));

    public static SourceStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
            Exec(connection, "CREATE TABLE IF NOT EXISTS ingest_migrations (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)");
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT coalesce(max(version), 0) FROM ingest_migrations";
            var current = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            foreach (var (version, sql) in Migrations.Where(m => m.Version > current))
            {
                using var tx = connection.BeginTransaction();
                using var m = connection.CreateCommand();
                m.Transaction = tx;
                m.CommandText = sql + $"\nINSERT INTO ingest_migrations VALUES ({version.ToString(CultureInfo.InvariantCulture)}, {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)});";
                m.ExecuteNonQuery();
                tx.Commit();
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new HeraldException(full, $"cannot open the source table ({e.Message.TrimEnd('.')})", e);
        }

        return new SourceStore(connection);
    }

    public async Task<(FeedSource Source, bool Added)> AddAsync(string url, string? title, DateTimeOffset now, CancellationToken ct)
    {
        using (var insert = _connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO sources (url, title, added, next_poll, interval_s) VALUES ($url, $title, $now, $now, 3600) ON CONFLICT(url) DO NOTHING";
            insert.Parameters.AddWithValue("$url", url);
            insert.Parameters.AddWithValue("$title", (object?)title ?? DBNull.Value);
            insert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            var added = await insert.ExecuteNonQueryAsync(ct) > 0;
            var source = (await QueryAsync("WHERE url = $url", ("$url", url), ct)).Single();
            return (source, added);
        }
    }

    public Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken ct) => QueryAsync("ORDER BY id", null, ct);

    public Task SaveStateAsync(FeedSource source, CancellationToken ct) => SaveStatesAsync([source], ct);

    public async Task SaveStatesAsync(IReadOnlyList<FeedSource> sources, CancellationToken ct)
    {
        if (sources.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        foreach (var s in sources)
        {
            await SaveOneAsync(s, tx, ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<long>> DeferPollsAsync(IReadOnlyList<long> ids, DateTimeOffset ifDueBy, DateTimeOffset until, CancellationToken ct)
    {
        var moved = new List<long>();
        if (ids.Count == 0)
        {
            return moved;
        }

        using var cmd = _connection.CreateCommand();
        // The ids go in as a JSON array (json_each), so any number of them is one statement.
        cmd.CommandText = "UPDATE sources SET next_poll = $until WHERE next_poll <= $due AND id IN (SELECT value FROM json_each($ids)) RETURNING id";
        cmd.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$due", ifDueBy.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            moved.Add(r.GetInt64(0));
        }

        return moved;
    }

    private async Task SaveOneAsync(FeedSource s, SqliteTransaction tx, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        // A permanent redirect may point at a URL another source already follows; then the old URL stays.
        cmd.CommandText = """
            UPDATE OR IGNORE sources SET url = $url WHERE id = $id;
            UPDATE sources SET title = $title, etag = $etag, last_modified = $lm, content_hash = $hash,
                last_fetched = $fetched, last_unconditional = $uncond, next_poll = $next, interval_s = $interval,
                failures = $failures, last_failure = $failure, last_problem = $problem, items_seen = $seen, last_new_item = $lastNew
            WHERE id = $id;
            """;
        cmd.Parameters.AddWithValue("$id", s.Id);
        cmd.Parameters.AddWithValue("$url", s.Url);
        cmd.Parameters.AddWithValue("$title", (object?)s.Title ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$etag", (object?)s.ETag ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$lm", (object?)s.LastModified ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$hash", (object?)s.ContentHash ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$fetched", (object?)s.LastFetched?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$uncond", (object?)s.LastUnconditional?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$next", s.NextPoll.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$interval", (long)s.Interval.TotalSeconds);
        cmd.Parameters.AddWithValue("$failures", s.Failures);
        cmd.Parameters.AddWithValue("$failure", (int)s.LastFailure);
        cmd.Parameters.AddWithValue("$problem", (object?)s.LastProblem ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$seen", s.ItemsSeen);
        cmd.Parameters.AddWithValue("$lastNew", (object?)s.LastNewItem?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> FindKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            using var cmd = _connection.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "$k" + i.ToString(CultureInfo.InvariantCulture);
                cmd.Parameters.AddWithValue(names[i], chunk[i]);
            }

            cmd.CommandText = "SELECT key, article_id FROM item_keys WHERE key IN (" + string.Join(',', names) + ")";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                found[r.GetString(0)] = r.GetString(1);
            }
        }

        return found;
    }

    public Task RecordKeysAsync(IReadOnlyList<(string Key, string ArticleId)> keys, CancellationToken ct) =>
        RecordKeysAsync(keys, [], ct);

    public async Task RecordKeysAsync(IReadOnlyList<(string Key, string ArticleId)> keys, IReadOnlyList<string> needFullText, CancellationToken ct)
    {
        if (keys.Count == 0 && needFullText.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR IGNORE INTO item_keys (key, article_id) VALUES ($key, $id)";
            var k = cmd.Parameters.Add("$key", SqliteType.Text);
            var i = cmd.Parameters.Add("$id", SqliteType.Text);
            foreach (var (key, id) in keys)
            {
                k.Value = key;
                i.Value = id;
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        await SqliteBatch.RunAsync(_connection, tx, "INSERT OR IGNORE INTO fulltext_pending (article_id) VALUES ($a)", needFullText, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<long> CountFullTextPendingAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM fulltext_pending";
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<string>> ListFullTextPendingAsync(int limit, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT article_id FROM fulltext_pending ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task ClearFullTextPendingAsync(IReadOnlyList<string> articleIds, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        await SqliteBatch.RunAsync(_connection, tx, "DELETE FROM fulltext_pending WHERE article_id = $a", articleIds, ct);
        await tx.CommitAsync(ct);
    }


    private async Task<IReadOnlyList<FeedSource>> QueryAsync(string where, (string, object)? parameter, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, url, title, added, etag, last_modified, content_hash, last_fetched, last_unconditional, next_poll,
                interval_s, failures, last_failure, last_problem, items_seen, last_new_item FROM sources
            """ + " " + where;
        if (parameter is { } p)
        {
            cmd.Parameters.AddWithValue(p.Item1, p.Item2);
        }

        var list = new List<FeedSource>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new FeedSource
            {
                Id = r.GetInt64(0),
                Url = r.GetString(1),
                Title = r.IsDBNull(2) ? null : r.GetString(2),
                Added = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
                ETag = r.IsDBNull(4) ? null : r.GetString(4),
                LastModified = r.IsDBNull(5) ? null : r.GetString(5),
                ContentHash = r.IsDBNull(6) ? null : r.GetString(6),
                LastFetched = r.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
                LastUnconditional = r.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
                NextPoll = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
                Interval = TimeSpan.FromSeconds(r.GetInt64(10)),
                Failures = r.GetInt32(11),
                LastFailure = (FetchFailureKind)r.GetInt32(12),
                LastProblem = r.IsDBNull(13) ? null : r.GetString(13),
                ItemsSeen = r.GetInt32(14),
                LastNewItem = r.IsDBNull(15) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(15)),
            });
        }

        return list;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
