using Herald.Model;
using Herald.Pipeline;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>Sources, their fetch state, item identity keys and the full-text work list, as <see cref="Sqlite.SourceStore"/> keeps them.</summary>
public sealed partial class PostgresStore : ISourceStore
{
    private const string SourceColumns =
        "id, url, title, added, etag, last_modified, content_hash, last_fetched, last_unconditional, next_poll, " +
        "interval_s, failures, last_failure, last_problem, items_seen, last_new_item";

    public async Task<(FeedSource Source, bool Added)> AddAsync(string url, string? title, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO sources (url, title, added, next_poll, interval_s) VALUES (@url, @title, @now, @now, 3600) ON CONFLICT (url) DO NOTHING", c);
        insert.Parameters.AddWithValue("url", url);
        insert.Parameters.AddWithValue("title", Db(title));
        insert.Parameters.AddWithValue("now", Ms(now));
        var added = await insert.ExecuteNonQueryAsync(ct) > 0;
        await using var read = new NpgsqlCommand($"SELECT {SourceColumns} FROM sources WHERE url = @url", c);
        read.Parameters.AddWithValue("url", url);
        return ((await ReadSourcesAsync(read, ct)).Single(), added);
    }

    public async Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT {SourceColumns} FROM sources ORDER BY id", c);
        return await ReadSourcesAsync(cmd, ct);
    }

    public Task SaveStateAsync(FeedSource source, CancellationToken ct) => SaveStatesAsync([source], ct);

    public async Task<IReadOnlyList<long>> DeferPollsAsync(IReadOnlyList<long> ids, DateTimeOffset ifDueBy, DateTimeOffset until, CancellationToken ct)
    {
        var moved = new List<long>();
        if (ids.Count == 0)
        {
            return moved;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("UPDATE sources SET next_poll = @until WHERE next_poll <= @due AND id = ANY(@ids) RETURNING id", c);
        cmd.Parameters.AddWithValue("until", Ms(until));
        cmd.Parameters.AddWithValue("due", Ms(ifDueBy));
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            moved.Add(r.GetInt64(0));
        }

        return moved;
    }

    public async Task SaveStatesAsync(IReadOnlyList<FeedSource> sources, CancellationToken ct)
    {
        if (sources.Count == 0)
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // A permanent redirect may point at a URL another source already follows; then the old URL stays.
        await using var cmd = new NpgsqlCommand("""
            UPDATE sources SET url = @url WHERE id = @id AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = @url AND o.id <> @id);
            UPDATE sources SET title = @title, etag = @etag, last_modified = @lm, content_hash = @hash,
                last_fetched = @fetched, last_unconditional = @uncond, next_poll = @next, interval_s = @interval,
                failures = @failures, last_failure = @failure, last_problem = @problem, items_seen = @seen, last_new_item = @lastNew
            WHERE id = @id;
            """, c, tx);
        foreach (var s in sources)
        {
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("id", s.Id);
            cmd.Parameters.AddWithValue("url", s.Url);
            cmd.Parameters.Add(new NpgsqlParameter("title", NpgsqlTypes.NpgsqlDbType.Text) { Value = Db(s.Title) });
            cmd.Parameters.Add(new NpgsqlParameter("etag", NpgsqlTypes.NpgsqlDbType.Text) { Value = Db(s.ETag) });
            cmd.Parameters.Add(new NpgsqlParameter("lm", NpgsqlTypes.NpgsqlDbType.Text) { Value = Db(s.LastModified) });
            cmd.Parameters.Add(new NpgsqlParameter("hash", NpgsqlTypes.NpgsqlDbType.Text) { Value = Db(s.ContentHash) });
            cmd.Parameters.Add(new NpgsqlParameter("fetched", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = Db(s.LastFetched) });
            cmd.Parameters.Add(new NpgsqlParameter("uncond", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = Db(s.LastUnconditional) });
            cmd.Parameters.AddWithValue("next", Ms(s.NextPoll));
            cmd.Parameters.AddWithValue("interval", (long)s.Interval.TotalSeconds);
            cmd.Parameters.AddWithValue("failures", s.Failures);
            cmd.Parameters.AddWithValue("failure", (int)s.LastFailure);
            cmd.Parameters.Add(new NpgsqlParameter("problem", NpgsqlTypes.NpgsqlDbType.Text) { Value = Db(s.LastProblem) });
            cmd.Parameters.AddWithValue("seen", s.ItemsSeen);
            cmd.Parameters.Add(new NpgsqlParameter("lastNew", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = Db(s.LastNewItem) });
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> FindKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT key, article_id FROM item_keys WHERE key = ANY(@k)", c);
        cmd.Parameters.AddWithValue("k", keys.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            found[r.GetString(0)] = r.GetString(1);
        }

        return found;
    }

    public Task RecordKeysAsync(IReadOnlyList<(string Key, string ArticleId)> keys, CancellationToken ct) => RecordKeysAsync(keys, [], ct);

    public async Task RecordKeysAsync(IReadOnlyList<(string Key, string ArticleId)> keys, IReadOnlyList<string> needFullText, CancellationToken ct)
    {
        if (keys.Count == 0 && needFullText.Count == 0)
        {
            return;
        }

        // The first article recorded for a key keeps it, as SQLite's INSERT OR IGNORE row by row gives.
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, id) in keys)
        {
            first.TryAdd(key, id);
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand("INSERT INTO item_keys (key, article_id) SELECT * FROM unnest(@k, @a) ON CONFLICT DO NOTHING", c, tx))
        {
            cmd.Parameters.AddWithValue("k", first.Keys.ToArray());
            cmd.Parameters.AddWithValue("a", first.Values.ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using (var pending = new NpgsqlCommand(
            "INSERT INTO fulltext_pending (article_id) SELECT a FROM unnest(@a) WITH ORDINALITY AS v(a, n) ORDER BY n ON CONFLICT DO NOTHING", c, tx))
        {
            pending.Parameters.AddWithValue("a", needFullText.Distinct(StringComparer.Ordinal).ToArray());
            await pending.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task<long> CountFullTextPendingAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM fulltext_pending", c);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<string>> ListFullTextPendingAsync(int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT article_id FROM fulltext_pending ORDER BY seq LIMIT @limit", c);
        cmd.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    public async Task ClearFullTextPendingAsync(IReadOnlyList<string> articleIds, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("DELETE FROM fulltext_pending WHERE article_id = ANY(@a)", c);
        cmd.Parameters.AddWithValue("a", articleIds.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<FeedSource>> ReadSourcesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var list = new List<FeedSource>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new FeedSource
            {
                Id = r.GetInt64(0),
                Url = r.GetString(1),
                Title = Str(r, 2),
                Added = r.GetFieldValue<DateTimeOffset>(3),
                ETag = Str(r, 4),
                LastModified = Str(r, 5),
                ContentHash = Str(r, 6),
                LastFetched = Time(r, 7),
                LastUnconditional = Time(r, 8),
                NextPoll = r.GetFieldValue<DateTimeOffset>(9),
                Interval = TimeSpan.FromSeconds(r.GetInt64(10)),
                Failures = r.GetInt32(11),
                LastFailure = (FetchFailureKind)r.GetInt32(12),
                LastProblem = Str(r, 13),
                ItemsSeen = r.GetInt32(14),
                LastNewItem = Time(r, 15),
            });
        }

        return list;
    }
}
