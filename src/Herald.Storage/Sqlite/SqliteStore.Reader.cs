using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Reader-app accounts, tokens and per-user item state (tables of migration 9). Item ids are article seqs; every
/// stream lists originals only: a copy that matches a stream brings its original in instead, so one story reported
/// word for word by five outlets is one item.
/// </summary>
public sealed partial class SqliteStore : IReaderStore
{
    public async Task<ReaderUser?> AddUserAsync(string name, string passwordHash, DateTimeOffset now, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO reader_users (name, password_hash, created) VALUES ($name, $hash, $now) ON CONFLICT(name) DO NOTHING";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$hash", passwordHash);
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await cmd.ExecuteNonQueryAsync(ct) == 0 ? null : await GetUserAsync(name, ct);
    }

    public async Task<ReaderUser?> GetUserAsync(string name, CancellationToken ct) =>
        (await UsersAsync("WHERE name = $p", name, ct)).FirstOrDefault();

    public Task<IReadOnlyList<ReaderUser>> ListUsersAsync(CancellationToken ct) => UsersAsync("ORDER BY name", null, ct);

    public async Task<bool> RemoveUserAsync(string name, CancellationToken ct)
    {
        if (await GetUserAsync(name, ct) is not { } user)
        {
            return false;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            DELETE FROM reader_state WHERE user_id = $u;
            DELETE FROM reader_tokens WHERE user_id = $u;
            DELETE FROM reader_users WHERE id = $u;
            """;
        cmd.Parameters.AddWithValue("$u", user.Id);
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task AddTokenAsync(long userId, string tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT OR IGNORE INTO reader_tokens (token_hash, user_id, created) VALUES ($t, $u, $now)";
        cmd.Parameters.AddWithValue("$t", tokenHash);
        cmd.Parameters.AddWithValue("$u", userId);
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<ReaderUser?> GetUserByTokenAsync(string tokenHash, CancellationToken ct) =>
        (await UsersAsync("WHERE id = (SELECT user_id FROM reader_tokens WHERE token_hash = $p)", tokenHash, ct)).FirstOrDefault();

    private async Task<IReadOnlyList<ReaderUser>> UsersAsync(string tail, string? parameter, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, name, password_hash, created FROM reader_users " + tail;
        if (parameter is not null)
        {
            cmd.Parameters.AddWithValue("$p", parameter);
        }

        var users = new List<ReaderUser>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            users.Add(new ReaderUser(r.GetInt64(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))));
        }

        return users;
    }

    public async Task<IReadOnlyList<ReaderFeed>> ListFeedsAsync(CancellationToken ct)
    {
        // The sources table belongs to SourceStore, which creates it when a feed is first followed.
        if (!await TableExistsAsync("sources", ct))
        {
            return [];
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, url, title FROM sources ORDER BY id";
        var feeds = new List<ReaderFeed>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            feeds.Add(new ReaderFeed(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        }

        return feeds;
    }

    public async Task<ReaderPage> ListItemsAsync(ReaderQuery query, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, 10_000);
        using var cmd = _connection.CreateCommand();
        if (await StreamConditionAsync(query.Stream, query.UserId, cmd, ct) is not { } condition)
        {
            return new ReaderPage([], null);
        }

        var where = new List<string> { condition };
        AddFilters(where, cmd, query.UserId, query.ExcludeRead, query.Since, query.Until);
        if (query.After is { } after)
        {
            where.Add(query.OldestFirst ? "a.seq > $after" : "a.seq < $after");
            cmd.Parameters.AddWithValue("$after", after);
        }

        cmd.CommandText = $"SELECT a.seq, a.first_seen FROM articles a WHERE {string.Join(" AND ", where)} ORDER BY a.seq {(query.OldestFirst ? "ASC" : "DESC")} LIMIT $n";
        cmd.Parameters.AddWithValue("$n", limit + 1);
        var items = new List<ReaderItemRef>();
        await using (var r = await ReadStreamAsync(cmd, query.Stream, ct))
        {
            while (await r.ReadAsync(ct))
            {
                items.Add(new ReaderItemRef(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))));
            }
        }

        if (items.Count <= limit)
        {
            return new ReaderPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new ReaderPage(items, items[^1].Id);
    }

    public async Task<IReadOnlyList<long>> InStreamAsync(ReaderStream stream, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        using var cmd = _connection.CreateCommand();
        if (await StreamConditionAsync(stream, 0, cmd, ct) is not { } condition)
        {
            return [];
        }

        cmd.CommandText = $"SELECT a.seq FROM articles a WHERE a.seq IN (SELECT value FROM json_each($ids)) AND {condition}";
        cmd.Parameters.AddWithValue("$ids", JsonIds(ids));
        var found = new HashSet<long>();
        await using (var r = await ReadStreamAsync(cmd, stream, ct))
        {
            while (await r.ReadAsync(ct))
            {
                found.Add(r.GetInt64(0));
            }
        }

        return ids.Where(found.Contains).ToList();
    }

    public async Task<(int Count, DateTimeOffset? Newest)> CountItemsAsync(ReaderStream stream, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        if (stream.Kind is ReaderStreamKind.Starred or ReaderStreamKind.Read || await StreamConditionAsync(stream, 0, cmd, ct) is not { } condition)
        {
            // Starred and read are per user; counting them without one means nothing.
            return (0, null);
        }

        cmd.CommandText = $"SELECT count(*), max(a.first_seen) FROM articles a WHERE {condition}";
        await using var r = await ReadStreamAsync(cmd, stream, ct);
        await r.ReadAsync(ct);
        return (r.GetInt32(0), r.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)));
    }

    public async Task<(int Count, DateTimeOffset? Newest)> CountUnreadAsync(long userId, ReaderStream stream, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        if (await StreamConditionAsync(stream, userId, cmd, ct) is not { } condition)
        {
            return (0, null);
        }

        var where = new List<string> { condition };
        AddFilters(where, cmd, userId, excludeRead: true, null, null);
        cmd.CommandText = $"SELECT count(*), max(a.first_seen) FROM articles a WHERE {string.Join(" AND ", where)}";
        await using var r = await ReadStreamAsync(cmd, stream, ct);
        await r.ReadAsync(ct);
        return (r.GetInt32(0), r.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)));
    }

    public async Task<IReadOnlyList<ReaderItem>> GetItemsAsync(long userId, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var originals = await OriginalsAsync(ids, ct);
        var wanted = originals.Distinct().ToList();
        var articles = await ArticlesBySeqAsync(wanted, ct);
        var seen = new Dictionary<long, DateTimeOffset>();
        var state = new Dictionary<long, (bool Read, bool Starred)>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = """
                SELECT a.seq, a.first_seen, s.read, s.starred FROM articles a
                LEFT JOIN reader_state s ON s.user_id = $u AND s.seq = a.seq
                WHERE a.seq IN (SELECT value FROM json_each($ids))
                """;
            cmd.Parameters.AddWithValue("$u", userId);
            cmd.Parameters.AddWithValue("$ids", JsonIds(wanted));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                seen[r.GetInt64(0)] = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
                state[r.GetInt64(0)] = (!r.IsDBNull(2) && r.GetInt64(2) != 0, !r.IsDBNull(3) && r.GetInt64(3) != 0);
            }
        }

        var alsoBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = """
                SELECT duplicate_of, outlet FROM articles
                WHERE duplicate_of IN (SELECT value FROM json_each($ids)) AND outlet IS NOT NULL
                ORDER BY seq
                """;
            cmd.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(articles.Values.Select(a => a.Id).ToList()));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var list = alsoBy.TryGetValue(r.GetString(0), out var l) ? l : alsoBy[r.GetString(0)] = [];
                list.Add(r.GetString(1));
            }
        }

        var tags = new Dictionary<long, List<string>>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = """
                SELECT DISTINCT e.seq, r.tag FROM rule_effects e JOIN rules r ON r.id = e.rule_id
                WHERE e.effect = 'tag' AND r.tag IS NOT NULL AND e.seq IN (SELECT value FROM json_each($ids))
                ORDER BY e.seq, r.tag
                """;
            cmd.Parameters.AddWithValue("$ids", JsonIds(wanted));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                (tags.TryGetValue(r.GetInt64(0), out var l) ? l : tags[r.GetInt64(0)] = []).Add(r.GetString(1));
            }
        }

        var items = new List<ReaderItem>(wanted.Count);
        foreach (var seq in wanted)
        {
            if (!articles.TryGetValue(seq, out var article))
            {
                continue;
            }

            var outlets = alsoBy.TryGetValue(article.Id, out var found)
                ? found.Where(o => !string.Equals(o, article.Outlet, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
                : [];
            var (read, starred) = state.GetValueOrDefault(seq);
            items.Add(new ReaderItem(seq, article, seen[seq], read, starred, outlets) { Tags = tags.GetValueOrDefault(seq) ?? [] });
        }

        return items;
    }

    public async Task<int> SetFlagAsync(long userId, IReadOnlyList<long> ids, ReaderFlag flag, bool on, DateTimeOffset now, CancellationToken ct)
    {
        var originals = (await OriginalsAsync(ids, ct)).Distinct().ToList();
        if (originals.Count == 0)
        {
            return 0;
        }

        var column = flag == ReaderFlag.Read ? "read" : "starred";
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            INSERT INTO reader_state (user_id, seq, {column}, changed)
            SELECT $u, value, $on, $now FROM json_each($ids) WHERE true
            ON CONFLICT (user_id, seq) DO UPDATE SET {column} = excluded.{column}, changed = excluded.changed
            """;
        cmd.Parameters.AddWithValue("$u", userId);
        cmd.Parameters.AddWithValue("$on", on ? 1 : 0);
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$ids", JsonIds(originals));
        await cmd.ExecuteNonQueryAsync(ct);
        return originals.Count;
    }

    public async Task<int> MarkStreamReadAsync(long userId, ReaderStream stream, DateTimeOffset? until, DateTimeOffset now, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        if (await StreamConditionAsync(stream, userId, cmd, ct) is not { } condition)
        {
            return 0;
        }

        var where = new List<string> { condition };
        AddFilters(where, cmd, userId, excludeRead: true, null, until);
        cmd.CommandText = $"""
            INSERT INTO reader_state (user_id, seq, read, changed)
            SELECT $u, a.seq, 1, $now FROM articles a WHERE {string.Join(" AND ", where)}
            ON CONFLICT (user_id, seq) DO UPDATE SET read = 1, changed = excluded.changed
            """;
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        try
        {
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e) when (stream.Query is { } q)
        {
            throw new HeraldException($"query \"{q.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>
    /// The condition on <c>articles a</c> that selects a stream's items (originals only), with its parameters added to
    /// <paramref name="cmd"/>; null when the stream cannot hold anything (a feed in a store that follows none).
    /// </summary>
    private async Task<string?> StreamConditionAsync(ReaderStream stream, long userId, SqliteCommand cmd, CancellationToken ct)
    {
        cmd.Parameters.AddWithValue("$u", userId);
        string matches;
        switch (stream.Kind)
        {
            case ReaderStreamKind.ReadingList:
                // Everything: originals walk the primary key, no set is built.
                return "a.duplicate_of IS NULL AND " + NotDropped;
            case ReaderStreamKind.Starred:
            case ReaderStreamKind.Read:
                var flag = stream.Kind == ReaderStreamKind.Starred ? "starred" : "read";
                // Flags are only ever set on originals, so no collapsing is needed.
                return $"a.seq IN (SELECT s.seq FROM reader_state s WHERE s.user_id = $u AND s.{flag} = 1)";
            case ReaderStreamKind.Feed:
                if (stream.FeedId is not { } feed || !await TableExistsAsync("item_keys", ct))
                {
                    return null;
                }

                // Every item a feed brought has the key "hash:s{source}|{content hash}" (ItemIdentity), so the
                // feed's items are one range of the key index.
                var prefix = "hash:s" + feed.ToString(CultureInfo.InvariantCulture) + "|";
                cmd.Parameters.AddWithValue("$klo", prefix);
                cmd.Parameters.AddWithValue("$khi", prefix[..^1] + "}");
                matches = "SELECT a.seq AS seq, a.duplicate_of AS dup FROM item_keys k JOIN articles a ON a.id = k.article_id WHERE k.key >= $klo AND k.key < $khi";
                break;
            case ReaderStreamKind.Topic:
                var (from, where) = Compile(stream.Query, cmd);
                matches = $"SELECT a.seq AS seq, a.duplicate_of AS dup FROM {from} {where}";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(stream), stream.Kind, "unknown stream kind");
        }

        // A copy that matches stands for its original (unless the original is gone).
        return $"a.seq IN (SELECT coalesce(o.seq, m.seq) FROM ({matches}) m LEFT JOIN articles o ON o.id = m.dup) AND {NotDropped}";
    }

    /// <summary>Articles a drop or keep rule dropped (migration 11) are listed by no stream but starred and read.</summary>
    private const string NotDropped = "NOT EXISTS (SELECT 1 FROM rule_effects e WHERE e.seq = a.seq AND e.effect = 'drop')";

    private static void AddFilters(List<string> where, SqliteCommand cmd, long userId, bool excludeRead, DateTimeOffset? since, DateTimeOffset? until)
    {
        if (!cmd.Parameters.Contains("$u"))
        {
            cmd.Parameters.AddWithValue("$u", userId);
        }

        if (excludeRead)
        {
            where.Add("NOT EXISTS (SELECT 1 FROM reader_state s WHERE s.user_id = $u AND s.seq = a.seq AND s.read = 1)");
        }

        if (since is { } s)
        {
            where.Add("a.first_seen >= $since");
            cmd.Parameters.AddWithValue("$since", s.ToUnixTimeMilliseconds());
        }

        if (until is { } u)
        {
            where.Add("a.first_seen <= $until");
            cmd.Parameters.AddWithValue("$until", u.ToUnixTimeMilliseconds());
        }
    }

    private static async Task<SqliteDataReader> ReadStreamAsync(SqliteCommand cmd, ReaderStream stream, CancellationToken ct)
    {
        try
        {
            return await cmd.ExecuteReaderAsync(ct);
        }
        catch (SqliteException e) when (stream.Query is { } q)
        {
            throw new HeraldException($"query \"{q.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>Each id's original (a copy's id maps to the article it copies), in order; unknown ids are dropped.</summary>
    private async Task<List<long>> OriginalsAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var result = new List<long>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        var map = new Dictionary<long, long>();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT a.seq, coalesce(o.seq, a.seq) FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of
            WHERE a.seq IN (SELECT value FROM json_each($ids))
            """;
        cmd.Parameters.AddWithValue("$ids", JsonIds(ids));
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                map[r.GetInt64(0)] = r.GetInt64(1);
            }
        }

        foreach (var id in ids)
        {
            if (map.TryGetValue(id, out var original))
            {
                result.Add(original);
            }
        }

        return result;
    }

    private static string JsonIds(IEnumerable<long> ids) => "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";

    private async Task<bool> TableExistsAsync(string name, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }
}
