using System.Globalization;
using Herald.Pipeline;
using Herald.Topics;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>Aggregates for the web UI and API: facets, annotation batches, sources.</summary>
public sealed partial class SqliteStore : IArticleInsights
{
    /// <summary>
    /// Maps the file into memory for reads. A web request opens a store, reads, and closes it, so SQLite's own
    /// page cache starts empty every time; with mmap the pages come straight from the OS cache instead of
    /// through a read() call each. Writes still go through the journal as before.
    /// </summary>
    public void MapForReading(long bytes = 1L << 32)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "PRAGMA mmap_size = " + bytes.ToString(CultureInfo.InvariantCulture);
        cmd.ExecuteNonQuery();
    }

    public async Task<SearchFacets> FacetsAsync(TopicQuery query, int outletLimit, int cap, CancellationToken ct)
    {
        // The newest-ingested `cap` matches: FTS5 walks rowids backwards without sorting, so the cost is bounded
        // by the cap, not by how many documents match a common word.
        using var cmd = _connection.CreateCommand();
        string from, where, order;
        if (query.Match is not null && IndexFor(query) is not null)
        {
            // An indexed filter narrows faster than every match: its rows become a set the FTS walk checks.
            (_, var filterWhere) = Compile(query with { Match = null }, cmd);
            cmd.Parameters.AddWithValue("$match", FtsQueryCompiler.Compile(query.Match));
            from = "articles a";
            where = $"WHERE a.seq IN (SELECT f.rowid FROM articles_fts f WHERE articles_fts MATCH $match AND f.rowid + 0 IN (SELECT a.seq FROM articles a {filterWhere}))";
            order = "a.seq DESC";
        }
        else
        {
            (from, where) = Compile(query, cmd);
            order = query.Match is null ? "a.seq DESC" : "f.rowid DESC";
        }

        cmd.CommandText = $"""
            CREATE TEMP TABLE IF NOT EXISTS facet_rows(outlet TEXT, language TEXT, day INTEGER, story TEXT, published INTEGER);
            DELETE FROM facet_rows;
            INSERT INTO facet_rows SELECT a.outlet, a.language, a.published / 86400000, coalesce(a.story, a.id), a.published FROM {from} {where} ORDER BY {order} LIMIT $cap;
            SELECT count(*), count(DISTINCT outlet), count(DISTINCT story), min(published), max(published) FROM facet_rows;
            SELECT outlet, count(*) AS n FROM facet_rows WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet LIMIT $outlets;
            SELECT coalesce(language, ''), count(*) AS n FROM facet_rows GROUP BY language ORDER BY n DESC LIMIT 20;
            SELECT day, count(*) FROM facet_rows WHERE day IS NOT NULL GROUP BY day ORDER BY day;
            """;
        cmd.Parameters.AddWithValue("$cap", cap);
        cmd.Parameters.AddWithValue("$outlets", outletLimit);
        var outlets = new List<FacetCount>();
        var languages = new List<FacetCount>();
        var days = new List<FacetCount>();
        int counted, outletCount, storyCount;
        DateTimeOffset? first, last;
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            counted = r.GetInt32(0);
            outletCount = r.GetInt32(1);
            storyCount = r.GetInt32(2);
            first = r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3));
            last = r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4));
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                outlets.Add(new FacetCount(r.GetString(0), r.GetInt32(1)));
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                languages.Add(new FacetCount(r.GetString(0), r.GetInt32(1)));
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var day = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0) * 86_400_000L);
                days.Add(new FacetCount(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetInt32(1)));
            }
        }
        catch (SqliteException e)
        {
            throw new Herald.Model.HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }

        return new SearchFacets(outlets, languages, days, counted >= cap ? counted : null)
        {
            OutletCount = outletCount,
            StoryCount = storyCount,
            First = first,
            Last = last,
        };
    }

    public async Task<IReadOnlyList<StorySummary>> ListRecentStoriesAsync(TopicQuery? query, int window, int limit, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        var order = query?.Match is null ? "a.seq DESC" : "f.rowid DESC";
        cmd.CommandText = $"""
            WITH recent AS (SELECT coalesce(a.story, a.id) AS sid, a.outlet, a.published, a.title, length(a.text) > 0 AS body, a.seq
                            FROM {from} {where} ORDER BY {order} LIMIT $window)
            SELECT sid, count(*) AS n, group_concat(DISTINCT outlet), min(published), max(published),
                   coalesce((SELECT h.headline FROM story_headlines h WHERE h.story = recent.sid),
                            (SELECT r2.title FROM recent r2 WHERE r2.sid = recent.sid ORDER BY r2.body DESC, r2.seq LIMIT 1))
            FROM recent GROUP BY sid ORDER BY n DESC, max(published) DESC LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$window", window);
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<StorySummary>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                list.Add(ReadStorySummary(r));
            }
        }
        catch (SqliteException e) when (query is not null)
        {
            throw new Model.HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }

        return list;
    }

    /// <summary>The index of a filter that has one (outlet, story): the cheapest way into a filtered query.</summary>
    private static string? IndexFor(TopicQuery query) =>
        query.Filters.Any(f => f.Field == FilterField.Outlet) ? "ix_articles_outlet"
        : query.Filters.Any(f => f.Field == FilterField.Story) ? "ix_articles_story" : null;

    /// <summary>Above this many matches "newest" walks the date index instead of sorting every match.</summary>
    private const int IndexWalkThreshold = 2_000;

    public Task<SearchPage> SearchPageAsync(TopicQuery query, SearchOptions options, CancellationToken ct) =>
        SearchPageAsync(query, options, IndexWalkThreshold, ct);

    internal async Task<SearchPage> SearchPageAsync(TopicQuery query, SearchOptions options, int indexWalkThreshold, CancellationToken ct)
    {
        var page = await SearchCoreAsync(query, options, indexWalkThreshold, int.MaxValue, ct);
        return new SearchPage(page.Hits, page.Total);
    }

    public Task<BoundedSearchPage> SearchBoundedAsync(TopicQuery query, SearchOptions options, int bound, CancellationToken ct) =>
        SearchCoreAsync(query, options, IndexWalkThreshold, Math.Max(1, bound), ct);

    private async Task<BoundedSearchPage> SearchCoreAsync(TopicQuery query, SearchOptions options, int indexWalkThreshold, int bound, CancellationToken ct)
    {
        if (query.Match is null)
        {
            var plain = await SearchAsync(query, options, ct);
            return new BoundedSearchPage(plain.Hits, plain.Total, false, null);
        }

        var match = FtsQueryCompiler.Compile(query.Match);
        var limit = Math.Clamp(options.Limit, 0, 10_000);
        var offset = Math.Max(0, options.Offset);
        try
        {
            int total;
            var bounded = bound < int.MaxValue;
            var hasFilters = query.Filters.Count > 0;
            using (var count = _connection.CreateCommand())
            {
                var (_, filterWhere) = Compile(query with { Match = null }, count);
                count.Parameters.AddWithValue("$match", match);
                count.Parameters.AddWithValue("$cap", bounded ? bound + 1L : long.MaxValue);
                // Without filters the index alone knows the count; no article row is read.
                count.CommandText = filterWhere.Length == 0
                    ? "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH $match LIMIT $cap)"
                    : IndexFor(query) is not null
                        ? $"SELECT count(*) FROM (SELECT 1 FROM articles_fts f WHERE articles_fts MATCH $match AND f.rowid + 0 IN (SELECT a.seq FROM articles a {filterWhere}) LIMIT $cap)"
                        : $"SELECT count(*) FROM (SELECT 1 FROM articles a {filterWhere} AND a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH $match) LIMIT $cap)";
                total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            var lowerBound = bounded && total > bound;
            if (lowerBound)
            {
                total = bound;
            }

            long? newestFrom = null;
            if (lowerBound && !hasFilters && options.Sort == SearchSort.Relevance)
            {
                // The rowid of the bound-th newest match: ranking below it is skipped, FTS5 seeks there directly.
                using var edge = _connection.CreateCommand();
                edge.CommandText = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH $match ORDER BY rowid DESC LIMIT 1 OFFSET $n";
                edge.Parameters.AddWithValue("$match", match);
                edge.Parameters.AddWithValue("$n", bound - 1);
                newestFrom = await edge.ExecuteScalarAsync(ct) as long?;
            }

            var rows = new List<(Model.Article Article, double Rank, long Seq)>();
            using (var cmd = _connection.CreateCommand())
            {
                var (_, filterWhere) = Compile(query with { Match = null }, cmd);
                var filters = filterWhere.Length == 0 ? "" : " AND " + filterWhere["WHERE ".Length..];
                cmd.Parameters.AddWithValue("$match", match);
                cmd.Parameters.AddWithValue("$limit", limit);
                cmd.Parameters.AddWithValue("$offset", offset);
                cmd.Parameters.AddWithValue("$from", newestFrom ?? long.MinValue);
                var index = IndexFor(query);
                if (options.Sort == SearchSort.Relevance && filters.Length == 0)
                {
                    // FTS5 ranks inside the index and hands over only the page's rows to join.
                    cmd.CommandText = $"""
                        SELECT {ArticleColumns}, r.rank, a.seq FROM (
                            SELECT rowid AS seq, bm25(articles_fts, 10.0, 1.0, 2.0) AS rank FROM articles_fts WHERE articles_fts MATCH $match AND rowid >= $from
                            ORDER BY rank LIMIT $limit OFFSET $offset) r
                        JOIN articles a ON a.seq = r.seq ORDER BY r.rank, a.published DESC
                        """;
                }
                else if (options.Sort == SearchSort.Relevance)
                {
                    // The newest `bound` matches that pass the filters, then FTS5 ranks just those. An outlet or story filter
                    // has an index, so its rows become a set the match walk checks; other filters are checked row by row.
                    cmd.Parameters.AddWithValue("$bound", bounded ? bound : long.MaxValue);
                    var hits = index is not null
                        ? $"SELECT f.rowid AS seq FROM articles_fts f WHERE articles_fts MATCH $match AND f.rowid + 0 IN (SELECT a.seq FROM articles a {filterWhere}) ORDER BY f.rowid DESC LIMIT $bound"
                        : $"SELECT f.rowid AS seq FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH $match {filters} ORDER BY f.rowid DESC LIMIT $bound";
                    // "rowid + 0" keeps SQLite from handing the IN list to FTS5, which would re-run the MATCH per rowid.
                    cmd.CommandText = $"""
                        WITH hits AS ({hits})
                        SELECT {ArticleColumns}, bm25(articles_fts, 10.0, 1.0, 2.0) AS rank, a.seq
                        FROM articles_fts f JOIN articles a ON a.seq = f.rowid
                        WHERE articles_fts MATCH $match AND f.rowid + 0 IN (SELECT seq FROM hits)
                        ORDER BY rank, a.published DESC LIMIT $limit OFFSET $offset
                        """;
                    if (lowerBound)
                    {
                        newestFrom = 0;
                    }
                }
                else if (index is not null && total <= indexWalkThreshold)
                {
                    // Few survivors of an indexed filter: the match walk checks the filter's rows, then just those are sorted.
                    cmd.CommandText = $"""
                        SELECT {ArticleColumns}, 0.0, a.seq FROM articles a
                        WHERE a.seq IN (SELECT f.rowid FROM articles_fts f WHERE articles_fts MATCH $match AND f.rowid + 0 IN (SELECT a.seq FROM articles a {filterWhere}))
                        ORDER BY a.published IS NULL, a.published DESC, a.seq LIMIT $limit OFFSET $offset
                        """;
                }
                else if (total > indexWalkThreshold)
                {
                    // Many matches: walk articles newest first and keep those in the match set; stops after limit rows.
                    cmd.CommandText = $"""
                        SELECT {ArticleColumns}, 0.0, a.seq FROM articles a INDEXED BY ix_articles_published
                        WHERE a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH $match) {filters}
                        ORDER BY a.published DESC, a.seq LIMIT $limit OFFSET $offset
                        """;
                }
                else
                {
                    cmd.CommandText = $"""
                        SELECT {ArticleColumns}, 0.0, a.seq FROM articles_fts f JOIN articles a ON a.seq = f.rowid
                        WHERE articles_fts MATCH $match {filters}
                        ORDER BY a.published IS NULL, a.published DESC, a.seq LIMIT $limit OFFSET $offset
                        """;
                }

                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    rows.Add((ReadArticle(r), r.GetDouble(17), r.GetInt64(18)));
                }
            }

            var snippets = new Dictionary<long, string>();
            if (options.Snippets && rows.Count > 0)
            {
                using var snip = _connection.CreateCommand();
                var names = rows.Select((row, i) =>
                {
                    var n = "$r" + i.ToString(CultureInfo.InvariantCulture);
                    snip.Parameters.AddWithValue(n, row.Seq);
                    return n;
                }).ToList();
                snip.Parameters.AddWithValue("$match", match);
                snip.CommandText = $"SELECT rowid, snippet(articles_fts, -1, '\u0002', '\u0003', '…', 24) FROM articles_fts WHERE articles_fts MATCH $match AND rowid IN ({string.Join(',', names)})";
                await using var r = await snip.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    if (!r.IsDBNull(1))
                    {
                        snippets[r.GetInt64(0)] = r.GetString(1);
                    }
                }
            }

            return new BoundedSearchPage(
                rows.Select(x => new SearchHit(x.Article, snippets.GetValueOrDefault(x.Seq), x.Rank)).ToList(),
                total, lowerBound, newestFrom is null ? null : bound);
        }
        catch (SqliteException e)
        {
            throw new Model.HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> GetAnnotationsAsync(IReadOnlyList<string> articleIds, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // SQLite allows 32k host parameters; chunks of 500 stay far below and keep each statement small.
        foreach (var chunk in articleIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            using var cmd = _connection.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "$i" + i.ToString(CultureInfo.InvariantCulture);
                cmd.Parameters.AddWithValue(names[i], chunk[i]);
            }

            cmd.CommandText = $"SELECT article_id, json FROM annotations WHERE article_id IN ({string.Join(',', names)})";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                result[r.GetString(0)] = r.GetString(1);
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>?> ListSourcesAsync(int limit, CancellationToken ct)
    {
        // The sources table belongs to the ingestion stage and may not exist in this store's schema yet.
        using (var exists = _connection.CreateCommand())
        {
            exists.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sources'";
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT * FROM sources LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < r.FieldCount; i++)
            {
                row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
