using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>
/// Reader-app accounts, tokens and per-user item state (tables of migration 8), with the semantics of
/// <see cref="Sqlite.SqliteStore"/>'s: item ids are article seqs, and every stream lists originals only (a copy that
/// matches a stream brings its original in instead). Articles a drop or keep rule dropped are listed by no stream
/// but starred and read; a star rule's stars are per-user flags like any other (<see cref="Herald.Rules.RuleApplier"/> sets them).
/// </summary>
public sealed partial class PostgresStore : IReaderStore
{
    public async Task<ReaderUser?> AddUserAsync(string name, string passwordHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO reader_users (name, password_hash, created) VALUES (@name, @hash, @now) ON CONFLICT (lower(name)) DO NOTHING RETURNING id", c);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("hash", passwordHash);
        cmd.Parameters.AddWithValue("now", Ms(now));
        return await cmd.ExecuteScalarAsync(ct) is long id ? new ReaderUser(id, name, passwordHash, Ms(now)) : null;
    }

    public async Task<ReaderUser?> GetUserAsync(string name, CancellationToken ct) =>
        (await UsersAsync("WHERE lower(name) = lower(@p)", name, ct)).FirstOrDefault();

    public Task<IReadOnlyList<ReaderUser>> ListUsersAsync(CancellationToken ct) => UsersAsync("ORDER BY lower(name), id", null, ct);

    public async Task<bool> RemoveUserAsync(string name, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The account row goes first and names the id, so the state and tokens of exactly that account follow it.
        await using var user = new NpgsqlCommand("DELETE FROM reader_users WHERE lower(name) = lower(@n) RETURNING id", c, tx);
        user.Parameters.AddWithValue("n", name);
        if (await user.ExecuteScalarAsync(ct) is not long id)
        {
            return false;
        }

        await using var rest = new NpgsqlCommand("DELETE FROM reader_state WHERE user_id = @u; DELETE FROM reader_tokens WHERE user_id = @u", c, tx);
        rest.Parameters.AddWithValue("u", id);
        await rest.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task AddTokenAsync(long userId, string tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO reader_tokens (token_hash, user_id, created) VALUES (@t, @u, @now) ON CONFLICT DO NOTHING", c);
        cmd.Parameters.AddWithValue("t", tokenHash);
        cmd.Parameters.AddWithValue("u", userId);
        cmd.Parameters.AddWithValue("now", Ms(now));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<ReaderUser?> GetUserByTokenAsync(string tokenHash, CancellationToken ct) =>
        (await UsersAsync("WHERE id = (SELECT user_id FROM reader_tokens WHERE token_hash = @p)", tokenHash, ct)).FirstOrDefault();

    private async Task<IReadOnlyList<ReaderUser>> UsersAsync(string tail, string? parameter, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, name, password_hash, created FROM reader_users " + tail, c);
        if (parameter is not null)
        {
            cmd.Parameters.AddWithValue("p", parameter);
        }

        var users = new List<ReaderUser>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            users.Add(new ReaderUser(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)));
        }

        return users;
    }

    public async Task<IReadOnlyList<ReaderFeed>> ListFeedsAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, url, title FROM sources ORDER BY id", c);
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
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var where = new List<string> { StreamCondition(query.Stream, query.UserId, cmd) };
        AddFilters(where, cmd, query.ExcludeRead, query.Since, query.Until);
        if (query.After is { } after)
        {
            where.Add(query.OldestFirst ? "a.seq > @after" : "a.seq < @after");
            cmd.Parameters.AddWithValue("after", after);
        }

        // Clients page on from the highest id they saw (Fever's since_id, Google Reader's continuations), and
        // concurrent writers commit ids out of order: an item is listed only once every lower id is committed or
        // rolled back, so a batch committing late is never paged past.
        where.Add("a.seq <= @committed");
        cmd.Parameters.AddWithValue("committed", await CommittedThroughAsync(c, ct));

        cmd.CommandText = $"SELECT a.seq, a.first_seen FROM articles a WHERE {string.Join(" AND ", where)} ORDER BY a.seq {(query.OldestFirst ? "ASC" : "DESC")} LIMIT @n";
        cmd.Parameters.AddWithValue("n", limit + 1);
        var items = new List<ReaderItemRef>();
        await using (var r = await ReadStreamAsync(cmd, query.Stream, ct))
        {
            while (await r.ReadAsync(ct))
            {
                items.Add(new ReaderItemRef(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1)));
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

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        cmd.CommandText = $"SELECT a.seq FROM articles a WHERE a.seq = ANY(@ids) AND {StreamCondition(stream, 0, cmd)}";
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
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
        if (stream.Kind is ReaderStreamKind.Starred or ReaderStreamKind.Read)
        {
            // Starred and read are per user; counting them without one means nothing.
            return (0, null);
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        cmd.CommandText = $"SELECT count(*), max(a.first_seen) FROM articles a WHERE {StreamCondition(stream, 0, cmd)}";
        return await CountAsync(cmd, stream, ct);
    }

    public async Task<(int Count, DateTimeOffset? Newest)> CountUnreadAsync(long userId, ReaderStream stream, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var where = new List<string> { StreamCondition(stream, userId, cmd) };
        AddFilters(where, cmd, excludeRead: true, null, null);
        cmd.CommandText = $"SELECT count(*), max(a.first_seen) FROM articles a WHERE {string.Join(" AND ", where)}";
        return await CountAsync(cmd, stream, ct);
    }

    private static async Task<(int Count, DateTimeOffset? Newest)> CountAsync(NpgsqlCommand cmd, ReaderStream stream, CancellationToken ct)
    {
        await using var r = await ReadStreamAsync(cmd, stream, ct);
        await r.ReadAsync(ct);
        return (Convert.ToInt32(r.GetInt64(0), CultureInfo.InvariantCulture), r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1));
    }

    public async Task<IReadOnlyList<ReaderItem>> GetItemsAsync(long userId, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        var wanted = (await OriginalsAsync(c, ids, ct)).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var rows = new Dictionary<long, (Article Article, DateTimeOffset Seen, bool Read, bool Starred)>();
        await using (var cmd = new NpgsqlCommand(
            $"""
            SELECT k.seq, coalesce(s.read, false), coalesce(s.starred, false), {ArticleColumns}
            FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at
            LEFT JOIN reader_state s ON s.user_id = @u AND s.seq = k.seq
            WHERE k.seq = ANY(@ids)
            """, c))
        {
            cmd.Parameters.AddWithValue("u", userId);
            cmd.Parameters.AddWithValue("ids", wanted.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var article = ReadArticle(r, 3);
                rows[r.GetInt64(0)] = (article, article.FirstSeen!.Value, r.GetBoolean(1), r.GetBoolean(2));
            }
        }

        var alsoBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            "SELECT duplicate_of, outlet FROM articles WHERE duplicate_of = ANY(@ids) AND outlet IS NOT NULL ORDER BY seq", c))
        {
            cmd.Parameters.AddWithValue("ids", rows.Values.Select(v => v.Article.Id).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                (alsoBy.TryGetValue(r.GetString(0), out var l) ? l : alsoBy[r.GetString(0)] = []).Add(r.GetString(1));
            }
        }

        var tags = new Dictionary<long, List<string>>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT DISTINCT e.seq, r.tag FROM rule_effects e JOIN rules r ON r.id = e.rule_id
            WHERE e.effect = 'tag' AND r.tag IS NOT NULL AND e.seq = ANY(@ids)
            ORDER BY e.seq, r.tag
            """, c))
        {
            cmd.Parameters.AddWithValue("ids", wanted.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                (tags.TryGetValue(r.GetInt64(0), out var l) ? l : tags[r.GetInt64(0)] = []).Add(r.GetString(1));
            }
        }

        var items = new List<ReaderItem>(wanted.Count);
        foreach (var seq in wanted)
        {
            if (!rows.TryGetValue(seq, out var row))
            {
                continue;
            }

            var outlets = alsoBy.TryGetValue(row.Article.Id, out var found)
                ? found.Where(o => !string.Equals(o, row.Article.Outlet, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
                : [];
            items.Add(new ReaderItem(seq, row.Article, row.Seen, row.Read, row.Starred, outlets) { Tags = tags.GetValueOrDefault(seq) ?? [] });
        }

        return items;
    }

    public async Task<int> SetFlagAsync(long userId, IReadOnlyList<long> ids, ReaderFlag flag, bool on, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        var originals = (await OriginalsAsync(c, ids, ct)).Distinct().ToArray();
        if (originals.Length == 0)
        {
            return 0;
        }

        var column = flag == ReaderFlag.Read ? "read" : "starred";
        await using var cmd = new NpgsqlCommand(
            $"""
            INSERT INTO reader_state (user_id, seq, {column}, changed) SELECT @u, s, @on, @now FROM unnest(@ids) AS s
            ON CONFLICT (user_id, seq) DO UPDATE SET {column} = excluded.{column}, changed = excluded.changed
            """, c);
        cmd.Parameters.AddWithValue("u", userId);
        cmd.Parameters.AddWithValue("on", on);
        cmd.Parameters.AddWithValue("now", Ms(now));
        cmd.Parameters.AddWithValue("ids", originals);
        await cmd.ExecuteNonQueryAsync(ct);
        return originals.Length;
    }

    public async Task<int> MarkStreamReadAsync(long userId, ReaderStream stream, DateTimeOffset? until, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var where = new List<string> { StreamCondition(stream, userId, cmd) };
        AddFilters(where, cmd, excludeRead: true, null, until);
        cmd.CommandText = $"""
            INSERT INTO reader_state (user_id, seq, read, changed)
            SELECT @u, a.seq, true, @now FROM articles a WHERE {string.Join(" AND ", where)}
            ON CONFLICT (user_id, seq) DO UPDATE SET read = true, changed = excluded.changed
            """;
        cmd.Parameters.AddWithValue("now", Ms(now));
        try
        {
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (stream.Query is { } q)
        {
            throw new HeraldException($"query \"{q.Text}\"", $"cannot be searched ({OneLine(e)})");
        }
    }

    /// <summary>
    /// The condition on <c>articles a</c> that selects a stream's items (originals only), with its parameters added
    /// to <paramref name="cmd"/> (@u is <paramref name="userId"/>).
    /// </summary>
    private static string StreamCondition(ReaderStream stream, long userId, NpgsqlCommand cmd)
    {
        cmd.Parameters.AddWithValue("u", userId);
        string matches;
        switch (stream.Kind)
        {
            case ReaderStreamKind.ReadingList:
                return "a.duplicate_of IS NULL AND " + NotDropped;
            case ReaderStreamKind.Starred:
            case ReaderStreamKind.Read:
                // Flags are only ever set on originals, so no collapsing is needed.
                var flag = stream.Kind == ReaderStreamKind.Starred ? "starred" : "read";
                return $"a.seq IN (SELECT s.seq FROM reader_state s WHERE s.user_id = @u AND s.{flag})";
            case ReaderStreamKind.Feed:
                if (stream.FeedId is not { } feed)
                {
                    return "false";
                }

                // Every item a feed brought has the key "hash:s{source}|{content hash}" (ItemIdentity): one byte-order
                // range of migration 8's pattern index ('}' follows '|').
                var prefix = "hash:s" + feed.ToString(CultureInfo.InvariantCulture) + "|";
                cmd.Parameters.AddWithValue("klo", prefix);
                cmd.Parameters.AddWithValue("khi", prefix[..^1] + "}");
                matches = """
                    SELECT a.seq AS seq, a.duplicate_of AS dup FROM item_keys k
                    JOIN article_ids ki ON ki.id = k.article_id JOIN articles a ON a.seq = ki.seq AND a.at = ki.at
                    WHERE k.key ~>=~ @klo AND k.key ~<~ @khi
                    """;
                break;
            case ReaderStreamKind.Topic:
                var (from, where) = Compile(stream.Query, cmd);
                matches = $"SELECT a.seq AS seq, a.duplicate_of AS dup FROM {from} {where}";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(stream), stream.Kind, "unknown stream kind");
        }

        // A copy that matches stands for its original (unless the original is gone).
        return $"a.seq IN (SELECT coalesce(o.seq, m.seq) FROM ({matches}) m LEFT JOIN article_ids o ON o.id = m.dup) AND {NotDropped}";
    }

    /// <summary>Articles a drop or keep rule dropped are listed by no stream but starred and read.</summary>
    private const string NotDropped = "NOT EXISTS (SELECT 1 FROM rule_effects e WHERE e.seq = a.seq AND e.effect = 'drop')";

    private static void AddFilters(List<string> where, NpgsqlCommand cmd, bool excludeRead, DateTimeOffset? since, DateTimeOffset? until)
    {
        if (excludeRead)
        {
            where.Add("NOT EXISTS (SELECT 1 FROM reader_state s WHERE s.user_id = @u AND s.seq = a.seq AND s.read)");
        }

        if (since is { } s)
        {
            where.Add("a.first_seen >= @since");
            cmd.Parameters.AddWithValue("since", Ms(s));
        }

        if (until is { } u)
        {
            where.Add("a.first_seen <= @until");
            cmd.Parameters.AddWithValue("until", Ms(u));
        }
    }

    private static async Task<NpgsqlDataReader> ReadStreamAsync(NpgsqlCommand cmd, ReaderStream stream, CancellationToken ct)
    {
        try
        {
            return await cmd.ExecuteReaderAsync(ct);
        }
        catch (PostgresException e) when (stream.Query is { } q)
        {
            throw new HeraldException($"query \"{q.Text}\"", $"cannot be searched ({OneLine(e)})");
        }
    }

    /// <summary>Each id's original (a copy's id maps to the article it copies), in order; unknown ids are dropped.</summary>
    private static async Task<List<long>> OriginalsAsync(NpgsqlConnection c, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var result = new List<long>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        var map = new Dictionary<long, long>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT k.seq, coalesce(o.seq, k.seq) FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at
            LEFT JOIN article_ids o ON o.id = a.duplicate_of
            WHERE k.seq = ANY(@ids)
            """, c))
        {
            cmd.Parameters.AddWithValue("ids", ids.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
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
}
