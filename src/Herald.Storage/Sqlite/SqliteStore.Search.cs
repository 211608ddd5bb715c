using System.Globalization;
using System.Text;
using Herald.Pipeline;
using Herald.Query;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Interactive search over a large store. Everything a results page needs is planned around one walk of the
/// full-text index, newest match first, that stops after a bounded number of rows: relevance is ranked over
/// those rows, facets are counted over them, and a query with few matches is answered from them entirely. The
/// walk is remembered for the rest of the request (the web opens one store per request), so the page's facets
/// cost nothing more than its results.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// Relevance ranks at most this many of the newest matches. bm25 scores every row it ranks, so ranking all
    /// the matches of a word in every tenth article would cost as much as the store is large; this keeps it fixed.
    /// </summary>
    public const int RankWindow = 2_000;

    /// <summary>Above this many matches "newest" walks the date index instead of sorting every match.</summary>
    private const int IndexWalkThreshold = RankWindow;

    private const string Bm25 = "bm25(articles_fts, 10.0, 1.0, 2.0)";

    /// <summary>One match of a walk: enough of the article for ranking, date order and facets.</summary>
    private readonly record struct MatchRow(long Seq, double Rank, string? Outlet, string? Language, long? Published, string Story);

    /// <summary>
    /// The newest matches of one query, in rowid order (newest ingested first). <see cref="Limit"/> is how many
    /// were asked for; one more is read, so <see cref="Complete"/> knows whether these are all the matches.
    /// </summary>
    private sealed record MatchWalk(string Key, long Version, List<MatchRow> Rows, int Limit, bool Ranked)
    {
        public bool Complete => Rows.Count <= Limit;

        /// <summary>The same walk cut to <paramref name="limit"/> (plus the one that tells "more exist").</summary>
        public MatchWalk Take(int limit) =>
            limit >= Limit ? this : this with { Rows = Rows.GetRange(0, Math.Min(Rows.Count, limit + 1)), Limit = limit };
    }

    private MatchWalk? _lastWalk;

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
        var bounded = bound < int.MaxValue;
        var relevance = options.Sort == SearchSort.Relevance;
        try
        {
            if (limit == 0)
            {
                var count = await CountAsync(query, match, bounded ? bound + 1L : long.MaxValue, ct);
                return new BoundedSearchPage([], bounded ? (int)Math.Min(count, bound) : (int)count, bounded && count > bound, null);
            }

            // Unbounded relevance (the reference answer) ranks every match; everything else walks a bounded window.
            var window = relevance && !bounded ? int.MaxValue : Math.Min(bound, RankWindow);
            var walk = await WalkAsync(query, match, window, relevance, ct);
            long total;
            if (walk.Complete)
            {
                total = walk.Rows.Count;
            }
            else if (bounded && window == bound)
            {
                total = bound + 1L;
            }
            else
            {
                total = await CountAsync(query, match, bounded ? bound + 1L : long.MaxValue, ct);
            }

            var lowerBound = bounded && total > bound;
            var shownTotal = lowerBound ? bound : (int)total;
            List<long> pageSeqs;
            int? rankedAmong = null;
            if (relevance)
            {
                var ranked = walk.Complete ? walk.Rows : walk.Rows.GetRange(0, window);
                rankedAmong = walk.Complete ? null : window;
                pageSeqs = ranked
                    .OrderBy(r => r.Rank)
                    .ThenBy(r => r.Published is null)
                    .ThenByDescending(r => r.Published)
                    .ThenBy(r => r.Seq)
                    .Skip(offset).Take(limit).Select(r => r.Seq).ToList();
            }
            else if (walk.Complete && walk.Rows.Count <= indexWalkThreshold)
            {
                pageSeqs = walk.Rows
                    .OrderBy(r => r.Published is null)
                    .ThenByDescending(r => r.Published)
                    .ThenBy(r => r.Seq)
                    .Skip(offset).Take(limit).Select(r => r.Seq).ToList();
            }
            else
            {
                pageSeqs = await NewestByDateAsync(query, match, offset + limit, total, ct);
                pageSeqs = pageSeqs.Skip(offset).ToList();
            }

            var ranks = walk.Rows.Count > 0 && relevance ? walk.Rows.ToDictionary(r => r.Seq, r => r.Rank) : null;
            var articles = await ArticlesBySeqAsync(pageSeqs, ct);
            var snippets = options.Snippets ? await SnippetsAsync(match, pageSeqs, ct) : [];
            var hits = pageSeqs.Where(articles.ContainsKey)
                .Select(s => new SearchHit(articles[s], snippets.GetValueOrDefault(s), ranks?.GetValueOrDefault(s) ?? 0.0))
                .ToList();
            return new BoundedSearchPage(hits, shownTotal, lowerBound, rankedAmong);
        }
        catch (SqliteException e)
        {
            throw new Model.HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>How many articles match, counting no further than <paramref name="cap"/>.</summary>
    private async Task<long> CountAsync(TopicQuery query, string match, long cap, CancellationToken ct)
    {
        var seqs = await SeqRangeOfDatesAsync(query, ct);
        var filterSet = await UsesFilterSetAsync(query, ct);
        using var count = _connection.CreateCommand();
        var (_, filterWhere) = Compile(query with { Match = null }, count, perRow: !filterSet);
        count.Parameters.AddWithValue("$match", match);
        count.Parameters.AddWithValue("$cap", cap);
        if (seqs is { } range)
        {
            // The date filters' rowid range, handed to FTS5 as a seek: the filter itself still decides.
            count.Parameters.AddWithValue("$lo", range.Lo);
            count.Parameters.AddWithValue("$hi", range.Hi);
            filterWhere += " AND f.rowid BETWEEN $lo AND $hi";
        }

        // Without filters the index alone knows the count; no article row is read. "rowid + 0" keeps SQLite from
        // handing an IN list to FTS5, which would re-run the MATCH once per listed rowid.
        count.CommandText = filterWhere.Length == 0
            ? "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH $match LIMIT $cap)"
            : filterSet
                ? $"SELECT count(*) FROM (SELECT 1 FROM articles_fts f WHERE articles_fts MATCH $match AND f.rowid + 0 IN (SELECT a.seq FROM articles a {filterWhere}) LIMIT $cap)"
                : $"SELECT count(*) FROM (SELECT 1 FROM articles_fts f CROSS JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH $match AND {filterWhere["WHERE ".Length..]} LIMIT $cap)";
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> matches (plus one) with what ranking and facets need, read in one pass
    /// over the index that stops there. Reused when this store already walked the same query at least as far and
    /// nothing was written since.
    /// </summary>
    private async Task<MatchWalk> WalkAsync(TopicQuery query, string match, int limit, bool ranked, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var filterSet = await UsesFilterSetAsync(query, ct);
        var (_, filterWhere) = Compile(query with { Match = null }, cmd, perRow: !filterSet);
        var key = new StringBuilder(match);
        foreach (SqliteParameter p in cmd.Parameters)
        {
            key.Append('\u0001').Append(p.ParameterName).Append('=').Append(Convert.ToString(p.Value, CultureInfo.InvariantCulture));
        }

        var version = await WriteVersionAsync(ct);
        if (_lastWalk is { } last && last.Key == key.ToString() && last.Version == version && (last.Ranked || !ranked) && (last.Complete || last.Limit >= limit))
        {
            return last.Take(limit);
        }

        cmd.Parameters.AddWithValue("$match", match);
        cmd.Parameters.AddWithValue("$n", limit == int.MaxValue ? -1L : limit + 1L);
        var filter = filterWhere.Length == 0 ? ""
            : filterSet ? $"AND f.rowid + 0 IN (SELECT a.seq FROM articles a {filterWhere})"
            : "AND " + filterWhere["WHERE ".Length..];
        if (await SeqRangeOfDatesAsync(query, ct) is { } range)
        {
            cmd.Parameters.AddWithValue("$lo", range.Lo);
            cmd.Parameters.AddWithValue("$hi", range.Hi);
            filter += " AND f.rowid BETWEEN $lo AND $hi";
        }
        // CROSS JOIN keeps the index walk outside: SQLite may not start from a date range and probe FTS5 per row.
        cmd.CommandText = $"""
            SELECT f.rowid, {(ranked ? Bm25 : "0.0")}, a.outlet, a.language, a.published, coalesce(a.story, a.id)
            FROM articles_fts f CROSS JOIN articles a ON a.seq = f.rowid
            WHERE articles_fts MATCH $match {filter}
            ORDER BY f.rowid DESC LIMIT $n
            """;
        var rows = new List<MatchRow>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add(new MatchRow(
                    r.GetInt64(0), r.GetDouble(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetInt64(4), r.GetString(5)));
            }
        }

        var walk = new MatchWalk(key.ToString(), version, rows, limit, ranked);
        _lastWalk = walk;
        return walk;
    }

    /// <summary>Share of the store below which a language or country filter's rows are gathered as a set (see <see cref="UsesFilterSetAsync"/>).</summary>
    private const double FilterSetShare = 0.1;

    private readonly Dictionary<string, bool> _selectiveFilters = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the filters are best applied as a set of rowids the full-text walk checks (built from an index),
    /// rather than by reading each matching article: true for an outlet or story, and for a language or country
    /// that is a small share of the store ("fr" in a mostly English store, "country:NO" in one mostly about the
    /// Middle East); a common one would make the set as big as the store, and then reading the few articles the walk
    /// needs is cheaper.
    /// </summary>
    private async Task<bool> UsesFilterSetAsync(TopicQuery query, CancellationToken ct)
    {
        if (IndexFor(query) is not null)
        {
            return true;
        }

        foreach (var f in query.Filters)
        {
            var sql = f.Field switch
            {
                FilterField.Language => "SELECT count(*) FROM (SELECT 1 FROM articles INDEXED BY ix_articles_language WHERE language = $v LIMIT $cap)",
                FilterField.Country => "SELECT count(*) FROM (SELECT 1 FROM article_countries INDEXED BY ix_article_countries_country WHERE country = $v LIMIT $cap)",
                _ => null,
            };
            if (sql is not null && await SelectiveAsync(f, sql, ct))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether fewer than a <see cref="FilterSetShare"/> of the store's rows pass this filter (remembered per value).</summary>
    private async Task<bool> SelectiveAsync(FilterNode filter, string countSql, CancellationToken ct)
    {
        var value = filter.Field == FilterField.Language ? filter.Value.ToLowerInvariant() : filter.Value;
        var key = filter.Field + ":" + value;
        if (_selectiveFilters.TryGetValue(key, out var selective))
        {
            return selective;
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT ({countSql}) < $cap";
        cmd.Parameters.AddWithValue("$v", value);
        var articles = Convert.ToInt64(await ScalarAsync("SELECT coalesce(max(seq), 0) FROM articles", ct), CultureInfo.InvariantCulture);
        cmd.Parameters.AddWithValue("$cap", Math.Max(1000L, (long)(articles * FilterSetShare)));
        selective = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) != 0;
        _selectiveFilters[key] = selective;
        return selective;
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// The rowids of the articles the query's date filters admit, as one range, when the dates cover a small part
    /// of the store: FTS5 then seeks into that range instead of walking (and joining) every match of the words. The
    /// range is exact as a bound (the filter still decides row by row), and tight because rowids follow ingestion,
    /// which mostly follows publication. Null when there are no date filters or they cover too much to pay off.
    /// </summary>
    private async Task<(long Lo, long Hi)?> SeqRangeOfDatesAsync(TopicQuery query, CancellationToken ct)
    {
        long? after = null, before = null;
        foreach (var f in query.Filters)
        {
            if (f.Field == FilterField.After)
            {
                after = Math.Max(after ?? long.MinValue, DayStart(f.Date));
            }
            else if (f.Field == FilterField.Before)
            {
                before = Math.Min(before ?? long.MaxValue, DayStart(f.Date.AddDays(1)));
            }
        }

        if (after is null && before is null)
        {
            return null;
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT min(published) FROM articles), (SELECT max(published) FROM articles)";
        long first, last;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct) || r.IsDBNull(0))
            {
                return null;
            }

            (first, last) = (r.GetInt64(0), r.GetInt64(1));
        }

        var from = Math.Max(after ?? long.MinValue, first);
        var to = Math.Min(before ?? long.MaxValue, last + 1);
        // Finding the range reads the date index across the filtered dates: worth it for a month of two years, not
        // for "after:" a date near the start.
        if (to > from && (double)(to - from) / Math.Max(1, last + 1 - first) > 0.1)
        {
            return null;
        }

        cmd.CommandText = "SELECT coalesce(min(seq), 1), coalesce(max(seq), 0) FROM articles INDEXED BY ix_articles_published WHERE published >= $a AND published < $b";
        cmd.Parameters.AddWithValue("$a", from);
        cmd.Parameters.AddWithValue("$b", to);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            return (r.GetInt64(0), r.GetInt64(1));
        }
    }

    /// <summary>
    /// Changes whenever the data may have: data_version moves when another connection commits, total_changes
    /// when this one writes. A remembered walk is good only while both stand still.
    /// </summary>
    private async Task<long> WriteVersionAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT data_version FROM pragma_data_version) * 4294967296 + total_changes()";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The first <paramref name="need"/> matches in date order (newest first), exactly as sorting every match
    /// would give them, without sorting every match: the date index is read in chunks, and each chunk keeps the
    /// rows that the full-text index holds in the chunk's rowid range (one range seek per chunk). Chunks are sized
    /// from the match density so a common word needs one, and grow when a rarer query needs more.
    /// </summary>
    private async Task<List<long>> NewestByDateAsync(TopicQuery query, string match, int need, long matches, CancellationToken ct)
    {
        var found = new List<long>(need);
        if (need <= 0)
        {
            return found;
        }

        long articles;
        using (var max = _connection.CreateCommand())
        {
            max.CommandText = "SELECT coalesce(max(seq), 0) FROM articles";
            articles = Math.Max(1L, (long)(await max.ExecuteScalarAsync(ct))!);
        }

        var density = Math.Max(1L, matches) / (double)articles;
        var chunk = (int)Math.Clamp(need / density * 1.5, 256, 100_000);

        using var ranged = _connection.CreateCommand();
        ranged.CommandText = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH $match AND rowid BETWEEN $lo AND $hi";
        ranged.Parameters.AddWithValue("$match", match);
        var lo = ranged.Parameters.Add("$lo", SqliteType.Integer);
        var hi = ranged.Parameters.Add("$hi", SqliteType.Integer);

        using var filtered = _connection.CreateCommand();
        var (_, filterWhere) = Compile(query with { Match = null }, filtered, perRow: true);
        var ids = filtered.Parameters.Add("$ids", SqliteType.Text);
        filtered.CommandText = filterWhere.Length == 0 ? "" : $"SELECT a.seq FROM articles a {filterWhere} AND a.seq IN (SELECT value FROM json_each($ids))";

        // The index is ordered (published DESC, seq): the order the reference sort gives, articles without a date last.
        using var dates = _connection.CreateCommand();
        // Date filters bound the index walk itself, so "before:" starts the walk there instead of at today.
        var range = new List<string>();
        foreach (var f in query.Filters)
        {
            if (f.Field is FilterField.Before or FilterField.After)
            {
                var name = "$d" + range.Count.ToString(CultureInfo.InvariantCulture);
                range.Add(f.Field == FilterField.Before ? $"published < {name}" : $"published >= {name}");
                dates.Parameters.AddWithValue(name, DayStart(f.Field == FilterField.Before ? f.Date.AddDays(1) : f.Date));
            }
        }

        dates.CommandText = $"SELECT seq FROM articles INDEXED BY ix_articles_published {(range.Count == 0 ? "" : "WHERE " + string.Join(" AND ", range))} ORDER BY published DESC, seq";
        await using var r = await dates.ExecuteReaderAsync(ct);
        var buffer = new List<long>(chunk);
        var inRange = new HashSet<long>();
        while (found.Count < need)
        {
            buffer.Clear();
            while (buffer.Count < chunk && await r.ReadAsync(ct))
            {
                buffer.Add(r.GetInt64(0));
            }

            if (buffer.Count == 0)
            {
                break;
            }

            inRange.Clear();
            lo.Value = buffer.Min();
            hi.Value = buffer.Max();
            await using (var m = await ranged.ExecuteReaderAsync(ct))
            {
                while (await m.ReadAsync(ct))
                {
                    inRange.Add(m.GetInt64(0));
                }
            }

            var candidates = buffer.Where(inRange.Contains).ToList();
            if (filterWhere.Length > 0 && candidates.Count > 0)
            {
                ids.Value = "[" + string.Join(',', candidates.Select(c => c.ToString(CultureInfo.InvariantCulture))) + "]";
                var passing = new HashSet<long>();
                await using (var f = await filtered.ExecuteReaderAsync(ct))
                {
                    while (await f.ReadAsync(ct))
                    {
                        passing.Add(f.GetInt64(0));
                    }
                }

                candidates.RemoveAll(c => !passing.Contains(c));
            }

            found.AddRange(candidates);
            chunk = Math.Min(chunk * 2, 200_000);
        }

        return found.Count > need ? found.GetRange(0, need) : found;
    }

    private async Task<Dictionary<long, Model.Article>> ArticlesBySeqAsync(IReadOnlyList<long> seqs, CancellationToken ct)
    {
        var result = new Dictionary<long, Model.Article>();
        if (seqs.Count == 0)
        {
            return result;
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns}, a.seq FROM articles a WHERE a.seq IN (SELECT value FROM json_each($ids))";
        cmd.Parameters.AddWithValue("$ids", "[" + string.Join(',', seqs.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result[r.GetInt64(17)] = ReadArticle(r);
        }

        return result;
    }

    /// <summary>Highlighted snippets for just the rows shown: FTS5 re-reads only those documents.</summary>
    private async Task<Dictionary<long, string>> SnippetsAsync(string match, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        var snippets = new Dictionary<long, string>();
        if (seqs.Count == 0)
        {
            return snippets;
        }

        using var snip = _connection.CreateCommand();
        var names = seqs.Select((seq, i) =>
        {
            var n = "$r" + i.ToString(CultureInfo.InvariantCulture);
            snip.Parameters.AddWithValue(n, seq);
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

        return snippets;
    }

    /// <summary>Facets counted from a walk: the same rows a results page ranked, so no second pass over the index.</summary>
    private static SearchFacets FacetsOf(MatchWalk walk, int outletLimit, int cap)
    {
        var rows = walk.Rows.Count > cap ? walk.Rows.GetRange(0, cap) : walk.Rows;
        var outlets = rows.Where(r => r.Outlet is not null).GroupBy(r => r.Outlet!, StringComparer.Ordinal)
            .Select(g => new FacetCount(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();
        var languages = rows.GroupBy(r => r.Language ?? "", StringComparer.Ordinal)
            .Select(g => new FacetCount(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).Take(20).ToList();
        var days = rows.Where(r => r.Published is not null).GroupBy(r => r.Published!.Value / 86_400_000L)
            .OrderBy(g => g.Key)
            .Select(g => new FacetCount(DateTimeOffset.FromUnixTimeMilliseconds(g.Key * 86_400_000L).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.Count()))
            .ToList();
        var dated = rows.Where(r => r.Published is not null).Select(r => r.Published!.Value).ToList();
        return new SearchFacets(outlets.Take(outletLimit).ToList(), languages, days, walk.Rows.Count > cap ? cap : null)
        {
            OutletCount = outlets.Count,
            StoryCount = rows.Select(r => r.Story).Distinct(StringComparer.Ordinal).Count(),
            First = dated.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(dated.Min()),
            Last = dated.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(dated.Max()),
        };
    }
}
