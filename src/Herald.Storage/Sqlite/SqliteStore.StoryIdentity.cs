using Herald.Pipeline;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>Story identity: reads for the reconciliation, one transaction for a window's changes, alias resolution.</summary>
public sealed partial class SqliteStore : IStoryStore
{
    public async Task<IReadOnlyDictionary<string, (DateTimeOffset Start, int Members)>> StoryFactsAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct)
    {
        var facts = new Dictionary<string, (DateTimeOffset, int)>(StringComparer.Ordinal);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT min(coalesce(published, first_seen)), count(*) FROM articles WHERE story = $s";
        var p = cmd.Parameters.Add("$s", SqliteType.Text);
        foreach (var id in storyIds)
        {
            p.Value = id;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct) && !r.IsDBNull(0))
            {
                facts[id] = (DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetInt32(1));
            }
        }

        return facts;
    }

    public Task<IReadOnlySet<string>> TakenStoryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        SqliteBatch.WhichAsync(_connection, "SELECT EXISTS(SELECT 1 FROM articles WHERE story = $a) OR EXISTS(SELECT 1 FROM story_aliases WHERE alias = $a)", ids, ct);

    public async Task<IReadOnlyDictionary<string, string>> StoriesOfAsync(IReadOnlyCollection<string> articleIds, CancellationToken ct)
    {
        var stories = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT story FROM articles WHERE id = $id AND story IS NOT NULL";
        var p = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in articleIds)
        {
            p.Value = id;
            if (await cmd.ExecuteScalarAsync(ct) is string s)
            {
                stories[id] = s;
            }
        }

        return stories;
    }

    public async Task ApplyStoryChangesAsync(
        IReadOnlyList<StoryAssignment> changes, IReadOnlyList<(string Alias, string Story)> aliases,
        IReadOnlyList<StoryHeadline> headlines, CancellationToken ct)
    {
        if (changes.Count == 0 && aliases.Count == 0 && headlines.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(ct);
        try
        {
            await ApplyStoryChangesGatedAsync(changes, aliases, headlines, ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task MarkNewArticlesAsync(IReadOnlyList<ArticleMark> marks, CancellationToken ct)
    {
        if (marks.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(ct);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE articles SET duplicate_of = coalesce(duplicate_of, $d), republished = $r WHERE id = $id AND story IS NULL";
            var d = cmd.Parameters.Add("$d", SqliteType.Text);
            var rp = cmd.Parameters.Add("$r", SqliteType.Integer);
            var id = cmd.Parameters.Add("$id", SqliteType.Text);
            foreach (var m in marks)
            {
                d.Value = (object?)m.DuplicateOf ?? DBNull.Value;
                rp.Value = m.Republished is { } r ? r.ToUnixTimeMilliseconds() : DBNull.Value;
                id.Value = m.ArticleId;
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ApplyStoryChangesGatedAsync(
        IReadOnlyList<StoryAssignment> changes, IReadOnlyList<(string Alias, string Story)> aliases,
        IReadOnlyList<StoryHeadline> headlines, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        await WriteAssignmentsAsync(changes, tx, ct);

        if (aliases.Count > 0)
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            // Members outside the re-clustered window follow their story; older aliases of the alias follow too.
            cmd.CommandText = """
                INSERT INTO story_aliases(alias, story, at) VALUES ($a, $s, $at) ON CONFLICT(alias) DO UPDATE SET story = excluded.story, at = excluded.at;
                UPDATE story_aliases SET story = $s WHERE story = $a;
                UPDATE articles SET story = $s WHERE story = $a;
                DELETE FROM story_aliases WHERE alias = $s;
                DELETE FROM story_headlines WHERE story = $a;
                """;
            var a = cmd.Parameters.Add("$a", SqliteType.Text);
            var s = cmd.Parameters.Add("$s", SqliteType.Text);
            cmd.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            foreach (var (alias, story) in aliases)
            {
                a.Value = alias;
                s.Value = story;
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        await SqliteBatch.RunAsync(_connection, tx,
            "INSERT INTO story_headlines(story, headline) VALUES ($a, $b) ON CONFLICT(story) DO UPDATE SET headline = excluded.headline",
            headlines.Select(h => (h.Story, h.Headline)), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Grows with every change to what pages show (articles, annotations, stories) and only then.</summary>
    public async Task<long> ContentVersionAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT v FROM content_version WHERE id = 1";
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<(DateTimeOffset Day, int Articles)>> UnclusteredDaysAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(published, first_seen) / 86400000 AS d, count(*) FROM articles WHERE story IS NULL GROUP BY d ORDER BY d";
        var days = new List<(DateTimeOffset, int)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            days.Add((DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0) * 86_400_000), r.GetInt32(1)));
        }

        return days;
    }

    public async Task<string?> ResolveStoryAsync(string storyId, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT story FROM story_aliases WHERE alias = $s
            UNION ALL SELECT $s WHERE EXISTS(SELECT 1 FROM articles WHERE story = $s OR (story IS NULL AND id = $s))
            LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$s", storyId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
