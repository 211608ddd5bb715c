using System.Globalization;
using Herald.Pipeline;
using Herald.Query;
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
        // by the cap, not by how many documents match a common word. A search page's results walked them already.
        if (query.Match is not null)
        {
            try
            {
                var walk = await WalkAsync(query, FtsQueryCompiler.Compile(query.Match), Math.Max(1, cap), ranked: false, ct);
                return FacetsOf(walk, outletLimit, Math.Max(1, cap));
            }
            catch (SqliteException e)
            {
                throw new Herald.Model.HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
            }
        }

        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        const string order = "a.seq DESC";

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

    public async Task<IReadOnlyList<FacetCount>> CountriesAsync(TopicQuery query, int limit, int cap, CancellationToken ct)
    {
        cap = Math.Max(1, cap);
        using var cmd = _connection.CreateCommand();
        try
        {
            string matches;
            if (query.Match is not null)
            {
                // The walk FacetsAsync made (or makes now, and keeps for it): the same newest matches, not read twice.
                var walk = await WalkAsync(query, FtsQueryCompiler.Compile(query.Match), cap, ranked: false, ct);
                var rows = walk.Rows.Count > cap ? walk.Rows.GetRange(0, cap) : walk.Rows;
                cmd.Parameters.AddWithValue("$ids", "[" + string.Join(',', rows.Select(r => r.Seq.ToString(CultureInfo.InvariantCulture))) + "]");
                matches = "SELECT value AS seq FROM json_each($ids)";
            }
            else
            {
                var (from, where) = Compile(query, cmd);
                cmd.Parameters.AddWithValue("$cap", cap);
                matches = $"SELECT a.seq FROM {from} {where} ORDER BY a.seq DESC LIMIT $cap";
            }

            cmd.CommandText = $"""
                SELECT c.country, count(*) AS n FROM ({matches}) m JOIN article_countries c ON c.seq = m.seq
                GROUP BY c.country ORDER BY n DESC, c.country LIMIT $limit
                """;
            cmd.Parameters.AddWithValue("$limit", Math.Max(0, limit));
            var list = new List<FacetCount>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                list.Add(new FacetCount(r.GetString(0), r.GetInt32(1)));
            }

            return list;
        }
        catch (SqliteException e)
        {
            throw new Herald.Model.HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
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
