using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Storage.Sqlite;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>
/// Aggregates for the web UI and API, with SQLite's semantics (<see cref="SqliteStore"/>'s Web and Search parts):
/// every bounded read takes the newest matches by sequence number (ingestion order, as SQLite's rowid), so both
/// stores count, rank and sample the same rows. Each read takes the matches newest first and stops at its bound (words
/// alone are collected from the full-text table before any article is read), so its cost follows the bound rather
/// than the store's size.
/// </summary>
public sealed partial class PostgresStore : IArticleInsights
{
    /// <summary>
    /// FROM/WHERE for a query's matches. Without filters the full-text table alone answers (no article row is read);
    /// with filters, <see cref="Compile"/>'s lateral primary-key probe reaches each match's article.
    /// </summary>
    private static (string From, string Where) Matches(TopicQuery query, NpgsqlCommand cmd)
    {
        if (query.Match is { } match && query.Filters.Count == 0)
        {
            cmd.Parameters.AddWithValue("match", TsQueryCompiler.Compile(match));
            return ("article_search s CROSS JOIN (SELECT to_tsquery('herald', @match) AS q) q", "WHERE s.tsv @@ q.q");
        }

        return Compile(query, cmd);
    }

    /// <summary>
    /// FROM/WHERE for the articles of a query's newest <paramref name="n"/> matches, to be read newest first (by
    /// <c>s.seq</c>). Words alone are first collected by <see cref="NewestMatchesAsync"/>, and only those rows probe
    /// their articles; with filters, <see cref="Compile"/>'s join decides row by row.
    /// </summary>
    private static async Task<(string From, string Where)> NewestArticlesAsync(NpgsqlConnection c, TopicQuery? query, NpgsqlCommand cmd, int n, CancellationToken ct)
    {
        if (query?.Match is { } match && query.Filters.Count == 0)
        {
            List<IndexMatch> rows;
            try
            {
                rows = await NewestMatchesAsync(c, match, n, ranked: false, ct);
            }
            catch (PostgresException e)
            {
                throw Unsearchable(query, e);
            }

            cmd.Parameters.AddWithValue("seqs", rows.Select(r => r.Seq).ToArray());
            cmd.Parameters.AddWithValue("ats", rows.Select(r => r.At).ToArray());
            return ("unnest(@seqs::bigint[], @ats::timestamptz[]) AS s(seq, at) " +
                "CROSS JOIN LATERAL (SELECT * FROM articles a0 WHERE a0.seq = s.seq AND a0.at = s.at OFFSET 0) a", "");
        }

        return Compile(query, cmd);
    }

    /// <summary>How far back (in sequence numbers) the first look for the newest matches reaches.</summary>
    private const long NewestSpan = 100_000;

    /// <summary>One match as the index table knows it (rank is minus ts_rank when ranked, else 0).</summary>
    private readonly record struct IndexMatch(long Seq, DateTimeOffset At, DateTimeOffset? Published, double Rank);

    /// <summary>
    /// The newest <paramref name="n"/> matches of words, by sequence, from the full-text table alone. Left to itself
    /// the planner walks the primary key backwards checking every row (right for a word in most articles, 15 ms at
    /// 1,000,000) or collects every match from the GIN index and sorts them (right for a rare one), and its estimate
    /// of a word's frequency is too rough to choose: it walked all 1,000,000 rows for a word in one article of a
    /// thousand (600 ms), and sorting a word in every article costs 500 ms. So the first look covers only the newest
    /// <see cref="NewestSpan"/> sequence numbers, where either plan is cheap; when that finds fewer than n, the word
    /// is rare in new articles and the matches are collected from the index and sorted.
    /// </summary>
    private static async Task<List<IndexMatch>> NewestMatchesAsync(NpgsqlConnection c, QueryNode match, int n, bool ranked, CancellationToken ct)
    {
        long newest;
        await using (var max = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM article_search", c))
        {
            newest = Convert.ToInt64(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        var rows = new List<IndexMatch>();
        foreach (var whole in newest > NewestSpan ? new[] { false, true } : [true])
        {
            rows.Clear();
            await using var cmd = new NpgsqlCommand { Connection = c };
            cmd.CommandText = $"""
                SELECT s.seq, s.at, s.published, {(ranked ? "-" + Rank : "0.0")}::float8
                FROM article_search s CROSS JOIN (SELECT to_tsquery('herald', @match) AS q) q
                WHERE s.tsv @@ q.q {(whole ? "" : "AND s.seq > @floor")}
                ORDER BY {(whole ? "s.seq + 0" : "s.seq")} DESC LIMIT @n
                """;
            cmd.Parameters.AddWithValue("match", TsQueryCompiler.Compile(match));
            cmd.Parameters.AddWithValue("floor", newest - NewestSpan);
            cmd.Parameters.AddWithValue("n", Math.Max(0, n));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                rows.Add(new IndexMatch(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetDouble(3)));
            }

            if (rows.Count >= n)
            {
                break;
            }
        }

        return rows;
    }

    private static HeraldException Unsearchable(TopicQuery query, PostgresException e) =>
        new($"query \"{query.Text}\"", $"cannot be searched ({OneLine(e)})");

    public async Task<SearchFacets> FacetsAsync(TopicQuery query, int outletLimit, int cap, CancellationToken ct)
    {
        var matched = query.Match is not null;
        cap = matched ? Math.Max(1, cap) : Math.Max(0, cap);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = await NewestArticlesAsync(c, query, cmd, (int)Math.Min(int.MaxValue, cap + 1L), ct);
        // Facets need the article row (outlet, language, story) of each of the newest cap matches; one more is read
        // so "more exist" is known. Days are whole UTC days of the millisecond time, truncated as SQLite's integer
        // division truncates. Counts are ordered here, names ordinally, as SQLite's BINARY collation orders them.
        var seq = matched ? "s.seq" : "a.seq";
        cmd.CommandText = $"""
            WITH m AS (SELECT a.outlet, coalesce(a.language, '') AS language, a.published, coalesce(a.story, a.id) AS story, {seq} AS seq
                       FROM {from} {where} ORDER BY {seq} DESC LIMIT @walk),
                 w AS (SELECT * FROM m ORDER BY seq DESC LIMIT @cap)
            SELECT 0, NULL::text, (SELECT count(*) FROM m), (SELECT count(*) FROM w), (SELECT count(DISTINCT outlet) FROM w),
                   (SELECT count(DISTINCT story) FROM w), (SELECT min(published) FROM w), (SELECT max(published) FROM w)
            UNION ALL
            SELECT 1, outlet, count(*), 0, 0, 0, NULL, NULL FROM w WHERE outlet IS NOT NULL GROUP BY outlet
            UNION ALL
            SELECT 2, language, count(*), 0, 0, 0, NULL, NULL FROM w GROUP BY language
            UNION ALL
            SELECT 3, div(floor(extract(epoch FROM published) * 1000), 86400000)::text, count(*), 0, 0, 0, NULL, NULL
            FROM w WHERE published IS NOT NULL GROUP BY 2
            """;
        cmd.Parameters.AddWithValue("walk", (long)cap + 1);
        cmd.Parameters.AddWithValue("cap", cap);
        long walked = 0, counted = 0, outletCount = 0, storyCount = 0;
        DateTimeOffset? first = null, last = null;
        var outlets = new List<FacetCount>();
        var languages = new List<FacetCount>();
        var days = new List<(long Day, int Count)>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                switch (r.GetInt32(0))
                {
                    case 0:
                        (walked, counted, outletCount, storyCount) = (r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
                        first = r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6);
                        last = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7);
                        break;
                    case 1:
                        outlets.Add(new FacetCount(r.GetString(1), (int)r.GetInt64(2)));
                        break;
                    case 2:
                        languages.Add(new FacetCount(r.GetString(1), (int)r.GetInt64(2)));
                        break;
                    default:
                        days.Add((long.Parse(r.GetString(1), CultureInfo.InvariantCulture), (int)r.GetInt64(2)));
                        break;
                }
            }
        }
        catch (PostgresException e)
        {
            throw Unsearchable(query, e);
        }

        static List<FacetCount> Ordered(List<FacetCount> counts) =>
            counts.OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();

        // SQLite says "sampled" for words when more matches than the cap exist, and for filters alone when the cap
        // was reached (its no-words read does not look one further).
        int? sampled = matched ? (walked > cap ? cap : null) : (counted >= cap ? (int)counted : null);
        return new SearchFacets(
            Ordered(outlets).Take(Math.Max(0, outletLimit)).ToList(),
            Ordered(languages).Take(20).ToList(),
            days.OrderBy(d => d.Day)
                .Select(d => new FacetCount(DateTimeOffset.FromUnixTimeMilliseconds(d.Day * 86_400_000L).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Count))
                .ToList(),
            sampled)
        {
            OutletCount = (int)outletCount,
            StoryCount = (int)storyCount,
            First = first,
            Last = last,
        };
    }

    public async Task<IReadOnlyList<FacetCount>> CountriesAsync(TopicQuery query, int limit, int cap, CancellationToken ct)
    {
        cap = Math.Max(1, cap);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = await NewestArticlesAsync(c, query, cmd, cap, ct);
        var seq = query.Match is not null ? "s.seq" : "a.seq";
        cmd.CommandText = $"""
            SELECT k.country, count(*) AS n
            FROM (SELECT {seq} AS seq FROM {from} {where} ORDER BY {seq} DESC LIMIT @cap) m JOIN article_countries k ON k.seq = m.seq
            GROUP BY k.country ORDER BY n DESC, k.country COLLATE "C" LIMIT @limit
            """;
        cmd.Parameters.AddWithValue("cap", cap);
        cmd.Parameters.AddWithValue("limit", Math.Max(0, limit));
        var list = new List<FacetCount>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                list.Add(new FacetCount(r.GetString(0), (int)r.GetInt64(1)));
            }
        }
        catch (PostgresException e)
        {
            throw Unsearchable(query, e);
        }

        return list;
    }

    /// <summary>Unbounded: the reference answer, which <see cref="SearchAsync"/> already gives from the index.</summary>
    public Task<SearchPage> SearchPageAsync(TopicQuery query, SearchOptions options, CancellationToken ct) =>
        SearchAsync(query, options, ct);

    public async Task<BoundedSearchPage> SearchBoundedAsync(TopicQuery query, SearchOptions options, int bound, CancellationToken ct)
    {
        bound = Math.Max(1, bound);
        if (query.Match is null || bound == int.MaxValue)
        {
            var plain = await SearchAsync(query, options, ct);
            return new BoundedSearchPage(plain.Hits, plain.Total, false, null);
        }

        var limit = Math.Clamp(options.Limit, 0, 10_000);
        var offset = Math.Max(0, options.Offset);
        var relevance = options.Sort == SearchSort.Relevance;
        try
        {
            await using var c = await _data.OpenConnectionAsync(ct);
            if (limit == 0)
            {
                var count = await CountMatchesAsync(c, query, bound + 1L, ct);
                return new BoundedSearchPage([], (int)Math.Min(count, bound), count > bound, null);
            }

            // The newest window matches (plus one, to know whether they are all), as SQLite's walk: relevance ranks
            // among them, and when they are all the matches they are the page's whole world.
            var window = Math.Min(bound, SqliteStore.RankWindow);
            List<IndexMatch> rows;
            if (query.Filters.Count == 0)
            {
                rows = await NewestMatchesAsync(c, query.Match, window + 1, relevance, ct);
            }
            else
            {
                rows = [];
                await using var walk = new NpgsqlCommand { Connection = c };
                var (from, where) = Compile(query, walk);
                walk.CommandText = $"SELECT s.seq, s.at, s.published, {(relevance ? "-" + Rank : "0.0")}::float8 FROM {from} {where} ORDER BY s.seq DESC LIMIT @n";
                walk.Parameters.AddWithValue("n", window + 1L);
                await using var r = await walk.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    rows.Add(new IndexMatch(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetDouble(3)));
                }
            }

            var complete = rows.Count <= window;
            long total = complete ? rows.Count
                : window == bound ? bound + 1L
                : await CountMatchesAsync(c, query, bound + 1L, ct);
            var lowerBound = total > bound;
            var shownTotal = lowerBound ? bound : (int)total;
            List<long> pageSeqs;
            int? rankedAmong = null;
            if (relevance)
            {
                var ranked = complete ? rows : rows.GetRange(0, window);
                rankedAmong = complete ? null : window;
                pageSeqs = ranked
                    .OrderBy(r => r.Rank)
                    .ThenBy(r => r.Published is null)
                    .ThenByDescending(r => r.Published)
                    .ThenBy(r => r.Seq)
                    .Skip(offset).Take(limit).Select(r => r.Seq).ToList();
            }
            else if (complete)
            {
                pageSeqs = rows
                    .OrderBy(r => r.Published is null)
                    .ThenByDescending(r => r.Published)
                    .ThenBy(r => r.Seq)
                    .Skip(offset).Take(limit).Select(r => r.Seq).ToList();
            }
            else
            {
                // Newest by date among all the matches: the index table's published orders them before any article
                // is read; only the page's own rows are then probed.
                await using var dated = new NpgsqlCommand { Connection = c };
                var (from, where) = Matches(query, dated);
                dated.CommandText = $"SELECT s.seq FROM {from} {where} ORDER BY s.published DESC NULLS LAST, s.seq LIMIT @limit OFFSET @offset";
                dated.Parameters.AddWithValue("limit", limit);
                dated.Parameters.AddWithValue("offset", offset);
                pageSeqs = [];
                await using var r = await dated.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    pageSeqs.Add(r.GetInt64(0));
                }
            }

            var ranks = relevance ? rows.ToDictionary(r => r.Seq, r => r.Rank) : null;
            var found = await PageArticlesAsync(c, query.Match, pageSeqs, options.Snippets, ct);
            var hits = pageSeqs.Where(found.ContainsKey)
                .Select(s => new SearchHit(found[s].Article, found[s].Snippet, ranks?.GetValueOrDefault(s) ?? 0.0))
                .ToList();
            return new BoundedSearchPage(hits, shownTotal, lowerBound, rankedAmong);
        }
        catch (PostgresException e)
        {
            throw Unsearchable(query, e);
        }
    }

    /// <summary>How many articles match, counting no further than <paramref name="cap"/>.</summary>
    private static async Task<long> CountMatchesAsync(NpgsqlConnection c, TopicQuery query, long cap, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = Matches(query, cmd);
        cmd.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM {from} {where} LIMIT @cap) m";
        cmd.Parameters.AddWithValue("cap", cap);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The page's articles by sequence number, each by its primary key, with snippets made for just those rows.</summary>
    private static async Task<Dictionary<long, (Article Article, string? Snippet)>> PageArticlesAsync(
        NpgsqlConnection c, QueryNode? match, IReadOnlyList<long> seqs, bool snippets, CancellationToken ct)
    {
        var found = new Dictionary<long, (Article, string?)>();
        if (seqs.Count == 0)
        {
            return found;
        }

        await using var cmd = new NpgsqlCommand { Connection = c };
        // The snippet as SearchAsync makes it: of the body where the words occur there, else of the title.
        var snippet = snippets && match is not null
            ? "CASE WHEN a.text <> '' AND to_tsvector('herald', left(a.text, 200000)) @@ q.q THEN ts_headline('herald', left(a.text, 200000), q.q, @hl) ELSE ts_headline('herald', a.title, q.q, @hl) END"
            : "NULL";
        if (match is not null)
        {
            cmd.Parameters.AddWithValue("match", TsQueryCompiler.Compile(match));
            cmd.Parameters.AddWithValue("hl", HeadlineOptions);
        }

        cmd.CommandText = $"""
            SELECT {ArticleColumns}, {snippet}, s.seq
            FROM article_search s {(match is null ? "" : "CROSS JOIN (SELECT to_tsquery('herald', @match) AS q) q")}
            CROSS JOIN LATERAL (SELECT * FROM articles a0 WHERE a0.seq = s.seq AND a0.at = s.at OFFSET 0) a
            WHERE s.seq = ANY(@seqs)
            """;
        cmd.Parameters.AddWithValue("seqs", seqs.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            found[r.GetInt64(18)] = (ReadArticle(r), r.IsDBNull(17) ? null : r.GetString(17));
        }

        return found;
    }

    public async Task<IReadOnlyList<StorySummary>> ListRecentStoriesAsync(TopicQuery? query, int window, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var matched = query?.Match is not null;
        var (from, where) = await NewestArticlesAsync(c, query, cmd, Math.Max(0, window), ct);
        // The newest window articles by sequence (SQLite's rowid order); a story's headline is the clusterer's, else
        // the title of its first article with a body among those rows. Ties in size and date go to the story id, so
        // the order is total (SQLite leaves them in whatever order its grouping gave).
        cmd.CommandText = $"""
            WITH recent AS MATERIALIZED (
                SELECT coalesce(a.story, a.id) AS sid, a.outlet, a.published, a.title, length(a.text) > 0 AS body, a.seq
                FROM {from} {where} ORDER BY {(matched ? "s.seq" : "a.seq")} DESC LIMIT @window),
            top AS (
                SELECT sid, count(*) AS n, array_agg(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
                       min(published) AS first, max(published) AS last
                FROM recent GROUP BY sid ORDER BY n DESC, last DESC NULLS LAST, sid COLLATE "C" LIMIT @limit)
            SELECT sid, n, outlets, first, last,
                   coalesce((SELECT h.headline FROM story_headlines h WHERE h.story = top.sid),
                            (SELECT r2.title FROM recent r2 WHERE r2.sid = top.sid ORDER BY r2.body DESC, r2.seq LIMIT 1))
            FROM top ORDER BY n DESC, last DESC NULLS LAST, sid COLLATE "C"
            """;
        cmd.Parameters.AddWithValue("window", Math.Max(0, window));
        cmd.Parameters.AddWithValue("limit", Math.Max(0, limit));
        return await ReadStoriesAsync(cmd, query, ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetAnnotationsAsync(IReadOnlyList<string> articleIds, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (articleIds.Count == 0)
        {
            return result;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT article_id, json FROM annotations WHERE article_id = ANY(@ids)", c);
        cmd.Parameters.AddWithValue("ids", articleIds.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result[r.GetString(0)] = r.GetString(1);
        }

        return result;
    }

    /// <summary>
    /// The sources table, which every PostgreSQL store has (migration 2), so never null. Values are given as SQLite
    /// gives them: times as Unix milliseconds and integers as 64-bit, so the API shows one shape for both stores.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>?> ListSourcesAsync(int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT * FROM sources ORDER BY id LIMIT @limit", c);
        cmd.Parameters.AddWithValue("limit", Math.Max(0, limit));
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < r.FieldCount; i++)
            {
                row[r.GetName(i)] = r.IsDBNull(i) ? null
                    : r.GetFieldType(i) == typeof(DateTime) ? r.GetFieldValue<DateTimeOffset>(i).ToUnixTimeMilliseconds()
                    : r.GetValue(i) switch { int n => (long)n, short n => (long)n, var v => v };
            }

            rows.Add(row);
        }

        return rows;
    }
}
