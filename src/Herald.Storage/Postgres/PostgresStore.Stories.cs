using System.Runtime.CompilerServices;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Npgsql;
using NpgsqlTypes;

namespace Herald.Storage.Postgres;

/// <summary>Stories (assignments, headlines, listings, identity) and annotations with their backlog.</summary>
public sealed partial class PostgresStore
{
    public async Task AssignStoriesAsync(IReadOnlyList<StoryAssignment> assignments, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await WriteAssignmentsAsync(c, tx, assignments, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task WriteAssignmentsAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<StoryAssignment> assignments, CancellationToken ct)
    {
        if (assignments.Count == 0)
        {
            return;
        }

        // One statement for the batch; the identity registry leads each id to its partition.
        await using var cmd = new NpgsqlCommand("""
            UPDATE articles a SET story = v.story, duplicate_of = v.dup, republished = v.rep
            FROM unnest(@ids, @stories, @dups, @reps) AS v(id, story, dup, rep)
            JOIN article_ids k ON k.id = v.id
            WHERE a.seq = k.seq AND a.at = k.at
            """, c, tx);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = assignments.Select(a => a.ArticleId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("stories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = assignments.Select(a => a.Story).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("dups", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = assignments.Select(a => a.DuplicateOf).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("reps", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = assignments.Select(a => a.Republished is { } r ? (DateTimeOffset?)Ms(r) : null).ToArray(),
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteHeadlinesAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<StoryHeadline> headlines, CancellationToken ct)
    {
        if (headlines.Count == 0)
        {
            return;
        }

        // Last one wins for a story named twice, as SQLite's statement-per-row upsert gives.
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in headlines)
        {
            last[h.Story] = h.Headline;
        }

        await using var cmd = new NpgsqlCommand("""
            INSERT INTO story_headlines(story, headline) SELECT * FROM unnest(@s, @h)
            ON CONFLICT (story) DO UPDATE SET headline = excluded.headline
            """, c, tx);
        cmd.Parameters.AddWithValue("s", last.Keys.ToArray());
        cmd.Parameters.AddWithValue("h", last.Values.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task SaveStoryHeadlinesAsync(IReadOnlyList<StoryHeadline> headlines, CancellationToken ct)
    {
        if (headlines.Count == 0)
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await WriteHeadlinesAsync(c, tx, headlines, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetStoryHeadlinesAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT story, headline FROM story_headlines WHERE story = ANY(@s)", c);
        cmd.Parameters.AddWithValue("s", storyIds.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            found[r.GetString(0)] = r.GetString(1);
        }

        return found;
    }

    /// <summary>"Article <paramref name="alias"/> belongs to story <paramref name="storyId"/>" (an article without a story is its own).</summary>
    private static string StoryMemberSql(string alias, string storyId) =>
        $"({alias}.story = {storyId} OR ({alias}.id = {storyId} AND {alias}.story IS NULL))";

    /// <summary>A story's headline: the clusterer's representative where recorded, else its first article with a body.</summary>
    private static string StoryHeadlineSql(string storyId) =>
        $"coalesce((SELECT h.headline FROM story_headlines h WHERE h.story = {storyId}), " +
        $"(SELECT b.title FROM articles b WHERE {StoryMemberSql("b", storyId)} ORDER BY length(b.text) > 0 DESC, b.seq LIMIT 1))";

    public async Task<IReadOnlyList<StorySummary>> ListStoriesAsync(TopicQuery? query, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"""
            WITH top AS (
                SELECT coalesce(a.story, a.id) AS sid, count(*) AS n, array_agg(DISTINCT a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
                       min(a.published) AS first, max(a.published) AS last
                FROM {from} {where}
                GROUP BY 1
                ORDER BY n DESC, last DESC NULLS LAST
                LIMIT @limit)
            SELECT sid, n, outlets, first, last, {StoryHeadlineSql("top.sid")}
            FROM top
            ORDER BY n DESC, last DESC NULLS LAST
            """;
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadStoriesAsync(cmd, query, ct);
    }

    /// <summary>Story rows: id, article count, outlets, first, last, headline.</summary>
    private static async Task<IReadOnlyList<StorySummary>> ReadStoriesAsync(NpgsqlCommand cmd, TopicQuery? query, CancellationToken ct)
    {
        var list = new List<StorySummary>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                list.Add(new StorySummary(
                    r.GetString(0),
                    r.IsDBNull(5) ? "" : r.GetString(5),
                    (int)r.GetInt64(1),
                    r.IsDBNull(2) ? [] : r.GetFieldValue<string[]>(2).Order(StringComparer.Ordinal).ToArray(),
                    r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
                    r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4)));
            }
        }
        catch (PostgresException e) when (query is not null)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({OneLine(e)})");
        }

        return list;
    }

    public async Task<IReadOnlyList<Article>> GetStoryArticlesAsync(string storyId, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT {ArticleColumns} FROM articles a WHERE {StoryMemberSql("a", "@s")} ORDER BY a.published NULLS LAST, a.seq", c);
        cmd.Parameters.AddWithValue("s", storyId);
        var list = new List<Article>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadArticle(r));
        }

        return list;
    }

    public async Task<IReadOnlyDictionary<string, (DateTimeOffset Start, int Members)>> StoryFactsAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct)
    {
        var facts = new Dictionary<string, (DateTimeOffset, int)>(StringComparer.Ordinal);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT story, min(at), count(*) FROM articles WHERE story = ANY(@s) GROUP BY story", c);
        cmd.Parameters.AddWithValue("s", storyIds.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts[r.GetString(0)] = (r.GetFieldValue<DateTimeOffset>(1), (int)r.GetInt64(2));
        }

        return facts;
    }

    public async Task<IReadOnlySet<string>> TakenStoryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT i FROM unnest(@ids) AS i
            WHERE EXISTS (SELECT 1 FROM articles WHERE story = i) OR EXISTS (SELECT 1 FROM story_aliases WHERE alias = i)
            """, c);
        cmd.Parameters.AddWithValue("ids", ids.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            taken.Add(r.GetString(0));
        }

        return taken;
    }

    public async Task<IReadOnlyDictionary<string, string>> StoriesOfAsync(IReadOnlyCollection<string> articleIds, CancellationToken ct)
    {
        var stories = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT a.id, a.story FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at WHERE k.id = ANY(@ids) AND a.story IS NOT NULL", c);
        cmd.Parameters.AddWithValue("ids", articleIds.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            stories[r.GetString(0)] = r.GetString(1);
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

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await WriteAssignmentsAsync(c, tx, changes, ct);
        if (aliases.Count > 0)
        {
            // Members outside the re-clustered window follow their story; older aliases of the alias follow too.
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO story_aliases(alias, story, at) VALUES (@a, @s, now()) ON CONFLICT (alias) DO UPDATE SET story = excluded.story, at = excluded.at;
                UPDATE story_aliases SET story = @s WHERE story = @a;
                UPDATE articles SET story = @s WHERE story = @a;
                DELETE FROM story_aliases WHERE alias = @s;
                DELETE FROM story_headlines WHERE story = @a;
                """, c, tx);
            var a = cmd.Parameters.Add("a", NpgsqlDbType.Text);
            var s = cmd.Parameters.Add("s", NpgsqlDbType.Text);
            foreach (var (alias, story) in aliases)
            {
                a.Value = alias;
                s.Value = story;
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        await WriteHeadlinesAsync(c, tx, headlines, ct);
        await tx.CommitAsync(ct);
    }

    public async Task MarkNewArticlesAsync(IReadOnlyList<ArticleMark> marks, CancellationToken ct)
    {
        if (marks.Count == 0)
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            UPDATE articles a SET duplicate_of = coalesce(a.duplicate_of, v.dup), republished = v.rep
            FROM unnest(@ids, @dups, @reps) AS v(id, dup, rep)
            JOIN article_ids k ON k.id = v.id
            WHERE a.seq = k.seq AND a.at = k.at AND a.story IS NULL
            """, c);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = marks.Select(m => m.ArticleId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("dups", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = marks.Select(m => m.DuplicateOf).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("reps", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = marks.Select(m => m.Republished is { } r ? (DateTimeOffset?)Ms(r) : null).ToArray(),
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<(DateTimeOffset Day, int Articles)>> UnclusteredDaysAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // Whole UTC days, as SQLite's integer division of epoch milliseconds gives them (after 1970).
        await using var cmd = new NpgsqlCommand(
            "SELECT date_trunc('day', at, 'UTC') AS d, count(*) FROM articles WHERE story IS NULL GROUP BY d ORDER BY d", c);
        var days = new List<(DateTimeOffset, int)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            days.Add((r.GetFieldValue<DateTimeOffset>(0), (int)r.GetInt64(1)));
        }

        return days;
    }

    public async Task<string?> ResolveStoryAsync(string storyId, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT story FROM story_aliases WHERE alias = @s
            UNION ALL SELECT @s WHERE EXISTS (SELECT 1 FROM articles WHERE story = @s OR (story IS NULL AND id = @s))
            LIMIT 1
            """, c);
        cmd.Parameters.AddWithValue("s", storyId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private const string NeedsAnnotation =
        "(length(a.text) > 0 OR length(a.title) > 0) AND a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)";

    public async IAsyncEnumerable<Article> ListUnannotatedAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // The queue holds every article whose content is new or changed. First drop the entries that need nothing
        // (copies marked since, annotated ones); then read the rest oldest first, in chunks, each on a pooled
        // connection of its own, so the caller may write annotations while it reads.
        await using (var c = await _data.OpenConnectionAsync(ct))
        {
            await using var prune = new NpgsqlCommand($"""
                DELETE FROM annotation_queue q WHERE NOT EXISTS (
                    SELECT 1 FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at
                    WHERE k.id = q.article_id AND {NeedsAnnotation})
                """, c);
            await prune.ExecuteNonQueryAsync(ct);
        }

        var lastSeq = 0L;
        var chunk = new List<(long Seq, Article Article)>(256);
        while (true)
        {
            chunk.Clear();
            await using (var c = await _data.OpenConnectionAsync(ct))
            {
                await using var cmd = new NpgsqlCommand($"""
                    SELECT q.seq, {ArticleColumns} FROM annotation_queue q
                    JOIN article_ids k ON k.id = q.article_id JOIN articles a ON a.seq = k.seq AND a.at = k.at
                    WHERE q.seq > @last AND {NeedsAnnotation} ORDER BY q.seq LIMIT 256
                    """, c);
                cmd.Parameters.AddWithValue("last", lastSeq);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    chunk.Add((r.GetInt64(0), ReadArticle(r, 1)));
                }
            }

            if (chunk.Count == 0)
            {
                yield break;
            }

            lastSeq = chunk[^1].Seq;
            foreach (var (_, a) in chunk)
            {
                yield return a;
            }
        }
    }

    public Task SaveAnnotationsAsync(string articleId, string annotationsJson, CancellationToken ct) =>
        SaveAnnotationsAsync([(articleId, annotationsJson)], ct);

    public async Task SaveAnnotationsAsync(IReadOnlyList<(string ArticleId, string Json)> annotations, CancellationToken ct)
    {
        if (annotations.Count == 0)
        {
            return;
        }

        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, json) in annotations)
        {
            last[id] = json;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO annotations(article_id, json) SELECT * FROM unnest(@ids, @json) ON CONFLICT (article_id) DO UPDATE SET json = excluded.json;
            DELETE FROM annotation_queue WHERE article_id = ANY(@ids);
            """, c, tx);
        cmd.Parameters.AddWithValue("ids", last.Keys.ToArray());
        cmd.Parameters.AddWithValue("json", last.Values.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<string?> GetAnnotationsAsync(string articleId, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT json FROM annotations WHERE article_id = @id", c);
        cmd.Parameters.AddWithValue("id", articleId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
