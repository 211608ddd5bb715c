using System.Globalization;
using System.Runtime.CompilerServices;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Text;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>Full-text search (tsvector + GIN), query-driven reads, summaries and topics.</summary>
public sealed partial class PostgresStore
{
    /// <summary>
    /// Rank weights for D, C, B, A: body 0.1, outlet 0.2, title 1.0, the proportions of SQLite's bm25(10, 1, 2).
    /// Hits carry minus ts_rank, so that, as with bm25, a lower rank is a better match.
    /// </summary>
    private const string Rank = "ts_rank('{0.1, 0.1, 0.2, 1.0}', s.tsv, q.q)";

    /// <summary>FROM/WHERE for a query: the tsquery as a one-row join (q.q), filters as plain conditions.</summary>
    private static (string From, string Where) Compile(TopicQuery? query, NpgsqlCommand cmd)
    {
        var from = "articles a";
        var where = new List<string>();
        if (query?.Match is { } match)
        {
            // The index is its own table (migration 6). Each match reaches its article through the primary key (seq,
            // at), one partition at run time. The planner cannot estimate a join on both columns (it multiplies their
            // selectivities to about one row) and chose to hash all 1,000,000 articles for 13 matches of a phrase
            // (500 ms); OFFSET 0 keeps the lateral lookup a per-match index probe.
            from = "article_search s CROSS JOIN (SELECT to_tsquery('herald', @match) AS q) q " +
                "CROSS JOIN LATERAL (SELECT * FROM articles a0 WHERE a0.seq = s.seq AND a0.at = s.at OFFSET 0) a";
            where.Add("s.tsv @@ q.q");
            cmd.Parameters.AddWithValue("match", TsQueryCompiler.Compile(match));
        }

        var n = 0;
        foreach (var f in query?.Filters ?? [])
        {
            var name = "f" + (n++).ToString(CultureInfo.InvariantCulture);
            switch (f.Field)
            {
                case FilterField.Outlet:
                    where.Add($"a.outlet_key = @{name}");
                    cmd.Parameters.AddWithValue(name, OutletRegistry.KeyOf(f.Value));
                    break;
                case FilterField.After:
                    where.Add($"a.published >= @{name}");
                    cmd.Parameters.AddWithValue(name, DayStart(f.Date));
                    break;
                case FilterField.Before:
                    where.Add($"a.published < @{name}");
                    cmd.Parameters.AddWithValue(name, DayStart(f.Date.AddDays(1)));
                    break;
                case FilterField.Language:
                    where.Add($"a.language = @{name}");
                    cmd.Parameters.AddWithValue(name, f.Value.ToLowerInvariant());
                    break;
                case FilterField.Story:
                    where.Add($"a.story = @{name}");
                    cmd.Parameters.AddWithValue(name, f.Value);
                    break;
                case FilterField.Section:
                    // SQLite compares sections with COLLATE NOCASE, which folds ASCII letters only.
                    where.Add($"lower(a.section) = lower(@{name})");
                    cmd.Parameters.AddWithValue(name, f.Value);
                    break;
                case FilterField.Country:
                    // Migration 7's table, read through its country index (as SQLite's migration 12).
                    where.Add($"a.seq IN (SELECT seq FROM article_countries WHERE country = @{name})");
                    cmd.Parameters.AddWithValue(name, f.Value);
                    break;
            }
        }

        return (from, where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where));
    }

    private static DateTimeOffset DayStart(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private const string NewestFirst = "a.published DESC NULLS LAST, a.seq";

    public async Task<SearchPage> SearchAsync(TopicQuery query, SearchOptions options, CancellationToken ct)
    {
        try
        {
            await using var c = await _data.OpenConnectionAsync(ct);
            int total;
            await using (var count = new NpgsqlCommand { Connection = c })
            {
                var (from, where) = Compile(query, count);
                count.CommandText = $"SELECT count(*) FROM {from} {where}";
                total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            await using var cmd = new NpgsqlCommand { Connection = c };
            var (f2, w2) = Compile(query, cmd);
            var hasMatch = query.Match is not null;
            // A snippet of the body where the words occur there, else of the title (FTS5's snippet picks the best column);
            // of the indexed part of the body only, as a tsvector of a longer one may exceed PostgreSQL's limit.
            var snippet = hasMatch && options.Snippets
                ? "CASE WHEN a.text <> '' AND to_tsvector('herald', left(a.text, 200000)) @@ q.q THEN ts_headline('herald', left(a.text, 200000), q.q, @hl) ELSE ts_headline('herald', a.title, q.q, @hl) END"
                : "NULL";
            var rank = hasMatch ? "-" + Rank : "0.0";
            // With words, the order uses the index table's own copy of published, so the top of the page is found
            // among the matches before any article row is read (s.seq is a.seq, s.published a.published).
            var order = !hasMatch ? "ORDER BY " + NewestFirst
                : options.Sort == SearchSort.Relevance ? "ORDER BY rank, s.published DESC NULLS LAST, s.seq"
                : "ORDER BY s.published DESC NULLS LAST, s.seq";
            cmd.CommandText = $"SELECT {ArticleColumns}, {snippet} AS snip, {rank}::float8 AS rank FROM {f2} {w2} {order} LIMIT @limit OFFSET @offset";
            cmd.Parameters.AddWithValue("hl", HeadlineOptions);
            cmd.Parameters.AddWithValue("limit", Math.Clamp(options.Limit, 0, 10_000));
            cmd.Parameters.AddWithValue("offset", Math.Max(0, options.Offset));
            var hits = new List<SearchHit>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                hits.Add(new SearchHit(ReadArticle(r), r.IsDBNull(17) ? null : r.GetString(17), r.GetDouble(18)));
            }

            return new SearchPage(hits, total);
        }
        catch (PostgresException e)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({OneLine(e)})");
        }
    }

    /// <summary>ts_headline options: matches marked as SQLite's snippets mark them (U+0002 … U+0003), about 24 words.</summary>
    private const string HeadlineOptions = "StartSel=\"\u0002\", StopSel=\"\u0003\", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=\"…\"";

    public async IAsyncEnumerable<Article> ExportAsync(TopicQuery? query, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"SELECT {ArticleColumns} FROM {from} {where} ORDER BY {NewestFirst}";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return ReadArticle(r);
        }
    }

    public async Task<StoreSummary> SummarizeAsync(TopicQuery? query, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"""
            SELECT count(*), count(*) FILTER (WHERE length(a.text) > 0), count(DISTINCT a.outlet_key), min(a.published), max(a.published),
                   count(DISTINCT coalesce(a.story, a.id))
            FROM {from} {where}
            """;
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            return new StoreSummary(
                (int)r.GetInt64(0),
                (int)r.GetInt64(1),
                (int)r.GetInt64(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4),
                (int)r.GetInt64(5));
        }
        catch (PostgresException e) when (query is not null)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({OneLine(e)})");
        }
    }

    public async Task SaveTopicAsync(Topic topic, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO topics(name, query, created) VALUES (@n, @q, @c) ON CONFLICT (lower(name)) DO UPDATE SET query = excluded.query", c);
        cmd.Parameters.AddWithValue("n", topic.Name);
        cmd.Parameters.AddWithValue("q", topic.Query);
        cmd.Parameters.AddWithValue("c", Ms(topic.Created));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<Topic?> GetTopicAsync(string name, CancellationToken ct) =>
        (await ReadTopicsAsync("WHERE lower(name) = lower(@n)", name, ct)).FirstOrDefault();

    public Task<IReadOnlyList<Topic>> ListTopicsAsync(CancellationToken ct) => ReadTopicsAsync("", null, ct);

    private async Task<IReadOnlyList<Topic>> ReadTopicsAsync(string where, string? name, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // Ordered as SQLite orders its NOCASE primary key.
        await using var cmd = new NpgsqlCommand($"SELECT name, query, created FROM topics {where} ORDER BY lower(name)", c);
        if (name is not null)
        {
            cmd.Parameters.AddWithValue("n", name);
        }

        var list = new List<Topic>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Topic(r.GetString(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));
        }

        return list;
    }

    public async Task<bool> DeleteTopicAsync(string name, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("DELETE FROM topics WHERE lower(name) = lower(@n)", c);
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }
}
